using System.Collections.Immutable;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>What one handler outcome did to a handshake machine.</summary>
public enum HandshakeStepKind
{
    /// <summary>The outcome fired the machine's triggers and the machine moved.</summary>
    [WireToken("handshake.taken")] Taken,

    /// <summary>The outcome is one the machine takes without moving (a local mistake, an answer that changes nothing of the handshake).</summary>
    [WireToken("handshake.unchanged")] Unchanged,

    /// <summary>The machine cannot take the outcome from its state: a trigger has no permitted transition, or no step answers the outcome.</summary>
    [WireToken("handshake.refused")] Refused,
}

/// <summary>
/// One step of a handshake: the machine's state after it (the state before when refused), what happened, the triggers fired
/// with the state each led to, and, when refused, why (the guards that do not hold, or that no step answers the outcome).
/// </summary>
public sealed record HandshakeStep<TState, TTrigger>(TState State, HandshakeStepKind Kind, DanceRule Outcome, ImmutableArray<TTrigger> Triggers, ImmutableArray<TState> Path, ImmutableArray<string> Why)
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    public string Token => WireToken.Of(Kind);

    public override string ToString() =>
        $"{DanceRules.Token(Outcome)} → {Token} {State}" + (Triggers.IsEmpty ? "" : " via " + string.Join(", ", Triggers)) + (Why.IsEmpty ? "" : " (" + string.Join("; ", Why) + ")");
}

/// <summary>
/// What a handshake side knows beside a handler's outcome: whether another candidate resident remains to ask (a requesting
/// server), whether send_* goes to the resident that issued the template, and for an inviting server the room's version and
/// whether it already retried over <c>/v1/invite</c>.
/// </summary>
public sealed record HandshakeContext
{
    public static readonly HandshakeContext Default = new();

    /// <summary>Another candidate resident is left to ask after a refusal (join, knock, leave from outside).</summary>
    public bool CandidateResidentRemains { get; init; }

    /// <summary>send_join goes to the resident whose template was signed.</summary>
    public bool SameResident { get; init; } = true;

    /// <summary>The room's version, when the side knows it (the inviting server does).</summary>
    public string? RoomVersion { get; init; }

    /// <summary>The inviting server already retried this invite over <c>/v1/invite</c>.</summary>
    public bool RetriedOverV1 { get; init; }
}

/// <summary>
/// One side of a handshake as its machine (spec v1.19, server-server API "Inviting to a room", "Joining Rooms", "Restricted
/// rooms", "Knocking upon a room", "Leaving Rooms (Rejecting Invites)"): the handlers' outcomes drive it. An outcome names the
/// triggers it fires and the facts the guards read (what the outcome establishes); the machine, at the handshake's state, takes
/// them if it can and refuses the step if it cannot. So the machine is the control flow of the handshake, and a handler's
/// answer that its diagram does not allow is refused, not followed.
/// </summary>
public abstract class HandshakeRole<TState, TTrigger>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    /// <summary>The machine's name in <see cref="MachineCatalogue"/> (and spec/machines).</summary>
    public abstract string Machine { get; }

    /// <summary>The state the handshake starts in.</summary>
    public abstract TState Initial { get; }

    /// <summary>The handshake at <paramref name="state"/> takes the handler outcome <paramref name="outcome"/>.</summary>
    public HandshakeStep<TState, TTrigger> Take(TState state, DanceRule outcome, HandshakeContext context)
    {
        var answer = new HandlerAnswer(outcome, DanceRules.Token(outcome), DanceRules.IsRefusal(outcome), DanceRules.Status(outcome));
        if (Triggers(state, answer) is not { } triggers)
        {
            return new(state, HandshakeStepKind.Refused, outcome, [], [], ["no step of " + Machine + " from " + state + " answers " + DanceRules.Token(outcome)]);
        }
        if (triggers.IsEmpty) return new(state, HandshakeStepKind.Unchanged, outcome, [], [], []);
        var machine = At(state, answer, context);
        var path = ImmutableArray.CreateBuilder<TState>(triggers.Length);
        foreach (var trigger in triggers)
        {
            if (!machine.CanFire(trigger)) return new(state, HandshakeStepKind.Refused, outcome, triggers, [], machine.UnmetGuards(trigger));
            path.Add(machine.Fire(trigger));
        }
        return new(machine.State, HandshakeStepKind.Taken, outcome, triggers, path.ToImmutable(), []);
    }

    /// <summary>The triggers <paramref name="outcome"/> fires from <paramref name="state"/>, in order (empty: it changes nothing); null when no step answers it.</summary>
    protected abstract ImmutableArray<TTrigger>? Triggers(TState state, HandlerAnswer outcome);

    /// <summary>The machine at <paramref name="state"/> whose guards read the facts <paramref name="outcome"/> establishes.</summary>
    protected abstract GuardedMachine<TState, TTrigger> At(TState state, HandlerAnswer outcome, HandshakeContext context);
}

/// <summary>A handler's outcome with what its rule fixes: the token, whether it refuses, and the HTTP status.</summary>
public readonly record struct HandlerAnswer(DanceRule Rule, string Token, bool Refuses, int Status)
{
    /// <summary>True when the outcome is a token of the endpoint or check <paramref name="prefix"/> names (<c>"make_join."</c>).</summary>
    public bool Of(string prefix) => Token.StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>True when the outcome's rule is one of <paramref name="rules"/>.</summary>
    public bool In(ImmutableArray<DanceRule> rules) => rules.Contains(Rule);

    public static implicit operator DanceRule(HandlerAnswer answer) => answer.Rule;
}
