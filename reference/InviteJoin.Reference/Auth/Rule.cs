// Generated from spec/rules/catalogue.json by generators/InviteJoin.Catalogue: edit the catalogue, then run
// `dotnet run --project generators/InviteJoin.Catalogue -- --write`. A test fails while this file differs from what the catalogue gives.
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Every branch of the authorisation rules of room versions 1–12 that decides, allow or reject,
/// in the spec's order. The wire token is the stable name vectors and the command line carry;
/// each token's decision, room versions, clause numbers, meaning and spec link are in
/// <c>spec/rules/catalogue.json</c>, whose tables on the <c>spec/rules</c> pages are written from it.
/// </summary>
public enum Rule
{
    // Rule 1: m.room.create.
    [WireToken("create.has_prev_events")] CreateHasPrevEvents,
    [WireToken("create.room_id_server_mismatch")] CreateRoomIdServerMismatch,
    [WireToken("create.has_room_id")] CreateHasRoomId,
    [WireToken("create.unknown_room_version")] CreateUnknownRoomVersion,
    [WireToken("create.missing_creator")] CreateMissingCreator,
    [WireToken("create.invalid_additional_creators")] CreateInvalidAdditionalCreators,
    [WireToken("create.allowed")] CreateAllowed,

    // Rule 2 (v12): the room ID names an accepted create event.
    [WireToken("room.not_create_event_hash")] RoomNotCreateEventHash,

    // Rule 2 (v1–11) / 3 (v12): the event's auth events.
    [WireToken("auth_events.missing")] AuthEventsMissing,
    [WireToken("auth_events.cites_itself")] AuthEventsCitesItself,
    [WireToken("auth_events.duplicate")] AuthEventsDuplicate,
    [WireToken("auth_events.unexpected")] AuthEventsUnexpected,
    [WireToken("auth_events.rejected")] AuthEventsRejected,
    [WireToken("auth_events.missing_create")] AuthEventsMissingCreate,
    [WireToken("auth_events.other_room")] AuthEventsOtherRoom,

    // m.federate.
    [WireToken("federate.foreign_sender")] FederateForeignSender,

    // m.room.aliases (v1–5).
    [WireToken("aliases.no_state_key")] AliasesNoStateKey,
    [WireToken("aliases.server_mismatch")] AliasesServerMismatch,
    [WireToken("aliases.allowed")] AliasesAllowed,

    // m.room.member: shape and the authorising server's signature.
    [WireToken("member.no_state_key_or_membership")] MemberNoStateKeyOrMembership,
    [WireToken("member.authoriser_signature_invalid")] MemberAuthoriserSignatureInvalid,

    // m.room.member, membership join.
    [WireToken("member.join.creator_first_join")] MemberJoinCreatorFirstJoin,
    [WireToken("member.join.sender_not_target")] MemberJoinSenderNotTarget,
    [WireToken("member.join.sender_banned")] MemberJoinSenderBanned,
    [WireToken("member.join.invited_or_joined")] MemberJoinInvitedOrJoined,
    [WireToken("member.join.not_invited")] MemberJoinNotInvited,
    [WireToken("member.join.missing_join_rules.invited_or_joined")] MemberJoinMissingJoinRulesInvitedOrJoined,
    [WireToken("member.join.missing_join_rules.not_invited")] MemberJoinMissingJoinRulesNotInvited,
    [WireToken("member.join.restricted.already_member")] MemberJoinRestrictedAlreadyMember,
    [WireToken("member.join.restricted.no_authoriser")] MemberJoinRestrictedNoAuthoriser,
    [WireToken("member.join.restricted.authoriser_not_joined")] MemberJoinRestrictedAuthoriserNotJoined,
    [WireToken("member.join.restricted.authoriser_lacks_power")] MemberJoinRestrictedAuthoriserLacksPower,
    [WireToken("member.join.restricted.authorised")] MemberJoinRestrictedAuthorised,
    [WireToken("member.join.public")] MemberJoinPublic,
    [WireToken("member.join.forbidden_join_rule")] MemberJoinForbiddenJoinRule,

    // m.room.member, membership invite with a third-party invite.
    [WireToken("member.invite.third_party.target_banned")] MemberInviteThirdPartyTargetBanned,
    [WireToken("member.invite.third_party.no_signed")] MemberInviteThirdPartyNoSigned,
    [WireToken("member.invite.third_party.missing_mxid_or_token")] MemberInviteThirdPartyMissingMxidOrToken,
    [WireToken("member.invite.third_party.mxid_mismatch")] MemberInviteThirdPartyMxidMismatch,
    [WireToken("member.invite.third_party.no_matching_invite")] MemberInviteThirdPartyNoMatchingInvite,
    [WireToken("member.invite.third_party.sender_mismatch")] MemberInviteThirdPartySenderMismatch,
    [WireToken("member.invite.third_party.allowed")] MemberInviteThirdPartyAllowed,
    [WireToken("member.invite.third_party.bad_signature")] MemberInviteThirdPartyBadSignature,

    // m.room.member, membership invite.
    [WireToken("member.invite.sender_not_joined")] MemberInviteSenderNotJoined,
    [WireToken("member.invite.target_joined_or_banned")] MemberInviteTargetJoinedOrBanned,
    [WireToken("member.invite.allowed")] MemberInviteAllowed,
    [WireToken("member.invite.insufficient_power")] MemberInviteInsufficientPower,

    // m.room.member, membership leave.
    [WireToken("member.leave.self_allowed")] MemberLeaveSelfAllowed,
    [WireToken("member.leave.self_not_member")] MemberLeaveSelfNotMember,
    [WireToken("member.leave.sender_not_joined")] MemberLeaveSenderNotJoined,
    [WireToken("member.leave.unban_insufficient_power")] MemberLeaveUnbanInsufficientPower,
    [WireToken("member.leave.kick_allowed")] MemberLeaveKickAllowed,
    [WireToken("member.leave.insufficient_power")] MemberLeaveInsufficientPower,

    // m.room.member, membership ban.
    [WireToken("member.ban.sender_not_joined")] MemberBanSenderNotJoined,
    [WireToken("member.ban.allowed")] MemberBanAllowed,
    [WireToken("member.ban.insufficient_power")] MemberBanInsufficientPower,

    // m.room.member, membership knock (v7+).
    [WireToken("member.knock.join_rule_not_knock")] MemberKnockJoinRuleNotKnock,
    [WireToken("member.knock.sender_not_target")] MemberKnockSenderNotTarget,
    [WireToken("member.knock.allowed")] MemberKnockAllowed,
    [WireToken("member.knock.already_member")] MemberKnockAlreadyMember,

    // m.room.member, any other membership.
    [WireToken("member.unknown_membership")] MemberUnknownMembership,

    // The sender must be joined.
    [WireToken("sender.not_joined")] SenderNotJoined,

    // m.room.third_party_invite.
    [WireToken("third_party_invite.allowed")] ThirdPartyInviteAllowed,
    [WireToken("third_party_invite.insufficient_power")] ThirdPartyInviteInsufficientPower,

    // The required power level of the event type.
    [WireToken("event.insufficient_power")] EventInsufficientPower,

    // State keys naming another user.
    [WireToken("event.state_key_impersonation")] EventStateKeyImpersonation,

    // m.room.power_levels.
    [WireToken("power_levels.non_integer_value")] PowerLevelsNonIntegerValue,
    [WireToken("power_levels.non_integer_map")] PowerLevelsNonIntegerMap,
    [WireToken("power_levels.invalid_users")] PowerLevelsInvalidUsers,
    [WireToken("power_levels.unparseable_value")] PowerLevelsUnparseableValue,
    [WireToken("power_levels.creator_in_users")] PowerLevelsCreatorInUsers,
    [WireToken("power_levels.initial")] PowerLevelsInitial,
    [WireToken("power_levels.top_level_change_exceeds_power")] PowerLevelsTopLevelChangeExceedsPower,
    [WireToken("power_levels.map_change_exceeds_power")] PowerLevelsMapChangeExceedsPower,
    [WireToken("power_levels.map_value_exceeds_power")] PowerLevelsMapValueExceedsPower,
    [WireToken("power_levels.user_change_not_lower")] PowerLevelsUserChangeNotLower,
    [WireToken("power_levels.user_value_exceeds_power")] PowerLevelsUserValueExceedsPower,
    [WireToken("power_levels.allowed")] PowerLevelsAllowed,

    // m.room.redaction (v1–2).
    [WireToken("redaction.allowed_power")] RedactionAllowedPower,
    [WireToken("redaction.allowed_same_server")] RedactionAllowedSameServer,
    [WireToken("redaction.insufficient_power")] RedactionInsufficientPower,

    // Otherwise, allow.
    [WireToken("event.allowed")] EventAllowed,
}
