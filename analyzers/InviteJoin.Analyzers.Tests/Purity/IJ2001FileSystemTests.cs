namespace InviteJoin.Analyzers.Tests.Purity;

public sealed class IJ2001FileSystemTests
{
    [Fact]
    public Task FileSystemAccess_Reports() => Verify.AnalyzerAsync<FileSystemAnalyzer>("""
        using System.IO;
        class C
        {
            object[] M(string path) =>
            [
                {|IJ2001:File.ReadAllText(path)|},
                {|IJ2001:Directory.Exists(path)|},
                {|IJ2001:new FileInfo(path)|},
                {|IJ2001:new FileStream(path, FileMode.Open)|},
                {|IJ2001:new StreamReader(path)|},
                {|IJ2001:Path.GetTempPath()|},
                {|IJ2001:Path.GetFullPath(path)|},
            ];
        }
        """);

    [Fact]
    public Task InMemoryStreamsAndPathStrings_DoNotReport() => Verify.AnalyzerAsync<FileSystemAnalyzer>("""
        using System.IO;
        class C
        {
            object[] M(string path, Stream stream) =>
            [
                new MemoryStream(), new StreamReader(stream), new StringReader(path), new StringWriter(),
                Path.Combine(path, "a"), Path.GetFileName(path), Path.GetExtension(path),
            ];
        }
        """);
}
