namespace InviteJoin.Analyzers.Tests.ErrorModel;

public sealed class IJ4001ThrowForExpectedFailureTests
{
    [Fact]
    public Task ThrowsForExpectedFailures_Report() => Verify.AnalyzerAsync<ThrowAnalyzer>("""
        using System;
        using System.Text.Json;
        class C
        {
            int M(string s, object? o)
            {
                if (s.Length == 0) {|IJ4001:throw new ArgumentException("empty", nameof(s));|}
                if (s == "x") {|IJ4001:throw new FormatException();|}
                if (s == "y") {|IJ4001:throw new JsonException();|}
                if (s == "z") {|IJ4001:throw new ObjectDisposedException("x");|}
                {|IJ4001:ArgumentNullException.ThrowIfNull(o)|};
                {|IJ4001:ArgumentOutOfRangeException.ThrowIfNegative(s.Length)|};
                try { return int.Parse(s); }
                catch (OverflowException) { {|IJ4001:throw;|} }
                finally { _ = o ?? {|IJ4001:throw new ArgumentNullException(nameof(o))|}; }
            }
        }
        """);

    [Fact]
    public Task BrokenInvariantExceptions_DoNotReport() => Verify.AnalyzerAsync<ThrowAnalyzer>("""
        using System;
        using System.Diagnostics;
        class C
        {
            int M(int kind, object? o) => kind switch
            {
                0 => o is null ? throw new InvalidOperationException("no value") : 1,
                _ => throw new UnreachableException(),
            };
        }
        """);
}
