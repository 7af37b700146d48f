using S = InviteJoin.Reference.Dance.Machines.JoinResidentState;
using T = InviteJoin.Reference.Dance.Machines.JoinResidentTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>Where a resident server is in helping another server's user join (spec v1.19, server-server API "Joining Rooms").</summary>
public enum JoinResidentState
{
    /// <summary>In the room, no request yet.</summary>
    Idle,

    /// <summary>Answered <c>make_join</c> with a join template.</summary>
    TemplateIssued,

    /// <summary>A <c>send_join</c> arrived (a resident need not remember templates it issued).</summary>
    JoinReceived,

    /// <summary>The join is well formed, from the joining user's own server, and passes the auth rules.</summary>
    Validated,

    /// <summary>The join is persisted and sent to the room's other servers.</summary>
    AcceptedAndDistributed,

    /// <summary>Answered 200 with the room state before the join and the auth chain.</summary>
    Answered,

    /// <summary>Answered 400, 403 or 404.</summary>
    Refused,
}

/// <summary>The messages and steps of the resident server in a join.</summary>
public enum JoinResidentTrigger
{
    /// <summary><c>GET /v1/make_join/{roomId}/{userId}?ver=...</c> arrives.</summary>
    MakeJoin,

    /// <summary><c>PUT /v2/send_join/{roomId}/{eventId}</c> arrives.</summary>
    SendJoin,

    /// <summary>Validate the join as the resident MUST, then authorise it.</summary>
    CheckJoin,

    /// <summary>Persist the join and send it to the room's servers.</summary>
    Distribute,

    /// <summary>Answer 200 <c>{"state", "auth_chain", ...}</c>.</summary>
    SendJoinResponse,
}

/// <summary>The facts the resident's guards read.</summary>
public sealed record JoinResidentFacts : ITemplateResidentFacts
{
    /// <summary>The room is held with a full state, this server is resident, and its server ACL admits the requesting server.</summary>
    public bool RoomHeldAndResident { get; init; }

    /// <summary>The submitted body is an event of the room's version for the path's room and event ID, its hash matching, its prev events known.</summary>
    public bool EventMatchesThePath { get; init; }

    /// <summary>The room's version is among the requester's <c>ver</c> (default <c>["1"]</c>).</summary>
    public bool RoomVersionOffered { get; init; }

    /// <summary>The user in the path is a user of the requesting server.</summary>
    public bool UserOnRequestingServer { get; init; }

    /// <summary>A join by the user would pass the auth rules against the current state (invited, joined, or a public room).</summary>
    public bool JoinWouldBeAllowed { get; init; }

    /// <summary>The submitted event passes the signature checks (it is signed by the sender's server).</summary>
    public bool SignedBySenderServer { get; init; }

    /// <summary>It is an <c>m.room.member</c> event with membership <c>join</c>.</summary>
    public bool IsJoin { get; init; }

    /// <summary>Its sender is a user of the requesting server.</summary>
    public bool SenderOnOrigin { get; init; }

    /// <summary>Its <c>state_key</c> is its sender.</summary>
    public bool StateKeyIsSender { get; init; }

    /// <summary>It passes the auth rules (against its auth events, the state before it and the current state).</summary>
    public bool Authorised { get; init; }
}

/// <summary>
/// A resident server's side of a join of a user who needs no authorising user (invited, joined, or a
/// public room): issue a template, validate and authorise the submitted join, distribute it, answer
/// with the state (spec v1.19, server-server API "Joining Rooms"; <c>joins-v1.yaml</c>, <c>joins-v2.yaml</c>).
/// Restricted joins have their own machine, <see cref="RestrictedJoinResidentMachine"/>.
/// </summary>
public sealed class JoinResidentMachine : TemplateResidentMachine<JoinResidentState, JoinResidentTrigger, JoinResidentFacts>
{
    // make_join, send_join, check, distribute, answer: the steps every resident takes (TemplateResidentMachine).
    private static readonly TemplateResidentSteps<S, T> Steps = new(
        Idle: S.Idle, Request: T.MakeJoin, Issued: S.TemplateIssued,
        Submit: T.SendJoin, Received: S.JoinReceived, Check: T.CheckJoin, Validated: S.Validated,
        Distribute: T.Distribute, Distributed: S.AcceptedAndDistributed, Answer: T.SendJoinResponse, Answered: S.Answered,
        Refused: S.Refused);

    public JoinResidentMachine(JoinResidentFacts facts, JoinResidentState current = S.Idle)
        : base(current, facts) =>
        IssueCheckDistributeAndAnswer(Steps,
            request:
            [
                When(() => facts.RoomVersionOffered, "room version in ver"),
                When(() => facts.UserOnRequestingServer, "user on the requesting server"),
                When(() => facts.JoinWouldBeAllowed, "the user may join (invited, joined or public)"),
            ],
            refusal: "otherwise: 400 M_INCOMPATIBLE_ROOM_VERSION, 403 M_FORBIDDEN or 404 M_NOT_FOUND",
            membership: When(() => facts.IsJoin, "m.room.member with membership join"));
}
