namespace InviteJoin.Analyzers.Tests.Determinism;

public sealed class IJ1005StopwatchTests
{
    [Fact]
    public Task StopwatchUses_Report() => Verify.AnalyzerAsync<StopwatchAnalyzer>("""
        using System.Diagnostics;
        class C
        {
            long M()
            {
                var watch = {|IJ1005:Stopwatch.StartNew()|};
                var started = {|IJ1005:Stopwatch.GetTimestamp()|};
                return {|IJ1005:watch.ElapsedTicks|} + started;
            }
        }
        """);

    [Fact]
    public Task TimeSpanArithmetic_DoesNotReport() => Verify.AnalyzerAsync<StopwatchAnalyzer>("""
        using System;
        class C
        {
            TimeSpan M(DateTimeOffset start, DateTimeOffset end) => end - start + TimeSpan.FromSeconds(1);
        }
        """);
}
