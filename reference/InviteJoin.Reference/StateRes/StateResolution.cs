using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// What resolving a set of states gives: the resolved state; or, under a behaviour profile whose
/// implementation raises an exception on the input, that outcome instead (<see cref="Raised"/>, with the
/// event whose check raised when there is one). Under the spec profile there is always a state.
/// </summary>
public sealed record StateResolution
{
    private StateResolution(ImmutableSortedDictionary<StateKey, EventId>? state, AuthDecision? raised, EventId? raisedAt)
    {
        State = state;
        Raised = raised;
        RaisedAt = raisedAt;
    }

    /// <summary>The resolved state, or null when the implementation raises.</summary>
    public ImmutableSortedDictionary<StateKey, EventId>? State { get; }

    /// <summary>The raising decision (<see cref="AuthVerdict.Raise"/>, with the exception's kind and the switch), or null.</summary>
    public AuthDecision? Raised { get; }

    /// <summary>The event whose check or reading raised, when the raise concerns one event.</summary>
    public EventId? RaisedAt { get; }

    /// <summary>A resolved state.</summary>
    public static StateResolution Resolved(ImmutableSortedDictionary<StateKey, EventId> state) => new(state, null, null);

    /// <summary>The implementation raises <paramref name="raised"/> (a <see cref="AuthVerdict.Raise"/> decision), at <paramref name="at"/> if it concerns one event.</summary>
    public static StateResolution Raising(AuthDecision raised, EventId? at) =>
        raised.Verdict == AuthVerdict.Raise ? new(null, raised, at) : throw new InvalidOperationException("only a raising decision interrupts state resolution");
}

/// <summary>Where a resolution was interrupted by a raising check: set once, by the first raise; every step stops when it is set.</summary>
internal sealed class Interruption
{
    public AuthDecision? Decision { get; private set; }

    public int Vertex { get; private set; } = -1;

    public bool Raised => Decision is not null;

    /// <summary>Records <paramref name="decision"/> when it raises; true when the resolution must stop.</summary>
    public bool Check(AuthDecision decision, int vertex)
    {
        if (decision.Verdict != AuthVerdict.Raise) return false;
        if (Decision is null)
        {
            Decision = decision;
            Vertex = vertex;
        }
        return true;
    }
}
