using S = InviteJoin.Reference.Dance.Machines.KnockResidentState;
using T = InviteJoin.Reference.Dance.Machines.KnockResidentTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>Where a resident server is in receiving another server's user's knock (spec v1.19, server-server API "Knocking upon a room").</summary>
public enum KnockResidentState
{
    /// <summary>In the room, no request yet.</summary>
    Idle,

    /// <summary>Answered <c>make_knock</c> with a knock template.</summary>
    TemplateIssued,

    /// <summary>A <c>send_knock</c> arrived.</summary>
    KnockReceived,

    /// <summary>The knock is well formed, from the knocking user's own server, and passes the auth rules.</summary>
    Validated,

    /// <summary>The knock is persisted and sent to the room's other servers.</summary>
    AcceptedAndDistributed,

    /// <summary>Answered 200 with <c>knock_room_state</c> (full PDUs, the create event included).</summary>
    Answered,

    /// <summary>Answered 400, 403 or 404.</summary>
    Refused,
}

/// <summary>The messages and steps of the resident server in a knock.</summary>
public enum KnockResidentTrigger
{
    /// <summary><c>GET /v1/make_knock/{roomId}/{userId}?ver=...</c> arrives.</summary>
    MakeKnock,

    /// <summary><c>PUT /v1/send_knock/{roomId}/{eventId}</c> arrives.</summary>
    SendKnock,

    /// <summary>Validate the knock as the resident MUST, then authorise it.</summary>
    CheckKnock,

    /// <summary>Persist the knock and send it to the room's servers.</summary>
    Distribute,

    /// <summary>Answer 200 <c>{"knock_room_state": [...]}</c>.</summary>
    SendKnockResponse,
}

/// <summary>The facts the resident's guards read in a knock.</summary>
public sealed record KnockResidentFacts : ITemplateResidentFacts
{
    /// <summary>The room is held with a full state, this server is resident, and its server ACL admits the requesting server.</summary>
    public bool RoomHeldAndResident { get; init; }

    /// <summary>The submitted body is an event of the room's version for the path's room and event ID, its hash matching, its prev events known.</summary>
    public bool EventMatchesThePath { get; init; }

    /// <summary>The room's version is among the requester's <c>ver</c> (required for <c>make_knock</c>).</summary>
    public bool RoomVersionOffered { get; init; }

    /// <summary>The user in the path is a user of the requesting server.</summary>
    public bool UserOnRequestingServer { get; init; }

    /// <summary>The room version has knocking (7+).</summary>
    public bool RoomVersionHasKnocking { get; init; }

    /// <summary>The join rule is <c>knock</c>, or <c>knock_restricted</c> (v10+).</summary>
    public bool KnockableRoom { get; init; }

    /// <summary>The user is not banned, invited or joined.</summary>
    public bool UserMayKnock { get; init; }

    /// <summary>The submitted event passes the signature checks (it is signed by the sender's server).</summary>
    public bool SignedBySenderServer { get; init; }

    /// <summary>It is an <c>m.room.member</c> event with membership <c>knock</c>.</summary>
    public bool IsKnock { get; init; }

    /// <summary>Its sender is a user of the requesting server.</summary>
    public bool SenderOnOrigin { get; init; }

    /// <summary>Its <c>state_key</c> is its sender.</summary>
    public bool StateKeyIsSender { get; init; }

    /// <summary>It passes the auth rules.</summary>
    public bool Authorised { get; init; }
}

/// <summary>
/// A resident server's side of a knock: issue a template, validate and authorise the submitted knock,
/// distribute it, answer with the room state a knocking user may see (spec v1.19, server-server API
/// "Knocking upon a room"; <c>knocks.yaml</c>; MSC2403, MSC3787).
/// </summary>
public sealed class KnockResidentMachine : TemplateResidentMachine<KnockResidentState, KnockResidentTrigger, KnockResidentFacts>
{
    // make_knock, send_knock, check, distribute, answer: the steps every resident takes (TemplateResidentMachine).
    private static readonly TemplateResidentSteps<S, T> Steps = new(
        Idle: S.Idle, Request: T.MakeKnock, Issued: S.TemplateIssued,
        Submit: T.SendKnock, Received: S.KnockReceived, Check: T.CheckKnock, Validated: S.Validated,
        Distribute: T.Distribute, Distributed: S.AcceptedAndDistributed, Answer: T.SendKnockResponse, Answered: S.Answered,
        Refused: S.Refused);

    public KnockResidentMachine(KnockResidentFacts facts, KnockResidentState current = S.Idle)
        : base(current, facts) =>
        IssueCheckDistributeAndAnswer(Steps,
            request:
            [
                When(() => facts.RoomVersionOffered, "room version in ver"),
                When(() => facts.UserOnRequestingServer, "user on the requesting server"),
                When(() => facts.RoomVersionHasKnocking, "room version 7+"),
                When(() => facts.KnockableRoom, "join rule knock or knock_restricted"),
                When(() => facts.UserMayKnock, "user not banned, invited or joined"),
            ],
            refusal: "otherwise: 400 M_INCOMPATIBLE_ROOM_VERSION, 403 M_FORBIDDEN or 404 M_NOT_FOUND",
            membership: When(() => facts.IsKnock, "m.room.member with membership knock"));
}
