namespace InviteJoin.Analyzers.Tests.Determinism;

public sealed class IJ1003GuidTests
{
    [Fact]
    public Task NewGuidAndVersion7_Report() => Verify.AnalyzerAsync<GuidAnalyzer>("""
        using System;
        class C
        {
            Guid[] M() => [{|IJ1003:Guid.NewGuid()|}, {|IJ1003:Guid.CreateVersion7()|}];
        }
        """);

    [Fact]
    public Task ParsedOrEmptyGuid_DoesNotReport() => Verify.AnalyzerAsync<GuidAnalyzer>("""
        using System;
        class C
        {
            Guid[] M(string s) => [Guid.Empty, Guid.Parse(s), new Guid(new byte[16])];
        }
        """);
}
