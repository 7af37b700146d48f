using System.Text;
using static InviteJoin.Reference.Tests.Events.IdentifierAssert;

namespace InviteJoin.Reference.Tests.Events;

/// <summary>User IDs and room aliases: spec v1.19, appendices §User Identifiers, §Historical User IDs, §Room Aliases.</summary>
public sealed class IdentifierTests
{
    [Theory]
    [InlineData("@alice:example.org", "alice", "example.org")]
    [InlineData("@a:domain", "a", "domain")]
    // Every character of user_id_char: DIGIT / a-z / "-" / "." / "=" / "_" / "/" / "+" ("+" since v1.8).
    [InlineData("@0123456789abcxyz-.=_/+:matrix.org", "0123456789abcxyz-.=_/+", "matrix.org")]
    [InlineData("@user:matrix.org:8888", "user", "matrix.org:8888")]
    [InlineData("@user:1.2.3.4:1234", "user", "1.2.3.4:1234")]
    [InlineData("@user:[1234:5678::abcd]:5678", "user", "[1234:5678::abcd]:5678")]
    public void StrictUserId_ParsesUnderBothGrammars(string input, string localpart, string server)
    {
        foreach (var grammar in new[] { UserIdGrammar.Strict, UserIdGrammar.Historical })
        {
            var id = Ok(UserId.Parse(input, grammar), input);
            Assert.Equal(localpart, id.Localpart);
            Assert.Equal(server, id.Server.Value);
            Assert.True(id.IsStrictlyValid);
            Assert.True(id.IsCompliant);
        }
    }

    [Theory]
    // Historical User IDs: any non-surrogate code points but ':' and NUL, including the empty string.
    [InlineData("@日本:example.org", "日本", false)]
    [InlineData("@:example.org", "", false)]
    [InlineData("@Alice:example.org", "Alice", true)]
    [InlineData("@a*b:example.org", "a*b", true)]
    [InlineData("@a b:example.org", "a b", false)]
    [InlineData("@\u0001ctl:example.org", "\u0001ctl", false)]
    [InlineData("@\u007f:example.org", "\u007f", false)]
    [InlineData("@😀:example.org", "😀", false)]
    public void HistoricalOnlyUserId_ParsesHistoricallyAndFailsStrictly(string input, string localpart, bool compliant)
    {
        var id = Ok(UserId.Parse(input, UserIdGrammar.Historical), input);
        Assert.Equal(localpart, id.Localpart);
        Assert.False(id.IsStrictlyValid);
        // Non-compliant: outside U+0021–U+007E, or empty.
        Assert.Equal(compliant, id.IsCompliant);
        Fails(UserId.Parse(input, UserIdGrammar.Strict), IdentifierError.InvalidLocalpart, input);
    }

    [Theory]
    [InlineData("", IdentifierError.Empty)]
    [InlineData("alice:example.org", IdentifierError.WrongSigil)]
    [InlineData("#alice:example.org", IdentifierError.WrongSigil)]
    [InlineData("@alice", IdentifierError.MissingServer)]
    [InlineData("@", IdentifierError.MissingServer)]
    [InlineData("@alice:", IdentifierError.MissingServer)]
    [InlineData("@alice:exa_mple.org", IdentifierError.InvalidServerName)]
    [InlineData("@alice:example.org:", IdentifierError.InvalidPort)]
    [InlineData("@alice:example.org:123456", IdentifierError.InvalidPort)]
    [InlineData("@alice:256.0.0.1", IdentifierError.InvalidIpv4)]
    [InlineData("@alice:[1::2::3]", IdentifierError.InvalidIpv6)]
    // The localpart ends at the first ':', so "b:c" is the server name and "c" its (bad) port.
    [InlineData("@a:b:c", IdentifierError.InvalidPort)]
    public void MalformedUserId_FailsUnderBothGrammars(string input, IdentifierError expected)
    {
        Fails(UserId.Parse(input, UserIdGrammar.Strict), expected, input);
        Fails(UserId.Parse(input, UserIdGrammar.Historical), expected, input);
    }

    [Fact]
    public void NullNulOrLoneSurrogate_FailsUnderBothGrammars()
    {
        foreach (var grammar in new[] { UserIdGrammar.Strict, UserIdGrammar.Historical })
        {
            Fails(UserId.Parse(null, grammar), IdentifierError.Empty, "<null>");
            Fails(UserId.Parse("@a\0b:example.org", grammar), IdentifierError.ContainsNul, "@a\0b:example.org");
            Fails(UserId.Parse("@a\uD800:example.org", grammar), IdentifierError.LoneSurrogate, "@a\uD800:example.org");
            Fails(UserId.Parse("@a\uDC00\uD800:example.org", grammar), IdentifierError.LoneSurrogate, "@a\uDC00\uD800:example.org");
        }
    }

    [Fact]
    public void UserIdLocalpart_EndsAtTheFirstColon()
    {
        var id = UserId.Parse("@a:b:8448", UserIdGrammar.Historical).Value;
        Assert.Equal("a", id.Localpart);
        Assert.Equal("b", id.Server.Host);
        Assert.Equal(8448, id.Server.Port);
    }

    [Fact]
    public void UserIdOf255Bytes_IsAcceptedAnd256IsTooLong()
    {
        // "The length of a user ID, including the @ sigil and the domain, MUST NOT exceed 255 bytes."
        const string server = ":example.org";
        var ascii255 = "@" + new string('a', 255 - 1 - server.Length) + server;
        Assert.Equal(255, ascii255.Length);
        Ok(UserId.Parse(ascii255, UserIdGrammar.Strict), ascii255);
        var ascii256 = "@a" + ascii255[1..];
        Fails(UserId.Parse(ascii256, UserIdGrammar.Strict), IdentifierError.TooLong, ascii256);

        // Bytes, not characters: 80 × '日' is 240 bytes of UTF-8 but 80 UTF-16 code units.
        var cjk255 = "@" + new string('日', 80) + "ab" + server;
        Assert.Equal(255, Encoding.UTF8.GetByteCount(cjk255));
        Ok(UserId.Parse(cjk255, UserIdGrammar.Historical), cjk255);
        var cjk256 = "@" + new string('日', 80) + "abc" + server;
        Fails(UserId.Parse(cjk256, UserIdGrammar.Historical), IdentifierError.TooLong, cjk256);

        // A supplementary character is one code point, two UTF-16 code units and four bytes.
        var emoji255 = "@" + string.Concat(Enumerable.Repeat("😀", 60)) + "ab" + server;
        Assert.Equal(255, Encoding.UTF8.GetByteCount(emoji255));
        Ok(UserId.Parse(emoji255, UserIdGrammar.Historical), emoji255);
        var emoji256 = "@" + string.Concat(Enumerable.Repeat("😀", 60)) + "abc" + server;
        Fails(UserId.Parse(emoji256, UserIdGrammar.Historical), IdentifierError.TooLong, emoji256);
    }

    [Fact]
    public void UndefinedGrammar_FailsAsUnsupportedFormat()
    {
        Fails(UserId.Parse("@a:b", (UserIdGrammar)0), IdentifierError.UnsupportedFormat, "@a:b");
        Fails(UserId.Parse("@a:b", (UserIdGrammar)99), IdentifierError.UnsupportedFormat, "@a:b");
    }

    [Fact]
    public void UserIdsDifferingInCase_AreDifferentUsers()
    {
        // "@user:matrix.org is a different person from @user:MATRIX.ORG" (appendices §Server Name).
        var lower = UserId.Parse("@user:matrix.org", UserIdGrammar.Strict).Value;
        var upper = UserId.Parse("@user:MATRIX.ORG", UserIdGrammar.Strict).Value;
        Assert.NotEqual(lower, upper);
        Assert.NotEqual(lower, UserId.Parse("@User:matrix.org", UserIdGrammar.Historical).Value);
        // Equality is by text, whatever grammar parsed it.
        var again = UserId.Parse("@user:matrix.org", UserIdGrammar.Historical).Value;
        Assert.Equal(lower, again);
        Assert.Equal(lower.GetHashCode(), again.GetHashCode());
    }

    [Fact]
    public void StrictLocalpartFailure_NamesPathAndOffset()
    {
        var failure = UserId.Parse("@ab$c:example.org", UserIdGrammar.Strict, "$.sender").Failure!;
        Assert.Equal("$.sender", failure.Path);
        Assert.Equal("id.invalid_localpart", failure.Token);
        Assert.Contains("offset 3", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultUserId_IsEmptyAndDoesNotThrow()
    {
        var id = default(UserId);
        Assert.Equal("", id.ToString());
        Assert.Equal("", id.Localpart);
        Assert.False(id.IsStrictlyValid);
        Assert.NotEqual(UserId.Parse("@a:b", UserIdGrammar.Strict).Value, id);
    }

    [Theory]
    [InlineData("#room:example.org", "room", "example.org")]
    [InlineData("#日本:example.org:8448", "日本", "example.org:8448")]
    [InlineData("#Room With Spaces!:[::1]", "Room With Spaces!", "[::1]")]
    // The spec gives the alias localpart no minimum length.
    [InlineData("#:example.org", "", "example.org")]
    public void ValidRoomAlias_ParsesLocalpartAndServer(string input, string localpart, string server)
    {
        var alias = Ok(RoomAlias.Parse(input), input);
        Assert.Equal(localpart, alias.Localpart);
        Assert.Equal(server, alias.Server.Value);
    }

    [Theory]
    [InlineData("", IdentifierError.Empty)]
    [InlineData("!room:example.org", IdentifierError.WrongSigil)]
    [InlineData("#room", IdentifierError.MissingServer)]
    [InlineData("#room:", IdentifierError.MissingServer)]
    [InlineData("#room:ex ample.org", IdentifierError.InvalidServerName)]
    public void MalformedRoomAlias_FailsWithItsToken(string input, IdentifierError expected) =>
        Fails(RoomAlias.Parse(input), expected, input);

    [Fact]
    public void RoomAliasWithNulOrOver255Bytes_Fails()
    {
        // "any valid non-surrogate Unicode codepoints except : and NUL"; at most 255 bytes.
        Fails(RoomAlias.Parse("#a\0:example.org"), IdentifierError.ContainsNul, "#a\0:example.org");
        Fails(RoomAlias.Parse("#a\uDBFF:example.org"), IdentifierError.LoneSurrogate, "#a\uDBFF:example.org");
        var alias255 = "#" + new string('é', 121) + ":example.org";
        Assert.Equal(255, Encoding.UTF8.GetByteCount(alias255));
        Ok(RoomAlias.Parse(alias255), alias255);
        var alias256 = "#x" + alias255[1..];
        Fails(RoomAlias.Parse(alias256), IdentifierError.TooLong, alias256);
    }

    [Fact]
    public void EveryIdentifierError_HasADistinctIdToken()
    {
        var tokens = WireToken.All<IdentifierError>().Select(pair => pair.Token).ToArray();
        Assert.All(tokens, token => Assert.StartsWith("id.", token, StringComparison.Ordinal));
        Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(13, tokens.Length);
    }
}
