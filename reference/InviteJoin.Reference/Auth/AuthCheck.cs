using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// One run of the state-dependent rules: the event, the state it is checked against, the room version
/// and the context, with the lookups every rule file shares (memberships, join rule, power levels).
/// Power levels are read once per state (<see cref="AuthState.LevelsUnder"/>).
/// </summary>
internal sealed class AuthCheck
{
    public AuthCheck(Pdu @event, AuthState state, RoomVersion version, AuthContext context)
    {
        Event = @event;
        State = state;
        Version = version;
        Context = context;
    }

    public Pdu Event { get; }

    public AuthState State { get; }

    public RoomVersion Version { get; }

    public AuthContext Context { get; }

    /// <summary>The sender's user ID.</summary>
    public string Sender => Event.Sender.Value;

    /// <summary>The power levels of <see cref="State"/>.</summary>
    public PowerLevels Levels => State.LevelsUnder(Version, Context.Diverges(Divergence.PowerLevelsPythonInt));

    /// <summary>True when the profile has <paramref name="divergence"/> on.</summary>
    public bool Diverges(Divergence divergence) => Context.Diverges(divergence);

    /// <summary>The membership of <paramref name="userId"/> in the state: its member event's string membership, or null when it has none.</summary>
    public string? MembershipOf(string userId) => State.MembershipOf(userId);

    /// <summary>True when <paramref name="userId"/>'s membership is <paramref name="membership"/>.</summary>
    public bool Is(string userId, string membership) => string.Equals(MembershipOf(userId), membership, StringComparison.Ordinal);

    /// <summary>The membership for evidence: the value, or <c>none</c>.</summary>
    public string DescribeMembership(string userId) => MembershipOf(userId) ?? MembershipValues.None;

    /// <summary>PL(<paramref name="userId"/>) in the state.</summary>
    public PowerLevel LevelOf(string userId) => Levels.UserLevel(userId);
}
