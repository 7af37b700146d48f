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
    // The resolved state's entries in key order (empty when the implementation raises); its map is made from them only
    // when asked for, once (a reader racing another builds an equal map, and a reference write is atomic).
    private readonly ImmutableArray<KeyValuePair<StateKey, EventId>> _entries;
    private ImmutableSortedDictionary<StateKey, EventId>? _state;

    private StateResolution(ImmutableArray<KeyValuePair<StateKey, EventId>> entries, ImmutableSortedDictionary<StateKey, EventId>? state, AuthDecision? raised,
        EventId? raisedAt)
    {
        _entries = entries;
        _state = state;
        Raised = raised;
        RaisedAt = raisedAt;
    }

    /// <summary>The resolved state, or null when the implementation raises.</summary>
    public ImmutableSortedDictionary<StateKey, EventId>? State => Raised is not null ? null : _state ??= ToMap(_entries);

    /// <summary>The resolved state's entries in key order (<see cref="State"/> without its map); empty when the implementation raises.</summary>
    public ImmutableArray<KeyValuePair<StateKey, EventId>> Entries => _entries;

    /// <summary>The raising decision (<see cref="AuthVerdict.Raise"/>, with the exception's kind and the switch), or null.</summary>
    public AuthDecision? Raised { get; }

    /// <summary>The event whose check or reading raised, when the raise concerns one event.</summary>
    public EventId? RaisedAt { get; }

    /// <summary>A resolved state.</summary>
    public static StateResolution Resolved(ImmutableSortedDictionary<StateKey, EventId> state) => new([.. state], state, null, null);

    /// <summary>A resolved state given as its entries in key order, one per key (the map is made when asked for).</summary>
    internal static StateResolution Resolved(ImmutableArray<KeyValuePair<StateKey, EventId>> sortedEntries) => new(sortedEntries, null, null, null);

    /// <summary>The implementation raises <paramref name="raised"/> (a <see cref="AuthVerdict.Raise"/> decision), at <paramref name="at"/> if it concerns one event.</summary>
    public static StateResolution Raising(AuthDecision raised, EventId? at) =>
        raised.Verdict == AuthVerdict.Raise ? new([], null, raised, at) : throw new InvalidOperationException("only a raising decision interrupts state resolution");

    // The entries are in key order, so each is added after the last.
    private static ImmutableSortedDictionary<StateKey, EventId> ToMap(ImmutableArray<KeyValuePair<StateKey, EventId>> entries)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<StateKey, EventId>();
        foreach (var (key, id) in entries) builder.Add(key, id);
        return builder.ToImmutable();
    }
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
