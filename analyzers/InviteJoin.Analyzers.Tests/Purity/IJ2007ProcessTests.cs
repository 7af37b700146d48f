namespace InviteJoin.Analyzers.Tests.Purity;

public sealed class IJ2007ProcessTests
{
    [Fact]
    public Task ProcessAndAppDomain_Report() => Verify.AnalyzerAsync<ProcessAnalyzer>("""
        using System;
        using System.Diagnostics;
        class C
        {
            object[] M() =>
            [
                {|IJ2007:Process.Start("ls")|},
                {|IJ2007:Process.GetCurrentProcess()|},
                {|IJ2007:new ProcessStartInfo("ls")|},
                {|IJ2007:AppDomain.CurrentDomain|},
            ];
        }
        """);

    [Fact]
    public Task OtherDiagnosticsTypes_DoNotReport() => Verify.AnalyzerAsync<ProcessAnalyzer>("""
        using System.Diagnostics;
        class C
        {
            [Conditional("DEBUG")]
            void M(bool ok) => Debug.Assert(ok);
        }
        """);
}
