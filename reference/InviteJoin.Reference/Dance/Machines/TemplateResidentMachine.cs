using Guard = System.Tuple<System.Func<bool>, string>;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>What a resident server establishes about a submitted member event before it authorises it, whatever the membership.</summary>
public interface ISubmittedEventFacts
{
    /// <summary>
    /// The room is one this server holds with a full state and is resident in (a local user joined), and its server ACL admits
    /// the requesting server; else 404, 400 or 403 as the endpoint lists them.
    /// </summary>
    bool RoomHeldAndResident { get; }

    /// <summary>The body is an event of the room's version, for the path's room and event ID, whose hash matches and whose prev events are known.</summary>
    bool EventMatchesThePath { get; }

    /// <summary>The submitted event passes the signature checks (it is signed by the sender's server).</summary>
    bool SignedBySenderServer { get; }

    /// <summary>Its sender is a user of the requesting server.</summary>
    bool SenderOnOrigin { get; }

    /// <summary>Its <c>state_key</c> is its sender.</summary>
    bool StateKeyIsSender { get; }
}

/// <summary>The facts of a resident whose handshake is the shared one: the submitted event's, and whether it passes the auth rules.</summary>
public interface ITemplateResidentFacts : ISubmittedEventFacts
{
    /// <summary>The submitted event passes checks 4–7 on receipt: the auth rules, and in a room that uses one its policy server's signature.</summary>
    bool Authorised { get; }
}

/// <summary>
/// Which state or trigger of one resident's machine plays each part of the steps the join, knock and
/// leave residents share, in the order the handshake takes them: <paramref name="Idle"/>
/// —<paramref name="Request"/>→ <paramref name="Issued"/> —<paramref name="Submit"/>→ <paramref name="Received"/>
/// —<paramref name="Check"/>→ <paramref name="Validated"/> —<paramref name="Distribute"/>→
/// <paramref name="Distributed"/> —<paramref name="Answer"/>→ <paramref name="Answered"/>; a request or
/// an event that fails its checks is <paramref name="Refused"/>.
/// </summary>
public sealed record TemplateResidentSteps<TState, TTrigger>(
    TState Idle, TTrigger Request, TState Issued,
    TTrigger Submit, TState Received, TTrigger Check, TState Validated,
    TTrigger Distribute, TState Distributed, TTrigger Answer, TState Answered,
    TState Refused)
    where TState : struct, Enum
    where TTrigger : struct, Enum;

/// <summary>The checks every resident applies to a submitted member event, in the order the diagrams show them.</summary>
internal static class SubmittedEventChecks
{
    /// <summary>
    /// In a room held and resident in, an event for the path, signed by the sender's server, of <paramref name="membership"/>,
    /// sent by a user of the requesting server about themselves; then <paramref name="then"/>.
    /// </summary>
    public static Guard[] Of(ISubmittedEventFacts facts, Guard membership, params Guard[] then) =>
    [
        RoomHeldAndResident(facts),
        Guarded(() => facts.EventMatchesThePath, "an event of the room version for the path"),
        Guarded(() => facts.SignedBySenderServer, "signed by the sender's server"),
        membership,
        Guarded(() => facts.SenderOnOrigin, "sender on the requesting server"),
        Guarded(() => facts.StateKeyIsSender, "state_key is the sender"),
        .. then,
    ];

    /// <summary>The room is held with a full state, this server is resident, and the ACL admits the requester: the first guard of a request and of a submission.</summary>
    public static Guard RoomHeldAndResident(ISubmittedEventFacts facts) => Guarded(() => facts.RoomHeldAndResident, "room held in full, resident, requester not denied");

    private static Guard Guarded(Func<bool> condition, string description) => Tuple.Create(condition, description);
}

/// <summary>
/// A resident server's side of a handshake that issues a template and takes back the signed event —
/// join, knock, and leave from outside the room (spec v1.19, server-server API "Joining Rooms", "Knocking
/// upon a room", "Leaving Rooms (Rejecting Invites)"): answer <c>make_*</c> with a template when the
/// request qualifies, take <c>send_*</c> (with or without a template of ours: a resident need not remember
/// them), validate and authorise the event, distribute it, answer. The derived machine says what
/// qualifies a request and which membership the event must have.
/// </summary>
public abstract class TemplateResidentMachine<TState, TTrigger, TFacts> : GuardedMachine<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
    where TFacts : ITemplateResidentFacts
{
    /// <summary>A machine at <paramref name="current"/> whose guards read <paramref name="facts"/>.</summary>
    protected TemplateResidentMachine(TState current, TFacts facts)
        : base(current) =>
        Facts = facts;

    /// <summary>The facts the guards read.</summary>
    public TFacts Facts { get; }

    /// <summary>
    /// The whole handshake along <paramref name="steps"/>: a request passing <paramref name="request"/>
    /// gets a template, any other is refused with <paramref name="refusal"/>; a submitted event of
    /// <paramref name="membership"/> passing the checks every resident applies and the auth rules is
    /// distributed and answered.
    /// </summary>
    protected void IssueCheckDistributeAndAnswer(TemplateResidentSteps<TState, TTrigger> steps, Guard[] request, string refusal, Guard membership)
    {
        var facts = Facts;
        var submitted = SubmittedEventChecks.Of(facts, membership, When(() => facts.Authorised, "passes checks 4–7 (auth rules, policy server)"));

        request = [SubmittedEventChecks.RoomHeldAndResident(facts), .. request];
        In(steps.Idle)
            .PermitIf(steps.Request, steps.Issued, request)
            .PermitIf(steps.Request, steps.Refused, Otherwise(refusal, request))
            .Permit(steps.Submit, steps.Received);
        In(steps.Issued)
            .Permit(steps.Submit, steps.Received);
        In(steps.Received)
            .PermitIf(steps.Check, steps.Validated, submitted)
            .PermitIf(steps.Check, steps.Refused, Otherwise("otherwise: 400 M_INVALID_PARAM or 403 M_FORBIDDEN", submitted));
        In(steps.Validated)
            .Permit(steps.Distribute, steps.Distributed);
        In(steps.Distributed)
            .Permit(steps.Answer, steps.Answered);
    }
}
