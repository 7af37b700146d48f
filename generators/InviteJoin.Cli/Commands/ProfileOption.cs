using System.CommandLine;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;

namespace InviteJoin.Cli.Commands;

/// <summary>
/// <c>--profile NAME</c> on the commands that decide, and the request field <c>profile</c>, which wins
/// over the option: the behaviour profile the answer follows (<c>spec</c> by default; see
/// <c>invitejoin profiles</c>).
/// </summary>
internal static class ProfileOption
{
    /// <summary>The request field.</summary>
    public const string Field = "profile";

    /// <summary>A new <c>--profile</c> option (one per command: an option belongs to one command).</summary>
    public static Option<string> Create()
    {
        var option = new Option<string>("--profile")
        {
            Description = "Answer as this behaviour profile: " + string.Join(", ", BehaviourProfiles.All.Select(p => p.Name))
                + " (default spec); a request's own \"profile\" field wins.",
            HelpName = "name",
        };
        option.AcceptOnlyFromAmong([.. BehaviourProfiles.All.Select(p => p.Name)]);
        return option;
    }

    /// <summary>The profile named on the command line (already one of the known names), or the default.</summary>
    public static BehaviourProfile FromCommandLine(string? name) =>
        name is null ? BehaviourProfile.Spec : BehaviourProfiles.Lookup(name).Value;

    /// <summary>The request's <c>profile</c> field when it has one, else <paramref name="fallback"/>.</summary>
    public static Result<BehaviourProfile> Of(Request fields, BehaviourProfile fallback)
    {
        if (!fields.Has(Field)) return fallback;
        var name = fields.String(Field);
        return name.IsOk ? BehaviourProfiles.Lookup(name.Value, Request.PathOf(Field)) : name.Failure!;
    }

    /// <summary>What an answer says when the profiled implementation raises instead of deciding.</summary>
    public static JsonObject Raised(ImplementationException raised, Divergence divergence, string rule, string? at) =>
        JsonValue.Object([
            KeyValuePair.Create("exception", (JsonValue)JsonValue.String(WireToken.Of(raised))),
            KeyValuePair.Create("divergence", (JsonValue)JsonValue.String(WireToken.Of(divergence))),
            KeyValuePair.Create("rule", (JsonValue)JsonValue.String(rule)),
            .. at is null ? Array.Empty<KeyValuePair<string, JsonValue>>() : [KeyValuePair.Create("event_id", (JsonValue)JsonValue.String(at))],
        ]);
}
