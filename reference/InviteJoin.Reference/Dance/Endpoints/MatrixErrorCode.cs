using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>
/// The Matrix error codes the membership endpoints answer with (spec v1.19, client-server API
/// "Standard error response" and the server-server endpoint descriptions). The wire token is the
/// <c>errcode</c> exactly as it travels.
/// </summary>
public enum MatrixErrorCode
{
    /// <summary>The request is understood but refused (not invited, not allowed, not this server's user).</summary>
    [WireToken("M_FORBIDDEN")] Forbidden,

    /// <summary>A parameter or the event in the body has the wrong value.</summary>
    [WireToken("M_INVALID_PARAM")] InvalidParam,

    /// <summary>A required parameter is absent.</summary>
    [WireToken("M_MISSING_PARAM")] MissingParam,

    /// <summary>The body is JSON but not of the expected shape.</summary>
    [WireToken("M_BAD_JSON")] BadJson,

    /// <summary>The room (or user) is unknown to the answering server.</summary>
    [WireToken("M_NOT_FOUND")] NotFound,

    /// <summary>The requester does not support the room's version; the error carries <c>room_version</c>.</summary>
    [WireToken("M_INCOMPATIBLE_ROOM_VERSION")] IncompatibleRoomVersion,

    /// <summary>A restricted room's resident cannot evaluate any allow condition (spec v1.19, server-server API "Restricted rooms").</summary>
    [WireToken("M_UNABLE_TO_AUTHORISE_JOIN")] UnableToAuthoriseJoin,

    /// <summary>The resident sees the joiner qualifies but has no local user able to authorise the join.</summary>
    [WireToken("M_UNABLE_TO_GRANT_JOIN")] UnableToGrantJoin,

    /// <summary>The invitee blocks invites (spec v1.18+, client-server API "Invite permission").</summary>
    [WireToken("M_INVITE_BLOCKED")] InviteBlocked,
}
