using System.Collections.Immutable;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>handshake</c>: one request of the invite, join, knock and leave handshakes answered by a server of the reference
/// (spec v1.19, server-server API "Joining Rooms", "Restricted rooms", "Knocking upon a room", "Inviting to a room",
/// "Leaving Rooms (Rejecting Invites)", "Third-party invites"): <c>{server: {server_name, key_id, seed}, verify_keys,
/// rooms: [{room_version, events: [PDU]}], local_users?, now, endpoint, request: {origin, room_id, user_id?, ver?,
/// event_id?, body?, omit_members?}}</c> in, <c>{status, errcode?, rule, facts?}</c> out.
/// </summary>
/// <remarks>
/// The answering server holds each room of <c>rooms</c> as it received the room's events in that order (full PDUs with
/// hashes and signatures, the create event first; each checked on receipt with <c>verify_keys</c>, and held rejected
/// or soft failed where the checks say so). <c>endpoint</c> is one of <c>make_join</c>, <c>send_join</c>,
/// <c>make_knock</c>, <c>send_knock</c>, <c>make_leave</c>, <c>send_leave</c>, <c>invite</c> (the invitee's server;
/// <c>local_users</c> are its users) and <c>exchange_third_party_invite</c>. The answer gives the HTTP status, the
/// errcode of a refusal, the dance rule that decided, and for a success the facts of the response body that the spec
/// fixes (<c>spec/vectors/handshake.md</c>): not its timestamps or the resident's choice of prev events.
/// </remarks>
internal sealed class HandshakeCommand : DataCommand
{
    public static readonly ImmutableArray<string> Endpoints =
        ["make_join", "send_join", "make_knock", "send_knock", "make_leave", "send_leave", "invite", "exchange_third_party_invite"];

    public override string Name => "handshake";

    public override string Description =>
        "{server: {server_name, key_id, seed}, verify_keys, rooms: [{room_version, events}], local_users?, now, endpoint, request: {origin, room_id, ...}} -> {status, errcode?, rule, facts?}.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "server", "verify_keys", "rooms", "local_users", "now", "endpoint", "request").TryGet(out var fields, out var failure)) return failure!;
        var serverJson = fields.Object("server");
        if (!serverJson.IsOk) return serverJson.Failure!;
        var server = Request.At(Request.Read(serverJson.Value, "server_name", "key_id", "seed"), Request.PathOf("server"));
        if (!server.IsOk) return server.Failure!;
        var name = Request.At(server.Value.ServerName(), Request.PathOf("server"));
        if (!name.IsOk) return name.Failure!;
        var key = Request.At(server.Value.SigningKey(), Request.PathOf("server"));
        if (!key.IsOk) return key.Failure!;
        var keys = fields.ServerVerifyKeys();
        if (!keys.IsOk) return keys.Failure!;
        var ring = keys.Value.With(name.Value, key.Value);
        var now = fields.Value("now").Then(v => v is JsonNumber n && n.TryGetInt64(out var t) && t >= 0
            ? Result<long>.Ok(t)
            : Result<long>.Fail(RequestError.WrongType, Request.PathOf("now"), "now must be a non-negative integer of milliseconds"));
        if (!now.IsOk) return now.Failure!;
        var endpoint = fields.String("endpoint");
        if (!endpoint.IsOk) return endpoint.Failure!;
        if (!Endpoints.Contains(endpoint.Value))
        {
            return Result<JsonValue>.Fail(RequestError.WrongType, Request.PathOf("endpoint"), $"unknown endpoint \"{endpoint.Value}\"; one of {string.Join(", ", Endpoints)}");
        }
        var asked = fields.Object("request");
        if (!asked.IsOk) return asked.Failure!;
        var call = Request.At(Request.Read(asked.Value, "origin", "room_id", "user_id", "ver", "event_id", "body", "omit_members"), Request.PathOf("request"));
        if (!call.IsOk) return call.Failure!;
        var rooms = Rooms(fields, ring);
        if (!rooms.IsOk) return rooms.Failure!;

        var resident = ResidentServer.Create(name.Value, key.Value, ring);
        foreach (var room in rooms.Value) resident = resident.With(room);
        var c = call.Value;
        string Text(string field) => c.Has(field) && c.String(field) is { IsOk: true } s ? s.Value : "";
        JsonValue Body() => c.Has("body") ? c.Value("body").Value : JsonValue.Null;
        ImmutableArray<string>? Ver() => c.Has("ver") && c.Array("ver") is { IsOk: true } v ? [.. v.Value.OfType<JsonString>().Select(s => s.Value)] : null;
        foreach (var required in Required(endpoint.Value))
        {
            if (!c.Has(required)) return Result<JsonValue>.Fail(RequestError.MissingField, Request.PathOf("request") + "." + required, $"{endpoint.Value} needs request.{required}");
        }

        return endpoint.Value switch
        {
            "make_join" => Template(MakeJoin.Handle(resident, new MakeJoinRequest(Text("origin"), Text("room_id"), Text("user_id"), Ver()), now.Value)),
            "make_knock" => Template(MakeKnock.Handle(resident, new MakeKnockRequest(Text("origin"), Text("room_id"), Text("user_id"), Ver()), now.Value)),
            "make_leave" => Template(MakeLeave.Handle(resident, new MakeLeaveRequest(Text("origin"), Text("room_id"), Text("user_id")), now.Value)),
            "send_join" => Render(SendJoin.Handle(resident, new SendJoinRequest(Text("origin"), Text("room_id"), Text("event_id"), Body(), c.Has("omit_members") ? Text("omit_members") : null)),
                accepted => SendJoinFacts(accepted)),
            "send_knock" => Render(SendKnock.Handle(resident, new SendKnockRequest(Text("origin"), Text("room_id"), Text("event_id"), Body())),
                accepted => JsonValue.Object(("event_id", JsonValue.String(accepted.Event.EventId.Value)), ("knock_room_state", StateKeys(accepted.ResponseBody["knock_room_state"])))),
            "send_leave" => Render(SendLeave.Handle(resident, new SendLeaveRequest(Text("origin"), Text("room_id"), Text("event_id"), Body())),
                accepted => JsonValue.Object(("event_id", JsonValue.String(accepted.Event.EventId.Value)))),
            "invite" => Invitee(fields, name.Value, key.Value, ring, new InviteRequest(Text("origin"), Text("room_id"), Text("event_id"), Body())),
            _ => Render(ExchangeThirdPartyInvite.Handle(resident, new ExchangeThirdPartyInviteRequest(Text("origin"), Text("room_id"), Body()), now.Value),
                sent => JsonValue.Object(("event", EventFacts(sent.Event.Json)))),
        };
    }

    private static string[] Required(string endpoint) => endpoint switch
    {
        "make_join" or "make_knock" or "make_leave" => ["origin", "room_id", "user_id"],
        "exchange_third_party_invite" => ["origin", "room_id", "body"],
        _ => ["origin", "room_id", "event_id", "body"],
    };

    // Each room, its events received in order by a server that knows the keys.
    private static Result<ImmutableArray<Room>> Rooms(Request fields, KeyRing keys)
    {
        var array = fields.Array("rooms");
        if (!array.IsOk) return array.Failure!;
        var rooms = ImmutableArray.CreateBuilder<Room>();
        for (var i = 0; i < array.Value.Count; i++)
        {
            var path = JsonPath.Index(Request.PathOf("rooms"), i);
            var entry = Request.At(Request.Read(array.Value[i], "room_version", "events"), path);
            if (!entry.IsOk) return entry.Failure!;
            var version = Request.At(entry.Value.RoomVersion(), path);
            if (!version.IsOk) return version.Failure!;
            var events = Request.At(entry.Value.Array("events"), path);
            if (!events.IsOk) return events.Failure!;
            Room? room = null;
            for (var j = 0; j < events.Value.Count; j++)
            {
                var eventPath = JsonPath.Index(path + ".events", j);
                if (events.Value[j] is not JsonObject json) return Result<ImmutableArray<Room>>.Fail(RequestError.WrongType, eventPath, "every event of a room is a PDU object");
                var (inbound, dropped) = PduVerification.Check(json, version.Value.Format, keys);
                if (dropped is not null) return Request.At(Result<ImmutableArray<Room>>.Fail(dropped.Failure), eventPath);
                if (room is null)
                {
                    if (inbound!.Pdu.Type != EventTypes.Create) return Result<ImmutableArray<Room>>.Fail(RequestError.WrongType, eventPath, "a room's first event is its create event");
                    room = Room.Start(version.Value, inbound.Pdu);
                    continue;
                }
                var receipt = room.Receive(inbound!, keys);
                if (receipt.Kind != RoomReceiptKind.Taken)
                {
                    return Result<ImmutableArray<Room>>.Fail(RequestError.WrongType, eventPath,
                        $"the event cannot be taken in after the ones before it ({WireToken.Of(receipt.Kind)}: {string.Join(", ", receipt.Missing)})");
                }
                room = receipt.Room;
            }
            if (room is null) return Result<ImmutableArray<Room>>.Fail(RequestError.WrongType, path + ".events", "a room needs at least its create event");
            rooms.Add(room);
        }
        return rooms.ToImmutable();
    }

    private static Result<JsonValue> Invitee(Request fields, string name, Ed25519SigningKey key, KeyRing keys, InviteRequest request)
    {
        var users = fields.Has("local_users") ? fields.Array("local_users") : Result<JsonArray>.Ok(JsonArray.Empty);
        if (!users.IsOk) return users.Failure!;
        var server = InviteeServer.Create(name, key, keys, users.Value.OfType<JsonString>().Select(s => s.Value));
        return Render(Invite.Handle(server, request), response => JsonValue.Object(
            ("signed_by", JsonValue.Array(((response.Event["signatures"] as JsonObject)?.Keys ?? []).Order(StringComparer.Ordinal).Select(s => (JsonValue)JsonValue.String(s)))),
            ("stripped_state", StateKeys(JsonValue.Array(response.StrippedState)))));
    }

    private static Result<JsonValue> Template(EndpointResult<TemplateResponse> result) =>
        Render(result, template => JsonValue.Object(("room_version", JsonValue.String(template.RoomVersion)), ("event", EventFacts(template.Event))));

    private static Result<JsonValue> Render<T>(EndpointResult<T> result, Func<T, JsonObject> facts)
        where T : class
    {
        if (result.Error is { } error)
        {
            return JsonValue.Object(
                ("status", JsonValue.Number(error.HttpStatus)),
                ("errcode", JsonValue.String(WireToken.Of(error.ErrCode))),
                ("rule", JsonValue.String(error.Token)));
        }
        return JsonValue.Object(("status", JsonValue.Number(200)), ("rule", JsonValue.String(DanceRules.Token(result.Rule))), ("facts", facts(result.Value!)));
    }

    // What a template or an issued event says that the spec fixes: type, state key, sender, content and the auth events chosen.
    private static JsonObject EventFacts(JsonObject @event)
    {
        var facts = JsonObject.Empty;
        foreach (var key in new[] { "type", "state_key", "sender", "room_id", "content" })
        {
            if (@event[key] is { } value) facts = facts.With(key, value);
        }
        if (@event["auth_events"] is JsonArray auth)
        {
            facts = facts.With("auth_events", JsonValue.Array(auth.Select(a => a is JsonArray pair && pair.Count > 0 ? pair[0] : a)
                .OfType<JsonString>().Select(s => s.Value).Order(StringComparer.Ordinal).Select(s => (JsonValue)JsonValue.String(s))));
        }
        return facts;
    }

    private static JsonObject SendJoinFacts(SendJoinAccepted accepted)
    {
        var format = accepted.Room.Version.Format;
        return JsonValue.Object(
            ("event_id", JsonValue.String(accepted.Join.EventId.Value)),
            ("state", Ids(accepted.Response.State, format)),
            ("auth_chain", Ids(accepted.Response.AuthChain, format)),
            ("members_omitted", JsonValue.Bool(accepted.Response.MembersOmitted)),
            ("servers_in_room", JsonValue.Array(accepted.Response.ServersInRoom.Order(StringComparer.Ordinal).Select(s => (JsonValue)JsonValue.String(s)))));
    }

    // The event IDs of full PDUs of one room version, sorted.
    private static JsonArray Ids(IEnumerable<JsonObject> events, EventFormat format) =>
        JsonValue.Array(events.Select(e => format.EventIdInPdu ? (e["event_id"] as JsonString)?.Value ?? ""
                : EventHashes.ComputeEventId(e, format) is { IsOk: true } id ? id.Value.Value : "")
            .Order(StringComparer.Ordinal).Select(id => (JsonValue)JsonValue.String(id)));

    // Stripped state as sorted [type, state_key] pairs.
    private static JsonArray StateKeys(JsonValue? events) => JsonValue.Array(
        (events as JsonArray ?? JsonArray.Empty).OfType<JsonObject>()
            .Select(e => (Type: (e["type"] as JsonString)?.Value ?? "", Key: (e["state_key"] as JsonString)?.Value ?? ""))
            .OrderBy(p => p.Type, StringComparer.Ordinal).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (JsonValue)JsonValue.Array(JsonValue.String(p.Type), JsonValue.String(p.Key))));
}
