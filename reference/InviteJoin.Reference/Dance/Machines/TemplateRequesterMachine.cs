using Guard = System.Tuple<System.Func<bool>, string>;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>The facts every server that asks a resident for a template reads, whatever the membership it asks for.</summary>
public interface ITemplateRequesterFacts
{
    /// <summary>Another candidate resident is left to ask.</summary>
    bool CandidateResidentRemains { get; }

    /// <summary>The template's <c>room_id</c> is the requested room.</summary>
    bool TemplateRoomMatches { get; }

    /// <summary>The template's <c>sender</c> and <c>state_key</c> are both our user.</summary>
    bool TemplateSenderIsUser { get; }

    /// <summary>
    /// The answer is an object with a template that holds only what a resident may choose — no content key or top-level field
    /// we did not ask for (B23) — and makes an event of its room version, which agrees with the version we know.
    /// </summary>
    bool TemplateOnlyWhatTheResidentMayChoose { get; }
}

/// <summary>
/// Which state or trigger of one requesting server's machine plays each part of the steps all of them
/// share, in the order the handshake takes them: <paramref name="Requested"/> (a <c>make_*</c> request is
/// out) —<paramref name="Response"/>→ <paramref name="Received"/> —<paramref name="Check"/>→
/// <paramref name="Validated"/> —<paramref name="Sign"/>→ <paramref name="Signed"/>; <paramref name="Error"/>
/// answers the request, and <paramref name="Failed"/> ends the handshake.
/// </summary>
public sealed record TemplateRequestSteps<TState, TTrigger>(
    TState Requested, TTrigger Response, TTrigger Error,
    TState Received, TTrigger Check, TState Validated,
    TTrigger Sign, TState Signed, TState Failed)
    where TState : struct, Enum
    where TTrigger : struct, Enum;

/// <summary>
/// The requesting side of a handshake through a resident server — join, knock, and leave from outside
/// the room (spec v1.19, server-server API "Joining Rooms", "Knocking upon a room", "Leaving Rooms
/// (Rejecting Invites)"): ask a candidate resident for a template, check it as the requesting server
/// MUST before signing, sign it; a refused request or a malformed template sends the server to another
/// candidate resident while one remains. The derived machine says how it submits and what the answer means.
/// </summary>
public abstract class TemplateRequesterMachine<TState, TTrigger, TFacts> : GuardedMachine<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
    where TFacts : ITemplateRequesterFacts
{
    private readonly TemplateRequestSteps<TState, TTrigger> _steps;
    private readonly Guard _anotherResident;
    private readonly Guard _noResidentLeft;

    /// <summary>A machine at <paramref name="current"/> whose guards read <paramref name="facts"/>, playing <paramref name="steps"/>.</summary>
    protected TemplateRequesterMachine(TState current, TFacts facts, TemplateRequestSteps<TState, TTrigger> steps)
        : base(current)
    {
        Facts = facts;
        _steps = steps;
        _anotherResident = When(() => facts.CandidateResidentRemains, "another candidate resident remains");
        _noResidentLeft = When(() => !facts.CandidateResidentRemains, "no candidate resident remains");
    }

    /// <summary>The facts the guards read.</summary>
    public TFacts Facts { get; }

    /// <summary>The step that failed, when the handshake failed.</summary>
    public TTrigger? FailedOn => EqualityComparer<TState>.Default.Equals(State, _steps.Failed) ? LastTrigger : null;

    /// <summary>
    /// Request, check and sign: the template must be in a room version we offered (when
    /// <paramref name="roomVersion"/> is given), of the requested room, from and about our user, and of
    /// <paramref name="membership"/>; the request's error and a malformed template retry another resident.
    /// </summary>
    protected void RequestCheckAndSign(Guard? roomVersion, Guard membership)
    {
        var facts = Facts;
        var roomAndUser = new[]
        {
            When(() => facts.TemplateRoomMatches, "room_id is the requested room"),
            When(() => facts.TemplateSenderIsUser, "sender and state_key are our user"),
            When(() => facts.TemplateOnlyWhatTheResidentMayChoose, "nothing we did not ask for, an event of its version"),
        };
        Guard[] template = roomVersion is null ? [.. roomAndUser, membership] : [roomVersion, .. roomAndUser, membership];
        var malformed = Otherwise("template malformed", template);

        OrAnotherResident(In(_steps.Requested)
            .Permit(_steps.Response, _steps.Received),
            _steps.Error);
        OrAnotherResident(In(_steps.Received)
            .PermitIf(_steps.Check, _steps.Validated, template),
            _steps.Check, malformed);
        In(_steps.Validated)
            .Permit(_steps.Sign, _steps.Signed);
    }

    /// <summary>
    /// The failure edge of <paramref name="trigger"/> from <paramref name="state"/>, when
    /// <paramref name="guards"/> hold: back to asking while another candidate resident remains, failed when none does.
    /// </summary>
    protected void OrAnotherResident(Stateless.StateMachine<TState, TTrigger>.StateConfiguration state, TTrigger trigger, params Guard[] guards)
    {
        // Stateless permits a transition back to the state it leaves only as a re-entry.
        if (EqualityComparer<TState>.Default.Equals(state.State, _steps.Requested)) state.PermitReentryIf(trigger, [.. guards, _anotherResident]);
        else state.PermitIf(trigger, _steps.Requested, [.. guards, _anotherResident]);
        state.PermitIf(trigger, _steps.Failed, [.. guards, _noResidentLeft]);
    }
}
