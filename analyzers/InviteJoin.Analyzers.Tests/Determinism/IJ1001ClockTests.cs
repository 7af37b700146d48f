namespace InviteJoin.Analyzers.Tests.Determinism;

public sealed class IJ1001ClockTests
{
    [Fact]
    public Task ClockReads_Report() => Verify.AnalyzerAsync<ClockAnalyzer>("""
        using System;
        class C
        {
            object[] M() =>
            [
                {|IJ1001:DateTime.Now|},
                {|IJ1001:DateTime.UtcNow|},
                {|IJ1001:DateTime.Today|},
                {|IJ1001:DateTimeOffset.Now|},
                {|IJ1001:DateTimeOffset.UtcNow|},
                {|IJ1001:TimeProvider.System|}.GetUtcNow(),
            ];
        }
        """);

    [Fact]
    public Task DateTimeNow_ReportsWithMemberName() => Verify.AnalyzerAsync<ClockAnalyzer>(
        """
        class C { System.DateTime M() => {|#0:System.DateTime.Now|}; }
        """,
        new Verify.Options(),
        new DiagnosticResult(Descriptors.Clock).WithLocation(0).WithArguments("DateTime.Now"));

    [Fact]
    public Task TimeAsParameterOrConstant_DoesNotReport() => Verify.AnalyzerAsync<ClockAnalyzer>("""
        using System;
        class C
        {
            DateTimeOffset Now;
            bool M(DateTimeOffset now, TimeProvider clock, DateTime expiry) =>
                now > DateTimeOffset.UnixEpoch && clock.GetUtcNow() < expiry && new DateTime(2020, 1, 1) < expiry && Now == now;
        }
        """);

    [Fact]
    public Task PragmaWithJustification_Suppresses() => Verify.AnalyzerAsync<ClockAnalyzer>("""
        class C
        {
        #pragma warning disable IJ1001 // Only for a log line that never reaches an output.
            System.DateTime M() => System.DateTime.Now;
        #pragma warning restore IJ1001
        }
        """);

    [Fact]
    public Task SuppressMessageAttribute_Suppresses() => Verify.AnalyzerAsync<ClockAnalyzer>("""
        using System.Diagnostics.CodeAnalysis;
        class C
        {
            [SuppressMessage("InviteJoin.Determinism", "IJ1001", Justification = "Timestamp for a diagnostic banner only.")]
            System.DateTime M() => System.DateTime.Now;
        }
        """);

    [Fact]
    public Task GeneratorsProfile_Reports() => Verify.AnalyzerAsync<ClockAnalyzer>(
        "class C { System.DateTime M() => {|IJ1001:System.DateTime.Now|}; }",
        new Verify.Options { Profile = "generators" });

    [Fact]
    public Task NoneProfile_DoesNotReport() => Verify.AnalyzerAsync<ClockAnalyzer>(
        "class C { System.DateTime M() => System.DateTime.Now; }",
        new Verify.Options { Profile = "none" });
}
