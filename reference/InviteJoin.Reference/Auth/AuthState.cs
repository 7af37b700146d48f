using System.Collections.Immutable;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// A room state as the authorisation rules see it: one event per (type, state key). It may be an
/// event's own auth events, the state before an event, the current state, or the partial state of
/// state resolution's iterative auth checks.
/// </summary>
/// <remarks>
/// The state remembers the power levels it was last read as (<see cref="LevelsUnder"/>): every auth check
/// reads them, and a state is usually checked against many events. The state is immutable, so the
/// remembered value never goes stale and changes no answer; it is carried to a derived state unless the
/// change touches the create or power-levels event, the only events the power levels are read from.
/// </remarks>
public sealed class AuthState
{
    /// <summary>The state with no events.</summary>
    public static readonly AuthState Empty = new(ImmutableSortedDictionary<StateKey, Pdu>.Empty);

    // Written at most once per room version asked; two readers racing compute equal values, and a
    // reference write is atomic, so a reader sees either null or a complete pair.
    private ReadLevels? _levels;

    // A state of a few events (an event's auth events, the state one auth check reads) holds them as an array, one
    // entry per key (in key order, or in any order when made by FromDistinct), searched directly; the map is made
    // from it only when asked for, once (as _levels is written).
    private const int MaxSorted = 16;
    private readonly KeyValuePair<StateKey, Pdu>[]? _sorted;
    private ImmutableSortedDictionary<StateKey, Pdu>? _events;

    private AuthState(ImmutableSortedDictionary<StateKey, Pdu> events, ReadLevels? levels = null)
    {
        _events = events;
        _levels = levels;
    }

    private AuthState(KeyValuePair<StateKey, Pdu>[] sorted) => _sorted = sorted;

    /// <summary>The state events by key, in key order.</summary>
    public ImmutableSortedDictionary<StateKey, Pdu> Events => _events ??= ImmutableSortedDictionary.CreateRange(_sorted!);

    /// <summary>
    /// The state made of <paramref name="events"/>. Events without a state key are not state and are
    /// left out; when two events share a key, the later one in the list is kept.
    /// </summary>
    public static AuthState FromEvents(IEnumerable<Pdu> events)
    {
        if (events is IReadOnlyCollection<Pdu> { Count: <= MaxSorted } few) return FromFew(few);
        var builder = ImmutableSortedDictionary.CreateBuilder<StateKey, Pdu>();
        foreach (var pdu in events)
        {
            if (pdu.StateKey is { } key) builder[new StateKey(pdu.Type, key)] = pdu;
        }
        return new AuthState(builder.ToImmutable());
    }

    // As FromEvents, by insertion into an array in key order: a later event replaces an earlier one with its key.
    private static AuthState FromFew(IReadOnlyCollection<Pdu> events)
    {
        var sorted = new KeyValuePair<StateKey, Pdu>[events.Count];
        var count = 0;
        foreach (var pdu in events) Insert(sorted, ref count, pdu);
        return Sorted(sorted, count);
    }

    /// <summary>As <see cref="FromEvents"/>, for at most a few events (an event's auth events, the state one auth check reads).</summary>
    internal static AuthState FromFew(ReadOnlySpan<Pdu> events)
    {
        if (events.Length > MaxSorted) return FromEvents(events.ToArray());
        var sorted = new KeyValuePair<StateKey, Pdu>[events.Length];
        var count = 0;
        foreach (var pdu in events) Insert(sorted, ref count, pdu);
        return Sorted(sorted, count);
    }

    /// <summary>
    /// The state of <paramref name="entries"/>, each a state event under its own key, no key twice, in any order: what
    /// <see cref="FromFew(ReadOnlySpan{Pdu})"/> makes of their events, for a caller that has the keys at hand (the
    /// state one iterative auth check reads), without putting them in order.
    /// </summary>
    internal static AuthState FromDistinct(ReadOnlySpan<KeyValuePair<StateKey, Pdu>> entries) => new(entries.ToArray());

    // Puts a state event in its key's place among the first `count` entries (in key order), replacing one with its key.
    private static void Insert(KeyValuePair<StateKey, Pdu>[] sorted, ref int count, Pdu pdu)
    {
        if (pdu.StateKey is not { } stateKey) return;
        var key = new StateKey(pdu.Type, stateKey);
        var i = count - 1;
        while (i >= 0 && sorted[i].Key.CompareTo(key) > 0) i--;
        if (i >= 0 && sorted[i].Key.Equals(key))
        {
            sorted[i] = KeyValuePair.Create(key, pdu);
            return;
        }
        Array.Copy(sorted, i + 1, sorted, i + 2, count - i - 1);
        sorted[i + 1] = KeyValuePair.Create(key, pdu);
        count++;
    }

    private static AuthState Sorted(KeyValuePair<StateKey, Pdu>[] sorted, int count)
    {
        if (count < sorted.Length) Array.Resize(ref sorted, count);
        return new AuthState(sorted);
    }

    /// <summary>The state made of an existing map.</summary>
    public static AuthState FromMap(ImmutableSortedDictionary<StateKey, Pdu> events) =>
        new(events.KeyComparer == Comparer<StateKey>.Default ? events : events.WithComparers(Comparer<StateKey>.Default));

    /// <summary>This state with <paramref name="pdu"/> in its key's place (unchanged when it is not a state event).</summary>
    public AuthState With(Pdu pdu)
    {
        if (pdu.StateKey is not { } stateKey) return this;
        var key = new StateKey(pdu.Type, stateKey);
        return new AuthState(Events.SetItem(key, pdu), KeepsLevels(key) ? _levels : null);
    }

    /// <summary>This state without the event at <paramref name="key"/>.</summary>
    public AuthState Without(StateKey key) => new(Events.Remove(key), KeepsLevels(key) ? _levels : null);

    /// <summary>The event at <paramref name="key"/>, or null.</summary>
    public Pdu? Get(StateKey key)
    {
        if (_sorted is not { } sorted) return _events!.TryGetValue(key, out var pdu) ? pdu : null;
        foreach (var (candidate, pdu) in sorted)
        {
            if (candidate.Equals(key)) return pdu;
        }
        return null;
    }

    /// <summary>The event at (<paramref name="type"/>, <paramref name="stateKey"/>), or null.</summary>
    public Pdu? Get(string type, string stateKey) => Get(new StateKey(type, stateKey));

    /// <summary>The <c>m.room.create</c> event, or null.</summary>
    public Pdu? Create => Get(StateKey.Create);

    /// <summary>The <c>m.room.power_levels</c> event, or null.</summary>
    public Pdu? PowerLevels => Get(StateKey.PowerLevels);

    /// <summary>The <c>m.room.join_rules</c> event, or null.</summary>
    public Pdu? JoinRules => Get(StateKey.JoinRules);

    /// <summary>The <c>m.room.member</c> event of <paramref name="userId"/>, or null.</summary>
    public Pdu? Member(string userId) => Get(StateKey.Member(userId));

    /// <summary>
    /// The membership of <paramref name="userId"/>: its member event's <c>content.membership</c> when that is a
    /// string, otherwise null (no member event, or one without a readable membership).
    /// </summary>
    public string? MembershipOf(string userId) => (Member(userId)?.Content[MemberContent.Membership] as JsonString)?.Value;

    /// <summary>The <c>m.room.third_party_invite</c> event whose state key is <paramref name="token"/>, or null.</summary>
    public Pdu? ThirdPartyInvite(string token) => Get(StateKey.ThirdPartyInvite(token));

    /// <summary>
    /// The power levels of this state under <paramref name="version"/> (with <paramref name="pythonInt"/>, as
    /// <see cref="Auth.PowerLevels.FromState"/> says), read once and remembered:
    /// <see cref="Auth.PowerLevels.FromState"/> without the repeated work.
    /// </summary>
    public PowerLevels LevelsUnder(RoomVersion version, bool pythonInt = false)
    {
        var read = _levels;
        if (read is not null && read.PythonInt == pythonInt && (ReferenceEquals(read.Version, version) || read.Version.Equals(version))) return read.Levels;
        var levels = Auth.PowerLevels.FromState(this, version, pythonInt);
        _levels = new ReadLevels(version, pythonInt, levels);
        return levels;
    }

    /// <summary>True when this state has read its power levels (or taken them from another).</summary>
    internal bool HasReadLevels => _levels is not null;

    /// <summary>
    /// Takes the power levels <paramref name="other"/> has already read when both states hold the same create and
    /// power-levels events (the only events they are read from), so a caller checking many states built from the
    /// same events reads them once; the answer of <see cref="LevelsUnder"/> is the same either way.
    /// </summary>
    internal bool ShareLevels(AuthState other) =>
        ReferenceEquals(Create, other.Create) && ReferenceEquals(PowerLevels, other.PowerLevels) && TakeLevels(other);

    /// <summary>
    /// As <see cref="ShareLevels(AuthState)"/>, for a caller that has found that both states hold the same create and
    /// power-levels events (and keeps them at hand for many states).
    /// </summary>
    internal bool TakeLevels(AuthState other)
    {
        if (_levels is not null || other._levels is not { } read) return false;
        _levels = read;
        return true;
    }

    public override string ToString() => "AuthState(" + Events.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " events)";

    // The power levels are read from the create event (the creators) and the power-levels event alone.
    private static bool KeepsLevels(StateKey key) => !key.Equals(StateKey.Create) && !key.Equals(StateKey.PowerLevels);

    private sealed record ReadLevels(RoomVersion Version, bool PythonInt, PowerLevels Levels);
}
