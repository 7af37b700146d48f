using System.Collections.Concurrent;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;
using Xunit;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Assertions on authorisation decisions: the verdict and the rule, never the sentence. Each passing
/// assertion records the (rule, room version) pair it saw, so <see cref="RuleCoverageTests"/> can compare
/// what the rule tests exercise with the ranges in the catalogue.
/// </summary>
internal static class RuleAssert
{
    private static readonly AsyncLocal<ConcurrentDictionary<(Rule Rule, string Version), bool>?> Collector = new();

    /// <summary>The room version numbered <paramref name="number"/>.</summary>
    public static RoomVersion V(int number) => RoomVersionRegistry.All[number - 1];

    /// <summary>A JSON object from text; the lenient reader, so tests can write any number.</summary>
    public static JsonObject JsonText(string text) => StrictJsonReader.ParseObject(text, JsonReadOptions.Lenient).Value;

    /// <summary>Runs <paramref name="run"/> and returns every (rule, version) pair its passing assertions recorded.</summary>
    public static IReadOnlyCollection<(Rule Rule, string Version)> Collect(Action run)
    {
        var collected = new ConcurrentDictionary<(Rule Rule, string Version), bool>();
        var previous = Collector.Value;
        Collector.Value = collected;
        try
        {
            run();
        }
        finally
        {
            Collector.Value = previous;
        }
        return collected.Keys.ToArray();
    }

    /// <summary><paramref name="decision"/> allows by <paramref name="rule"/>.</summary>
    public static void Allowed(AuthDecision decision, Rule rule, RoomVersion version) => Decided(decision, AuthVerdict.Allow, rule, version, "");

    /// <summary><paramref name="decision"/> rejects by <paramref name="rule"/>.</summary>
    public static void Rejected(AuthDecision decision, Rule rule, RoomVersion version) => Decided(decision, AuthVerdict.Reject, rule, version, "");

    /// <summary>
    /// <paramref name="e"/> is allowed by <paramref name="rule"/> both against the room's state and against
    /// the events it cites (which the builder supplies, with the implied create event in room version 12).
    /// </summary>
    public static void Allowed(RoomBuilder room, Pdu e, Rule rule) => Both(room, e, AuthVerdict.Allow, rule);

    /// <summary><paramref name="e"/> is rejected by <paramref name="rule"/> against the room's state and against its auth events.</summary>
    public static void Rejected(RoomBuilder room, Pdu e, Rule rule) => Both(room, e, AuthVerdict.Reject, rule);

    /// <summary>The decision's verdict and rule, checked on both paths.</summary>
    public static void Both(RoomBuilder room, Pdu e, AuthVerdict verdict, Rule rule)
    {
        Decided(room.Check(e), verdict, rule, room.Version, " (against the state)");
        Decided(room.CheckAgainstAuthEvents(e), verdict, rule, room.Version, " (against the auth events)");
    }

    private static void Decided(AuthDecision decision, AuthVerdict verdict, Rule rule, RoomVersion version, string path)
    {
        Assert.True(decision.Rule == rule && decision.Verdict == verdict,
            $"room version {version.Id}{path}: expected {Describe(verdict, rule)}, got {Describe(decision.Verdict, decision.Rule)} [{decision}]");
        Collector.Value?.TryAdd((rule, version.Id), true);
    }

    private static string Describe(AuthVerdict verdict, Rule rule) => (verdict == AuthVerdict.Allow ? "allow " : "reject ") + rule.ToString();
}
