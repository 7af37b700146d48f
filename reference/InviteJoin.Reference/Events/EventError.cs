using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Events;

/// <summary>Why a JSON object is not a valid PDU of its room version (spec v1.19, server-server API "PDUs" and the per-version PDU formats).</summary>
public enum EventError
{
    [WireToken("pdu.not_an_object")] NotAnObject,
    [WireToken("pdu.missing_field")] MissingField,
    [WireToken("pdu.wrong_type")] WrongType,
    [WireToken("pdu.bad_identifier")] BadIdentifier,
    [WireToken("pdu.too_large")] TooLarge,
    [WireToken("pdu.field_too_long")] FieldTooLong,
    [WireToken("pdu.too_many_auth_events")] TooManyAuthEvents,
    [WireToken("pdu.too_many_prev_events")] TooManyPrevEvents,
    [WireToken("pdu.depth_out_of_range")] DepthOutOfRange,
    [WireToken("pdu.timestamp_out_of_range")] TimestampOutOfRange,
    [WireToken("pdu.not_canonical_json")] NotCanonicalJson,
    [WireToken("pdu.unexpected_field")] UnexpectedField,
    [WireToken("pdu.bad_hashes")] BadHashes,
    [WireToken("pdu.bad_signatures")] BadSignatures,
    [WireToken("pdu.event_id_mismatch")] EventIdMismatch,
    [WireToken("pdu.unknown_room_version")] UnknownRoomVersion,
    [WireToken("pdu.invalid_state_key")] InvalidStateKey,
}
