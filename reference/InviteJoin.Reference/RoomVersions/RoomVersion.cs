using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.RoomVersions;

/// <summary>Which state resolution algorithm a room version uses (spec v1.19, "Room Versions").</summary>
public enum StateResolutionAlgorithm
{
    /// <summary>State resolution v1 (room version 1).</summary>
    V1,

    /// <summary>State resolution v2 (room versions 2–11, MSC1442).</summary>
    V2,

    /// <summary>State resolution v2.1 (room version 12, MSC4297): empty starting map and the conflicted subgraph.</summary>
    V2_1,
}

/// <summary>
/// A room version as data: its identifier, its event format and one named flag per behaviour the
/// versions disagree on (spec v1.19, "Room Versions" and each version's page). Rules ask a flag,
/// never compare version numbers; each later version is written as a delta of the one before.
/// </summary>
public sealed record RoomVersion
{
    /// <summary>Room version 1: the original rules, state resolution v1.</summary>
    public static readonly RoomVersion V1 = new()
    {
        Id = "1",
        Format = EventFormat.V1,
        StateResolution = StateResolutionAlgorithm.V1,
        SpecialCaseAliasesAuth = true,
        RedactionAuthRule = true,
        StringPowerLevels = true,
        FloatPowerLevels = true,
        CreatorInContent = true,
        SignatureFromEventIdServer = true,
        CreateEventInAuthEvents = true,
    };

    /// <summary>Room version 2: state resolution v2 (MSC1442).</summary>
    public static readonly RoomVersion V2 = V1 with { Id = "2", StateResolution = StateResolutionAlgorithm.V2 };

    /// <summary>Room version 3: hash event IDs; the redaction auth rule and the event-ID-server signature go (MSC1659).</summary>
    public static readonly RoomVersion V3 = V2 with { Id = "3", Format = EventFormat.V3, RedactionAuthRule = false, SignatureFromEventIdServer = false };

    /// <summary>Room version 4: URL-safe event IDs (MSC2002).</summary>
    public static readonly RoomVersion V4 = V3 with { Id = "4", Format = EventFormat.V4 };

    /// <summary>Room version 5: signing-key validity periods are enforced (MSC2077).</summary>
    public static readonly RoomVersion V5 = V4 with { Id = "5", Format = EventFormat.V5 };

    /// <summary>Room version 6: canonical JSON enforced, aliases no longer special, notifications power levels checked (MSC2432, MSC2209, MSC2540).</summary>
    public static readonly RoomVersion V6 = V5 with
    {
        Id = "6",
        Format = EventFormat.V6,
        SpecialCaseAliasesAuth = false,
        FloatPowerLevels = false,
        NotificationsPowerLevels = true,
    };

    /// <summary>Room version 7: knocking (MSC2403).</summary>
    public static readonly RoomVersion V7 = V6 with { Id = "7", Knocking = true };

    /// <summary>Room version 8: restricted join rules and <c>join_authorised_via_users_server</c> (MSC3083).</summary>
    public static readonly RoomVersion V8 = V7 with { Id = "8", Format = EventFormat.V8, RestrictedJoins = true };

    /// <summary>Room version 9: <c>join_authorised_via_users_server</c> survives redaction (MSC3375).</summary>
    public static readonly RoomVersion V9 = V8 with { Id = "9", Format = EventFormat.V9 };

    /// <summary>Room version 10: <c>knock_restricted</c> (MSC3787) and integer-only power levels (MSC3667).</summary>
    public static readonly RoomVersion V10 = V9 with { Id = "10", KnockRestricted = true, StringPowerLevels = false, IntegerPowerLevels = true };

    /// <summary>Room version 11: the creator is the create event's sender and the v11 redaction algorithm (MSC2174, MSC2175, MSC2176, MSC3821, MSC3989).</summary>
    public static readonly RoomVersion V11 = V10 with { Id = "11", Format = EventFormat.V11, CreatorInContent = false };

    /// <summary>Room version 12: room IDs from the create event, privileged creators, state resolution v2.1 (MSC4289, MSC4291, MSC4297, MSC4304).</summary>
    public static readonly RoomVersion V12 = V11 with
    {
        Id = "12",
        Format = EventFormat.V12,
        StateResolution = StateResolutionAlgorithm.V2_1,
        PrivilegedCreators = true,
        CreateEventInAuthEvents = false,
        RoomIdIsCreateEventHash = true,
    };

    /// <summary>The identifier used in <c>m.room.create</c> content and on the wire ("1" … "12").</summary>
    public required string Id { get; init; }

    /// <summary>Event IDs, redaction, canonical JSON and the PDU format.</summary>
    public required EventFormat Format { get; init; }

    public required StateResolutionAlgorithm StateResolution { get; init; }

    /// <summary>v1–5: <c>m.room.aliases</c> is authorised by its state key matching the sender's server, bypassing power levels.</summary>
    public bool SpecialCaseAliasesAuth { get; init; }

    /// <summary>v1–2: <c>m.room.redaction</c> has its own auth rule (redact level, or same server as the redacted event).</summary>
    public bool RedactionAuthRule { get; init; }

    /// <summary>v1–9: power levels may be strings holding integers.</summary>
    public bool StringPowerLevels { get; init; }

    /// <summary>v1–5: power levels may be JSON floats, truncated towards zero.</summary>
    public bool FloatPowerLevels { get; init; }

    /// <summary>v10+: power-level values must be integers; strings and other types are rejected (MSC3667).</summary>
    public bool IntegerPowerLevels { get; init; }

    /// <summary>v6+: changes to <c>notifications</c> in power levels are checked like <c>events</c> (MSC2209).</summary>
    public bool NotificationsPowerLevels { get; init; }

    /// <summary>v1–10: <c>m.room.create</c> must carry <c>content.creator</c>, which names the creator; from v11 the creator is the sender.</summary>
    public bool CreatorInContent { get; init; }

    /// <summary>v1–2: events must also be signed by the server named in their event ID.</summary>
    public bool SignatureFromEventIdServer { get; init; }

    /// <summary>v7+: the <c>knock</c> membership and join rule; a knocking user may leave.</summary>
    public bool Knocking { get; init; }

    /// <summary>v8+: the <c>restricted</c> join rule and the <c>join_authorised_via_users_server</c> signature rule.</summary>
    public bool RestrictedJoins { get; init; }

    /// <summary>v10+: the <c>knock_restricted</c> join rule.</summary>
    public bool KnockRestricted { get; init; }

    /// <summary>v12: the create event's sender and <c>additional_creators</c> have unbounded power and may not be listed in <c>users</c>.</summary>
    public bool PrivilegedCreators { get; init; }

    /// <summary>v1–11: every non-create event must cite the create event in <c>auth_events</c>; v12 forbids citing it.</summary>
    public bool CreateEventInAuthEvents { get; init; }

    /// <summary>v12: the room ID is <c>!</c> plus the create event's reference hash, checked by auth rule 2.</summary>
    public bool RoomIdIsCreateEventHash { get; init; }

    public override string ToString() => Id;
}
