using S = InviteJoin.Reference.Dance.Machines.JoinerState;
using T = InviteJoin.Reference.Dance.Machines.JoinerTrigger;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>Where the joining server is in a join through a resident server (spec v1.19, server-server API "Joining Rooms").</summary>
public enum JoinerState
{
    /// <summary><c>GET /_matrix/federation/v1/make_join/{roomId}/{userId}?ver=...</c> is sent to a candidate resident.</summary>
    TemplateRequested,

    /// <summary>The resident answered with a template and its room version.</summary>
    TemplateReceived,

    /// <summary>The template is a join of our user to the requested room, in a version we offered.</summary>
    TemplateValidated,

    /// <summary>We filled <c>origin</c> and <c>origin_server_ts</c>, hashed and signed the event.</summary>
    Signed,

    /// <summary><c>PUT /_matrix/federation/v2/send_join/{roomId}/{eventId}</c> is sent to the same resident.</summary>
    Submitted,

    /// <summary>Joined, holding the room's full state.</summary>
    JoinedWithFullState,

    /// <summary>Joined with partial state (<c>members_omitted</c>): member events are still to be fetched (MSC3706).</summary>
    JoinedWithPartialState,

    /// <summary>The partial state was completed from the room's full state.</summary>
    Resynced,

    /// <summary>The join failed; <see cref="GuardedMachine{TState,TTrigger}.LastTrigger"/> says at which step.</summary>
    Failed,
}

/// <summary>The messages and steps of the joining server.</summary>
public enum JoinerTrigger
{
    /// <summary>200 <c>{"room_version", "event"}</c> answering <c>make_join</c>.</summary>
    MakeJoinResponse,

    /// <summary>400 (<c>M_INCOMPATIBLE_ROOM_VERSION</c>, <c>M_UNABLE_TO_AUTHORISE_JOIN</c>, <c>M_UNABLE_TO_GRANT_JOIN</c>), 403 or 404 answering <c>make_join</c>.</summary>
    MakeJoinError,

    /// <summary>Check the template as the joining server MUST before signing it.</summary>
    CheckTemplate,

    /// <summary>Fill, hash and sign the join event.</summary>
    Sign,

    /// <summary>Send <c>PUT /v2/send_join</c>.</summary>
    SendJoin,

    /// <summary>200 <c>{"state", "auth_chain", "event"?, "members_omitted"?, "servers_in_room"?}</c>.</summary>
    SendJoinResponse,

    /// <summary>400 or 403 answering <c>send_join</c>.</summary>
    SendJoinError,

    /// <summary>The room's full state was fetched and verified after a partial-state join.</summary>
    StateResynced,
}

/// <summary>The facts the joining server's guards read.</summary>
public sealed record JoinerFacts : ITemplateRequesterFacts
{
    /// <summary>Another candidate resident (from the alias's directory answer or the inviting server) is left to ask.</summary>
    public bool CandidateResidentRemains { get; init; }

    /// <summary>The template's <c>room_version</c> is one we offered in <c>ver</c>.</summary>
    public bool RoomVersionOffered { get; init; }

    /// <summary>The template's <c>room_id</c> is the requested room.</summary>
    public bool TemplateRoomMatches { get; init; }

    /// <summary>The template's <c>sender</c> and <c>state_key</c> are both the joining user.</summary>
    public bool TemplateSenderIsUser { get; init; }

    /// <summary>The template holds only what a resident may choose and makes an event of its room version (B23).</summary>
    public bool TemplateOnlyWhatTheResidentMayChoose { get; init; }

    /// <summary>The template is an <c>m.room.member</c> event with membership <c>join</c>.</summary>
    public bool TemplateIsJoin { get; init; }

    /// <summary><c>send_join</c> goes to the resident that issued the template.</summary>
    public bool SameResident { get; init; }

    /// <summary>The returned <c>state</c> and <c>auth_chain</c> verify (format, signatures, hashes, auth) and authorise the join.</summary>
    public bool ResponseVerifies { get; init; }

    /// <summary>A join authorised through <c>join_authorised_via_users_server</c> came back as <c>event</c> with the resident's signature (true for other joins).</summary>
    public bool AuthorisedJoinCountersigned { get; init; }

    /// <summary>The response says <c>members_omitted</c> (we asked with <c>omit_members=true</c>) and lists <c>servers_in_room</c>.</summary>
    public bool MembersOmitted { get; init; }
}

/// <summary>
/// The joining server's side of a join: <c>make_join</c>, check the template, sign, <c>send_join</c> to
/// the same resident, then hold the full or partial state (spec v1.19, server-server API "Joining
/// Rooms"; <c>joins-v1.yaml</c>, <c>joins-v2.yaml</c>; MSC3706). A refused or malformed template sends
/// the joiner to another candidate resident while one remains.
/// </summary>
public sealed class JoinerMachine : TemplateRequesterMachine<JoinerState, JoinerTrigger, JoinerFacts>
{
    // make_join, check the template, sign: the steps every requesting server takes (TemplateRequesterMachine).
    private static readonly TemplateRequestSteps<S, T> Steps = new(
        Requested: S.TemplateRequested, Response: T.MakeJoinResponse, Error: T.MakeJoinError,
        Received: S.TemplateReceived, Check: T.CheckTemplate, Validated: S.TemplateValidated,
        Sign: T.Sign, Signed: S.Signed, Failed: S.Failed);

    public JoinerMachine(JoinerFacts facts, JoinerState current = S.TemplateRequested)
        : base(current, facts, Steps)
    {
        var sameResident = When(() => facts.SameResident, "to the resident that issued the template");
        var verifies = When(() => facts.ResponseVerifies, "state and auth_chain verify and authorise the join");
        var countersigned = When(() => facts.AuthorisedJoinCountersigned, "an authorised join comes back countersigned");
        var fullState = When(() => !facts.MembersOmitted, "members not omitted");
        var partialState = When(() => facts.MembersOmitted, "members_omitted with servers_in_room");

        RequestCheckAndSign(
            roomVersion: When(() => facts.RoomVersionOffered, "room_version is one we offered"),
            membership: When(() => facts.TemplateIsJoin, "m.room.member with membership join"));
        // Submitting and the answer stay here, where the handshakes differ: the join goes to the resident
        // that issued the template, its answer is verified, and a refusal sends the joiner elsewhere.
        In(S.Signed)
            .PermitIf(T.SendJoin, S.Submitted, sameResident);
        OrAnotherResident(In(S.Submitted)
            .PermitIf(T.SendJoinResponse, S.JoinedWithFullState, verifies, countersigned, fullState)
            .PermitIf(T.SendJoinResponse, S.JoinedWithPartialState, verifies, countersigned, partialState)
            .PermitIf(T.SendJoinResponse, S.Failed, Otherwise("otherwise: the response does not verify", verifies, countersigned)),
            T.SendJoinError);
        In(S.JoinedWithPartialState)
            .Permit(T.StateResynced, S.Resynced);
    }
}
