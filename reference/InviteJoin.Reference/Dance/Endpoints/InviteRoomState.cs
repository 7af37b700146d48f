using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// A problem with one entry of <c>invite_room_state</c> or <c>knock_room_state</c> that was tolerated (room versions 1–11):
/// the entry is left out of the stripped state.
/// </summary>
public sealed record InviteRoomStateWarning(DanceRule Rule, string Path, string Message)
{
    public string Token => DanceRules.Token(Rule);
}

/// <summary>The entries of <c>invite_room_state</c> (or <c>knock_room_state</c>) that passed, and the warnings about the others.</summary>
internal sealed record InviteRoomStateResult(ImmutableArray<Pdu> Entries, ImmutableArray<InviteRoomStateWarning> Warnings);

/// <summary>The rule each failure of a room-state list answers with: the invite endpoint's, or the knocking server's.</summary>
internal sealed record RoomStateRules(
    string Path,
    DanceRule NotAList,
    DanceRule TooManyEvents,
    DanceRule TooLarge,
    DanceRule EntryNotAnObject,
    DanceRule EntryMalformed,
    DanceRule EntryNotState,
    DanceRule EntryBadSignature,
    DanceRule EntryOtherRoom,
    DanceRule MissingCreate,
    DanceRule VersionMismatch)
{
    /// <summary><c>invite_room_state</c> of <c>PUT /v2/invite</c>, at the invitee's server.</summary>
    public static readonly RoomStateRules Invite = new(
        "$.invite_room_state",
        DanceRule.InviteRoomStateNotAList,
        DanceRule.InviteRoomStateTooManyEvents,
        DanceRule.InviteRoomStateTooLarge,
        DanceRule.InviteRoomStateEntryNotAnObject,
        DanceRule.InviteRoomStateEntryMalformed,
        DanceRule.InviteRoomStateEntryNotState,
        DanceRule.InviteRoomStateEntryBadSignature,
        DanceRule.InviteRoomStateEntryOtherRoom,
        DanceRule.InviteRoomStateMissingCreate,
        DanceRule.InviteRoomStateRoomVersionMismatch);

    /// <summary><c>knock_room_state</c> of the send_knock answer, at the knocking server.</summary>
    public static readonly RoomStateRules Knock = new(
        "$.knock_room_state",
        DanceRule.SendKnockResponseRoomStateNotAList,
        DanceRule.SendKnockResponseRoomStateTooManyEvents,
        DanceRule.SendKnockResponseRoomStateTooLarge,
        DanceRule.SendKnockResponseRoomStateEntryNotAnObject,
        DanceRule.SendKnockResponseRoomStateEntryMalformed,
        DanceRule.SendKnockResponseRoomStateEntryNotState,
        DanceRule.SendKnockResponseRoomStateEntryBadSignature,
        DanceRule.SendKnockResponseRoomStateEntryOtherRoom,
        DanceRule.SendKnockResponseRoomStateMissingCreate,
        DanceRule.SendKnockResponseRoomVersionMismatch);
}

/// <summary>
/// Validation of <c>invite_room_state</c> (spec v1.19, <c>invites-v2.yaml</c>; server-server API "Inviting
/// to a room" v1.16 note; MSC4311): a bounded list of full PDUs of the room version, validly signed, in
/// the invite's room, with the create event among them. Whether the list is a list and within bounds is
/// checked in every version (B24, B25); the per-entry checks refuse the invite in room version 12 and are
/// warnings in versions 1–11, which the spec asks servers to warn about "rather than error" while migrating.
/// </summary>
public static class InviteRoomState
{
    /// <summary>
    /// The most entries accepted (ours, B24): the stripped state the spec recommends has seven event
    /// types; fifty leaves room for other identifying state without letting one invite carry a room.
    /// </summary>
    public const int MaxEvents = 50;

    /// <summary>The most canonical-JSON bytes all entries together may take (ours, B24): four maximum-size (65,536-byte) events.</summary>
    public const int MaxBytes = 4 * 65536;

    /// <summary>The versions where failed entry checks are warnings: the spec names "room versions 1 through 11".</summary>
    private static readonly ImmutableArray<string> LenientVersions = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];

    internal static (InviteRoomStateResult? Result, MatrixError? Error) Validate(JsonValue? value, RoomVersion version, RoomId roomId, KeyRing keys) =>
        Validate(value, version, roomId, keys, RoomStateRules.Invite);

    /// <summary>
    /// Validates a list of room state sent to help identify a room (<c>invite_room_state</c>, <c>knock_room_state</c>),
    /// answering with <paramref name="rules"/>. <paramref name="value"/> null means the list was absent: an empty list.
    /// </summary>
    internal static (InviteRoomStateResult? Result, MatrixError? Error) Validate(JsonValue? value, RoomVersion version, RoomId roomId, KeyRing keys, RoomStateRules rules)
    {
        var path = rules.Path;
        // Absent is an empty list; null or any other non-list is refused in every version (B25:
        // a null room state once broke the invitee's /sync).
        JsonArray entries;
        switch (value)
        {
            case null: entries = JsonArray.Empty; break;
            case JsonArray array: entries = array; break;
            default: return (null, MatrixError.Of(rules.NotAList, path + " must be a list of events"));
        }

        // B24: bound the count first, then the total size, before any per-entry work.
        if (entries.Count > MaxEvents)
        {
            return (null, MatrixError.Of(rules.TooManyEvents, $"{path} has {entries.Count} entries; at most {MaxEvents} are accepted"));
        }
        var bytes = 0L;
        foreach (var entry in entries) bytes += CanonicalJson.Encode(entry).Length;
        if (bytes > MaxBytes)
        {
            return (null, MatrixError.Of(rules.TooLarge, $"{path} is {bytes} bytes; at most {MaxBytes} are accepted"));
        }

        var strict = !LenientVersions.Contains(version.Id, StringComparer.Ordinal);
        var valid = ImmutableArray.CreateBuilder<Pdu>();
        var warnings = ImmutableArray.CreateBuilder<InviteRoomStateWarning>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entryPath = JsonPath.Index(path, i);
            var (pdu, problem, message) = CheckEntry(entries[i], version, roomId, keys, rules);
            if (problem is not { } rule)
            {
                valid.Add(pdu!);
                continue;
            }
            if (strict) return (null, MatrixError.Of(rule, entryPath + ": " + message));
            warnings.Add(new InviteRoomStateWarning(rule, entryPath, message));
        }

        // The create event MUST be present; in room version 12 it is what binds the stripped state to the room ID.
        if (valid.FirstOrDefault(e => e.Type == EventTypes.Create && e.StateKey == "") is not { } create)
        {
            var missing = path + " has no valid m.room.create event";
            if (strict) return (null, MatrixError.Of(rules.MissingCreate, missing));
            warnings.Add(new InviteRoomStateWarning(rules.MissingCreate, path, missing));
        }
        else if (SendJoinResponses.CreateEventVersion(create) is var created && !string.Equals(created, version.Id, StringComparison.Ordinal))
        {
            // The room's version is its create event's: a list whose create event names another version than the
            // answer or request claims shows the claim false, in every room version.
            return (null, MatrixError.Of(rules.VersionMismatch, $"the room is version {version.Id} by the request, {created ?? "(not a string)"} by its create event"));
        }
        return (new InviteRoomStateResult(valid.ToImmutable(), warnings.ToImmutable()), null);
    }

    private static (Pdu? Pdu, DanceRule? Problem, string Message) CheckEntry(JsonValue entry, RoomVersion version, RoomId roomId, KeyRing keys, RoomStateRules rules)
    {
        if (entry is not JsonObject json) return (null, rules.EntryNotAnObject, "the entry is not an object");
        // A full PDU of the room version (not a stripped event), with valid signatures and hashes.
        var (accepted, dropped) = PduVerification.Check(json, version.Format, keys);
        if (dropped is { Stage: InboundStage.Format }) return (null, rules.EntryMalformed, "the entry is not an event of the room version: " + dropped.Failure);
        if (dropped is not null) return (null, rules.EntryBadSignature, "the entry's signatures do not verify: " + dropped.Failure);
        if (accepted!.ReplacedByRedaction) return (null, rules.EntryBadSignature, "the entry's content does not match its content hash");
        var pdu = accepted.Pdu;
        if (pdu.StateKey is null) return (null, rules.EntryNotState, "the entry is not a state event");
        // Same room; in room version 12 the create event's room ID is computed from its own hash (the parser
        // derives it), so a forged create names a different room.
        if (!pdu.RoomId.Equals(roomId)) return (null, rules.EntryOtherRoom, $"the entry is in room {pdu.RoomId}, not {roomId}");
        return (pdu, null, "");
    }
}
