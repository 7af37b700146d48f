using S = InviteJoin.Reference.Dance.Machines.LeaveResidentState;
using T = InviteJoin.Reference.Dance.Machines.LeaveResidentTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>Where a resident server is in receiving a leave from a server outside the room (spec v1.19, server-server API "Leaving Rooms (Rejecting Invites)").</summary>
public enum LeaveResidentState
{
    /// <summary>In the room, no request yet.</summary>
    Idle,

    /// <summary>Answered <c>make_leave</c> with a leave template.</summary>
    TemplateIssued,

    /// <summary>A <c>send_leave</c> arrived.</summary>
    LeaveReceived,

    /// <summary>The leave is well formed, from the leaving user's own server, and passes the auth rules.</summary>
    Validated,

    /// <summary>The leave is persisted and sent to the room's other servers.</summary>
    AcceptedAndDistributed,

    /// <summary>Answered 200 <c>{}</c>.</summary>
    Answered,

    /// <summary>Answered 400 or 403.</summary>
    Refused,
}

/// <summary>The messages and steps of the resident server in a remote leave.</summary>
public enum LeaveResidentTrigger
{
    /// <summary><c>GET /v1/make_leave/{roomId}/{userId}</c> arrives.</summary>
    MakeLeave,

    /// <summary><c>PUT /v2/send_leave/{roomId}/{eventId}</c> arrives.</summary>
    SendLeave,

    /// <summary>Validate the leave as the resident SHOULD, then authorise it.</summary>
    CheckLeave,

    /// <summary>Persist the leave and send it to the room's servers.</summary>
    Distribute,

    /// <summary>Answer 200 <c>{}</c>.</summary>
    SendLeaveResponse,
}

/// <summary>The facts the resident's guards read in a remote leave.</summary>
public sealed record LeaveResidentFacts : ITemplateResidentFacts
{
    /// <summary>The room is held with a full state, this server is resident, and its server ACL admits the requesting server.</summary>
    public bool RoomHeldAndResident { get; init; }

    /// <summary>The submitted body is an event of the room's version for the path's room and event ID, its hash matching, its prev events known.</summary>
    public bool EventMatchesThePath { get; init; }

    /// <summary>The user in the path is a user of the requesting server.</summary>
    public bool UserOnRequestingServer { get; init; }

    /// <summary>The user may leave: invited, joined, or knocking (v7+).</summary>
    public bool UserMayLeave { get; init; }

    /// <summary>The submitted event passes the signature checks (it is signed by the sender's server).</summary>
    public bool SignedBySenderServer { get; init; }

    /// <summary>It is an <c>m.room.member</c> event with membership <c>leave</c>.</summary>
    public bool IsLeave { get; init; }

    /// <summary>Its sender is a user of the requesting server.</summary>
    public bool SenderOnOrigin { get; init; }

    /// <summary>Its <c>state_key</c> is its sender.</summary>
    public bool StateKeyIsSender { get; init; }

    /// <summary>It passes the auth rules.</summary>
    public bool Authorised { get; init; }
}

/// <summary>
/// A resident server's side of <c>make_leave</c>/<c>send_leave</c>: issue a template, validate and
/// authorise the submitted leave, distribute it, answer <c>{}</c> (spec v1.19, server-server API
/// "Leaving Rooms (Rejecting Invites)"; <c>leaving-v1.yaml</c>, <c>leaving-v2.yaml</c>).
/// </summary>
public sealed class LeaveResidentMachine : TemplateResidentMachine<LeaveResidentState, LeaveResidentTrigger, LeaveResidentFacts>
{
    // make_leave, send_leave, check, distribute, answer: the steps every resident takes (TemplateResidentMachine).
    private static readonly TemplateResidentSteps<S, T> Steps = new(
        Idle: S.Idle, Request: T.MakeLeave, Issued: S.TemplateIssued,
        Submit: T.SendLeave, Received: S.LeaveReceived, Check: T.CheckLeave, Validated: S.Validated,
        Distribute: T.Distribute, Distributed: S.AcceptedAndDistributed, Answer: T.SendLeaveResponse, Answered: S.Answered,
        Refused: S.Refused);

    public LeaveResidentMachine(LeaveResidentFacts facts, LeaveResidentState current = S.Idle)
        : base(current, facts) =>
        IssueCheckDistributeAndAnswer(Steps,
            request:
            [
                When(() => facts.UserOnRequestingServer, "user on the requesting server"),
                When(() => facts.UserMayLeave, "user invited, joined or knocking"),
            ],
            refusal: "otherwise: 403 M_FORBIDDEN",
            membership: When(() => facts.IsLeave, "m.room.member with membership leave"));
}
