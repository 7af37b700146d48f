namespace InviteJoin.Analyzers.Tests.Determinism;

public sealed class IJ1004EnvironmentTests
{
    [Fact]
    public Task EnvironmentReads_Report() => Verify.AnalyzerAsync<EnvironmentAnalyzer>("""
        using System;
        using System.Runtime.InteropServices;
        class C
        {
            object[] M() =>
            [
                {|IJ1004:Environment.GetEnvironmentVariable("HOME")|},
                {|IJ1004:Environment.TickCount64|},
                {|IJ1004:Environment.NewLine|},
                {|IJ1004:Environment.ProcessorCount|},
                {|IJ1004:AppContext.BaseDirectory|},
                {|IJ1004:RuntimeInformation.OSDescription|},
                {|IJ1004:OperatingSystem.IsLinux()|},
                {|IJ1004:TimeZoneInfo.Local|},
            ];
        }
        """);

    [Fact]
    public Task ValuesPassedIn_DoNotReport() => Verify.AnalyzerAsync<EnvironmentAnalyzer>("""
        using System;
        class C
        {
            object[] M(string newLine, TimeZoneInfo zone) => [newLine, zone.Id, TimeZoneInfo.Utc, "\n"];
        }
        """);
}
