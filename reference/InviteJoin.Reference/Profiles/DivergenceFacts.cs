using System.Collections.Immutable;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Profiles;

/// <summary>
/// The evidence for one <see cref="Divergence"/>: which room versions it can touch, where the
/// implementation does it (file and function, as of the versions the profile names), the issue that
/// discusses it if any, the spec section it departs from, and why, in one line.
/// <c>spec/divergences.md</c> holds one row per switch with the same facts and a runnable input, and
/// a test keeps the two in step.
/// </summary>
public sealed record DivergenceFact(
    Divergence Switch,
    string FirstVersion,
    string LastVersion,
    string Code,
    string? Issue,
    string SpecSection,
    string Why)
{
    /// <summary>The switch's wire token, for example <c>synapse.rejected_never_readmitted</c>.</summary>
    public string Token => WireToken.Of(Switch);

    /// <summary>True when <paramref name="version"/> is within the room versions the switch can touch.</summary>
    public bool Touches(RoomVersion version)
    {
        var index = RoomVersionRegistry.All.IndexOf(version);
        return index >= IndexOf(FirstVersion) && index <= IndexOf(LastVersion);
    }

    private static int IndexOf(string id)
    {
        for (var i = 0; i < RoomVersionRegistry.All.Length; i++)
        {
            if (string.Equals(RoomVersionRegistry.All[i].Id, id, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}

/// <summary>The facts of every <see cref="Divergence"/>, in declaration order.</summary>
public static class DivergenceFacts
{
    private const string EventAuth = "synapse/event_auth.py";
    private const string StateV1 = "synapse/state/v1.py";
    private const string StateV2 = "synapse/state/v2.py";
    private const string Rooms = "spec v1.19, rooms v1–v12 \"Authorization rules\"";

    /// <summary>Every switch's facts; a test checks there is exactly one per <see cref="Divergence"/> member.</summary>
    public static readonly ImmutableArray<DivergenceFact> All =
    [
        new(Divergence.RejectedNeverReadmitted, "2", "12",
            StateV2 + " `_iterative_auth_checks`", "matrix-org/synapse#13797",
            "spec v1.19, rooms v2 \"Rejected events\" and \"Iterative auth checks\"",
            "an event's rejection is kept as it was on receipt, because Synapse cannot un-reject an event it has stored"),
        new(Divergence.RejectedStateEntriesKept, "1", "12",
            StateV1 + " `resolve_events_with_store`; " + StateV2 + " `resolve_events_with_store`", null,
            "spec v1.19, rooms v2 \"Rejected events\" (such events \"should not appear in state\"); rooms v1 \"State resolution\"",
            "the state sets come from Synapse's own state groups, which it trusts, so their entries are not re-checked"),
        new(Divergence.AuthDifferenceIncludesState, "2", "12",
            StateV2 + " `_get_auth_chain_difference`; synapse/storage/databases/main/event_federation.py `get_auth_chain_difference`", null,
            "spec v1.19, rooms v2 \"Auth difference\" (the auth chain of an event excludes the event)",
            "the chain index Synapse computes differences with counts each state event as part of its own chain"),
        new(Divergence.V1KeepsLastCandidate, "1", "1",
            StateV1 + " `_resolve_normal_events`", null,
            "spec v1.19, rooms v1 \"State resolution\" (\"pick the event ... that passes\")",
            "the loop falls through to its last candidate rather than leaving the key out"),
        new(Divergence.PowerEventsEmptyStateKey, "2", "12",
            StateV2 + " `_is_power_event`", null,
            "spec v1.19, rooms v2 \"Power events\"",
            "power events are matched on (type, state key) pairs with the empty state key, as the auth events of the create, power-levels and join-rules events are"),
        new(Divergence.CreateExperimentalRoomVersions, "1", "12",
            EventAuth + " `_check_create`; synapse/api/room_versions.py `KNOWN_ROOM_VERSIONS`", null,
            Rooms + ", m.room.create rule 1.3 (\"not a recognised version\")",
            "the versions Synapse recognises include its experimental ones (org.matrix.msc3757.10, org.matrix.msc3757.11, org.matrix.hydra.11), looked up in a dictionary"),
        new(Divergence.FederateChecksTarget, "1", "12",
            EventAuth + " `_is_membership_change_allowed`", null,
            Rooms + ", m.federate rule (3 / 4 in v12)",
            "a server outside the creator's domain should not be able to gain a member of a non-federating room, not only not send into it"),
        new(Divergence.FederateOnlyTrue, "1", "12",
            EventAuth + " `_can_federate`", null,
            Rooms + ", m.federate rule: \"set to false\"",
            "the value is compared with `is True`, so only JSON true keeps the room federated"),
        new(Divergence.AuthoriserSignatureJoinOnly, "8", "12",
            EventAuth + " `validate_event_for_room_version`", null,
            "spec v1.19, rooms v8–v12 \"Authorization rules\" 4.2.1 / 5.2.1 (any membership with join_authorised_via_users_server)",
            "the signature is checked with the other signatures on receipt, and only where a restricted join needs it"),
        new(Divergence.JoinRuleAbsentIsInvite, "1", "12",
            EventAuth + " `_is_membership_change_allowed`", "matrix-org/matrix-spec#657",
            Rooms + ", membership join (no join_rule value matches no branch)",
            "a missing join_rule is read with the same default as a missing join-rules event"),
        new(Divergence.PowerLevelsPythonInt, "1", "12",
            EventAuth + " `get_user_power_level`, `get_named_level`, `get_send_level`, `_check_power_levels`", null,
            "spec v1.19, rooms v1–v9 \"m.room.power_levels events accept values as strings\"; rooms v10 integer-only power levels",
            "levels are converted with Python's int() wherever they are read, which takes booleans and more string forms and raises on the rest"),
        new(Divergence.PowerLevelsByOwnStateKey, "1", "12",
            EventAuth + " `_check_power_levels`", null,
            Rooms + ", m.room.power_levels rules (\"if there is no previous m.room.power_levels event in the room, allow\")",
            "the previous event is looked up at the new event's (type, state key), and the room's power levels live at the empty state key"),
        new(Divergence.PowerLevelsContentRaises, "1", "12",
            EventAuth + " `_check_power_levels`", null,
            Rooms + ", m.room.power_levels rules (reject)",
            "the content checks raise SynapseError, which is not an authorisation error, so the event fails without being rejected"),
        new(Divergence.MalformedMemberRaises, "1", "12",
            EventAuth + " `auth_types_for_event`, `validate_event_for_room_version`, `_verify_third_party_invite`", null,
            Rooms + ", m.room.member rules (reject)",
            "content fields are read as if present and well-typed, so a missing or malformed one raises from the lookup"),
        new(Divergence.ThirdPartyInviteFirstSignature, "1", "12",
            EventAuth + " `_verify_third_party_invite`", null,
            Rooms + ", membership invite with third_party_invite (\"any signature in signed matches any public key\")",
            "a failed verification ends the try of that public key, and a key that does not decode to 32 bytes raises before any try"),
        new(Divergence.MissingAuthEventRaises, "1", "12",
            EventAuth + " `check_state_independent_auth_rules`", null,
            "spec v1.19, server-server API \"Checks performed on receipt of a PDU\" 4 (reject)",
            "Synapse fetches missing auth events before the check, so a missing one there is a programming error to it"),
        new(Divergence.CitedCreateRaises, "12", "12",
            "synapse/events/__init__.py `FrozenEventV4.auth_event_ids`", null,
            "spec v1.19, rooms v12 \"Authorization rules\" 3.2 (reject)",
            "the event object asserts that the create event is not listed, since it adds the create event itself"),
    ];

    /// <summary>The facts of <paramref name="divergence"/>.</summary>
    public static DivergenceFact Of(Divergence divergence)
    {
        foreach (var fact in All)
        {
            if (fact.Switch == divergence) return fact;
        }
        throw new InvalidOperationException("A divergence has no facts: " + divergence.ToString());
    }
}
