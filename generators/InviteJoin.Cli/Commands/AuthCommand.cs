using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>auth</c>: <c>{room_version, event, auth_events: [PDU], rejected?: [event_id], verify_keys?}</c> in,
/// <c>{allowed, rule, reason, evidence?}</c> out: the authorisation rules of the room version applied to
/// <c>event</c> against the auth events it cites (spec v1.19, server-server API "Checks performed on receipt
/// of a PDU" 4, and the room version's "Authorization rules"). A rejection is a verdict (exit 0); a PDU
/// that is not a valid event of its room version is a malformed request (exit 2, <c>pdu.*</c>).
/// </summary>
/// <remarks>
/// PDUs are test inputs: <c>hashes</c> and <c>signatures</c> may be absent, an <c>event_id</c> key names
/// the event in every room version, and in room version 12 a create event named <c>$X</c> has room ID
/// <c>!X</c> and is supplied among the auth events although other events do not cite it. Given events the
/// event does not cite are ignored; a cited event that is not given is the rule <c>auth_events.missing</c>.
/// Events listed in <c>rejected</c> were rejected on receipt and are never used. Without
/// <c>verify_keys</c>, the rule that needs the authorising server's signature (room versions 8+) trusts
/// that signatures were verified on receipt and asks only for a <c>signatures</c> entry of that server;
/// with <c>verify_keys</c> (<c>{server: {key_id: public_key}}</c>) it verifies the signature with those keys.
/// </remarks>
internal sealed class AuthCommand : DataCommand
{
    private const string EventField = "event";
    private const string AuthEventsField = "auth_events";
    private const string RejectedField = "rejected";
    private const string VerifyKeysField = "verify_keys";

    public override string Name => "auth";

    public override string Description =>
        "{room_version, event, auth_events: [PDU], rejected?: [event_id], verify_keys?: {server: {key_id: public_key}}} -> {allowed, rule, reason, evidence?}.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "room_version", EventField, AuthEventsField, RejectedField, VerifyKeysField).TryGet(out var fields, out var failure)) return failure!;
        // The request's shape first, then the PDUs in it, so a missing field is reported before a bad event.
        var version = fields.RoomVersion();
        if (!version.IsOk) return version.Failure!;
        var eventJson = fields.Event(version.Value);
        if (!eventJson.IsOk) return eventJson.Failure!;
        var authEventsJson = fields.Array(AuthEventsField);
        if (!authEventsJson.IsOk) return authEventsJson.Failure!;
        var context = Context(fields);
        if (!context.IsOk) return context.Failure!;
        var @event = ParsePdu(eventJson.Value, version.Value, Request.PathOf(EventField));
        if (!@event.IsOk) return @event.Failure!;
        var authEvents = AuthEvents(authEventsJson.Value, version.Value);
        if (!authEvents.IsOk) return authEvents.Failure!;

        var decision = EventAuthorizer.AuthorizeAgainstAuthEvents(@event.Value, authEvents.Value, version.Value, context.Value);
        return Render(decision);
    }

    /// <summary>The answer: the verdict, the rule's token and sentence, and the decision's evidence when it has any.</summary>
    internal static JsonObject Render(AuthDecision decision)
    {
        var answer = JsonValue.Object(
            ("allowed", JsonValue.Bool(decision.Allowed)),
            ("rule", JsonValue.String(decision.Token)),
            ("reason", JsonValue.String(decision.Reason)));
        if (decision.Evidence.IsEmpty) return answer;
        var evidence = JsonObject.Empty;
        foreach (var (key, value) in decision.Evidence) evidence = evidence.With(key, JsonValue.String(value));
        return answer.With("evidence", evidence);
    }

    private static Result<List<Pdu>> AuthEvents(JsonArray array, RoomVersion version)
    {
        var pdus = new List<Pdu>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var path = JsonPath.Index(Request.PathOf(AuthEventsField), i);
            if (array[i] is not JsonObject json)
            {
                return Result<List<Pdu>>.Fail(RequestError.WrongType, path, "every auth event must be a JSON object (a PDU)");
            }
            if (version.Format.StrictCanonicalJson && CanonicalNumbers.FirstViolation(json, path) is { } bad)
            {
                return Result<List<Pdu>>.Fail(EventError.NotCanonicalJson, bad,
                    $"room version {version.Id} requires canonical JSON: numbers must be integers within ±(2^53−1) written without fraction or exponent");
            }
            var pdu = ParsePdu(json, version, path);
            if (!pdu.IsOk) return pdu.Failure!;
            pdus.Add(pdu.Value);
        }
        return pdus;
    }

    private static Result<AuthContext> Context(Request fields)
    {
        var context = AuthContext.Default;
        if (fields.Has(RejectedField))
        {
            var rejected = fields.Array(RejectedField);
            if (!rejected.IsOk) return rejected.Failure!;
            var ids = new List<string>(rejected.Value.Count);
            for (var i = 0; i < rejected.Value.Count; i++)
            {
                if (rejected.Value[i] is not JsonString id)
                {
                    return Result<AuthContext>.Fail(RequestError.WrongType, JsonPath.Index(Request.PathOf(RejectedField), i), "every rejected entry must be an event ID string");
                }
                ids.Add(id.Value);
            }
            context = context.WithRejected(ids);
        }
        if (fields.Has(VerifyKeysField))
        {
            var keys = fields.ServerVerifyKeys();
            if (!keys.IsOk) return keys.Failure!;
            context = context with { IsSignedBy = AuthContext.VerifiesWith(keys.Value) };
        }
        return context;
    }

    private static Result<Pdu> ParsePdu(JsonObject json, RoomVersion version, string path) =>
        Request.At(PduParser.Parse(json, version.Format, PduParseOptions.TestInput), path);
}
