using System.Net;
using System.Net.Sockets;
using CsCheck;

namespace InviteJoin.Reference.Tests.Events;

/// <summary>
/// Properties of every identifier parser over generated text. CsCheck prints the seed of any failure;
/// replay it with <c>-e CsCheck_Seed=&lt;seed&gt;</c> or by passing <c>seed:</c> to <c>Sample</c>.
/// </summary>
public sealed class IdentifierPropertyTests
{
    private static readonly HashSet<string> IdentifierTokens =
        WireToken.All<IdentifierError>().Select(pair => pair.Token).ToHashSet(StringComparer.Ordinal);

    /// <summary>Characters that steer the parsers down every branch, including NUL and both surrogate halves.</summary>
    private const string Interesting = "@!$#:[]._-+/=%* 0123456789abcdefxyzABCDEFXYZ\0\uD83D\uDE00\uD800\uDC00日é\u007f";

    private static readonly Gen<string> Noise =
        Gen.Frequency((4, Gen.Char[Interesting]), (1, Gen.Char)).Array[0, 80].Select(chars => new string(chars));

    // Localparts: mostly the strict alphabet, sometimes historical-only characters, rarely ':', NUL or a lone surrogate.
    private static readonly Gen<string> Localpart =
        Gen.Frequency(
                (30, Gen.Char["abcxyz0189._=-/+"]),
                (6, Gen.Char["ABZ日é *\u007f\u0001"]),
                (1, Gen.Char[":\0\uD800\uDC00"]))
            .Array[0, 16].Select(chars => new string(chars));

    private static readonly Gen<string> DnsName =
        Gen.Frequency((20, Gen.Char["abcxyzABZ0189-."]), (1, Gen.Char["_ []/"])).Array[1, 20].Select(chars => new string(chars));

    private static readonly Gen<string> Ipv4 =
        Gen.Int[0, 300].Array[4].Select(numbers => string.Join('.', numbers));

    private static readonly Gen<string> Ipv6 =
        Gen.Frequency((6, Gen.Char["0189abcdefABF"]), (3, Gen.Const(':')), (1, Gen.Const('.')))
            .Array[2, 16].Select(chars => "[" + new string(chars) + "]");

    private static readonly Gen<string> PrintedIpv6 =
        Gen.Byte.Array[16].Select(bytes => "[" + new IPAddress(bytes) + "]");

    private static readonly Gen<string> Port =
        Gen.Frequency((3, Gen.Const("")), (3, Gen.Int[0, 99999].Select(p => ":" + p)), (1, Gen.OneOf(Gen.Const(":"), Gen.Const(":123456"), Gen.Const(":8x"))));

    // Text shaped like an identifier, so that generated inputs also reach the server-name checks and success.
    private static readonly Gen<string> Shaped =
        Gen.Select(Gen.Char["@@!$#x"], Localpart, Gen.OneOf(DnsName, Ipv4, Ipv6, PrintedIpv6, Noise), Port)
            .Select((sigil, local, host, port) => sigil + local + ":" + host + port);

    // Hash-shaped text in one alphabet per string, so some IDs are valid only for room version 3, some only for 4+.
    private static readonly Gen<string> HashShaped =
        Gen.Select(Gen.Char["$$!@"], Gen.OneOf(Gen.Const("AZaz09"), Gen.Const("AZaz09+/"), Gen.Const("AZaz09-_"), Gen.Const("AZaz09+/-_=:")),
                Gen.OneOf(Gen.Const(42), Gen.Const(43), Gen.Const(43), Gen.Const(43), Gen.Const(44)))
            .SelectMany((sigil, alphabet, length) => Gen.Char[alphabet].Array[length].Select(chars => sigil + new string(chars)));

    private static readonly Gen<string> AnyText =
        Gen.Frequency((2, Noise), (5, Shaped), (3, HashShaped), (1, Gen.String));

    [Fact]
    public void AnyText_NoParserThrowsAndEveryFailureIsAnIdentifierError()
    {
        AnyText.Sample(text =>
        {
            foreach (var (ok, failure, printed) in ParseEveryWay(text))
            {
                if (ok)
                {
                    Assert.Equal(text, printed);
                }
                else
                {
                    Assert.IsType<IdentifierError>(failure!.Code);
                    Assert.Contains(failure.Token, IdentifierTokens);
                    Assert.False(string.IsNullOrEmpty(failure.Message));
                }
            }
        }, iter: 10000, print: IdentifierAssert.Escape);
    }

    [Fact]
    public void StrictUserId_IsAlsoHistoricalAndReportsItselfStrict()
    {
        AnyText.Sample(text =>
        {
            var strict = UserId.Parse(text, UserIdGrammar.Strict);
            var historical = UserId.Parse(text, UserIdGrammar.Historical);
            if (strict.IsOk)
            {
                Assert.True(historical.IsOk);
                Assert.Equal(strict.Value, historical.Value);
            }
            if (historical.IsOk)
            {
                // The strict grammar is the historical one with a narrower localpart, nothing more.
                Assert.Equal(strict.IsOk, historical.Value.IsStrictlyValid);
                Assert.Equal(ServerName.Parse(historical.Value.Server.Value).Value, historical.Value.Server);
            }
        }, iter: 10000, print: IdentifierAssert.Escape);
    }

    [Fact]
    public void AnyText_UserIdIsValid_AgreesWithParse()
    {
        // IsValid and Parse share one grammar; the auth rules rely on IsValid meaning exactly "Parse succeeds".
        AnyText.Sample(text =>
        {
            foreach (var grammar in (ReadOnlySpan<UserIdGrammar>)[UserIdGrammar.Strict, UserIdGrammar.Historical, (UserIdGrammar)0])
            {
                Assert.Equal(UserId.Parse(text, grammar).IsOk, UserId.IsValid(text, grammar));
            }
        }, iter: 10000, print: IdentifierAssert.Escape);
    }

    [Fact]
    public void AnyIpv6Address_AsTheBclPrintsIt_IsAValidLiteral()
    {
        // The BCL prints RFC 5952 text (with "::" and "::ffff:a.b.c.d" forms), an independent source of valid literals.
        Gen.Byte.Array[16].Sample(bytes =>
        {
            var text = "[" + new IPAddress(bytes).ToString() + "]";
            var parsed = ServerName.Parse(text);
            Assert.True(parsed.IsOk, $"{text}: {parsed.Failure}");
            Assert.Equal(HostKind.IPv6, parsed.Value.HostKind);
        }, iter: 2000);
    }

    [Fact]
    public void AnyAcceptedIpv6Literal_IsAnAddressTheBclAlsoReads()
    {
        // The converse direction: whatever we accept must be a real IPv6 address (the BCL accepts a superset).
        var literal = Gen.Frequency((6, Gen.Char["0123456789abcdefABCDEF"]), (3, Gen.Const(':')), (1, Gen.Const('.')))
            .Array[2, 45].Select(chars => new string(chars));
        literal.Sample(text =>
        {
            if (!ServerName.Parse("[" + text + "]").IsOk) return;
            Assert.True(IPAddress.TryParse(text, out var address), text);
            Assert.Equal(AddressFamily.InterNetworkV6, address!.AddressFamily);
        }, iter: 20000);
    }

    [Fact]
    public void AnyEightGroupsWithOptionalCompression_IsAValidLiteral()
    {
        // Built to RFC 3986 IPv6address: 8 pieces of 1–4 hex digits, the last two optionally as dotted IPv4,
        // and optionally one run of pieces replaced by "::".
        var piece = Gen.Char["0123456789abcdefABCDEF"].Array[1, 4].Select(chars => new string(chars));
        Gen.Select(piece.Array[8], Gen.Bool, Gen.Byte.Array[4], Gen.Int[0, 8], Gen.Int[0, 8]).Sample((pieces, ipv4Tail, octets, a, b) =>
        {
            string[] groups = ipv4Tail ? [.. pieces[..6], string.Join('.', octets)] : pieces;
            // The replaced run [from, to) must be non-empty, and so can never leave the IPv4 tail before "::".
            var from = Math.Min(Math.Min(a, b), groups.Length);
            var to = Math.Min(Math.Max(a, b), groups.Length);
            var text = from == to
                ? string.Join(':', groups)
                : string.Join(':', groups[..from]) + "::" + string.Join(':', groups[to..]);
            var parsed = ServerName.Parse("[" + text + "]:8448");
            Assert.True(parsed.IsOk, $"{text}: {parsed.Failure}");
            Assert.Equal(8448, parsed.Value.Port);
        }, iter: 3000);
    }

    [Fact]
    public void AnyReferenceHash_RoundTripsThroughItsEventIdAndRoomId()
    {
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            var standard = EventId.FromReferenceHash(bytes, EventIdFormat.StandardBase64Hash);
            var urlSafe = EventId.FromReferenceHash(bytes, EventIdFormat.UrlSafeBase64Hash);
            if (bytes.Length != 32)
            {
                Assert.Equal(IdentifierError.InvalidHash, standard.Failure!.Code);
                Assert.Equal(IdentifierError.InvalidHash, urlSafe.Failure!.Code);
                return;
            }
            Assert.Equal(standard.Value, EventId.Parse(standard.Value.ToString(), EventIdFormat.StandardBase64Hash).Value);
            Assert.Equal(urlSafe.Value, EventId.Parse(urlSafe.Value.ToString(), EventIdFormat.UrlSafeBase64Hash).Value);
            Assert.Equal(Convert.ToBase64String(bytes).TrimEnd('='), standard.Value.OpaqueId);
            var room = RoomId.FromCreateEventId(urlSafe.Value).Value;
            Assert.Equal(room, RoomId.Parse("!" + urlSafe.Value.OpaqueId, RoomIdFormat.CreateEventHash).Value);
        }, iter: 1000);
    }

    [Fact]
    public void MegabyteInputs_FailQuicklyWithoutThrowing()
    {
        foreach (var filler in new[] { 'a', ':', '\0', '\uD800', '日' })
        {
            foreach (var sigil in "@!$#x[")
            {
                var text = sigil + new string(filler, 1 << 20);
                foreach (var (ok, failure, _) in ParseEveryWay(text))
                {
                    Assert.False(ok);
                    Assert.Contains(failure!.Token, IdentifierTokens);
                }
            }
        }
    }

    [Fact]
    public void NullInput_FailsAsEmptyEverywhere()
    {
        foreach (var (ok, failure, _) in ParseEveryWay(null))
        {
            Assert.False(ok);
            // An undefined grammar or format is reported before the input is looked at.
            Assert.True(failure!.Code is IdentifierError.Empty or IdentifierError.UnsupportedFormat, failure.ToString());
        }
    }

    /// <summary>Every public parser, with every defined format and one undefined one.</summary>
    private static IEnumerable<(bool Ok, Failure? Failure, string? Printed)> ParseEveryWay(string? text)
    {
        yield return Outcome(ServerName.Parse(text));
        yield return Outcome(RoomAlias.Parse(text));
        foreach (var grammar in new[] { UserIdGrammar.Strict, UserIdGrammar.Historical, (UserIdGrammar)7 })
            yield return Outcome(UserId.Parse(text, grammar));
        foreach (var format in new[] { RoomIdFormat.WithServer, RoomIdFormat.CreateEventHash, (RoomIdFormat)7 })
            yield return Outcome(RoomId.Parse(text, format));
        foreach (var format in new[] { EventIdFormat.ServerScoped, EventIdFormat.StandardBase64Hash, EventIdFormat.UrlSafeBase64Hash, (EventIdFormat)7 })
            yield return Outcome(EventId.Parse(text, format));
    }

    private static (bool, Failure?, string?) Outcome<T>(Result<T> result) =>
        (result.IsOk, result.Failure, result.IsOk ? result.Value!.ToString() : null);
}
