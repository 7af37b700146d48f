namespace InviteJoin.Analyzers.Tests.Purity;

public sealed class IJ2003ConsoleTests
{
    [Fact]
    public Task ConsoleUse_Reports() => Verify.AnalyzerAsync<ConsoleAnalyzer>("""
        using System;
        class C
        {
            void M()
            {
                {|IJ2003:Console.WriteLine("x")|};
                var line = {|IJ2003:Console.ReadLine()|};
                {|IJ2003:Console.Out|}.Flush();
            }
        }
        """);

    [Fact]
    public Task TextWriterParameter_DoesNotReport() => Verify.AnalyzerAsync<ConsoleAnalyzer>("""
        using System.IO;
        class C
        {
            void M(TextWriter output) => output.WriteLine("x");
        }
        """);
}
