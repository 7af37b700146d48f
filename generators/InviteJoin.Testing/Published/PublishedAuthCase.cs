using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Testing;

/// <summary>
/// One single-event authorisation case of TestData/auth (another implementation's published test re-encoded as
/// data; sources in TestData/auth/README.md): an event, the auth events it is judged against, the events rejected on
/// receipt, and the expected verdict with its rule when the spec's text decides it.
/// </summary>
public sealed record PublishedAuthCase(
    string Id,
    RoomVersion Version,
    JsonObject Json,
    string Request,
    bool Allowed,
    string? Rule,
    bool Malformed)
{
    /// <summary>
    /// The rules of our decisions on the points the spec leaves open (a missing join-rules event, unreadable
    /// power-level values in versions 1–9): where a case names no rule, the decision must name one of these.
    /// </summary>
    public static readonly ImmutableArray<Rule> OpenPointRules = [Reference.Auth.Rule.MemberJoinMissingJoinRulesNotInvited, Reference.Auth.Rule.PowerLevelsUnparseableValue];

    /// <summary>The event, read as test input (a case marked malformed is one the PDU parser must refuse).</summary>
    public Result<Pdu> Event => PduParser.Parse(Json["event"]!, Version.Format, PduParseOptions.TestInput);

    /// <summary>The auth events supplied with the event, read as test input; one that does not read is a broken data set.</summary>
    public ImmutableArray<Pdu> AuthEvents =>
        [.. ((JsonArray)Json["auth_events"]!).Select(json =>
        {
            var parsed = PduParser.Parse(json, Version.Format, PduParseOptions.TestInput);
            return parsed.IsOk ? parsed.Value : throw new FixtureException($"{Id}: an auth event does not parse: {parsed.Failure}");
        })];

    /// <summary>The IDs of the events rejected on receipt.</summary>
    public ImmutableArray<string> Rejected => [.. ((JsonArray)Json["rejected"]!).Select(r => ((JsonString)r).Value)];

    /// <summary>The context the case is judged in: the default one with <see cref="Rejected"/>.</summary>
    public AuthContext Context => AuthContext.Default.WithRejected(Rejected);

    /// <summary>
    /// What is wrong with a decision that <paramref name="allowed"/> the event by the rule <paramref name="rule"/> (a
    /// token), or null when it is the expected one: the verdict must match, and the rule too when the case names one;
    /// when it names none, the rule must be one of <see cref="OpenPointRules"/>.
    /// </summary>
    public string? Mismatch(bool allowed, string rule)
    {
        if (allowed != Allowed) return "expected " + (Allowed ? "allow" : "reject");
        if (Rule is not null) return rule == Rule ? null : "expected rule " + Rule;
        return OpenPointRules.Any(open => WireToken.Of(open) == rule)
            ? null
            : "no rule is expected, and " + rule + " is not one of the open-point rules";
    }

    public override string ToString() => Id;
}
