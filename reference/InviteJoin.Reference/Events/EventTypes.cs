namespace InviteJoin.Reference.Events;

/// <summary>
/// The event types the protocol reads, named once (spec v1.19, client-server API "Room Events" and
/// "Types of room events"; server-server API "Server Access Control Lists", "Policy Servers").
/// Every layer above names a type through these constants, never by retyping the string.
/// </summary>
public static class EventTypes
{
    public const string Create = "m.room.create";

    public const string PowerLevels = "m.room.power_levels";

    public const string JoinRules = "m.room.join_rules";

    public const string Member = "m.room.member";

    public const string ThirdPartyInvite = "m.room.third_party_invite";

    public const string Redaction = "m.room.redaction";

    /// <summary>Room versions 1–5 give it a special authorisation rule; later versions treat it as any state event.</summary>
    public const string Aliases = "m.room.aliases";

    public const string HistoryVisibility = "m.room.history_visibility";

    public const string ServerAcl = "m.room.server_acl";

    public const string Name = "m.room.name";

    public const string Topic = "m.room.topic";

    public const string Avatar = "m.room.avatar";

    public const string CanonicalAlias = "m.room.canonical_alias";

    public const string Encryption = "m.room.encryption";

    public const string GuestAccess = "m.room.guest_access";

    public const string Message = "m.room.message";

    /// <summary>The room's policy server (spec v1.18+, "Policy Servers").</summary>
    public const string Policy = "m.room.policy";
}
