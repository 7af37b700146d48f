using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Rooms;

/// <summary>
/// A state resolution a room may carry in place of its room version's algorithm (<see cref="Room.WithResolver"/>):
/// given the room version, two or more distinct <paramref name="states"/>, every held event they reach through auth
/// events (<paramref name="events"/>, in event-ID order), and the IDs of those events the room rejected, it returns the
/// resolved state. The reference never sets one; simulations of deliberately broken servers do, and simulations that observe what a
/// resolution is given wrap <see cref="Room.Algorithm"/>. It must be pure.
/// </summary>
public delegate AuthState RoomResolver(RoomVersion version, IReadOnlyList<AuthState> states, IReadOnlyList<Pdu> events, ImmutableSortedSet<string> rejected);
