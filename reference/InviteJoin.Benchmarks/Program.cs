using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project reference/InviteJoin.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(InviteJoin.Benchmarks.BenchmarkMarker).Assembly).Run(args);

namespace InviteJoin.Benchmarks
{
    /// <summary>Anchors the benchmark assembly for <see cref="BenchmarkSwitcher"/>.</summary>
    public static class BenchmarkMarker
    {
    }
}
