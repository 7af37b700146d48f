using System.Collections.Immutable;
using InviteJoin.Generators.Events;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// One server of a simulated federation: the rooms it holds (the reference's <see cref="ResidentServer"/>), the
/// invites its users received, and what it does when a step gives it something to do — send its users' events,
/// take part in handshakes, receive transactions and fetch what they cite. An honest server runs the reference; a
/// Byzantine one departs from it where its strategy says (<see cref="Misbehave"/>); a faulty one runs a planted fault.
/// </summary>
public sealed partial class SimServer
{
    private static readonly ImmutableArray<string> AllVersions = [.. RoomVersionRegistry.All.Select(v => v.Id)];

    private readonly World _world;
    private readonly List<ReceivedInvite> _invites = [];
    private readonly SortedSet<string> _stateFromByzantine = new(StringComparer.Ordinal);
    private ResidentServer _resident = null!;

    internal SimServer(World world, int index)
    {
        _world = world;
        Index = index;
        Name = Cast.Server(index);
        Key = Cast.Key(index, world.Config.Signatures);
        Profile = Reference.Profiles.BehaviourProfiles.Lookup(world.Config.ProfileOf(index)).Value;
        Users = Cast.UsersOf(index);
        Strategy = world.Config.Byzantine.TryGetValue(index, out var strategy) ? strategy : null;
        Fault = world.Config.Faulty.Contains(index) ? Faults.Find(world.Config.Fault) : null;
        Resident = ResidentServer.Create(Name, Key, world.Keys);
    }

    public int Index { get; }

    public string Name { get; }

    internal Ed25519SigningKey Key { get; }

    /// <summary>
    /// The rooms this server holds, as the reference keeps them, each decided under this server's profile (and, for a
    /// planted fault with one, resolving with the fault's resolver), each resolution recorded for I-33.
    /// </summary>
    public ResidentServer Resident
    {
        get => _resident;
        private set
        {
            foreach (var room in value.Rooms.Values)
            {
                if (!ReferenceEquals(room.Profile, Profile)) value = value.With(room.WithProfile(Profile));
            }
            _resident = Metered(Fault is null ? value : WithFaultyResolver(value));
        }
    }

    /// <summary>The behaviour profile this server decides under (spec/divergences.md).</summary>
    public Reference.Profiles.BehaviourProfile Profile { get; }

    public ImmutableArray<string> Users { get; }

    /// <summary>The Byzantine strategy this server follows; null for an honest server.</summary>
    public Adversary? Strategy { get; }

    /// <summary>The planted fault this server runs; null for the reference.</summary>
    public PlantedFault? Fault { get; }

    public bool IsByzantine => Strategy is not null;

    /// <summary>The invites this server's users hold and have not answered.</summary>
    public IReadOnlyList<ReceivedInvite> Invites => _invites;

    /// <summary>The room as this server holds it, or null.</summary>
    public Room? Room(string roomId) => Resident.Room(roomId);

    // The invite endpoint sees the rooms this server holds, so that a room's server ACL refuses a denied inviter (I-32).
    private InviteeServer Invitee => InviteeServer.Create(Name, Key, _world.Keys, Users) with { Rooms = Resident.Rooms };

    internal void Hold(ResidentServer resident) => Resident = resident;

    // ---- the room's creator ----

    /// <summary>Creates a room of the run's version: create, the creator's join, power levels, the join rule.</summary>
    internal string CreateRoom(string tag, string joinRule, IReadOnlyList<string> allow)
    {
        var version = _world.Version;
        var creator = Users[0];
        var signed = RoomEvents.SignedCreate(version, creator, Name, Key, tag, _world.Tick());
        var create = PduParser.ParseSigned(signed, version.Format).Value;
        Resident = Resident.With(Reference.Rooms.Room.Start(version, create));
        var roomId = create.RoomId.Value;

        Local(roomId, creator, EventTypes.Member, creator, Membership(MembershipValues.Join), null);
        // The invite level is left to its default (0), which is what some historical bugs got wrong (B12). In room
        // version 12 the creator's power is above every level and the creator may not be listed (MSC4289). With shared
        // power, the first user of every other server starts at 100 too.
        var powerful = (_world.Config.SharedPower ? Enumerable.Range(0, _world.Config.Servers).Select(s => Cast.User(s, 0)) : [creator])
            .Where(u => !(version.PrivilegedCreators && u == creator));
        var levels = JsonValue.Object(("users", JsonValue.Object([.. powerful.Select(u => KeyValuePair.Create(u, (JsonValue)JsonValue.Number(100)))])));
        Local(roomId, creator, EventTypes.PowerLevels, "", levels, null);
        Local(roomId, creator, EventTypes.JoinRules, "", RoomEvents.JoinRules(joinRule, allow), null);
        return roomId;
    }

    private static JsonObject Membership(string membership) => JsonValue.Object(("membership", JsonValue.String(membership)));

    /// <summary>Sends one of this server's users' events and hands it to the room's other servers; null with the refusal's rule when the reference refuses.</summary>
    internal Pdu? Local(string roomId, string sender, string type, string? stateKey, JsonObject content, StepEffects? effects)
    {
        var current = Room(roomId)?.State;
        var sent = LocalEvents.Send(Resident, roomId, sender, type, stateKey, content, _world.Tick(), Signer(roomId, effects));
        if (!sent.IsOk)
        {
            effects?.Tell($"{Name} refuses {Short(sender)}'s {type}{(stateKey is { Length: > 0 } ? " of " + Short(stateKey) : "")}: {sent.Error!.Rule.Token()}{(sent.Error.AuthRule is { } rule ? " (" + Reference.Errors.WireToken.Of(rule) + ")" : "")}");
            if (type == EventTypes.Member && content[MemberContent.Membership] is JsonString m)
            {
                effects?.Add(new Attempt(Index, sender, roomId, m.Value, Index, sent.Error!.Rule, false, sent.Error.Message)
                {
                    Entitled = stateKey == sender ? _world.EntitledAt(Index, sender, roomId, m.Value) : null,
                });
            }
            return null;
        }
        var accepted = sent.Value!;
        Resident = accepted.Server;
        var held = accepted.Room.Find(accepted.Event.EventId)!;
        effects?.Add(new Taken(Index, roomId, held, Arrival.Local, Index) { CurrentBefore = current });
        effects?.Tell($"{Short(sender)} on {Name} sends {World.Describe(accepted.Event)}");
        if (type == EventTypes.Member && content[MemberContent.Membership] is JsonString membership)
        {
            effects?.Add(new Attempt(Index, sender, roomId, membership.Value, Index, DanceRule.LocalEventSent, true, "sent locally"));
        }
        if (!(Strategy == Adversary.HiddenFork && type != EventTypes.Member)) _world.Broadcast(Index, accepted.Room, accepted.Event);
        return accepted.Event;
    }

    internal static string Short(string userId)
    {
        var colon = userId.IndexOf(':', StringComparison.Ordinal);
        return userId.StartsWith('@') && colon > 1 ? userId[1..colon] : userId;
    }

    /// <summary>True when this server took a state of the room on a Byzantine server's word (a send_join answer, a /state_ids answer).</summary>
    public bool TookStateFromByzantine(string roomId) => _stateFromByzantine.Contains(roomId);

    internal void TookStateFrom(int server, string roomId)
    {
        if (_world.Config.IsByzantine(server)) _stateFromByzantine.Add(roomId);
    }

    /// <summary>True when one of this server's users is joined in its copy of the room.</summary>
    public bool IsResidentIn(string roomId) =>
        Room(roomId) is { } room && (Resident.IsResidentIn(room) || (Fault is { StaleResidency: true } && WasEverResident(room)));
}

/// <summary>Tokens of dance rules for stories.</summary>
internal static class DanceRuleText
{
    public static string Token(this DanceRule rule) => DanceRules.Token(rule);
}
