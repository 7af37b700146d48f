using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Profiles;

/// <summary>
/// Every switch by which a behaviour profile departs from the spec: one place where a named
/// implementation answers otherwise than the Matrix specification (v1.19) says. Rules and state
/// resolution ask for a switch, never for a profile; the switch's facts (room versions, the
/// implementation's code, the spec section, why) are in <see cref="DivergenceFacts"/> and
/// <c>spec/divergences.md</c>.
/// </summary>
public enum Divergence
{
    /// <summary>State resolution v2/v2.1 skips every event rejected on receipt and never uses a rejected event of the partial state.</summary>
    [WireToken("synapse.rejected_never_readmitted")] RejectedNeverReadmitted,

    /// <summary>A state set's entry that fails the rules against its own auth events is resolved like any other entry.</summary>
    [WireToken("synapse.rejected_state_entries_kept")] RejectedStateEntriesKept,

    /// <summary>The auth difference counts each state set's own events as part of that set's auth chain.</summary>
    [WireToken("synapse.auth_difference_includes_state")] AuthDifferenceIncludesState,

    /// <summary>State resolution v1 keeps the least deep candidate of an ordinary key when no candidate passes.</summary>
    [WireToken("synapse.v1_keeps_last_candidate")] V1KeepsLastCandidate,

    /// <summary>Power events need the empty state key, and the create event is one.</summary>
    [WireToken("synapse.power_events_empty_state_key")] PowerEventsEmptyStateKey,

    /// <summary>A create event's <c>room_version</c> may name an experimental version the implementation knows; an array or object there raises.</summary>
    [WireToken("synapse.create_experimental_room_versions")] CreateExperimentalRoomVersions,

    /// <summary><c>m.federate: false</c> also applies to the target of a membership event.</summary>
    [WireToken("synapse.federate_checks_target")] FederateChecksTarget,

    /// <summary>Any <c>m.federate</c> value other than <c>true</c> (a string, a number, null) closes the room.</summary>
    [WireToken("synapse.federate_only_true")] FederateOnlyTrue,

    /// <summary>The authorising server's signature is required for joins only, and only on receipt.</summary>
    [WireToken("synapse.authoriser_signature_join_only")] AuthoriserSignatureJoinOnly,

    /// <summary>A join-rules event without <c>join_rule</c> counts as <c>invite</c>.</summary>
    [WireToken("synapse.join_rule_absent_is_invite")] JoinRuleAbsentIsInvite,

    /// <summary>Power levels are read with Python's <c>int()</c>: booleans are 0 or 1, a value that does not convert raises.</summary>
    [WireToken("synapse.power_levels_python_int")] PowerLevelsPythonInt,

    /// <summary>A power-levels event is compared with the state's power-levels event of its own state key, so one with another state key than the empty one is checked as the room's first.</summary>
    [WireToken("synapse.power_levels_by_own_state_key")] PowerLevelsByOwnStateKey,

    /// <summary>A new power-levels event's malformed content raises a non-authorisation error instead of being rejected.</summary>
    [WireToken("synapse.power_levels_content_raises")] PowerLevelsContentRaises,

    /// <summary>A member event without <c>membership</c> or state key, or with a malformed third-party invite or authoriser, raises.</summary>
    [WireToken("synapse.malformed_member_raises")] MalformedMemberRaises,

    /// <summary>Each public key of a third-party invite is tried against the first ed25519 signature only; a key that is not 32 bytes raises.</summary>
    [WireToken("synapse.third_party_invite_first_signature")] ThirdPartyInviteFirstSignature,

    /// <summary>A cited auth event that was not supplied (in room version 12 also the implied create event) raises.</summary>
    [WireToken("synapse.missing_auth_event_raises")] MissingAuthEventRaises,

    /// <summary>A room version 12 event that lists the create event in <c>auth_events</c> raises.</summary>
    [WireToken("synapse.cited_create_raises")] CitedCreateRaises,
}
