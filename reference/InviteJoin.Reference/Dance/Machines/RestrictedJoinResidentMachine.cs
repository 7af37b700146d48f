using S = InviteJoin.Reference.Dance.Machines.RestrictedJoinResidentState;
using T = InviteJoin.Reference.Dance.Machines.RestrictedJoinResidentTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>
/// Where a resident server is in a restricted join: a join by a user who is neither invited nor joined,
/// to a room whose join rule is <c>restricted</c> (v8+) or <c>knock_restricted</c> (v10+) (spec v1.19,
/// server-server API "Restricted rooms").
/// </summary>
public enum RestrictedJoinResidentState
{
    /// <summary>In the room, no request yet.</summary>
    Idle,

    /// <summary>The joiner meets an <c>allow</c> condition and one of our users who is joined and may invite was chosen to authorise the join.</summary>
    AuthoriserChosen,

    /// <summary>Answered <c>make_join</c> with a template whose <c>join_authorised_via_users_server</c> names the chosen user.</summary>
    TemplateIssued,

    /// <summary>A <c>send_join</c> arrived.</summary>
    JoinReceived,

    /// <summary>The join is well formed and names an authoriser of ours who still qualifies.</summary>
    Validated,

    /// <summary>Our server signed the join, as the authorising user's server, before persisting or sending it.</summary>
    Countersigned,

    /// <summary>The countersigned join is persisted and sent to the room's other servers.</summary>
    AcceptedAndDistributed,

    /// <summary>Answered 200 with the state, the auth chain and the countersigned <c>event</c>.</summary>
    Answered,

    /// <summary>Answered 400 or 403.</summary>
    Refused,
}

/// <summary>The messages and steps of the resident server in a restricted join.</summary>
public enum RestrictedJoinResidentTrigger
{
    /// <summary><c>GET /v1/make_join/{roomId}/{userId}?ver=...</c> arrives.</summary>
    MakeJoin,

    /// <summary>Answer 200 <c>{"room_version", "event"}</c> with the template naming the authoriser.</summary>
    MakeJoinResponse,

    /// <summary><c>PUT /v2/send_join/{roomId}/{eventId}</c> arrives.</summary>
    SendJoin,

    /// <summary>Validate the join and its authoriser, and authorise it as it will be once countersigned.</summary>
    CheckJoin,

    /// <summary>Add our server's signature.</summary>
    Countersign,

    /// <summary>Persist the join and send it to the room's servers.</summary>
    Distribute,

    /// <summary>Answer 200 <c>{"state", "auth_chain", "event"}</c>.</summary>
    SendJoinResponse,
}

/// <summary>The facts the resident's guards read in a restricted join.</summary>
public sealed record RestrictedJoinResidentFacts : ISubmittedEventFacts
{
    /// <summary>The room is held with a full state, this server is resident, and its server ACL admits the requesting server.</summary>
    public bool RoomHeldAndResident { get; init; }

    /// <summary>The submitted body is an event of the room's version for the path's room and event ID, its hash matching, its prev events known.</summary>
    public bool EventMatchesThePath { get; init; }

    /// <summary>The room's version is among the requester's <c>ver</c>.</summary>
    public bool RoomVersionOffered { get; init; }

    /// <summary>The user in the path is a user of the requesting server.</summary>
    public bool UserOnRequestingServer { get; init; }

    /// <summary>The join rule is <c>restricted</c> (v8+) or <c>knock_restricted</c> (v10+).</summary>
    public bool RestrictedRoom { get; init; }

    /// <summary>The user is neither invited nor joined (an invited or joined user needs no authoriser).</summary>
    public bool NeedsAuthoriser { get; init; }

    /// <summary>The resident can evaluate an <c>allow</c> condition (it is in one of the allowed rooms); else 400 <c>M_UNABLE_TO_AUTHORISE_JOIN</c>.</summary>
    public bool CanEvaluateAllow { get; init; }

    /// <summary>The user meets an <c>allow</c> condition (joined to an allowed room), checked at <c>make_join</c> and again at <c>send_join</c>; else 403 <c>M_FORBIDDEN</c>.</summary>
    public bool MeetsAllow { get; init; }

    /// <summary>One of our users is joined with at least the invite level; else 400 <c>M_UNABLE_TO_GRANT_JOIN</c>.</summary>
    public bool LocalAuthoriserAvailable { get; init; }

    /// <summary>The template naming that authoriser passes the auth rules against the current state (a banned user does not); else 403 <c>M_FORBIDDEN</c>.</summary>
    public bool JoinWouldBeAllowed { get; init; }

    /// <summary>The submitted event passes the signature checks (it is signed by the sender's server).</summary>
    public bool SignedBySenderServer { get; init; }

    /// <summary>It is an <c>m.room.member</c> event with membership <c>join</c>.</summary>
    public bool IsJoin { get; init; }

    /// <summary>Its sender is a user of the requesting server.</summary>
    public bool SenderOnOrigin { get; init; }

    /// <summary>Its <c>state_key</c> is its sender.</summary>
    public bool StateKeyIsSender { get; init; }

    /// <summary>Its <c>join_authorised_via_users_server</c> is one of our users, joined with at least the invite level (a template of ours).</summary>
    public bool NamesOurAuthoriser { get; init; }

    /// <summary>It passes checks 4–7 once our signature is added (the auth rules, and a policy server's signature where the room uses one).</summary>
    public bool AuthorisedOnceCountersigned { get; init; }
}

/// <summary>
/// A resident server's side of a restricted join: check the <c>allow</c> conditions, choose an
/// authorising user of ours who is joined and may invite, issue the template naming that user, then
/// validate, countersign, distribute and answer with the countersigned event (spec v1.19, server-server
/// API "Restricted rooms"; MSC3083). The countersignature is what satisfies the auth rule that a named
/// authoriser's server must have signed (rooms v8+).
/// </summary>
public sealed class RestrictedJoinResidentMachine : GuardedMachine<RestrictedJoinResidentState, RestrictedJoinResidentTrigger>
{
    public RestrictedJoinResidentMachine(RestrictedJoinResidentFacts facts, RestrictedJoinResidentState current = S.Idle)
        : base(current)
    {
        Facts = facts;
        var request = new[]
        {
            SubmittedEventChecks.RoomHeldAndResident(facts),
            When(() => facts.RoomVersionOffered, "room version in ver"),
            When(() => facts.UserOnRequestingServer, "user on the requesting server"),
            When(() => facts.RestrictedRoom, "join rule restricted or knock_restricted"),
            When(() => facts.NeedsAuthoriser, "user neither invited nor joined"),
            When(() => facts.CanEvaluateAllow, "resident in an allowed room"),
            When(() => facts.MeetsAllow, "user joined to an allowed room"),
            When(() => facts.LocalAuthoriserAvailable, "a user of ours is joined with level ≥ invite level"),
            When(() => facts.JoinWouldBeAllowed, "the join naming the authoriser passes the auth rules"),
        };
        var join = SubmittedEventChecks.Of(facts,
            When(() => facts.IsJoin, "m.room.member with membership join"),
            When(() => facts.NamesOurAuthoriser, "join_authorised_via_users_server is a qualifying user of ours"),
            When(() => facts.MeetsAllow, "user still joined to an allowed room"),
            When(() => facts.AuthorisedOnceCountersigned, "passes checks 4–7 once countersigned"));

        // Written out rather than built by TemplateResidentMachine: choosing an authoriser before the
        // template and countersigning before distributing put two steps inside the shared chain, which
        // reads better whole, as its diagram does, than as the shared chain with two holes.
        In(S.Idle)
            .PermitIf(T.MakeJoin, S.AuthoriserChosen, request)
            .PermitIf(T.MakeJoin, S.Refused, Otherwise("otherwise: 400 M_INCOMPATIBLE_ROOM_VERSION, M_UNABLE_TO_AUTHORISE_JOIN or M_UNABLE_TO_GRANT_JOIN, 403 M_FORBIDDEN", request))
            .Permit(T.SendJoin, S.JoinReceived);
        In(S.AuthoriserChosen)
            .Permit(T.MakeJoinResponse, S.TemplateIssued);
        In(S.TemplateIssued)
            .Permit(T.SendJoin, S.JoinReceived);
        In(S.JoinReceived)
            .PermitIf(T.CheckJoin, S.Validated, join)
            .PermitIf(T.CheckJoin, S.Refused, Otherwise("otherwise: 400 M_INVALID_PARAM or M_UNABLE_TO_GRANT_JOIN, 403 M_FORBIDDEN", join));
        In(S.Validated)
            .Permit(T.Countersign, S.Countersigned);
        In(S.Countersigned)
            .Permit(T.Distribute, S.AcceptedAndDistributed);
        In(S.AcceptedAndDistributed)
            .Permit(T.SendJoinResponse, S.Answered);
    }

    /// <summary>The facts the guards read.</summary>
    public RestrictedJoinResidentFacts Facts { get; }
}
