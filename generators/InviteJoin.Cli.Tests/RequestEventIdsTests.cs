using System.Collections.Immutable;
using InviteJoin.Cli.Commands;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Cli.Tests;

/// <summary>
/// A request's lists of event IDs read through the memo of its PDUs (as <c>resolve</c> reads its state sets) accept
/// exactly what the plain reading accepts, in every room version, and give the same IDs.
/// </summary>
public sealed class RequestEventIdsTests
{
    // IDs of every format, test names, and near misses of each (no '$', too short, NUL, lone surrogate, too long,
    // a hash one character short or with the other alphabet's characters, a bad server name).
    private static readonly string[] Texts =
    [
        "$CREATE", "$00-m-room-create", "$a", "$", "", "CREATE", "$abc:example.com", "$abc:example.com:8448",
        "$abc:[::1]", "$abc:bad_server!", "$abc:", "$" + new string('A', 43), "$" + new string('A', 42),
        "$" + new string('+', 20) + new string('/', 23), "$" + new string('-', 20) + new string('_', 23),
        "$nul\0inside", "$lone\uD800", "$" + new string('x', 254), "$" + new string('x', 255), "$é-accented",
        "!room:example.com", "$space in it",
    ];

    public static TheoryData<string> Versions() => [.. RoomVersionRegistry.All.Select(version => version.Id)];

    [Theory]
    [MemberData(nameof(Versions))]
    public void ReadingThroughThePduMemo_AcceptsWhatThePlainReadingAccepts_WithTheSameIds(string versionId)
    {
        var version = RoomVersionRegistry.Lookup(versionId).Value;
        // One memo for the whole list, as a request has: later texts may be served from what earlier ones left.
        var memo = new PduParseMemo();
        foreach (var text in Texts.Concat(Texts))
        {
            var list = new JsonArray([JsonValue.String(text)]);
            var plain = Request.TryEventIds(list, version, 10, out var plainIds);
            var memoised = Request.TryEventIds(list, version, 10, out var memoIds, memo);

            Assert.True(plain == memoised, $"room version {versionId}, {Quote(text)}: plain {plain}, through the memo {memoised}");
            if (plain) Assert.Equal(plainIds.Single().Value, memoIds.Single().Value);
        }
    }

    [Fact]
    public void AListWithOneBadEntry_IsRefusedEitherWay()
    {
        var version = RoomVersionRegistry.Lookup("11").Value;
        var list = new JsonArray(ImmutableArray.Create<JsonValue>(JsonValue.String("$CREATE"), JsonValue.String("CREATE")));

        Assert.False(Request.TryEventIds(list, version, 10, out _));
        Assert.False(Request.TryEventIds(list, version, 10, out _, new PduParseMemo()));
    }

    private static string Quote(string text) => string.Concat(text.Take(40).Select(c => c < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
