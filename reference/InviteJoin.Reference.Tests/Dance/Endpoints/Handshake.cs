using InviteJoin.Reference.Dance.Endpoints;

namespace InviteJoin.Reference.Tests.Dance.Endpoints;

/// <summary>The honest joining side of the handshakes, as steps tests can stop between.</summary>
internal static class Handshake
{
    /// <summary>Every room version, as make_* <c>ver</c>.</summary>
    public static readonly ImmutableArray<string> AllVersions = [.. RoomVersionRegistry.All.Select(v => v.Id)];

    /// <summary>The template <paramref name="resident"/> offers for <paramref name="user"/>'s <paramref name="membership"/>, as the JSON answer.</summary>
    public static JsonObject Template(ResidentServer resident, string roomId, string user, string membership, long now)
    {
        var origin = TestUsers.ServerOf(user);
        var result = membership switch
        {
            MembershipValues.Join => MakeJoin.Handle(resident, new MakeJoinRequest(origin, roomId, user, AllVersions), now),
            MembershipValues.Leave => MakeLeave.Handle(resident, new MakeLeaveRequest(origin, roomId, user), now),
            MembershipValues.Knock => MakeKnock.Handle(resident, new MakeKnockRequest(origin, roomId, user, AllVersions), now),
            _ => throw new InvalidOperationException(membership),
        };
        Assert.True(result.IsOk, "make_" + membership + " refused: " + result);
        return result.Value!.ToJson();
    }

    /// <summary>The event <paramref name="user"/>'s server signs from <paramref name="template"/> (the make_* answer), after checking it.</summary>
    public static Pdu Sign(JsonObject template, string roomId, string user, string membership, long now)
    {
        var server = TestUsers.ServerOf(user);
        var validated = JoinTemplate.Check(template, roomId, user, membership, AllVersions);
        Assert.True(validated.IsOk, "the template was refused: " + validated);
        return Expect.Ok(JoinTemplate.Complete(validated.Value!, server, TestKeys.Of(server), now), DanceRule.TemplateCompleted);
    }

    /// <summary>make_* then the check and the signature: the membership event ready for send_*.</summary>
    public static Pdu Signed(ResidentServer resident, string roomId, string user, string membership, long now) =>
        Sign(Template(resident, roomId, user, membership, now), roomId, user, membership, now);

    /// <summary>
    /// A membership event built from <paramref name="resident"/>'s template with <paramref name="edit"/> applied
    /// before signing, bypassing the joining server's template check: what a careless or malicious joiner sends.
    /// </summary>
    public static Pdu SignedEdited(ResidentServer resident, string roomId, string user, string membership, long now, Func<JsonObject, JsonObject> edit, string? signer = null)
    {
        var template = (JsonObject)Template(resident, roomId, user, membership, now)["event"]!;
        var room = resident.Room(roomId)!;
        var server = signer ?? TestUsers.ServerOf(user);
        var signed = EventCompletion.Complete(edit(template), room.Version, server, TestKeys.Of(server), now);
        return RoomBuilder.ParseSigned(signed, room.Version);
    }

    /// <summary>The send_join request for <paramref name="join"/> from its sender's server.</summary>
    public static SendJoinRequest SendJoinRequest(Pdu join, string? omitMembers = null) =>
        new(join.Sender.Server.Value, join.RoomId.Value, join.EventId.Value, join.Json, omitMembers);

    /// <summary>The whole join: make_join, check, sign, send_join, and the joiner taking the answer.</summary>
    public static (SendJoinAccepted Resident, JoinedRoom Joiner) Join(ResidentServer resident, ResidentServer joiner, string roomId, string user, long now, string? omitMembers = null)
    {
        var join = Signed(resident, roomId, user, MembershipValues.Join, now);
        var accepted = SendJoin.Handle(resident, SendJoinRequest(join, omitMembers));
        Assert.True(accepted.IsOk, "send_join refused: " + accepted);
        var room = resident.Room(roomId)!;
        var joined = SendJoinResponses.Apply(joiner, room.Version, join, accepted.Value!.Response.ToJson());
        Assert.True(joined.IsOk, "the joiner refused the answer: " + joined);
        return (accepted.Value!, joined.Value!);
    }
}
