using System.CommandLine;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

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
/// The answer follows the behaviour profile of <c>--profile</c> or the request's <c>profile</c> field; where
/// the profiled implementation raises instead of deciding, the answer is
/// <c>{exception, divergence, rule}</c> (no <c>allowed</c>).
/// </remarks>
internal sealed class AuthCommand(BehaviourProfile? profile = null) : DataCommand
{
    private readonly BehaviourProfile _profile = profile ?? BehaviourProfile.Spec;

    private const string EventField = "event";
    private const string AuthEventsField = "auth_events";
    private const string RejectedField = "rejected";
    private const string VerifyKeysField = "verify_keys";

    public override string Name => "auth";

    public override string Description =>
        "{room_version, event, auth_events: [PDU], rejected?: [event_id], verify_keys?: {server: {key_id: public_key}}, profile?} -> {allowed, rule, reason, evidence?}, or {exception, divergence, rule} where the profile's implementation raises.";

    public override IReadOnlyList<Option> CreateOptions() => [ProfileOption.Create()];

    public override DataCommand ForProfile(BehaviourProfile profile) => new AuthCommand(profile);

    public override DataCommand With(ParseResult parseResult, IReadOnlyList<Option> options) =>
        new AuthCommand(ProfileOption.FromCommandLine(parseResult.GetValue((Option<string>)options[0])));

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "room_version", EventField, AuthEventsField, RejectedField, VerifyKeysField, ProfileOption.Field).TryGet(out var fields, out var failure)) return failure!;
        // The request's shape first, then the PDUs in it, so a missing field is reported before a bad event.
        var version = fields.RoomVersion();
        if (!version.IsOk) return version.Failure!;
        var eventJson = fields.Event(version.Value);
        if (!eventJson.IsOk) return eventJson.Failure!;
        var authEventsJson = fields.Array(AuthEventsField, RequestLimits.MaxAuthEvents);
        if (!authEventsJson.IsOk) return authEventsJson.Failure!;
        var profile = ProfileOption.Of(fields, _profile);
        if (!profile.IsOk) return profile.Failure!;
        var context = Context(fields).Map(c => c with { Profile = profile.Value });
        if (!context.IsOk) return context.Failure!;
        // The event and its auth events cite one another and share a room: their identifiers are read once.
        var memo = new PduParseMemo();
        var @event = Request.ParsePdu(eventJson.Value, version.Value, Request.PathOf(EventField), memo);
        if (!@event.IsOk) return @event.Failure!;
        var authEvents = Request.Pdus(authEventsJson.Value, Request.PathOf(AuthEventsField), version.Value, memo);
        if (!authEvents.IsOk) return authEvents.Failure!;

        var decision = EventAuthorizer.AuthorizeAgainstAuthEvents(@event.Value, authEvents.Value, version.Value, context.Value);
        return Render(decision);
    }

    /// <summary>The answer: the verdict, the rule's token and sentence, and the decision's evidence when it has any.</summary>
    internal static JsonObject Render(AuthDecision decision)
    {
        if (decision.Verdict == AuthVerdict.Raise) return ProfileOption.Raised(decision.Raised!.Value, decision.Divergence!.Value, decision.Token, at: null);
        // Written in canonical key order, which the object keeps anyway, so it is built without a sort.
        if (decision.Evidence.IsEmpty)
        {
            return JsonValue.Object(
                ("allowed", JsonValue.Bool(decision.Allowed)),
                ("reason", JsonValue.String(decision.Reason)),
                ("rule", JsonValue.String(decision.Token)));
        }
        var evidence = new KeyValuePair<string, JsonValue>[decision.Evidence.Count];
        var count = 0;
        foreach (var (key, value) in decision.Evidence) evidence[count++] = KeyValuePair.Create(key, (JsonValue)JsonValue.String(value));
        return JsonValue.Object(
            ("allowed", JsonValue.Bool(decision.Allowed)),
            ("evidence", JsonObject.FromMembers(evidence)),
            ("reason", JsonValue.String(decision.Reason)),
            ("rule", JsonValue.String(decision.Token)));
    }

    private static Result<AuthContext> Context(Request fields)
    {
        var context = AuthContext.Default;
        if (fields.Has(RejectedField))
        {
            // IDs as written: one that names no given event changes nothing, so it is not held to a grammar.
            var rejected = fields.EventIdTexts(RejectedField, RequestLimits.MaxRejected);
            if (!rejected.IsOk) return rejected.Failure!;
            context = context.WithRejected(rejected.Value);
        }
        if (fields.Has(VerifyKeysField))
        {
            var keys = fields.ServerVerifyKeys();
            if (!keys.IsOk) return keys.Failure!;
            context = context with { IsSignedBy = AuthContext.VerifiesWith(keys.Value) };
        }
        return context;
    }
}
