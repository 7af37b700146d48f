namespace InviteJoin.Analyzers.Tests.Purity;

public sealed class IJ2002NetworkTests
{
    [Fact]
    public Task NetworkAccess_Reports() => Verify.AnalyzerAsync<NetworkAnalyzer>("""
        using System.Net;
        using System.Net.Http;
        using System.Net.Sockets;
        class C
        {
            object[] M(HttpClient client) =>
            [
                {|IJ2002:new HttpClient()|},
                {|IJ2002:client.GetAsync("https://example.org")|},
                {|IJ2002:Dns.GetHostAddresses("example.org")|},
                {|IJ2002:new TcpClient()|},
            ];
        }
        """);

    [Fact]
    public Task AddressParsingAndEncoding_DoesNotReport() => Verify.AnalyzerAsync<NetworkAnalyzer>("""
        using System.Net;
        class C
        {
            object[] M(string s) => [IPAddress.TryParse(s, out var address), WebUtility.UrlEncode(s), IPAddress.Loopback];
        }
        """);
}
