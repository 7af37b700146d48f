using S = InviteJoin.Reference.Dance.Machines.LeaverState;
using T = InviteJoin.Reference.Dance.Machines.LeaverTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>
/// Where a server that is not in the room is in leaving it on behalf of its user: rejecting a remote
/// invite or retracting a remote knock (spec v1.19, server-server API "Leaving Rooms (Rejecting Invites)").
/// </summary>
public enum LeaverState
{
    /// <summary>Our user holds an invite to a room our server is not in.</summary>
    Invited,

    /// <summary>Our user knocked on a room our server is not in (room versions 7+).</summary>
    Knocking,

    /// <summary><c>GET /_matrix/federation/v1/make_leave/{roomId}/{userId}</c> is sent to a resident (the inviting server, or another).</summary>
    TemplateRequested,

    /// <summary>The resident answered with a template and its room version.</summary>
    TemplateReceived,

    /// <summary>The template is a leave of our user from the requested room.</summary>
    TemplateValidated,

    /// <summary>We filled, hashed and signed the leave.</summary>
    Signed,

    /// <summary><c>PUT /_matrix/federation/v2/send_leave/{roomId}/{eventId}</c> is sent.</summary>
    Submitted,

    /// <summary>The resident accepted the leave (200 <c>{}</c>): the invite is rejected, or the knock retracted.</summary>
    Left,

    /// <summary>The leave failed; <see cref="GuardedMachine{TState,TTrigger}.LastTrigger"/> says at which step.</summary>
    Failed,
}

/// <summary>The messages and steps of the leaving server.</summary>
public enum LeaverTrigger
{
    /// <summary>Send <c>GET /v1/make_leave</c> (joining and then leaving is no substitute: it reads as accepting).</summary>
    MakeLeave,

    /// <summary>200 <c>{"room_version", "event"}</c> answering <c>make_leave</c>.</summary>
    MakeLeaveResponse,

    /// <summary>403 (for example: the user is not in the room) answering <c>make_leave</c>.</summary>
    MakeLeaveError,

    /// <summary>Check the template as the leaving server MUST before signing it.</summary>
    CheckTemplate,

    /// <summary>Fill, hash and sign the leave.</summary>
    Sign,

    /// <summary>Send <c>PUT /v2/send_leave</c>.</summary>
    SendLeave,

    /// <summary>200 <c>{}</c>.</summary>
    SendLeaveResponse,

    /// <summary>400 answering <c>send_leave</c>.</summary>
    SendLeaveError,
}

/// <summary>The facts the leaving server's guards read.</summary>
public sealed record LeaverFacts : ITemplateRequesterFacts
{
    /// <summary>Another candidate resident is left to ask.</summary>
    public bool CandidateResidentRemains { get; init; }

    /// <summary>The template's <c>room_id</c> is the requested room.</summary>
    public bool TemplateRoomMatches { get; init; }

    /// <summary>The template's <c>sender</c> and <c>state_key</c> are both the leaving user.</summary>
    public bool TemplateSenderIsUser { get; init; }

    /// <summary>The template holds only what a resident may choose and makes an event of its room version (B23).</summary>
    public bool TemplateOnlyWhatTheResidentMayChoose { get; init; }

    /// <summary>The template is an <c>m.room.member</c> event with membership <c>leave</c>.</summary>
    public bool TemplateIsLeave { get; init; }
}

/// <summary>
/// The leaving server's side of <c>make_leave</c>/<c>send_leave</c>, used when its user holds only an
/// invite or a knock and the server is not in the room's event graph (spec v1.19, server-server API
/// "Leaving Rooms (Rejecting Invites)", "Knocking upon a room"; <c>leaving-v1.yaml</c>, <c>leaving-v2.yaml</c>).
/// A server in the room just sends its leave event.
/// </summary>
public sealed class LeaverMachine : TemplateRequesterMachine<LeaverState, LeaverTrigger, LeaverFacts>
{
    // make_leave, check the template, sign: the steps every requesting server takes (TemplateRequesterMachine).
    private static readonly TemplateRequestSteps<S, T> Steps = new(
        Requested: S.TemplateRequested, Response: T.MakeLeaveResponse, Error: T.MakeLeaveError,
        Received: S.TemplateReceived, Check: T.CheckTemplate, Validated: S.TemplateValidated,
        Sign: T.Sign, Signed: S.Signed, Failed: S.Failed);

    public LeaverMachine(LeaverFacts facts, LeaverState current = S.Invited)
        : base(current, facts, Steps)
    {
        In(S.Invited)
            .Permit(T.MakeLeave, S.TemplateRequested);
        In(S.Knocking)
            .Permit(T.MakeLeave, S.TemplateRequested);
        RequestCheckAndSign(
            roomVersion: null,
            membership: When(() => facts.TemplateIsLeave, "m.room.member with membership leave"));
        // Submitting and the answer stay here, where the handshakes differ: a refused leave is final.
        In(S.Signed)
            .Permit(T.SendLeave, S.Submitted);
        In(S.Submitted)
            .Permit(T.SendLeaveResponse, S.Left)
            .Permit(T.SendLeaveError, S.Failed);
    }
}
