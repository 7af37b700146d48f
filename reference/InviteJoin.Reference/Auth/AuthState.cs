using System.Collections.Immutable;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// A room state as the authorisation rules see it: one event per (type, state key). It may be an
/// event's own auth events, the state before an event, the current state, or the partial state of
/// state resolution's iterative auth checks.
/// </summary>
public sealed class AuthState
{
    /// <summary>The state with no events.</summary>
    public static readonly AuthState Empty = new(ImmutableSortedDictionary<StateKey, Pdu>.Empty);

    private AuthState(ImmutableSortedDictionary<StateKey, Pdu> events) => Events = events;

    /// <summary>The state events by key, in key order.</summary>
    public ImmutableSortedDictionary<StateKey, Pdu> Events { get; }

    /// <summary>
    /// The state made of <paramref name="events"/>. Events without a state key are not state and are
    /// left out; when two events share a key, the later one in the list is kept.
    /// </summary>
    public static AuthState FromEvents(IEnumerable<Pdu> events)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<StateKey, Pdu>();
        foreach (var pdu in events)
        {
            if (pdu.StateKey is { } key) builder[new StateKey(pdu.Type, key)] = pdu;
        }
        return new AuthState(builder.ToImmutable());
    }

    /// <summary>The state made of an existing map.</summary>
    public static AuthState FromMap(ImmutableSortedDictionary<StateKey, Pdu> events) =>
        new(events.KeyComparer == Comparer<StateKey>.Default ? events : events.WithComparers(Comparer<StateKey>.Default));

    /// <summary>This state with <paramref name="pdu"/> in its key's place (unchanged when it is not a state event).</summary>
    public AuthState With(Pdu pdu) => pdu.StateKey is { } key ? new AuthState(Events.SetItem(new StateKey(pdu.Type, key), pdu)) : this;

    /// <summary>This state without the event at <paramref name="key"/>.</summary>
    public AuthState Without(StateKey key) => new(Events.Remove(key));

    /// <summary>The event at <paramref name="key"/>, or null.</summary>
    public Pdu? Get(StateKey key) => Events.TryGetValue(key, out var pdu) ? pdu : null;

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

    /// <summary>The <c>m.room.third_party_invite</c> event whose state key is <paramref name="token"/>, or null.</summary>
    public Pdu? ThirdPartyInvite(string token) => Get(StateKey.ThirdPartyInvite(token));

    public override string ToString() => "AuthState(" + Events.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " events)";
}
