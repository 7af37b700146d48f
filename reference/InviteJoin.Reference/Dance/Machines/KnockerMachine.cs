using S = InviteJoin.Reference.Dance.Machines.KnockerState;
using T = InviteJoin.Reference.Dance.Machines.KnockerTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>Where the knocking server is in a knock through a resident server (spec v1.19, server-server API "Knocking upon a room"; room versions 7+).</summary>
public enum KnockerState
{
    /// <summary><c>GET /_matrix/federation/v1/make_knock/{roomId}/{userId}?ver=...</c> is sent to a candidate resident.</summary>
    TemplateRequested,

    /// <summary>The resident answered with a template and its room version.</summary>
    TemplateReceived,

    /// <summary>The template is a knock of our user on the requested room, in a version we offered that has knocking.</summary>
    TemplateValidated,

    /// <summary>We filled, hashed and signed the knock.</summary>
    Signed,

    /// <summary><c>PUT /_matrix/federation/v1/send_knock/{roomId}/{eventId}</c> is sent.</summary>
    Submitted,

    /// <summary>The knock is in the room; <c>knock_room_state</c> describes the room (entries failing checks are dropped, the knock stands).</summary>
    Knocked,

    /// <summary>The knock failed; <see cref="GuardedMachine{TState,TTrigger}.LastTrigger"/> says at which step.</summary>
    Failed,
}

/// <summary>The messages and steps of the knocking server.</summary>
public enum KnockerTrigger
{
    /// <summary>200 <c>{"room_version", "event"}</c> answering <c>make_knock</c>.</summary>
    MakeKnockResponse,

    /// <summary>400 (<c>M_INCOMPATIBLE_ROOM_VERSION</c>), 403 (banned, not knockable) or 404 answering <c>make_knock</c>.</summary>
    MakeKnockError,

    /// <summary>Check the template as the knocking server MUST before signing it.</summary>
    CheckTemplate,

    /// <summary>Fill, hash and sign the knock.</summary>
    Sign,

    /// <summary>Send <c>PUT /v1/send_knock</c>.</summary>
    SendKnock,

    /// <summary>200 <c>{"knock_room_state": [...]}</c>.</summary>
    SendKnockResponse,

    /// <summary>400, 403 or 404 answering <c>send_knock</c>.</summary>
    SendKnockError,
}

/// <summary>The facts the knocking server's guards read.</summary>
public sealed record KnockerFacts : ITemplateRequesterFacts
{
    /// <summary>Another candidate resident is left to ask.</summary>
    public bool CandidateResidentRemains { get; init; }

    /// <summary>The template's <c>room_version</c> is one we offered and has knocking (7+).</summary>
    public bool RoomVersionOfferedWithKnocking { get; init; }

    /// <summary>The template's <c>room_id</c> is the requested room.</summary>
    public bool TemplateRoomMatches { get; init; }

    /// <summary>The template's <c>sender</c> and <c>state_key</c> are both the knocking user.</summary>
    public bool TemplateSenderIsUser { get; init; }

    /// <summary>The template holds only what a resident may choose and makes an event of its room version (B23).</summary>
    public bool TemplateOnlyWhatTheResidentMayChoose { get; init; }

    /// <summary>The template is an <c>m.room.member</c> event with membership <c>knock</c>.</summary>
    public bool TemplateIsKnock { get; init; }
}

/// <summary>
/// The knocking server's side of a knock: <c>make_knock</c>, check the template, sign, <c>send_knock</c>
/// (spec v1.19, server-server API "Knocking upon a room"; <c>knocks.yaml</c>; MSC2403). What happens
/// next (an invite accepts the knock, a kick or ban denies it, a leave retracts it) is the membership
/// machine's and the leave handshake's.
/// </summary>
public sealed class KnockerMachine : TemplateRequesterMachine<KnockerState, KnockerTrigger, KnockerFacts>
{
    // make_knock, check the template, sign: the steps every requesting server takes (TemplateRequesterMachine).
    private static readonly TemplateRequestSteps<S, T> Steps = new(
        Requested: S.TemplateRequested, Response: T.MakeKnockResponse, Error: T.MakeKnockError,
        Received: S.TemplateReceived, Check: T.CheckTemplate, Validated: S.TemplateValidated,
        Sign: T.Sign, Signed: S.Signed, Failed: S.Failed);

    public KnockerMachine(KnockerFacts facts, KnockerState current = S.TemplateRequested)
        : base(current, facts, Steps)
    {
        RequestCheckAndSign(
            roomVersion: When(() => facts.RoomVersionOfferedWithKnocking, "room_version is one we offered, with knocking"),
            membership: When(() => facts.TemplateIsKnock, "m.room.member with membership knock"));
        // Submitting and the answer stay here, where the handshakes differ: a refused knock is final.
        In(S.Signed)
            .Permit(T.SendKnock, S.Submitted);
        In(S.Submitted)
            .Permit(T.SendKnockResponse, S.Knocked)
            .Permit(T.SendKnockError, S.Failed);
    }
}
