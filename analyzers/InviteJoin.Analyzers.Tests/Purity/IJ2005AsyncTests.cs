namespace InviteJoin.Analyzers.Tests.Purity;

public sealed class IJ2005AsyncTests
{
    [Fact]
    public Task TasksAndAsync_Report() => Verify.AnalyzerAsync<AsyncAnalyzer>("""
        using System;
        using System.Linq;
        using System.Threading.Tasks;
        class C
        {
            {|IJ2005:async|} Task<int> M()
            {
                await {|IJ2005:Task.Delay(1)|};
                Func<Task> f = {|IJ2005:async|} () => await {|IJ2005:Task.Yield()|};
                {|IJ2005:Parallel.For(0, 10, i => { })|};
                var squares = {|IJ2005:{|IJ2005:new[] { 1, 2 }.AsParallel()|}.Select(x => x * x)|};
                return await {|IJ2005:Task.FromResult(1)|};
            }
        }
        """);

    [Fact]
    public Task SynchronousCode_DoesNotReport() => Verify.AnalyzerAsync<AsyncAnalyzer>("""
        using System.Linq;
        class C
        {
            int M(int[] values) => values.Select(x => x * x).Sum();
            int Async => 1;
        }
        """);
}
