using System.Text;
using static InviteJoin.Reference.Tests.Events.IdentifierAssert;

namespace InviteJoin.Reference.Tests.Events;

/// <summary>
/// Event IDs (spec v1.19, appendices §Event IDs; rooms v1, v3 and v4 §Event IDs) and room IDs
/// (appendices §Room IDs; rooms v12).
/// </summary>
public sealed class IdentifierEventAndRoomIdTests
{
    // Rooms v3 §Client considerations: an example v3 event ID, with the "potentially problematic slash".
    private const string V3ExampleWithSlash = "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk";
    // Rooms v3 §Event IDs: an example with neither '+', '/', '-' nor '_', so valid in both alphabets.
    private const string V3ExampleNeutral = "$CD66HAED5npg6074c6pDtLKalHjVfYb2q4Q3LZgrW6o";
    // Rooms v4 §Event IDs (fragment v4-event-ids): an example with '-' and '_'.
    private const string V4Example = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";
    // room_id_v12.yaml example.
    private const string V12RoomExample = "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ";
    // SHA-256 of the empty string; its standard base64 holds both '+' and '/'.
    private const string EmptySha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Theory]
    // Test vectors in the spec's signing examples use "$0:domain".
    [InlineData("$0:domain", "0", "domain")]
    [InlineData("$abc123:example.org:8448", "abc123", "example.org:8448")]
    [InlineData("$日本:[::1]", "日本", "[::1]")]
    [InlineData("$:example.org", "", "example.org")]
    public void ServerScopedEventId_ParsesOpaquePartAndServer(string input, string opaque, string server)
    {
        var id = Ok(EventId.Parse(input, EventIdFormat.ServerScoped), input);
        Assert.Equal(EventIdFormat.ServerScoped, id.Format);
        Assert.Equal(opaque, id.OpaqueId);
        Assert.Equal(server, id.Server!.Value.Value);
    }

    [Theory]
    [InlineData("", IdentifierError.Empty)]
    [InlineData("!abc:example.org", IdentifierError.WrongSigil)]
    [InlineData("$abc", IdentifierError.MissingServer)]
    [InlineData(V3ExampleWithSlash, IdentifierError.MissingServer)]
    [InlineData("$abc:exa_mple.org", IdentifierError.InvalidServerName)]
    public void MalformedServerScopedEventId_FailsWithItsToken(string input, IdentifierError expected) =>
        Fails(EventId.Parse(input, EventIdFormat.ServerScoped), expected, input);

    [Fact]
    public void EventIdWithPlusOrSlash_IsValidOnlyInRoomVersion3Format()
    {
        var id = Ok(EventId.Parse(V3ExampleWithSlash, EventIdFormat.StandardBase64Hash), V3ExampleWithSlash);
        Assert.Null(id.Server);
        Assert.Equal(V3ExampleWithSlash[1..], id.OpaqueId);
        Fails(EventId.Parse(V3ExampleWithSlash, EventIdFormat.UrlSafeBase64Hash), IdentifierError.InvalidHash, V3ExampleWithSlash);
        var plus = "$" + new string('A', 41) + "+A";
        Ok(EventId.Parse(plus, EventIdFormat.StandardBase64Hash), plus);
        Fails(EventId.Parse(plus, EventIdFormat.UrlSafeBase64Hash), IdentifierError.InvalidHash, plus);
    }

    [Fact]
    public void EventIdWithMinusOrUnderscore_IsValidOnlyInRoomVersion4PlusFormat()
    {
        Ok(EventId.Parse(V4Example, EventIdFormat.UrlSafeBase64Hash), V4Example);
        Fails(EventId.Parse(V4Example, EventIdFormat.StandardBase64Hash), IdentifierError.InvalidHash, V4Example);
        Fails(EventId.Parse(V4Example, EventIdFormat.ServerScoped), IdentifierError.MissingServer, V4Example);
    }

    [Fact]
    public void EventIdOfOnlyCommonCharacters_IsValidInBothHashFormats()
    {
        Ok(EventId.Parse(V3ExampleNeutral, EventIdFormat.StandardBase64Hash), V3ExampleNeutral);
        Ok(EventId.Parse(V3ExampleNeutral, EventIdFormat.UrlSafeBase64Hash), V3ExampleNeutral);
    }

    [Theory]
    [InlineData("$")]
    [InlineData("$CD66HAED5npg6074c6pDtLKalHjVfYb2q4Q3LZgrW6")]
    [InlineData("$CD66HAED5npg6074c6pDtLKalHjVfYb2q4Q3LZgrW6oA")]
    [InlineData("$CD66HAED5npg6074c6pDtLKalHjVfYb2q4Q3LZgrW6o=")]
    [InlineData("$CD66HAED5npg6074c6pDtLKalHjVfYb2q4Q3LZgrW6:")]
    [InlineData("$abc:example.org")]
    [InlineData("$CD66HAED5npg6074c6pDtLKal jVfYb2q4Q3LZgrW6o")]
    public void HashEventIdNotExactly43AlphabetCharacters_FailsInBothHashFormats(string input)
    {
        Fails(EventId.Parse(input, EventIdFormat.StandardBase64Hash), IdentifierError.InvalidHash, input);
        Fails(EventId.Parse(input, EventIdFormat.UrlSafeBase64Hash), IdentifierError.InvalidHash, input);
    }

    [Fact]
    public void ReferenceHash_EncodesInTheAlphabetOfTheFormat()
    {
        var hash = Convert.FromHexString(EmptySha256Hex);
        var standard = EventId.FromReferenceHash(hash, EventIdFormat.StandardBase64Hash).Value;
        var urlSafe = EventId.FromReferenceHash(hash, EventIdFormat.UrlSafeBase64Hash).Value;
        Assert.Equal("$47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", standard.ToString());
        Assert.Equal("$47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", urlSafe.ToString());
        Assert.Equal(EventIdFormat.StandardBase64Hash, standard.Format);
        Assert.Equal(standard, EventId.Parse(standard.ToString(), EventIdFormat.StandardBase64Hash).Value);
        Assert.Equal(urlSafe, EventId.Parse(urlSafe.ToString(), EventIdFormat.UrlSafeBase64Hash).Value);
    }

    [Fact]
    public void ReferenceHashOfWrongLengthOrServerScopedFormat_Fails()
    {
        Fails(EventId.FromReferenceHash(new byte[31], EventIdFormat.UrlSafeBase64Hash), IdentifierError.InvalidHash, "31 bytes");
        Fails(EventId.FromReferenceHash(new byte[33], EventIdFormat.StandardBase64Hash), IdentifierError.InvalidHash, "33 bytes");
        Fails(EventId.FromReferenceHash([], EventIdFormat.StandardBase64Hash), IdentifierError.InvalidHash, "0 bytes");
        Fails(EventId.FromReferenceHash(new byte[32], EventIdFormat.ServerScoped), IdentifierError.UnsupportedFormat, "server scoped");
        Fails(EventId.FromReferenceHash(new byte[32], (EventIdFormat)0), IdentifierError.UnsupportedFormat, "format 0");
    }

    [Fact]
    public void ServerScopedEventIdOf255Bytes_IsAcceptedAnd256IsTooLong()
    {
        // "the length of an event ID, including the $ sigil and the domain where present, MUST NOT exceed 255 bytes"
        var id255 = "$" + new string('ß', 100) + new string('x', 42) + ":example.org";
        Assert.Equal(255, Encoding.UTF8.GetByteCount(id255));
        Ok(EventId.Parse(id255, EventIdFormat.ServerScoped), id255);
        var id256 = "$y" + id255[1..];
        Fails(EventId.Parse(id256, EventIdFormat.ServerScoped), IdentifierError.TooLong, id256);
    }

    [Fact]
    public void UndefinedFormats_FailAsUnsupportedFormat()
    {
        Fails(EventId.Parse("$a:b", (EventIdFormat)0), IdentifierError.UnsupportedFormat, "$a:b");
        Fails(RoomId.Parse("!a:b", (RoomIdFormat)42), IdentifierError.UnsupportedFormat, "!a:b");
    }

    [Theory]
    // room_id_before_v12.yaml example, and the spec's signing test vectors.
    [InlineData("!abc123:matrix.org", "abc123", "matrix.org")]
    [InlineData("!x:domain", "x", "domain")]
    [InlineData("!日本\u0007:1.2.3.4:5", "日本\u0007", "1.2.3.4:5")]
    public void RoomIdWithServer_ParsesOpaquePartAndServer(string input, string opaque, string server)
    {
        var id = Ok(RoomId.Parse(input, RoomIdFormat.WithServer), input);
        Assert.Equal(RoomIdFormat.WithServer, id.Format);
        Assert.Equal(opaque, id.OpaqueId);
        Assert.Equal(server, id.Server!.Value.Value);
        Assert.Null(id.CreateEventId);
    }

    [Theory]
    [InlineData("", IdentifierError.Empty)]
    [InlineData("$abc:matrix.org", IdentifierError.WrongSigil)]
    [InlineData("!abc", IdentifierError.MissingServer)]
    [InlineData(V12RoomExample, IdentifierError.MissingServer)]
    [InlineData("!abc:matrix.org:port", IdentifierError.InvalidPort)]
    public void MalformedRoomIdWithServer_FailsWithItsToken(string input, IdentifierError expected) =>
        Fails(RoomId.Parse(input, RoomIdFormat.WithServer), expected, input);

    [Fact]
    public void RoomIdWithServerContainingNulOrOver255Bytes_Fails()
    {
        // "The localpart MUST only contain valid non-surrogate Unicode code points ... except : and NUL"
        Fails(RoomId.Parse("!a\0b:example.org", RoomIdFormat.WithServer), IdentifierError.ContainsNul, "!a\0b:example.org");
        Fails(RoomId.Parse("!\uDC00:example.org", RoomIdFormat.WithServer), IdentifierError.LoneSurrogate, "!\uDC00:example.org");
        var id255 = "!" + new string('r', 242) + ":example.org";
        Ok(RoomId.Parse(id255, RoomIdFormat.WithServer), id255);
        Fails(RoomId.Parse("!r" + id255[1..], RoomIdFormat.WithServer), IdentifierError.TooLong, "256 bytes");
    }

    [Theory]
    [InlineData(V12RoomExample)]
    // MSC4291's example, as quoted by the rooms v12 changes.
    [InlineData("!31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM")]
    public void RoomVersion12RoomId_ParsesWithoutServerAndNamesItsCreateEvent(string input)
    {
        var id = Ok(RoomId.Parse(input, RoomIdFormat.CreateEventHash), input);
        Assert.Null(id.Server);
        Assert.Equal(input[1..], id.OpaqueId);
        Assert.Equal("$" + input[1..], id.CreateEventId!.Value.ToString());
        Assert.Equal(EventIdFormat.UrlSafeBase64Hash, id.CreateEventId!.Value.Format);
    }

    [Theory]
    [InlineData("!abc123:matrix.org")]
    [InlineData("!acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk")]
    [InlineData("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpY")]
    [InlineData("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ:example.org")]
    public void RoomVersion12RoomIdNot43UrlSafeCharacters_FailsAsInvalidHash(string input) =>
        Fails(RoomId.Parse(input, RoomIdFormat.CreateEventHash), IdentifierError.InvalidHash, input);

    [Fact]
    public void CreateEventId_BecomesTheRoomIdWithBangSigil()
    {
        // Rooms v12: "The room ID is the event ID of the event with sigil ! instead of $."
        var create = EventId.Parse("$31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM", EventIdFormat.UrlSafeBase64Hash).Value;
        var room = RoomId.FromCreateEventId(create).Value;
        Assert.Equal("!31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM", room.ToString());
        Assert.Equal(RoomIdFormat.CreateEventHash, room.Format);
        Assert.Equal(room, RoomId.Parse(room.ToString(), RoomIdFormat.CreateEventHash).Value);
        Assert.Equal(create, room.CreateEventId);
    }

    [Fact]
    public void CreateEventIdNotInUrlSafeHashFormat_DoesNotNameARoom()
    {
        var v3 = EventId.Parse(V3ExampleWithSlash, EventIdFormat.StandardBase64Hash).Value;
        var v1 = EventId.Parse("$0:domain", EventIdFormat.ServerScoped).Value;
        Fails(RoomId.FromCreateEventId(v3), IdentifierError.UnsupportedFormat, V3ExampleWithSlash);
        Fails(RoomId.FromCreateEventId(v1), IdentifierError.UnsupportedFormat, "$0:domain");
        Fails(RoomId.FromCreateEventId(default), IdentifierError.UnsupportedFormat, "default");
    }

    [Fact]
    public void IdsDifferingOnlyInCase_AreDifferent()
    {
        // "Event IDs are case-sensitive"; "Room IDs are case-sensitive" (appendices).
        var lower = EventId.Parse("$abc:example.org", EventIdFormat.ServerScoped).Value;
        var upper = EventId.Parse("$ABC:example.org", EventIdFormat.ServerScoped).Value;
        Assert.NotEqual(lower, upper);
        Assert.NotEqual(RoomId.Parse("!a:b", RoomIdFormat.WithServer).Value, RoomId.Parse("!A:b", RoomIdFormat.WithServer).Value);
        Assert.Equal(lower, EventId.Parse("$abc:example.org", EventIdFormat.ServerScoped).Value);
    }
}
