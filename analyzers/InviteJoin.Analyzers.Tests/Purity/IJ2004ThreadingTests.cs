namespace InviteJoin.Analyzers.Tests.Purity;

public sealed class IJ2004ThreadingTests
{
    [Fact]
    public Task ThreadsLocksAndConcurrentCollections_Report() => Verify.AnalyzerAsync<ThreadingAnalyzer>("""
        using System;
        using System.Collections.Concurrent;
        using System.Threading;
        class C
        {
            private readonly object _gate = new();
            private volatile int {|IJ2004:_count|};
            [ThreadStatic] private static int {|IJ2004:PerThread|};
            private readonly ConcurrentDictionary<string, int> _cache = {|IJ2004:new()|};

            void M()
            {
                {|IJ2004:lock|} (_gate) { _count++; }
                {|IJ2004:Interlocked.Increment(ref _count)|};
                {|IJ2004:Volatile.Read(ref _count)|};
                {|IJ2004:new Thread(() => { })|}.Start();
                {|IJ2004:ThreadPool.QueueUserWorkItem(_ => { })|};
                using var semaphore = {|IJ2004:new SemaphoreSlim(1)|};
                {|IJ2004:Monitor.Enter(_gate)|};
                {|IJ2004:_cache.GetOrAdd("k", 1)|};
            }
        }
        """);

    [Fact]
    public Task CancellationTokenAndLazy_DoNotReport() => Verify.AnalyzerAsync<ThreadingAnalyzer>("""
        using System;
        using System.Threading;
        class C
        {
            private readonly Lazy<int> _value = new(() => 1);
            int M(CancellationToken token) => token.IsCancellationRequested ? 0 : _value.Value;
        }
        """);
}
