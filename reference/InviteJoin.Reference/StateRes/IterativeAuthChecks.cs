using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Reference.StateRes;

/// <summary>
/// The iterative auth checks (spec v1.19, rooms v2 "Iterative auth checks"; `stateres.iterative_auth_checks`):
/// walk a sorted list of state events, authorise each against the partial state, and apply it when allowed.
/// For a key the rules need but the partial state lacks, the event's own auth event for that key stands in
/// (`stateres.iterative_auth_checks.auth_event_stand_in`), unless that auth event was rejected
/// (`stateres.rejected.never_auth_event`; see <see cref="RejectedEvents"/>). Under
/// <see cref="Divergence.RejectedNeverReadmitted"/> an event rejected on receipt is passed over, and a rejected
/// event of the partial state does not stand for its key (the event's own non-rejected auth event does). A check
/// that raises (under a profile) stops the walk.
/// </summary>
internal static class IterativeAuthChecks
{
    // At most this many states are kept to share their power levels with.
    private const int SharedStates = 16;

    /// <summary>
    /// Applies <paramref name="events"/> in order to <paramref name="state"/>, which is updated in place.
    /// <paramref name="levelsRead"/> holds states whose power levels one resolution has read (by its power ordering, by
    /// earlier checks): most events see the create and power-levels events an earlier one saw, whose power levels are
    /// then read once (see AuthState.ShareLevels); the walk adds the states it reads to it.
    /// </summary>
    public static void Apply(
        EventGraph graph, StateMap state, ReadOnlySpan<int> events,
        RejectedEvents rejected, AuthContext context, Interruption interruption, List<LevelsRead> levelsRead)
    {
        var neverReadmitted = context.Diverges(Divergence.RejectedNeverReadmitted);
        foreach (var v in events)
        {
            var e = graph.EventAt(v);
            // Only state events can be applied; a non-state event here is an auth event of some event, which
            // the auth rules would refuse to cite anyway (`auth_events.unexpected`), so it is passed over
            // (`stateres.iterative_auth_checks.non_state_passed_over`).
            if (e.StateKey is not { } stateKey) continue;
            if (neverReadmitted)
            {
                // The implementation reads the event's auth keys before it looks at its rejection.
                if (MalformedEvents.OnAuthTypes(e, graph.RoomVersion, context, citations: false) is { } malformed && interruption.Check(malformed, v)) return;
                if (rejected.IsRejected(v)) continue;
            }
            // The state's create and power-levels events, found as it is built and compared with each kept state's by reference.
            var authState = StateFor(graph, v, state, rejected, neverReadmitted, out var create, out var powerLevels);
            var shared = false;
            for (var i = levelsRead.Count - 1; i >= 0 && !shared; i--)
            {
                var known = levelsRead[i];
                shared = ReferenceEquals(known.Create, create) && ReferenceEquals(known.PowerLevels, powerLevels) && authState.TakeLevels(known.State);
            }
            var decision = EventAuthorizer.AuthorizeAgainstState(e, authState, graph.RoomVersion, context);
            // A state that read levels no kept state holds is kept (the first ones, up to a bound).
            if (!shared && authState.HasReadLevels && levelsRead.Count < SharedStates) levelsRead.Add(new LevelsRead(create, powerLevels, authState));
            if (interruption.Check(decision, v)) return;
            if (decision.Allowed) state.Set(new StateKey(e.Type, stateKey), v);
        }
    }

    /// <summary>
    /// The state the rules see for event <paramref name="v"/>: for every key auth-events selection names (and
    /// the create event, which room version 12 implies rather than cites), the partial state's event, or
    /// failing that the event's non-rejected auth event with that key. The rules read no other key.
    /// </summary>
    internal static AuthState StateFor(EventGraph graph, int v, ImmutableSortedDictionary<StateKey, int>.Builder state, RejectedEvents rejected,
        bool skipRejectedState = false)
    {
        var map = new StateMap();
        foreach (var (key, vertex) in state) map.Set(key, vertex);
        return StateFor(graph, v, map, rejected, skipRejectedState, out _, out _);
    }

    /// <summary>As above, the partial state being a <see cref="StateMap"/>; with the state's create and power-levels events (null where it has none).</summary>
    internal static AuthState StateFor(EventGraph graph, int v, StateMap state, RejectedEvents rejected, bool skipRejectedState,
        out Pdu? create, out Pdu? powerLevels)
    {
        var e = graph.EventAt(v);
        // Both lists live on the stack: the state copies what it keeps.
        var keyBuffer = default(SelectedKeys);
        Span<StateKey> keys = keyBuffer;
        var keyCount = AuthEventSelection.Select(e, graph.RoomVersion, keys);
        var entryBuffer = default(SelectedEntries);
        Span<KeyValuePair<StateKey, Pdu>> entries = entryBuffer;
        var count = 0;
        create = Add(graph, v, StateKey.Create, state, rejected, skipRejectedState, entries, ref count);
        powerLevels = null;
        foreach (var key in keys[..keyCount])
        {
            if (key.Equals(StateKey.Create)) continue;
            var added = Add(graph, v, key, state, rejected, skipRejectedState, entries, ref count);
            if (key.Equals(StateKey.PowerLevels)) powerLevels = added;
        }
        // The keys are distinct (the selection names each once) and each event found is filed under its own key.
        return AuthState.FromDistinct(entries[..count]);
    }

    [System.Runtime.CompilerServices.InlineArray(AuthEventSelection.MaxKeys)]
    private struct SelectedKeys
    {
        private StateKey _first;
    }

    // The create event and one event for each selected key, under its key.
    [System.Runtime.CompilerServices.InlineArray(AuthEventSelection.MaxKeys + 1)]
    private struct SelectedEntries
    {
        private KeyValuePair<StateKey, Pdu> _first;
    }

    // Adds the event at `key` (see StateFor), if any, and answers it.
    private static Pdu? Add(EventGraph graph, int v, StateKey key, StateMap state, RejectedEvents rejected,
        bool skipRejectedState, Span<KeyValuePair<StateKey, Pdu>> entries, ref int count)
    {
        // The partial state files each event under its own key.
        if (state.TryGetValue(key, out var current) && !(skipRejectedState && rejected.IsRejected(current)))
        {
            var pdu = graph.EventAt(current);
            entries[count++] = KeyValuePair.Create(key, pdu);
            return pdu;
        }
        foreach (var a in graph.AuthEdges(v))
        {
            var candidate = graph.EventAt(a);
            if (string.Equals(candidate.Type, key.Type, StringComparison.Ordinal)
                && string.Equals(candidate.StateKey, key.Key, StringComparison.Ordinal))
            {
                // A rejected auth event is never used (spec: auth events are not re-authorised here).
                if (rejected.IsRejected(a)) return null;
                entries[count++] = KeyValuePair.Create(key, candidate);
                return candidate;
            }
        }
        return null;
    }
}

/// <summary>A state whose power levels one resolution has read, with the create and power-levels events it holds (null where it has none).</summary>
internal readonly record struct LevelsRead(Pdu? Create, Pdu? PowerLevels, AuthState State);
