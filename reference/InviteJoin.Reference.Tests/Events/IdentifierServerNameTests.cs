using static InviteJoin.Reference.Tests.Events.IdentifierAssert;

namespace InviteJoin.Reference.Tests.Events;

/// <summary>Server names: spec v1.19, appendices §Server Name.</summary>
public sealed class IdentifierServerNameTests
{
    [Theory]
    // The spec's own examples of valid server names (appendices §Server Name).
    [InlineData("matrix.org", "matrix.org", null, HostKind.Dns)]
    [InlineData("matrix.org:8888", "matrix.org", 8888, HostKind.Dns)]
    [InlineData("1.2.3.4", "1.2.3.4", null, HostKind.IPv4)]
    [InlineData("1.2.3.4:1234", "1.2.3.4", 1234, HostKind.IPv4)]
    [InlineData("[1234:5678::abcd]", "[1234:5678::abcd]", null, HostKind.IPv6)]
    [InlineData("[1234:5678::abcd]:5678", "[1234:5678::abcd]", 5678, HostKind.IPv6)]
    // Single-label names appear throughout the spec's test vectors ("@a:domain").
    [InlineData("domain", "domain", null, HostKind.Dns)]
    [InlineData("localhost:8448", "localhost", 8448, HostKind.Dns)]
    [InlineData("1.2.3.4:1", "1.2.3.4", 1, HostKind.IPv4)]
    [InlineData("0.0.0.0", "0.0.0.0", null, HostKind.IPv4)]
    [InlineData("255.255.255.255", "255.255.255.255", null, HostKind.IPv4)]
    // IPv4address = 1*3DIGIT ...: leading zeros fit the grammar and the 0–255 range.
    [InlineData("001.002.003.004", "001.002.003.004", null, HostKind.IPv4)]
    // Digits and dots not in dotted-quad shape are still a dns-name by the grammar.
    [InlineData("1.2.3", "1.2.3", null, HostKind.Dns)]
    [InlineData("1.2.3.4.5", "1.2.3.4.5", null, HostKind.Dns)]
    [InlineData("1.2.3.4.", "1.2.3.4.", null, HostKind.Dns)]
    // Upper case is only discouraged ("should not"), and label structure is only a "should".
    [InlineData("MATRIX.ORG", "MATRIX.ORG", null, HostKind.Dns)]
    [InlineData("-a..b-", "-a..b-", null, HostKind.Dns)]
    // port = 1*5DIGIT: the grammar does not bound the value by 65535, nor exclude 0 or leading zeros.
    [InlineData("example.org:99999", "example.org", 99999, HostKind.Dns)]
    [InlineData("example.org:0", "example.org", 0, HostKind.Dns)]
    [InlineData("example.org:00080", "example.org", 80, HostKind.Dns)]
    // IPv6 literals: RFC 3513 §2.2 forms.
    [InlineData("[::1]:8448", "[::1]", 8448, HostKind.IPv6)]
    [InlineData("[::]", "[::]", null, HostKind.IPv6)]
    [InlineData("[1::]", "[1::]", null, HostKind.IPv6)]
    [InlineData("[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7:8]", null, HostKind.IPv6)]
    [InlineData("[1:2:3:4:5:6:7::]", "[1:2:3:4:5:6:7::]", null, HostKind.IPv6)]
    [InlineData("[::2:3:4:5:6:7:8]", "[::2:3:4:5:6:7:8]", null, HostKind.IPv6)]
    [InlineData("[FFFF:abcd::0]", "[FFFF:abcd::0]", null, HostKind.IPv6)]
    [InlineData("[0000:0000:0000:0000:0000:0000:0000:0001]", "[0000:0000:0000:0000:0000:0000:0000:0001]", null, HostKind.IPv6)]
    [InlineData("[::ffff:1.2.3.4]", "[::ffff:1.2.3.4]", null, HostKind.IPv6)]
    [InlineData("[::1.2.3.4]", "[::1.2.3.4]", null, HostKind.IPv6)]
    [InlineData("[1:2:3:4:5:6:1.2.3.4]:443", "[1:2:3:4:5:6:1.2.3.4]", 443, HostKind.IPv6)]
    // The longest RFC 3986 form is exactly the grammar's 45-character bound.
    [InlineData("[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]", "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]", null, HostKind.IPv6)]
    public void ValidServerName_ParsesIntoHostPortAndKind(string input, string host, int? port, HostKind kind)
    {
        var name = Ok(ServerName.Parse(input), input);
        Assert.Equal(host, name.Host);
        Assert.Equal(port, name.Port);
        Assert.Equal(kind, name.HostKind);
        Assert.Equal(input, name.Value);
    }

    [Theory]
    [InlineData("", IdentifierError.Empty)]
    // IPv6: not one of the RFC 3513 §2.2 text forms.
    [InlineData("[1::2::3]", IdentifierError.InvalidIpv6)]
    [InlineData("[1:::2]", IdentifierError.InvalidIpv6)]
    [InlineData("[:::]", IdentifierError.InvalidIpv6)]
    [InlineData("[1:2:3:4:5:6:7:8:9]", IdentifierError.InvalidIpv6)]
    [InlineData("[1:2:3:4:5:6:7]", IdentifierError.InvalidIpv6)]
    [InlineData("[1::2:3:4:5:6:7:8]", IdentifierError.InvalidIpv6)]
    [InlineData("[:1:2:3:4:5:6:7]", IdentifierError.InvalidIpv6)]
    [InlineData("[1:2:3:4:5:6:7:]", IdentifierError.InvalidIpv6)]
    [InlineData("[12345::]", IdentifierError.InvalidIpv6)]
    [InlineData("[g::1]", IdentifierError.InvalidIpv6)]
    [InlineData("[]", IdentifierError.InvalidIpv6)]
    [InlineData("[:]", IdentifierError.InvalidIpv6)]
    [InlineData("[1]", IdentifierError.InvalidIpv6)]
    [InlineData("[::1", IdentifierError.InvalidIpv6)]
    [InlineData("[fe80::1%eth0]", IdentifierError.InvalidIpv6)]
    [InlineData("[::1/128]", IdentifierError.InvalidIpv6)]
    [InlineData("[1.2.3.4]", IdentifierError.InvalidIpv6)]
    [InlineData("[1.2.3.4::]", IdentifierError.InvalidIpv6)]
    [InlineData("[::1.2.3]", IdentifierError.InvalidIpv6)]
    [InlineData("[::1.2.3.4.5]", IdentifierError.InvalidIpv6)]
    [InlineData("[::256.1.1.1]", IdentifierError.InvalidIpv6)]
    [InlineData("[::01.2.3.4]", IdentifierError.InvalidIpv6)]
    [InlineData("[::1.2.3.4:1]", IdentifierError.InvalidIpv6)]
    [InlineData("[1:2:3:4:5:6:7:1.2.3.4]", IdentifierError.InvalidIpv6)]
    [InlineData("[0000:0000:0000:0000:0000:0000:0000:0000:0]", IdentifierError.InvalidIpv6)]
    // After the closing bracket only ":" port may follow.
    [InlineData("[::1]x", IdentifierError.InvalidServerName)]
    [InlineData("[::1]]", IdentifierError.InvalidServerName)]
    [InlineData("[::1]:", IdentifierError.InvalidPort)]
    [InlineData("[::1]:123456", IdentifierError.InvalidPort)]
    [InlineData("[::1]:8a", IdentifierError.InvalidPort)]
    // IPv4 literals are four numbers 0–255; RFC 1123 §2.1 rules out reading #.#.#.# as a host name.
    [InlineData("256.1.1.1", IdentifierError.InvalidIpv4)]
    [InlineData("1.2.3.256", IdentifierError.InvalidIpv4)]
    [InlineData("1.2.3.999:80", IdentifierError.InvalidIpv4)]
    [InlineData("1234.1.1.1", IdentifierError.InvalidIpv4)]
    // dns-char = DIGIT / ALPHA / "-" / "."
    [InlineData("exa_mple.org", IdentifierError.InvalidServerName)]
    [InlineData("example.org/", IdentifierError.InvalidServerName)]
    [InlineData("ex ample.org", IdentifierError.InvalidServerName)]
    [InlineData("例え.jp", IdentifierError.InvalidServerName)]
    [InlineData("a[::1]", IdentifierError.InvalidServerName)]
    [InlineData(":8448", IdentifierError.InvalidServerName)]
    // port = 1*5DIGIT
    [InlineData("example.org:", IdentifierError.InvalidPort)]
    [InlineData("example.org:123456", IdentifierError.InvalidPort)]
    [InlineData("example.org:-1", IdentifierError.InvalidPort)]
    [InlineData("example.org:+80", IdentifierError.InvalidPort)]
    [InlineData("example.org:８０", IdentifierError.InvalidPort)]
    [InlineData("example.org:80:80", IdentifierError.InvalidPort)]
    public void InvalidServerName_FailsWithItsToken(string input, IdentifierError expected) =>
        Fails(ServerName.Parse(input), expected, input);

    [Fact]
    public void DnsNameOf255Characters_IsAcceptedAnd256IsTooLong()
    {
        // dns-name = 1*255dns-char
        var longest = new string('a', 255);
        Ok(ServerName.Parse(longest), longest);
        Ok(ServerName.Parse(longest + ":65535"), longest + ":65535");
        Fails(ServerName.Parse(longest + "a"), IdentifierError.TooLong, longest + "a");
        Fails(ServerName.Parse(longest + "a:1"), IdentifierError.TooLong, longest + "a:1");
    }

    [Fact]
    public void NullNulOrLoneSurrogate_FailsWithoutThrowing()
    {
        Fails(ServerName.Parse(null), IdentifierError.Empty, "<null>");
        Fails(ServerName.Parse("exam\0ple.org"), IdentifierError.ContainsNul, "exam\0ple.org");
        Fails(ServerName.Parse("example.org\uD800"), IdentifierError.LoneSurrogate, "example.org\uD800");
        Fails(ServerName.Parse("\uDC00example.org"), IdentifierError.LoneSurrogate, "\uDC00example.org");
    }

    [Fact]
    public void ServerNamesDifferingInCase_AreDifferent()
    {
        // "Server names must be treated case-sensitively" (appendices §Server Name).
        var lower = ServerName.Parse("matrix.org").Value;
        var upper = ServerName.Parse("MATRIX.ORG").Value;
        Assert.NotEqual(lower, upper);
        Assert.Equal(lower, ServerName.Parse("matrix.org").Value);
        Assert.Equal(lower.GetHashCode(), ServerName.Parse("matrix.org").Value.GetHashCode());
    }

    [Fact]
    public void Failure_CarriesTheCallersPathAndTheOffsetOfTheFault()
    {
        var failure = ServerName.Parse("example.org:8x", "$.origin").Failure!;
        Assert.Equal("$.origin", failure.Path);
        Assert.Equal("id.invalid_port", failure.Token);
        Assert.Contains("offset 13", failure.Message, StringComparison.Ordinal);
    }
}
