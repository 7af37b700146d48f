using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Rooms;

namespace InviteJoin.Reference.Dance.Endpoints;

/// <summary>An event a resident created for one of its users and took into its room.</summary>
public sealed record LocalEventSent(Pdu Event, Room Room, ResidentServer Server);

/// <summary>
/// A resident sending an event of one of its own users: build it on the forward extremities with the auth
/// events the selection picks, sign it, check it as every receiver will (against its auth events and the
/// current state), and take it into the room. Sending it to the other servers is the caller's delivery.
/// </summary>
public static class LocalEvents
{
    /// <summary>
    /// Sends <paramref name="sender"/>'s event of <paramref name="type"/> at time <paramref name="now"/>. In a room that uses a
    /// policy server the event is first sent to <paramref name="policyServer"/> for its signature: servers "MUST ask that
    /// Policy Server for a signature before sending an event", and without one the event is not sent (spec v1.18+).
    /// </summary>
    public static EndpointResult<LocalEventSent> Send(ResidentServer server, string roomId, string sender, string type, string? stateKey, JsonObject content, long now, PolicySigner? policyServer = null)
    {
        var built = Build(server, roomId, sender, type, stateKey, content, now, DanceRule.LocalEventNotAuthorised, policyServer);
        if (built.Error is { } refused) return refused;
        var (room, pdu) = built.Value!;
        var after = room.Accept(pdu);
        return EndpointResult<LocalEventSent>.Ok(DanceRule.LocalEventSent, new LocalEventSent(pdu, after, server.With(after)));
    }

    /// <summary>Builds, signs and checks an event without taking it into the room (an invite waits for its countersignature).</summary>
    internal static EndpointResult<BuiltEvent> Build(ResidentServer server, string roomId, string sender, string type, string? stateKey, JsonObject content, long now, DanceRule notAuthorised, PolicySigner? policyServer = null)
    {
        if (server.Room(roomId) is not { } room) return MatrixError.Of(DanceRule.LocalEventUnknownRoom, $"{server.ServerName} does not know room {roomId}");
        if (!server.IsLocal(sender)) return MatrixError.Of(DanceRule.LocalEventSenderNotLocal, $"{sender} is not a user of {server.ServerName}");

        var template = EventTemplates.Build(room, type, stateKey, sender, content, server.ServerName, now);
        var signed = EventCompletion.Complete(template, room.Version, server.ServerName, server.SigningKey, now, out var signingBytes);
        var parsed = PduParser.Parse(signed, room.Version.Format, PduParseOptions.Federation, signingBytes);
        // The room supplies well-formed references; what the caller chose (content, type, state key) may still
        // make no event of the room version, for example by exceeding the size limit.
        if (!parsed.IsOk) return MatrixError.Of(DanceRule.LocalEventMalformed, "the event is not an event of the room version: " + parsed.Failure);
        var pdu = parsed.Value;

        // Checks 4–6 as a receiver runs them. The signature its receivers verify is this server's own, just made.
        // The event follows the forward extremities, whose state the room knows.
        var inbound = new InboundPdu(pdu, ReplacedByRedaction: false, VerifiedServers: [server.ServerName]);
        var outcome = room.Check(inbound, server.Keys)!;
        if (outcome.Stage == ReceiptStage.PolicyServer && policyServer is not null && MembershipSubmission.CoSigned(room, inbound, policyServer) is { } coSigned)
        {
            inbound = coSigned;
            outcome = room.Check(inbound, server.Keys)!;
        }
        if (outcome.Stage == ReceiptStage.PolicyServer)
        {
            return MatrixError.Of(DanceRule.LocalEventNotRecommended, "the room's policy server has not recommended the event: " + outcome.Token);
        }
        if (outcome.Verdict != ReceiptVerdict.Accepted) return MatrixError.Of(notAuthorised, "the auth rules reject the event: " + outcome.Decision, outcome.Rule);
        return EndpointResult<BuiltEvent>.Ok(DanceRule.LocalEventSent, new BuiltEvent(room, inbound.Pdu));
    }
}

/// <summary>An event built and signed for a room, not yet taken into it.</summary>
internal sealed record BuiltEvent(Room Room, Pdu Event);
