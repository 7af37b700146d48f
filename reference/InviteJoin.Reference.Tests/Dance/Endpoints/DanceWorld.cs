using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Tests.Crypto;
using Xunit;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>
/// The servers, users and keys of the handshake tests. Keys come from fixed seeds, so every event is
/// really signed and every room version 3+ event ID is a real reference hash, the same on every run.
/// a.test and b.test are residents, x.test joins or is invited, m.test is a malicious server, is.test an
/// identity server.
/// </summary>
internal static class DanceWorld
{
    public const string A = "a.test";
    public const string B = "b.test";
    public const string X = "x.test";
    public const string M = "m.test";
    public const string IdentityServer = "is.test";

    public const string Alice = "@alice:a.test";
    public const string Amy = "@amy:a.test";
    public const string Bob = "@bob:b.test";
    public const string Xavier = "@xavier:x.test";
    public const string Xena = "@xena:x.test";
    public const string Mallory = "@mallory:m.test";

    /// <summary>A time well after the room was built; tests add to it.</summary>
    public const long Now = 1_700_000_100_000;

    public static readonly Ed25519SigningKey KeyA = TestKeys.Filled(0xA1);
    public static readonly Ed25519SigningKey KeyB = TestKeys.Filled(0xB2);
    public static readonly Ed25519SigningKey KeyX = TestKeys.Filled(0xC3);
    public static readonly Ed25519SigningKey KeyM = TestKeys.Filled(0xD4);
    public static readonly Ed25519SigningKey KeyIdentityServer = TestKeys.Filled(0xE5);

    /// <summary>Every server's verification key, as a key notary would supply them.</summary>
    public static readonly KeyRing Keys = KeyRing.Empty.With(A, KeyA).With(B, KeyB).With(X, KeyX).With(M, KeyM);

    /// <summary>The signing key of <paramref name="server"/>.</summary>
    public static Ed25519SigningKey KeyOf(string server) => server switch
    {
        A => KeyA,
        B => KeyB,
        X => KeyX,
        M => KeyM,
        _ => throw new InvalidOperationException("no key for " + server),
    };

    /// <summary>The server of <paramref name="userId"/>.</summary>
    public static string ServerOf(string userId) => userId[(userId.IndexOf(':', StringComparison.Ordinal) + 1)..];

    public static ResidentServer ServerA(params DanceRoom[] rooms) => Holding(A, rooms);

    public static ResidentServer ServerB(params DanceRoom[] rooms) => Holding(B, rooms);

    public static ResidentServer ServerX(params DanceRoom[] rooms) => Holding(X, rooms);

    public static ResidentServer ServerM(params DanceRoom[] rooms) => Holding(M, rooms);

    /// <summary>x.test answering invites for its users Xavier and Xena.</summary>
    public static InviteeServer InviteeX => InviteeServer.Create(X, KeyX, Keys, Xavier, Xena);

    public static ResidentServer Holding(string server, params DanceRoom[] rooms)
    {
        var result = ResidentServer.Create(server, KeyOf(server), Keys);
        foreach (var room in rooms) result = result.With(room.Room);
        return result;
    }

    public static RoomVersion Version(string id) => RoomVersionRegistry.Lookup(id).Value;
}

/// <summary>
/// A room built event by event, each event signed by its sender's server and checked by the auth rules
/// before it is added. Every step returns a new room, so one base can branch. Servers then hold copies
/// (<see cref="DanceWorld.ServerA"/>), as residents that saw the same events.
/// </summary>
internal sealed record DanceRoom(RoomVersion Version, Reference.Rooms.Room Room, long Clock)
{
    public string RoomId => Room.RoomId.Value;

    /// <summary>
    /// A room of <paramref name="version"/> created by <paramref name="creator"/>, who has joined; power levels
    /// (<paramref name="powerLevels"/>, or the creator at 100) and a public join rule. <paramref name="tag"/>
    /// makes rooms of the same version distinct.
    /// </summary>
    public static DanceRoom Create(RoomVersion version, string creator = DanceWorld.Alice, string tag = "main", JsonObject? powerLevels = null)
    {
        var server = DanceWorld.ServerOf(creator);
        var content = JsonValue.Object(("room_version", JsonValue.String(version.Id)), ("tag", JsonValue.String(tag)));
        if (version.CreatorInContent) content = content.With("creator", JsonValue.String(creator));
        var clock = 1_700_000_000_000L;
        var json = JsonValue.Object(
            ("type", JsonValue.String(EventTypes.Create)),
            ("state_key", JsonValue.String("")),
            ("sender", JsonValue.String(creator)),
            ("content", content),
            ("depth", JsonValue.Number(1)),
            ("prev_events", JsonArray.Empty),
            ("auth_events", JsonArray.Empty));
        if (!version.RoomIdIsCreateEventHash) json = json.With("room_id", JsonValue.String("!" + tag + ":" + server));
        var signed = EventCompletion.Complete(json, version, server, DanceWorld.KeyOf(server), clock);
        var create = Parse(signed, version);
        var room = new DanceRoom(version, Reference.Rooms.Room.Start(version, create), clock)
            .Join(creator);
        var levels = powerLevels ?? (version.PrivilegedCreators
            ? JsonObject.Empty
            : JsonValue.Object(("users", JsonValue.Object((creator, JsonValue.Number(100))))));
        return room.Send(creator, EventTypes.PowerLevels, "", levels).JoinRule(creator, JoinRuleValues.Public);
    }

    /// <summary>The next event of <paramref name="sender"/>, built on the room's extremities, signed by the sender's server and not yet added.</summary>
    public Pdu Build(string sender, string type, string? stateKey, JsonObject content, Func<JsonObject, JsonObject>? edit = null)
    {
        var server = DanceWorld.ServerOf(sender);
        var template = EventTemplates.Build(Room, type, stateKey, sender, content, server, Clock + 1);
        if (edit is not null) template = edit(template);
        var signed = EventCompletion.Complete(template, Version, server, DanceWorld.KeyOf(server), Clock + 1);
        return Parse(signed, Version);
    }

    /// <summary>This room with <paramref name="sender"/>'s event added, after the auth rules allowed it.</summary>
    public DanceRoom Send(string sender, string type, string? stateKey, JsonObject content) => Add(Build(sender, type, stateKey, content));

    /// <summary>This room with <paramref name="pdu"/> added, after the auth rules allowed it against its auth events and the state.</summary>
    public DanceRoom Add(Pdu pdu)
    {
        // Fixture events are signed by the servers that must sign them, with DanceWorld's keys.
        var outcome = Room.Check(new InboundPdu(pdu, ReplacedByRedaction: false, EventSigning.RequiredSigners(pdu)), DanceWorld.Keys);
        Assert.True(outcome?.Verdict == ReceiptVerdict.Accepted, "the fixture event fails the auth rules: " + outcome);
        return this with { Room = Room.Accept(pdu), Clock = Math.Max(Clock, pdu.OriginServerTs) + 1 };
    }

    public DanceRoom Join(string user) => Membership(user, user, MembershipValues.Join);

    public DanceRoom Leave(string user) => Membership(user, user, MembershipValues.Leave);

    public DanceRoom Membership(string sender, string target, string membership) =>
        Send(sender, EventTypes.Member, target, JsonValue.Object(("membership", JsonValue.String(membership))));

    /// <summary>
    /// This room after <paramref name="sender"/> invites <paramref name="target"/> with no countersignature:
    /// the auth rules do not ask for one (how fixtures stand for invites already accepted; attack A1).
    /// </summary>
    public DanceRoom Invite(string sender, string target) => Membership(sender, target, MembershipValues.Invite);

    public DanceRoom JoinRule(string sender, string joinRule, params string[] allowRooms)
    {
        var content = JsonValue.Object(("join_rule", JsonValue.String(joinRule)));
        if (allowRooms.Length > 0)
        {
            content = content.With("allow", JsonValue.Array(allowRooms.Select(id => (JsonValue)JsonValue.Object(
                ("type", JsonValue.String("m.room_membership")), ("room_id", JsonValue.String(id))))));
        }
        return Send(sender, EventTypes.JoinRules, "", content);
    }

    public DanceRoom JoinRules(string sender, JsonObject content) => Send(sender, EventTypes.JoinRules, "", content);

    public DanceRoom PowerLevels(string sender, JsonObject content) => Send(sender, EventTypes.PowerLevels, "", content);

    public DanceRoom Name(string sender, string name) => Send(sender, "m.room.name", "", JsonValue.Object(("name", JsonValue.String(name))));

    public static Pdu Parse(JsonObject json, RoomVersion version)
    {
        var parsed = PduParser.Parse(json, version.Format, PduParseOptions.Federation);
        Assert.True(parsed.IsOk, "the fixture event does not parse: " + parsed.Failure);
        return parsed.Value;
    }
}

/// <summary>Assertions on handler answers: rule, errcode and status, never the message.</summary>
internal static class Expect
{
    public static T Ok<T>(EndpointResult<T> result, DanceRule rule)
        where T : class
    {
        Assert.True(result.IsOk, "expected " + DanceRules.Token(rule) + ", got " + result);
        Assert.Equal(rule, result.Rule);
        return result.Value!;
    }

    public static MatrixError Refused<T>(EndpointResult<T> result, DanceRule rule, MatrixErrorCode code, int status)
        where T : class
    {
        Assert.False(result.IsOk, "expected refusal " + DanceRules.Token(rule) + ", got " + result);
        Assert.Equal(rule, result.Rule);
        Assert.Equal(code, result.Error!.ErrCode);
        Assert.Equal(status, result.Error.HttpStatus);
        return result.Error;
    }

    public static ImmutableArray<string> Ver(params string[] versions) => [.. versions];
}
