using System.Collections.Immutable;
using CsCheck;
using InviteJoin.Generators.Auth;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;
using Xunit;

namespace InviteJoin.Properties.Profiles;

/// <summary>
/// I-08: a behaviour profile's switches change answers only where they apply. On generated authorisation
/// probes and forked rooms (with and without events rejected on receipt) of every room version: where no
/// switch's trigger holds (<see cref="SwitchTriggers"/>), the synapse profile answers exactly as the spec
/// profile does; and each switch alone answers as the spec does wherever its own trigger does not hold.
/// </summary>
public sealed class I08_ProfilesAgreeOffTheirSwitches
{
    private const int Iterations = 400;

    private static readonly ImmutableArray<Divergence> Switches = [.. WireToken.All<Divergence>().Select(d => d.Member)];

    private static readonly Gen<AuthProbe> Probes = AuthProbeGenerator.Probes(RoomVersionRegistry.All);

    private static readonly Gen<ForkedRoom> Rooms =
        Gen.Bool.SelectMany(rejected => ForkedRoomGenerator.Rooms(RoomVersionRegistry.All, Testing.TestUsers.OneServer, withRejected: rejected));

    [Fact, Trait("invariant", "I-08")]
    public void Synapse_AnswersAsTheSpec_OnProbesTouchingNoSwitch()
    {
        var compared = 0;
        Replay.Run(nameof(Synapse_AnswersAsTheSpec_OnProbesTouchingNoSwitch), () =>
            Probes.Sample(probe =>
            {
                if (Parse(probe) is not { } parsed || Switches.Any(d => SwitchTriggers.TouchesAuth(d, probe.Version, parsed.Event, parsed.Supplied))) return true;
                compared++;
                return Same(Authorize(probe, parsed, BehaviourProfile.Spec), Authorize(probe, parsed, BehaviourProfile.Synapse));
            }, iter: Iterations * 4, threads: 1, print: probe => probe.ToString()));
        // The property says something only if many probes touch no switch.
        Assert.True(compared >= Iterations, $"only {compared} of {Iterations * 4} probes touched no switch");
    }

    [Fact, Trait("invariant", "I-08")]
    public void EachSwitchAlone_AnswersAsTheSpec_OnProbesOffItsTrigger()
    {
        Replay.Run(nameof(EachSwitchAlone_AnswersAsTheSpec_OnProbesOffItsTrigger), () =>
            Probes.Sample(probe =>
            {
                if (Parse(probe) is not { } parsed) return true;
                var spec = Authorize(probe, parsed, BehaviourProfile.Spec);
                return Switches.All(d => SwitchTriggers.TouchesAuth(d, probe.Version, parsed.Event, parsed.Supplied)
                    || Same(spec, Authorize(probe, parsed, BehaviourProfile.Only(d))));
            }, iter: Iterations * 2, threads: 1, print: probe => probe.ToString()));
    }

    [Fact, Trait("invariant", "I-08")]
    public void Synapse_ResolvesAsTheSpec_OnRoomsTouchingNoSwitch()
    {
        var compared = 0;
        Replay.Run(nameof(Synapse_ResolvesAsTheSpec_OnRoomsTouchingNoSwitch), () =>
            Rooms.Sample(room =>
            {
                var graph = EventGraph.Build(room.Events, room.Version).Value;
                if (Switches.Any(d => SwitchTriggers.TouchesResolution(d, room, graph))) return true;
                compared++;
                return Same(Resolve(room, graph, BehaviourProfile.Spec), Resolve(room, graph, BehaviourProfile.Synapse));
            }, iter: Iterations, threads: 1, print: room => room.ToString()));
        Assert.True(compared >= Iterations / 5, $"only {compared} of {Iterations} rooms touched no switch");
    }

    [Fact, Trait("invariant", "I-08")]
    public void EachSwitchAlone_ResolvesAsTheSpec_OnRoomsOffItsTrigger()
    {
        Replay.Run(nameof(EachSwitchAlone_ResolvesAsTheSpec_OnRoomsOffItsTrigger), () =>
            Rooms.Sample(room =>
            {
                var graph = EventGraph.Build(room.Events, room.Version).Value;
                var spec = Resolve(room, graph, BehaviourProfile.Spec);
                return Switches.All(d => SwitchTriggers.TouchesResolution(d, room, graph) || Same(spec, Resolve(room, graph, BehaviourProfile.Only(d))));
            }, iter: Iterations / 2, threads: 1, print: room => room.ToString()));
    }

    private sealed record Parsed(Pdu Event, ImmutableArray<Pdu> Supplied);

    // The probe's PDUs; null when one is not a valid event of its room version (such a request is malformed, not decided).
    private static Parsed? Parse(AuthProbe probe)
    {
        var e = PduParser.Parse(probe.Event, probe.Version.Format, PduParseOptions.TestInput);
        if (!e.IsOk) return null;
        var supplied = ImmutableArray.CreateBuilder<Pdu>();
        foreach (var json in probe.AuthEvents)
        {
            var pdu = PduParser.Parse(json, probe.Version.Format, PduParseOptions.TestInput);
            if (!pdu.IsOk) return null;
            supplied.Add(pdu.Value);
        }
        return new Parsed(e.Value, supplied.ToImmutable());
    }

    private static AuthDecision Authorize(AuthProbe probe, Parsed parsed, BehaviourProfile profile) =>
        EventAuthorizer.AuthorizeAgainstAuthEvents(parsed.Event, parsed.Supplied, probe.Version,
            AuthContext.Default.WithRejected(probe.Rejected) with { Profile = profile });

    private static Result<StateResolution> Resolve(ForkedRoom room, EventGraph graph, BehaviourProfile profile) =>
        StateResolver.ResolveToOutcome(graph, room.StateSets, AuthContext.Default.WithRejected(room.Rejected.Select(r => r.Value)) with { Profile = profile });

    // The same decision: verdict, rule, evidence and, for a raise, the kind.
    private static bool Same(AuthDecision a, AuthDecision b)
    {
        if (a.Equals(b)) return true;
        throw new InvalidOperationException($"the answers differ: {a} / {b}");
    }

    private static bool Same(Result<StateResolution> a, Result<StateResolution> b)
    {
        if (!a.IsOk || !b.IsOk)
        {
            if (a.IsOk == b.IsOk && a.Failure!.Token == b.Failure!.Token) return true;
            throw new InvalidOperationException($"one resolution failed: {a.Failure} / {b.Failure}");
        }
        if (a.Value.State is { } x && b.Value.State is { } y && x.SequenceEqual(y)) return true;
        if (a.Value.Raised is { } r && b.Value.Raised is { } s && r.Equals(s)) return true;
        throw new InvalidOperationException("the resolutions differ: " + Describe(a.Value) + " / " + Describe(b.Value));
    }

    private static string Describe(StateResolution r) =>
        r.State is { } state ? string.Join(", ", state.Select(p => $"{p.Key.Type}[{p.Key.Key}]={p.Value.Value}")) : "raise " + r.Raised;
}
