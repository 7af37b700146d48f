using InviteJoin.Reference.Errors;
using static InviteJoin.Reference.Dance.Endpoints.MatrixErrorCode;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// Every branch of the membership handshakes that decides, refusal or success, one token each (spec
/// v1.19, server-server API "Joining Rooms", "Restricted rooms", "Knocking upon a room", "Inviting to a
/// room", "Leaving Rooms (Rejecting Invites)", "Third-party invites", "Checks performed on receipt of a
/// PDU"). The wire token is the stable name tests and vectors compare; the status and errcode travel
/// with it. Each token has a row in <c>spec/dance.md</c>.
/// </summary>
public enum DanceRule
{
    // GET /_matrix/federation/v1/make_join/{roomId}/{userId} (the resident).
    [WireToken("make_join.bad_user_id"), HttpOutcome(400, InvalidParam)] MakeJoinBadUserId,
    [WireToken("make_join.user_not_on_origin"), HttpOutcome(403, Forbidden)] MakeJoinUserNotOnOrigin,
    [WireToken("make_join.unknown_room"), HttpOutcome(404, NotFound)] MakeJoinUnknownRoom,
    [WireToken("make_join.not_resident"), HttpOutcome(404, NotFound)] MakeJoinNotResident,
    [WireToken("make_join.incompatible_room_version"), HttpOutcome(400, IncompatibleRoomVersion)] MakeJoinIncompatibleRoomVersion,
    [WireToken("make_join.restricted.no_valid_conditions"), HttpOutcome(403, Forbidden)] MakeJoinRestrictedNoValidConditions,
    [WireToken("make_join.restricted.unable_to_authorise"), HttpOutcome(400, UnableToAuthoriseJoin)] MakeJoinRestrictedUnableToAuthorise,
    [WireToken("make_join.restricted.conditions_not_met"), HttpOutcome(403, Forbidden)] MakeJoinRestrictedConditionsNotMet,
    [WireToken("make_join.restricted.unable_to_grant"), HttpOutcome(400, UnableToGrantJoin)] MakeJoinRestrictedUnableToGrant,
    [WireToken("make_join.not_authorised"), HttpOutcome(403, Forbidden)] MakeJoinNotAuthorised,
    [WireToken("make_join.issued"), HttpOutcome(200)] MakeJoinIssued,
    [WireToken("make_join.issued_restricted"), HttpOutcome(200)] MakeJoinIssuedRestricted,

    // The joining (leaving, knocking) server's check of a make_* template before it signs it (B23).
    [WireToken("template.malformed_response"), HttpOutcome(502, InvalidParam)] TemplateMalformedResponse,
    [WireToken("template.unsupported_room_version"), HttpOutcome(502, InvalidParam)] TemplateUnsupportedRoomVersion,
    [WireToken("template.wrong_type"), HttpOutcome(502, InvalidParam)] TemplateWrongType,
    [WireToken("template.wrong_room"), HttpOutcome(502, InvalidParam)] TemplateWrongRoom,
    [WireToken("template.wrong_sender"), HttpOutcome(502, InvalidParam)] TemplateWrongSender,
    [WireToken("template.wrong_state_key"), HttpOutcome(502, InvalidParam)] TemplateWrongStateKey,
    [WireToken("template.wrong_membership"), HttpOutcome(502, InvalidParam)] TemplateWrongMembership,
    [WireToken("template.unexpected_content_key"), HttpOutcome(502, InvalidParam)] TemplateUnexpectedContentKey,
    [WireToken("template.unexpected_field"), HttpOutcome(502, InvalidParam)] TemplateUnexpectedField,
    [WireToken("template.not_a_pdu"), HttpOutcome(502, InvalidParam)] TemplateNotAPdu,
    [WireToken("template.accepted"), HttpOutcome(200)] TemplateAccepted,
    [WireToken("template.completed"), HttpOutcome(200)] TemplateCompleted,

    // PUT /_matrix/federation/v2/send_join/{roomId}/{eventId} (the resident).
    [WireToken("send_join.bad_omit_members"), HttpOutcome(400, InvalidParam)] SendJoinBadOmitMembers,
    [WireToken("send_join.unknown_room"), HttpOutcome(404, NotFound)] SendJoinUnknownRoom,
    [WireToken("send_join.not_resident"), HttpOutcome(404, NotFound)] SendJoinNotResident,
    [WireToken("send_join.not_an_object"), HttpOutcome(400, BadJson)] SendJoinNotAnObject,
    [WireToken("send_join.malformed_event"), HttpOutcome(400, BadJson)] SendJoinMalformedEvent,
    [WireToken("send_join.room_id_mismatch"), HttpOutcome(400, InvalidParam)] SendJoinRoomIdMismatch,
    [WireToken("send_join.event_id_mismatch"), HttpOutcome(400, InvalidParam)] SendJoinEventIdMismatch,
    [WireToken("send_join.not_member_event"), HttpOutcome(400, InvalidParam)] SendJoinNotMemberEvent,
    [WireToken("send_join.wrong_membership"), HttpOutcome(400, InvalidParam)] SendJoinWrongMembership,
    [WireToken("send_join.state_key_not_sender"), HttpOutcome(400, InvalidParam)] SendJoinStateKeyNotSender,
    [WireToken("send_join.sender_not_on_origin"), HttpOutcome(400, InvalidParam)] SendJoinSenderNotOnOrigin,
    [WireToken("send_join.bad_signature"), HttpOutcome(400, InvalidParam)] SendJoinBadSignature,
    [WireToken("send_join.content_hash_mismatch"), HttpOutcome(400, InvalidParam)] SendJoinContentHashMismatch,
    [WireToken("send_join.unknown_prev_event"), HttpOutcome(400, InvalidParam)] SendJoinUnknownPrevEvent,
    [WireToken("send_join.authoriser_on_other_server"), HttpOutcome(400, InvalidParam)] SendJoinAuthoriserOnOtherServer,
    [WireToken("send_join.restricted.no_valid_conditions"), HttpOutcome(403, Forbidden)] SendJoinRestrictedNoValidConditions,
    [WireToken("send_join.restricted.unable_to_authorise"), HttpOutcome(400, UnableToAuthoriseJoin)] SendJoinRestrictedUnableToAuthorise,
    [WireToken("send_join.restricted.conditions_not_met"), HttpOutcome(403, Forbidden)] SendJoinRestrictedConditionsNotMet,
    [WireToken("send_join.restricted.unable_to_grant"), HttpOutcome(400, UnableToGrantJoin)] SendJoinRestrictedUnableToGrant,
    [WireToken("send_join.auth_events_rejected"), HttpOutcome(403, Forbidden)] SendJoinAuthEventsRejected,
    [WireToken("send_join.not_authorised"), HttpOutcome(403, Forbidden)] SendJoinNotAuthorised,
    [WireToken("send_join.accepted"), HttpOutcome(200)] SendJoinAccepted,
    [WireToken("send_join.accepted_authorised"), HttpOutcome(200)] SendJoinAcceptedAuthorised,

    // The joining server's check of the send_join response before it becomes a resident.
    [WireToken("send_join_response.malformed"), HttpOutcome(502, InvalidParam)] SendJoinResponseMalformed,
    [WireToken("send_join_response.event_changed"), HttpOutcome(502, InvalidParam)] SendJoinResponseEventChanged,
    [WireToken("send_join_response.bad_event"), HttpOutcome(502, InvalidParam)] SendJoinResponseBadEvent,
    [WireToken("send_join_response.missing_servers_in_room"), HttpOutcome(502, InvalidParam)] SendJoinResponseMissingServersInRoom,
    [WireToken("send_join_response.missing_auth_event"), HttpOutcome(502, InvalidParam)] SendJoinResponseMissingAuthEvent,
    [WireToken("send_join_response.state_missing_key"), HttpOutcome(502, InvalidParam)] SendJoinResponseStateMissingKey,
    [WireToken("send_join_response.event_not_authorised"), HttpOutcome(502, InvalidParam)] SendJoinResponseEventNotAuthorised,
    [WireToken("send_join_response.join_not_authorised"), HttpOutcome(502, InvalidParam)] SendJoinResponseJoinNotAuthorised,
    [WireToken("send_join_response.accepted"), HttpOutcome(200)] SendJoinResponseAccepted,

    // PUT /_matrix/federation/v2/invite/{roomId}/{eventId} (the invitee's server).
    [WireToken("invite.not_an_object"), HttpOutcome(400, BadJson)] InviteNotAnObject,
    [WireToken("invite.missing_room_version"), HttpOutcome(400, MissingParam)] InviteMissingRoomVersion,
    [WireToken("invite.incompatible_room_version"), HttpOutcome(400, IncompatibleRoomVersion)] InviteIncompatibleRoomVersion,
    [WireToken("invite.missing_event"), HttpOutcome(400, MissingParam)] InviteMissingEvent,
    [WireToken("invite.malformed_event"), HttpOutcome(400, BadJson)] InviteMalformedEvent,
    [WireToken("invite.room_id_mismatch"), HttpOutcome(400, InvalidParam)] InviteRoomIdMismatch,
    [WireToken("invite.event_id_mismatch"), HttpOutcome(400, InvalidParam)] InviteEventIdMismatch,
    [WireToken("invite.not_member_event"), HttpOutcome(400, InvalidParam)] InviteNotMemberEvent,
    [WireToken("invite.wrong_membership"), HttpOutcome(400, InvalidParam)] InviteWrongMembership,
    [WireToken("invite.sender_not_on_origin"), HttpOutcome(400, InvalidParam)] InviteSenderNotOnOrigin,
    [WireToken("invite.target_not_local"), HttpOutcome(400, InvalidParam)] InviteTargetNotLocal,
    [WireToken("invite.unknown_user"), HttpOutcome(404, NotFound)] InviteUnknownUser,
    [WireToken("invite.bad_signature"), HttpOutcome(400, InvalidParam)] InviteBadSignature,
    [WireToken("invite.content_hash_mismatch"), HttpOutcome(400, InvalidParam)] InviteContentHashMismatch,
    [WireToken("invite.room_state_not_a_list"), HttpOutcome(400, InvalidParam)] InviteRoomStateNotAList,
    [WireToken("invite.room_state_too_many_events"), HttpOutcome(400, InvalidParam)] InviteRoomStateTooManyEvents,
    [WireToken("invite.room_state_too_large"), HttpOutcome(400, InvalidParam)] InviteRoomStateTooLarge,
    [WireToken("invite.room_state_entry_not_an_object"), HttpOutcome(400, InvalidParam)] InviteRoomStateEntryNotAnObject,
    [WireToken("invite.room_state_entry_malformed"), HttpOutcome(400, InvalidParam)] InviteRoomStateEntryMalformed,
    [WireToken("invite.room_state_entry_not_state"), HttpOutcome(400, InvalidParam)] InviteRoomStateEntryNotState,
    [WireToken("invite.room_state_entry_bad_signature"), HttpOutcome(400, InvalidParam)] InviteRoomStateEntryBadSignature,
    [WireToken("invite.room_state_entry_other_room"), HttpOutcome(400, InvalidParam)] InviteRoomStateEntryOtherRoom,
    [WireToken("invite.room_state_missing_create"), HttpOutcome(400, InvalidParam)] InviteRoomStateMissingCreate,
    [WireToken("invite.sender_refused"), HttpOutcome(403, Forbidden)] InviteSenderRefused,
    [WireToken("invite.room_refused"), HttpOutcome(403, Forbidden)] InviteRoomRefused,
    [WireToken("invite.invites_blocked"), HttpOutcome(403, InviteBlocked)] InviteInvitesBlocked,
    [WireToken("invite.countersigned"), HttpOutcome(200)] InviteCountersigned,
    [WireToken("invite.countersigned_with_warnings"), HttpOutcome(200)] InviteCountersignedWithWarnings,

    // The inviting server: building an invite, and its check of the invitee's answer.
    [WireToken("invite_request.not_authorised"), HttpOutcome(403, Forbidden)] InviteRequestNotAuthorised,
    [WireToken("invite_request.built"), HttpOutcome(200)] InviteRequestBuilt,
    [WireToken("invite_response.malformed"), HttpOutcome(502, InvalidParam)] InviteResponseMalformed,
    [WireToken("invite_response.event_changed"), HttpOutcome(502, InvalidParam)] InviteResponseEventChanged,
    [WireToken("invite_response.missing_countersignature"), HttpOutcome(502, InvalidParam)] InviteResponseMissingCountersignature,
    [WireToken("invite_response.not_authorised"), HttpOutcome(403, Forbidden)] InviteResponseNotAuthorised,
    [WireToken("invite_response.accepted"), HttpOutcome(200)] InviteResponseAccepted,

    // GET /_matrix/federation/v1/make_leave/{roomId}/{userId} (the resident).
    [WireToken("make_leave.bad_user_id"), HttpOutcome(400, InvalidParam)] MakeLeaveBadUserId,
    [WireToken("make_leave.user_not_on_origin"), HttpOutcome(403, Forbidden)] MakeLeaveUserNotOnOrigin,
    [WireToken("make_leave.unknown_room"), HttpOutcome(404, NotFound)] MakeLeaveUnknownRoom,
    [WireToken("make_leave.not_resident"), HttpOutcome(404, NotFound)] MakeLeaveNotResident,
    [WireToken("make_leave.not_authorised"), HttpOutcome(403, Forbidden)] MakeLeaveNotAuthorised,
    [WireToken("make_leave.issued"), HttpOutcome(200)] MakeLeaveIssued,

    // PUT /_matrix/federation/v2/send_leave/{roomId}/{eventId} (the resident).
    [WireToken("send_leave.unknown_room"), HttpOutcome(404, NotFound)] SendLeaveUnknownRoom,
    [WireToken("send_leave.not_resident"), HttpOutcome(404, NotFound)] SendLeaveNotResident,
    [WireToken("send_leave.not_an_object"), HttpOutcome(400, BadJson)] SendLeaveNotAnObject,
    [WireToken("send_leave.malformed_event"), HttpOutcome(400, BadJson)] SendLeaveMalformedEvent,
    [WireToken("send_leave.room_id_mismatch"), HttpOutcome(400, InvalidParam)] SendLeaveRoomIdMismatch,
    [WireToken("send_leave.event_id_mismatch"), HttpOutcome(400, InvalidParam)] SendLeaveEventIdMismatch,
    [WireToken("send_leave.not_member_event"), HttpOutcome(400, InvalidParam)] SendLeaveNotMemberEvent,
    [WireToken("send_leave.wrong_membership"), HttpOutcome(400, InvalidParam)] SendLeaveWrongMembership,
    [WireToken("send_leave.state_key_not_sender"), HttpOutcome(400, InvalidParam)] SendLeaveStateKeyNotSender,
    [WireToken("send_leave.sender_not_on_origin"), HttpOutcome(400, InvalidParam)] SendLeaveSenderNotOnOrigin,
    [WireToken("send_leave.bad_signature"), HttpOutcome(400, InvalidParam)] SendLeaveBadSignature,
    [WireToken("send_leave.content_hash_mismatch"), HttpOutcome(400, InvalidParam)] SendLeaveContentHashMismatch,
    [WireToken("send_leave.unknown_prev_event"), HttpOutcome(400, InvalidParam)] SendLeaveUnknownPrevEvent,
    [WireToken("send_leave.auth_events_rejected"), HttpOutcome(403, Forbidden)] SendLeaveAuthEventsRejected,
    [WireToken("send_leave.not_authorised"), HttpOutcome(403, Forbidden)] SendLeaveNotAuthorised,
    [WireToken("send_leave.accepted"), HttpOutcome(200)] SendLeaveAccepted,

    // GET /_matrix/federation/v1/make_knock/{roomId}/{userId} (the resident).
    [WireToken("make_knock.missing_ver"), HttpOutcome(400, MissingParam)] MakeKnockMissingVer,
    [WireToken("make_knock.bad_user_id"), HttpOutcome(400, InvalidParam)] MakeKnockBadUserId,
    [WireToken("make_knock.user_not_on_origin"), HttpOutcome(403, Forbidden)] MakeKnockUserNotOnOrigin,
    [WireToken("make_knock.unknown_room"), HttpOutcome(404, NotFound)] MakeKnockUnknownRoom,
    [WireToken("make_knock.not_resident"), HttpOutcome(404, NotFound)] MakeKnockNotResident,
    [WireToken("make_knock.incompatible_room_version"), HttpOutcome(400, IncompatibleRoomVersion)] MakeKnockIncompatibleRoomVersion,
    [WireToken("make_knock.not_authorised"), HttpOutcome(403, Forbidden)] MakeKnockNotAuthorised,
    [WireToken("make_knock.issued"), HttpOutcome(200)] MakeKnockIssued,

    // PUT /_matrix/federation/v1/send_knock/{roomId}/{eventId} (the resident).
    [WireToken("send_knock.unknown_room"), HttpOutcome(404, NotFound)] SendKnockUnknownRoom,
    [WireToken("send_knock.not_resident"), HttpOutcome(404, NotFound)] SendKnockNotResident,
    [WireToken("send_knock.not_an_object"), HttpOutcome(400, BadJson)] SendKnockNotAnObject,
    [WireToken("send_knock.malformed_event"), HttpOutcome(400, BadJson)] SendKnockMalformedEvent,
    [WireToken("send_knock.room_id_mismatch"), HttpOutcome(400, InvalidParam)] SendKnockRoomIdMismatch,
    [WireToken("send_knock.event_id_mismatch"), HttpOutcome(400, InvalidParam)] SendKnockEventIdMismatch,
    [WireToken("send_knock.not_member_event"), HttpOutcome(400, InvalidParam)] SendKnockNotMemberEvent,
    [WireToken("send_knock.wrong_membership"), HttpOutcome(400, InvalidParam)] SendKnockWrongMembership,
    [WireToken("send_knock.state_key_not_sender"), HttpOutcome(400, InvalidParam)] SendKnockStateKeyNotSender,
    [WireToken("send_knock.sender_not_on_origin"), HttpOutcome(400, InvalidParam)] SendKnockSenderNotOnOrigin,
    [WireToken("send_knock.bad_signature"), HttpOutcome(400, InvalidParam)] SendKnockBadSignature,
    [WireToken("send_knock.content_hash_mismatch"), HttpOutcome(400, InvalidParam)] SendKnockContentHashMismatch,
    [WireToken("send_knock.unknown_prev_event"), HttpOutcome(400, InvalidParam)] SendKnockUnknownPrevEvent,
    [WireToken("send_knock.auth_events_rejected"), HttpOutcome(403, Forbidden)] SendKnockAuthEventsRejected,
    [WireToken("send_knock.not_authorised"), HttpOutcome(403, Forbidden)] SendKnockNotAuthorised,
    [WireToken("send_knock.accepted"), HttpOutcome(200)] SendKnockAccepted,

    // PUT /_matrix/federation/v1/exchange_third_party_invite/{roomId} (the inviting server).
    [WireToken("exchange_third_party_invite.unknown_room"), HttpOutcome(404, NotFound)] ExchangeThirdPartyInviteUnknownRoom,
    [WireToken("exchange_third_party_invite.not_resident"), HttpOutcome(404, NotFound)] ExchangeThirdPartyInviteNotResident,
    [WireToken("exchange_third_party_invite.not_an_object"), HttpOutcome(400, BadJson)] ExchangeThirdPartyInviteNotAnObject,
    [WireToken("exchange_third_party_invite.malformed_event"), HttpOutcome(400, BadJson)] ExchangeThirdPartyInviteMalformedEvent,
    [WireToken("exchange_third_party_invite.room_id_mismatch"), HttpOutcome(400, InvalidParam)] ExchangeThirdPartyInviteRoomIdMismatch,
    [WireToken("exchange_third_party_invite.not_member_event"), HttpOutcome(400, InvalidParam)] ExchangeThirdPartyInviteNotMemberEvent,
    [WireToken("exchange_third_party_invite.wrong_membership"), HttpOutcome(400, InvalidParam)] ExchangeThirdPartyInviteWrongMembership,
    [WireToken("exchange_third_party_invite.missing_third_party_invite"), HttpOutcome(400, InvalidParam)] ExchangeThirdPartyInviteMissingThirdPartyInvite,
    [WireToken("exchange_third_party_invite.sender_not_local"), HttpOutcome(403, Forbidden)] ExchangeThirdPartyInviteSenderNotLocal,
    [WireToken("exchange_third_party_invite.target_not_on_origin"), HttpOutcome(403, Forbidden)] ExchangeThirdPartyInviteTargetNotOnOrigin,
    [WireToken("exchange_third_party_invite.not_authorised"), HttpOutcome(403, Forbidden)] ExchangeThirdPartyInviteNotAuthorised,
    [WireToken("exchange_third_party_invite.issued"), HttpOutcome(200)] ExchangeThirdPartyInviteIssued,

    // A resident creating and sending an event of its own users.
    [WireToken("local_event.unknown_room"), HttpOutcome(404, NotFound)] LocalEventUnknownRoom,
    [WireToken("local_event.sender_not_local"), HttpOutcome(403, Forbidden)] LocalEventSenderNotLocal,
    [WireToken("local_event.malformed"), HttpOutcome(400, BadJson)] LocalEventMalformed,
    [WireToken("local_event.not_authorised"), HttpOutcome(403, Forbidden)] LocalEventNotAuthorised,
    [WireToken("local_event.sent"), HttpOutcome(200)] LocalEventSent,

    // GET /_matrix/federation/v1/state_ids/{roomId} (a resident).
    [WireToken("state_ids.unknown_room"), HttpOutcome(404, NotFound)] StateIdsUnknownRoom,
    [WireToken("state_ids.forbidden"), HttpOutcome(403, Forbidden)] StateIdsForbidden,
    [WireToken("state_ids.unknown_event"), HttpOutcome(404, NotFound)] StateIdsUnknownEvent,
    [WireToken("state_ids.answered"), HttpOutcome(200)] StateIdsAnswered,

    // GET /_matrix/federation/v1/event_auth/{roomId}/{eventId} (a resident).
    [WireToken("event_auth.unknown_room"), HttpOutcome(404, NotFound)] EventAuthUnknownRoom,
    [WireToken("event_auth.forbidden"), HttpOutcome(403, Forbidden)] EventAuthForbidden,
    [WireToken("event_auth.unknown_event"), HttpOutcome(404, NotFound)] EventAuthUnknownEvent,
    [WireToken("event_auth.answered"), HttpOutcome(200)] EventAuthAnswered,

    // One event a server fetched (an auth chain, a state) and takes as an outlier.
    [WireToken("fetched.dropped"), HttpOutcome(200)] FetchedDropped,
    [WireToken("fetched.already_held"), HttpOutcome(200)] FetchedAlreadyHeld,
    [WireToken("fetched.missing_auth_event"), HttpOutcome(200)] FetchedMissingAuthEvent,
    [WireToken("fetched.rejected"), HttpOutcome(200)] FetchedRejected,
    [WireToken("fetched.outlier"), HttpOutcome(200)] FetchedOutlier,

    // One PDU of PUT /_matrix/federation/v1/send/{txnId}: its fate never fails the transaction.
    [WireToken("transaction.unknown_room"), HttpOutcome(200)] TransactionUnknownRoom,
    [WireToken("transaction.dropped"), HttpOutcome(200)] TransactionDropped,
    [WireToken("transaction.already_known"), HttpOutcome(200)] TransactionAlreadyKnown,
    [WireToken("transaction.missing_events"), HttpOutcome(200)] TransactionMissingEvents,
    [WireToken("transaction.state_unknown"), HttpOutcome(200)] TransactionStateUnknown,
    [WireToken("transaction.rejected"), HttpOutcome(200)] TransactionRejected,
    [WireToken("transaction.soft_failed"), HttpOutcome(200)] TransactionSoftFailed,
    [WireToken("transaction.accepted"), HttpOutcome(200)] TransactionAccepted,
}
