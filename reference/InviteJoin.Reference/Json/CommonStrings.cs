using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using System.Text;

namespace InviteJoin.Reference.Json;

/// <summary>
/// The short strings that Matrix events repeat (the PDU's own keys, the keys of the state contents the
/// protocol reads, membership values, join rules, event types), as one immutable table. The strict reader
/// hands out these instances rather than a new string for each occurrence, so a parsed event costs fewer
/// allocations, and a later lookup of the same key compares references. Which instance a string is cannot
/// change any result: strings are compared by value everywhere.
/// </summary>
internal static class CommonStrings
{
    /// <summary>The longest string the table holds, in bytes.</summary>
    public const int MaxLength = 32;

    private static readonly ImmutableArray<string> All =
    [
        // PDU keys (spec v1.19, server-server API "PDUs") and the keys of hashes and references.
        "auth_events", "content", "depth", "event_id", "hashes", "origin", "origin_server_ts", "prev_events", "prev_state",
        "redacts", "room_id", "sender", "signatures", "state_key", "type", "unsigned", "sha256", "membership",
        // Content keys the authorisation rules read.
        "creator", "room_version", "additional_creators", "m.federate", "predecessor", "join_rule", "allow", "via",
        "users", "users_default", "events", "events_default", "state_default", "ban", "kick", "redact", "invite",
        "notifications", "room", "third_party_invite", "signed", "mxid", "token", "public_key", "public_keys",
        "key_validity_url", "join_authorised_via_users_server", "aliases", "history_visibility", "display_name",
        "displayname", "avatar_url", "name", "topic", "body", "msgtype", "reason", "is_direct",
        // Values.
        "join", "leave", "ban", "knock", "public", "private", "restricted", "knock_restricted", "shared", "world_readable",
        "joined", "invited", "m.room_membership", "ed25519:1", "ed25519:auto",
        "m.room.create", "m.room.member", "m.room.power_levels", "m.room.join_rules", "m.room.third_party_invite",
        "m.room.redaction", "m.room.aliases", "m.room.history_visibility", "m.room.name", "m.room.topic",
        "m.room.message", "m.room.guest_access", "m.room.canonical_alias", "m.room.avatar", "m.room.encryption",
        "m.room.server_acl", "m.room.tombstone", "m.text", "",
    ];

    // An open-addressing table: a string sits at its hash or in the first free slot after it. The table
    // is more than five times larger than the set, so a lookup usually compares one candidate or none.
    private const int Slots = 512;

    // The distinct strings in code-point order; a string's rank is its place here.
    private static readonly ImmutableArray<string> Ordered = [.. All.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static readonly ImmutableArray<string?> Table = Build();

    private static readonly ImmutableArray<int> Ranks = [.. Table.Select(s => s is null ? -1 : Ordered.IndexOf(s))];

    /// <summary>
    /// The table's instance of the ASCII string <paramref name="ascii"/>, or null when the table has none; with
    /// its rank: two strings of the table compare in code-point order as their ranks do (ASCII strings'
    /// code-point order is their ordinal order), so objects whose keys are all common sort by integers.
    /// </summary>
    public static string? Find(ReadOnlySpan<byte> ascii, out int rank)
    {
        rank = -1;
        if (ascii.Length > MaxLength) return null;
        for (var slot = Hash(ascii); ; slot = (slot + 1) & (Slots - 1))
        {
            var candidate = Table[slot];
            if (candidate is null) return null;
            if (candidate.Length == ascii.Length && SameAscii(ascii, candidate))
            {
                rank = Ranks[slot];
                return candidate;
            }
        }
    }

    // A plain loop: the strings are short, where a vectorised comparison costs more than it saves.
    private static bool SameAscii(ReadOnlySpan<byte> ascii, string candidate)
    {
        for (var i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] != candidate[i]) return false;
        }
        return true;
    }

    // The slot a string's search starts at, from its length and four of its bytes: no loop over the string, so
    // a look-up costs the same whatever its length (the table's strings spread well by these).
    private static int Hash(ReadOnlySpan<byte> ascii)
    {
        var n = ascii.Length;
        if (n == 0) return 0;
        var x = unchecked((uint)n * 0x9E3779B1u + ascii[0] * 0x85EBCA77u + ascii[n - 1] * 0xC2B2AE3Du
            + ascii[n / 2] * 0x27D4EB2Fu + ascii[n * 3 / 4] * 0x165667B1u);
        return (int)((x ^ (x >> 15)) & (Slots - 1));
    }

    /// <summary>The strings of at most <see cref="ShortStrings.MaxLongLength"/> bytes, in tables of their own (see <see cref="ShortStrings"/>).</summary>
    public static readonly ShortStrings Short = new(Ordered);

    private static ImmutableArray<string?> Build()
    {
        var table = new string?[Slots];
        foreach (var text in All.Distinct(StringComparer.Ordinal))
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            var slot = Hash(bytes);
            while (table[slot] is not null) slot = (slot + 1) & (Slots - 1);
            table[slot] = text;
        }
        return [.. table];
    }
}

/// <summary>
/// The common strings short enough to fit two vectors with their closing quote, each as vectors of its bytes padded with
/// zeros, in two tables: those that fit one vector, and the longer ones. A look-up hashes the string's first eight bytes
/// and its length, and compares the vectors whole. A reader keeps the instance it uses in a field of its own, so the hot
/// path reads no static.
/// </summary>
internal sealed class ShortStrings
{
    /// <summary>The longest string the table of one vector holds, in bytes.</summary>
    public const int MaxLength = 15;

    /// <summary>The longest string the table of two vectors holds, in bytes.</summary>
    public const int MaxLongLength = 31;

    // About four times the strings each holds (4 KiB and 2 KiB). A slot without a string holds bytes no string has.
    private const int SlotBits = 8;
    private const int Slots = 1 << SlotBits;
    private const int LongSlotBits = 6;
    private const int LongSlots = 1 << LongSlotBits;

    private readonly Vector128<byte>[] _vectors = new Vector128<byte>[Slots];
    private readonly string?[] _strings = new string?[Slots];
    private readonly int[] _ranks = new int[Slots];

    // The longer strings: the first sixteen bytes and the rest, padded.
    private readonly Vector128<byte>[] _longFirst = new Vector128<byte>[LongSlots];
    private readonly Vector128<byte>[] _longRest = new Vector128<byte>[LongSlots];
    private readonly string?[] _longStrings = new string?[LongSlots];
    private readonly int[] _longRanks = new int[LongSlots];

    /// <summary>The tables of the strings of <paramref name="ordered"/> (distinct, in code-point order, so a string's rank is its place) that fit.</summary>
    public ShortStrings(ImmutableArray<string> ordered)
    {
        _vectors.AsSpan().Fill(Vector128<byte>.AllBitsSet);
        _longFirst.AsSpan().Fill(Vector128<byte>.AllBitsSet);
        for (var rank = 0; rank < ordered.Length; rank++)
        {
            var text = ordered[rank];
            if (text.Length > MaxLongLength) continue;
            var padded = new byte[2 * Vector128<byte>.Count];
            Encoding.ASCII.GetBytes(text, padded);
            var first = Vector128.Create(padded.AsSpan(0, Vector128<byte>.Count));
            if (text.Length <= MaxLength)
            {
                var slot = Hash(first, text.Length, SlotBits);
                while (_vectors[slot] != Vector128<byte>.AllBitsSet) slot = (slot + 1) & (Slots - 1);
                _vectors[slot] = first;
                _strings[slot] = text;
                _ranks[slot] = rank;
            }
            else
            {
                var slot = Hash(first, text.Length, LongSlotBits);
                while (_longFirst[slot] != Vector128<byte>.AllBitsSet) slot = (slot + 1) & (LongSlots - 1);
                _longFirst[slot] = first;
                _longRest[slot] = Vector128.Create(padded.AsSpan(Vector128<byte>.Count));
                _longStrings[slot] = text;
                _longRanks[slot] = rank;
            }
        }
    }

    /// <summary>
    /// As <see cref="CommonStrings.Find"/>, for a string of <paramref name="length"/> bytes (at most <see cref="MaxLength"/>)
    /// given as a vector of its bytes followed by zeros; the bytes must be plain string bytes, none of them zero.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public string? Find(Vector128<byte> padded, int length, out int rank)
    {
        var vectors = _vectors;
        for (var slot = Hash(padded, length, SlotBits); ; slot = (slot + 1) & (Slots - 1))
        {
            var candidate = vectors[slot];
            if (candidate == padded)
            {
                rank = _ranks[slot];
                return _strings[slot];
            }
            if (candidate == Vector128<byte>.AllBitsSet)
            {
                rank = -1;
                return null;
            }
        }
    }

    /// <summary>
    /// As <see cref="Find"/>, for a string of <paramref name="length"/> bytes, more than <see cref="MaxLength"/> and at most
    /// <see cref="MaxLongLength"/>: its first sixteen bytes, and the rest followed by zeros.
    /// </summary>
    public string? FindLong(Vector128<byte> first, Vector128<byte> paddedRest, int length, out int rank)
    {
        var firsts = _longFirst;
        for (var slot = Hash(first, length, LongSlotBits); ; slot = (slot + 1) & (LongSlots - 1))
        {
            var candidate = firsts[slot];
            if (candidate == first && _longRest[slot] == paddedRest)
            {
                rank = _longRanks[slot];
                return _longStrings[slot];
            }
            if (candidate == Vector128<byte>.AllBitsSet)
            {
                rank = -1;
                return null;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int Hash(Vector128<byte> first, int length, int bits) =>
        (int)(unchecked((first.AsUInt64().ToScalar() + (ulong)length) * 0x9E3779B97F4A7C15ul) >> (64 - bits));
}
