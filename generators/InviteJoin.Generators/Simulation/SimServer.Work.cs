using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Rooms;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Simulation;

public sealed partial class SimServer
{
    // ---- I-32: what the room's server ACL says of a requesting server when its request arrives ----

    /// <summary>What the server ACL in this server's current state of <paramref name="roomId"/> says of server <paramref name="origin"/>; null when it does not hold the room.</summary>
    private AclDecision? AclNow(string roomId, int origin) => Room(roomId) is { } room ? ServerAcl.Evaluate(room.State, Cast.Server(origin)) : null;

    /// <summary>Records the answer to a make_*, send_* or invite request of <paramref name="origin"/>, with the ACL's verdict at its arrival.</summary>
    private void Answered(StepEffects effects, (AclDecision? Acl, bool Resident) arrival, string origin, string roomId, string endpoint, MatrixError? refusal) =>
        effects.Add(new Answered(Index, Cast.ServerIndex(origin), roomId, endpoint, arrival.Acl ?? new AclDecision(AclRule.NoAcl), arrival.Resident, refusal));

    /// <summary>What this server's copy of <paramref name="roomId"/> says of a request of <paramref name="origin"/> as it arrives: the ACL's verdict, and whether this server acts as a resident (joined, with the whole state).</summary>
    private (AclDecision? Acl, bool Resident) RequestArrives(string roomId, string origin) =>
        (AclNow(roomId, Cast.ServerIndex(origin)), IsResidentIn(roomId) && Room(roomId) is { IsPartialState: false });

    // ---- I-33: the state resolutions a step runs ----

    /// <summary>
    /// I-33: every room this server holds resolves through a meter that records, in the step being run, what each
    /// resolution is given, then hands it on to the resolution the room had (the reference's algorithm, or a planted
    /// fault's). The meter decides nothing: the room resolves as it would without it.
    /// </summary>
    private ResidentServer Metered(ResidentServer resident)
    {
        foreach (var room in resident.Rooms.Values)
        {
            if (room.Resolver?.Target is ResolutionMeter) continue;
            var inner = room.Resolver ?? Reference.Rooms.Room.Algorithm(room.Profile, room.RoomId.Value);
            resident = resident.With(room.WithResolver(new ResolutionMeter(this, room.RoomId.Value, inner).Resolve));
        }
        return resident;
    }

    /// <summary>Records one resolution of a room of <paramref name="server"/> in the step being run, and resolves with <paramref name="inner"/>.</summary>
    private sealed class ResolutionMeter(SimServer server, string roomId, RoomResolver inner)
    {
        public AuthState Resolve(RoomVersion version, IReadOnlyList<AuthState> states, IReadOnlyList<Pdu> events, ImmutableSortedSet<string> rejected)
        {
            server._world.Measuring?.Add(new ResolutionWork(server.Index, roomId, states.Count, events.Count, Bound(states, events), Fingerprint(states)));
            return inner(version, states, events, rejected);
        }

        // The states as a number that does not depend on their order or on the order of their events: a sum over the
        // states of a mixed sum over each state's event IDs (FNV-1a), so a resolution run again on the same states has the same one.
        private static ulong Fingerprint(IReadOnlyList<AuthState> states)
        {
            ulong all = 0;
            foreach (var state in states)
            {
                ulong one = 0;
                foreach (var pdu in state.Events.Values) one += Fnv(pdu.EventId.Value);
                all += Fnv(one.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return all;
        }

        private static ulong Fnv(string text)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in text) hash = (hash ^ c) * 1099511628211UL;
            return hash;
        }

        // How many of the given events are the states' events or in their auth chains: what a resolution needs.
        private static int Bound(IReadOnlyList<AuthState> states, IReadOnlyList<Pdu> events)
        {
            var given = new Dictionary<string, Pdu>(events.Count, StringComparer.Ordinal); // look-ups only
            foreach (var pdu in events) given.TryAdd(pdu.EventId.Value, pdu);
            var reached = new HashSet<string>(StringComparer.Ordinal); // look-ups only
            var stack = new Stack<Pdu>();
            foreach (var pdu in states.SelectMany(s => s.Events.Values))
            {
                if (reached.Add(pdu.EventId.Value)) stack.Push(pdu);
            }
            while (stack.TryPop(out var pdu))
            {
                foreach (var cited in pdu.AuthEventsWithImpliedCreate)
                {
                    if (given.TryGetValue(cited.Value, out var found) && reached.Add(cited.Value)) stack.Push(found);
                }
            }
            return reached.Count(given.ContainsKey);
        }
    }
}
