using System.Globalization;
using System.Text;
using InviteJoin.Generators.Simulation;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Json;

namespace InviteJoin.Cli.Commands;

/// <summary>Why a scenario cannot be run.</summary>
internal enum ScenarioRequestError
{
    /// <summary>The scenario's header or one of its steps is not the scenario language of spec/scenarios.md, or a step cannot be taken.</summary>
    [WireToken("scenario.invalid")] Invalid = 1,
}

/// <summary>
/// <c>interleave</c>: a multi-server scenario run on the simulated federation (spec/scenarios.md): <c>{servers,
/// room_version, join_rule?, byzantine?: {server: strategy}, strict_invites?, signatures?, policy_server?, steps: [line]}</c> in,
/// <c>{servers: {server: {members: {user: membership}, events: {name: status}}}, violation?}</c> out: what each honest
/// server holds once the steps have run — every user's membership in its current state, and the status of each event a
/// step named (<c>as NAME</c>; <c>nothing</c> when the server never received it). Expectation lines are not steps and
/// are refused; <c>violation</c> names the first invariant (spec/invariants.md) a step broke.
/// </summary>
internal sealed class InterleaveCommand : DataCommand
{
    public override string Name => "interleave";

    public override string Description =>
        "{servers, room_version, join_rule?, byzantine?, strict_invites?, signatures?, policy_server?, steps: [line]} -> {servers: {server: {members, events}}, violation?}.";

    public override Result<JsonValue> Answer(JsonValue request)
    {
        if (!Request.Read(request, "servers", "room_version", "join_rule", "byzantine", "strict_invites", "signatures", "policy_server", "steps").TryGet(out var fields, out var failure)) return failure!;
        var servers = fields.Value("servers");
        if (!servers.IsOk) return servers.Failure!;
        if (servers.Value is not JsonNumber n || !n.TryGetInt64(out var count)) return Invalid(Request.PathOf("servers"), "servers is a number of servers");
        var version = fields.String("room_version");
        if (!version.IsOk) return version.Failure!;
        var header = new StringBuilder();
        header.Append("servers ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n').Append("room_version ").Append(version.Value).Append('\n');
        if (fields.Has("join_rule"))
        {
            var rule = fields.String("join_rule");
            if (!rule.IsOk) return rule.Failure!;
            header.Append("join_rule ").Append(rule.Value).Append('\n');
        }
        var byzantine = new SortedSet<string>(StringComparer.Ordinal);
        if (fields.Has("byzantine"))
        {
            var map = fields.Object("byzantine");
            if (!map.IsOk) return map.Failure!;
            foreach (var (server, strategy) in map.Value)
            {
                if (strategy is not JsonString s) return Invalid(Request.PathOf("byzantine") + "." + server, "a strategy is a string");
                header.Append("byzantine ").Append(server).Append(' ').Append(s.Value).Append('\n');
                byzantine.Add(server);
            }
        }
        if (fields.Has("strict_invites") && fields.Value("strict_invites").Value is JsonBool { Value: true }) header.Append("strict_invites\n");
        if (fields.Has("signatures"))
        {
            var mode = fields.String("signatures");
            if (!mode.IsOk) return mode.Failure!;
            header.Append("signatures ").Append(mode.Value).Append('\n');
        }
        if (fields.Has("policy_server") && fields.Value("policy_server").Value is JsonBool { Value: true }) header.Append("policy_server\n");
        var steps = fields.Array("steps");
        if (!steps.IsOk) return steps.Failure!;
        var text = new StringBuilder(header.ToString()).Append("--\n");
        for (var i = 0; i < steps.Value.Count; i++)
        {
            var path = JsonPath.Index(Request.PathOf("steps"), i);
            if (steps.Value[i] is not JsonString { Value: var line }) return Invalid(path, "a step is a string");
            if (line.Contains('\n', StringComparison.Ordinal) || line.Contains('#', StringComparison.Ordinal)) return Invalid(path, "a step is one line, without comments");
            if (line.TrimStart().StartsWith("expect", StringComparison.Ordinal)) return Invalid(path, "expectations are not steps");
            text.Append(line).Append('\n');
        }

        Scenario scenario;
        try
        {
            scenario = ScenarioParser.Parse("request", text.ToString());
        }
        catch (ScenarioException e)
        {
            return Invalid(JsonPath.Root, e.Message);
        }
        var result = ScenarioRunner.Run(scenario, expectations: false);
        if (result.Failure is { } failed) return Invalid(Request.PathOf("steps"), failed);

        var answer = JsonObject.Empty;
        var world = result.World;
        for (var s = 0; s < world.Config.Servers; s++)
        {
            var name = Cast.Server(s);
            if (byzantine.Contains(name)) continue;
            var room = world.Servers[s].Room(world.MainRoom);
            var members = JsonObject.Empty;
            for (var t = 0; t < world.Config.Servers; t++)
            {
                for (var u = 0; u < Cast.UsersPerServer; u++)
                {
                    var user = Cast.User(t, u);
                    if (room?.MembershipOf(user) is { } membership) members = members.With(user, JsonValue.String(membership));
                }
            }
            var events = JsonObject.Empty;
            foreach (var (eventName, id) in result.Named)
            {
                events = events.With(eventName, JsonValue.String(room?.StatusOf(id) is { } status ? WireToken.Of(status) : "nothing"));
            }
            answer = answer.With(name, JsonValue.Object(("members", members), ("events", events)));
        }
        var response = JsonValue.Object(("servers", answer));
        return result.Violation is { } violation ? response.With("violation", JsonValue.String(violation)) : response;
    }

    private static Failure Invalid(string path, string message) => new(ScenarioRequestError.Invalid, path, message);
}
