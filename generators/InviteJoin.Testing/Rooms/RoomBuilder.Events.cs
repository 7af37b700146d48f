using InviteJoin.Generators.Events;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;

namespace InviteJoin.Testing;

public sealed partial record RoomBuilder
{
    /// <summary>The next member event (not added): <paramref name="sender"/> sets <paramref name="target"/>'s membership, with extra content if given.</summary>
    public Pdu Member(string sender, string target, string membership, JsonObject? content = null, Func<JsonObject, JsonObject>? edit = null) =>
        Event(EventTypes.Member, target, sender, (content ?? JsonObject.Empty).With(MemberContent.Membership, JsonValue.String(membership)), edit);

    /// <summary>The next message by <paramref name="sender"/> (not added).</summary>
    public Pdu Message(string sender, string body = "hello") =>
        Event(EventTypes.Message, null, sender, JsonValue.Object(("body", JsonValue.String(body)), ("msgtype", JsonValue.String("m.text"))));

    /// <summary>This room with <paramref name="sender"/>'s event added.</summary>
    public RoomBuilder Send(string type, string? stateKey, string sender, JsonObject content) => Add(Event(type, stateKey, sender, content));

    /// <summary>This room after <paramref name="user"/> joins.</summary>
    public RoomBuilder Join(string user) => SetMembership(user, user, MembershipValues.Join);

    /// <summary>This room after <paramref name="user"/> leaves.</summary>
    public RoomBuilder Leave(string user) => SetMembership(user, user, MembershipValues.Leave);

    /// <summary>
    /// This room after <paramref name="sender"/> invites <paramref name="target"/>. In a signed room no invitee
    /// countersigns: the auth rules do not ask for it (how fixtures stand for invites already accepted; attack A1).
    /// </summary>
    public RoomBuilder Invite(string sender, string target) => SetMembership(sender, target, MembershipValues.Invite);

    /// <summary>This room after <paramref name="sender"/> sets <paramref name="target"/>'s membership.</summary>
    public RoomBuilder SetMembership(string sender, string target, string membership) => Add(Member(sender, target, membership));

    /// <summary>This room with join rule <paramref name="joinRule"/>, set by the creator.</summary>
    public RoomBuilder JoinRule(string joinRule) => JoinRule(Creator, joinRule);

    /// <summary>This room with join rule <paramref name="joinRule"/> set by <paramref name="sender"/>, allowing members of <paramref name="allowRooms"/> (restricted rules).</summary>
    public RoomBuilder JoinRule(string sender, string joinRule, params string[] allowRooms) =>
        JoinRules(sender, RoomEvents.JoinRules(joinRule, allowRooms));

    /// <summary>This room with join-rules content <paramref name="content"/> set by <paramref name="sender"/>.</summary>
    public RoomBuilder JoinRules(string sender, JsonObject content) => Send(EventTypes.JoinRules, "", sender, content);

    /// <summary>This room with power-levels content <paramref name="content"/>, set by the creator.</summary>
    public RoomBuilder PowerLevels(JsonObject content) => PowerLevels(Creator, content);

    /// <summary>This room with power-levels content <paramref name="content"/> set by <paramref name="sender"/>.</summary>
    public RoomBuilder PowerLevels(string sender, JsonObject content) => Send(EventTypes.PowerLevels, "", sender, content);

    /// <summary>This room with power levels giving each listed user a level (the creator 100 unless listed, or in v12 where creators may not be listed), set by the creator.</summary>
    public RoomBuilder PowerLevels(params (string User, long Level)[] users) => PowerLevels(JsonValue.Object(("users", UsersMap(users))));

    /// <summary>This room with power levels set by <paramref name="sender"/> giving exactly the listed users their levels.</summary>
    public RoomBuilder PowerLevels(string sender, params (string User, long Level)[] users) =>
        PowerLevels(sender, JsonValue.Object(("users", JsonValue.Object(users.Select(u => KeyValuePair.Create(u.User, (JsonValue)JsonValue.Number(u.Level)))))));

    /// <summary>
    /// This room with power levels holding the top-level properties of <paramref name="topLevel"/> (for
    /// example <c>{"invite": 10}</c>) and a users map as <see cref="PowerLevels(ValueTuple{string, long}[])"/> makes it.
    /// </summary>
    public RoomBuilder PowerLevelsWith(JsonObject topLevel, params (string User, long Level)[] users)
    {
        ArgumentNullException.ThrowIfNull(topLevel);
        var content = JsonValue.Object(("users", UsersMap(users)));
        foreach (var (key, value) in topLevel) content = content.With(key, value);
        return PowerLevels(content);
    }

    /// <summary>This room with its name set by <paramref name="sender"/>.</summary>
    public RoomBuilder Name(string sender, string name) => Send(EventTypes.Name, "", sender, JsonValue.Object(("name", JsonValue.String(name))));

    /// <summary>This room with its topic set by <paramref name="sender"/>.</summary>
    public RoomBuilder Topic(string sender, string topic) => Send(EventTypes.Topic, "", sender, JsonValue.Object(("topic", JsonValue.String(topic))));

    // The creator at 100 unless listed (never in room version 12, where creators may not be listed), then each user.
    private JsonObject UsersMap((string User, long Level)[] users)
    {
        var map = JsonObject.Empty;
        if (!Version.PrivilegedCreators) map = map.With(Creator, JsonValue.Number(100));
        foreach (var (user, level) in users) map = map.With(user, JsonValue.Number(level));
        return map;
    }
}
