using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The key of a piece of room state: an event type and a state key (spec v1.19, client-server API
/// "Types of room events"). Ordered ordinally by type, then state key, so state maps iterate the same
/// way everywhere.
/// </summary>
public readonly record struct StateKey(string Type, string Key) : IComparable<StateKey>
{
    /// <summary>The room's create event.</summary>
    public static StateKey Create => new(EventTypes.Create, "");

    /// <summary>The room's power levels.</summary>
    public static StateKey PowerLevels => new(EventTypes.PowerLevels, "");

    /// <summary>The room's join rules.</summary>
    public static StateKey JoinRules => new(EventTypes.JoinRules, "");

    /// <summary>The membership of <paramref name="userId"/>.</summary>
    public static StateKey Member(string userId) => new(EventTypes.Member, userId);

    /// <summary>The third-party invite with token <paramref name="token"/>.</summary>
    public static StateKey ThirdPartyInvite(string token) => new(EventTypes.ThirdPartyInvite, token);

    public int CompareTo(StateKey other)
    {
        var byType = string.CompareOrdinal(Type, other.Type);
        return byType != 0 ? byType : string.CompareOrdinal(Key, other.Key);
    }

    // The state keys are compared first: the common types are few and several have the same length ("m.room.member",
    // "m.room.create"), so telling them apart reads their text, where a member's key and the empty key differ in length.
    public bool Equals(StateKey other) =>
        string.Equals(Key, other.Key, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Type ?? ""), StringComparer.Ordinal.GetHashCode(Key ?? ""));

    public static bool operator <(StateKey left, StateKey right) => left.CompareTo(right) < 0;

    public static bool operator >(StateKey left, StateKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(StateKey left, StateKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StateKey left, StateKey right) => left.CompareTo(right) >= 0;

    public override string ToString() => "(" + Type + ", " + Key + ")";
}
