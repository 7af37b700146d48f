using System.Collections.Concurrent;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>What the passing assertions of a run saw: each (rule, room version) decided, and each evidence shape of each rule with whether an assertion checked it.</summary>
internal sealed record RuleAssertions(
    IReadOnlyCollection<(Rule Rule, string Version)> Pairs,
    IReadOnlyCollection<(Rule Rule, string Shape, bool Checked)> EvidenceShapes);

/// <summary>
/// Assertions on authorisation decisions: the verdict and the rule, never the sentence; and, through
/// <see cref="Allows(AuthDecision, Rule, RoomVersion, ValueTuple{string, string}[])"/> and
/// <see cref="Rejects(AuthDecision, Rule, RoomVersion, ValueTuple{string, string}[])"/>, the evidence the
/// decision carries, every name and value of it. Each passing assertion records the (rule, room version)
/// pair it saw and the evidence shape (the names) of the decision, so <see cref="RuleCoverageTests"/> can
/// compare what the rule tests exercise with the ranges in the catalogue, and check that every shape of
/// evidence a rule decides with is checked somewhere by name and value.
/// </summary>
internal static class RuleAssert
{
    private static readonly AsyncLocal<Collector?> Current = new();

    /// <summary>The room version numbered <paramref name="number"/>.</summary>
    public static RoomVersion V(int number) => RoomVersionRegistry.All[number - 1];

    /// <summary>A JSON object from text; the lenient reader, so tests can write any number.</summary>
    public static JsonObject JsonText(string text) => StrictJsonReader.ParseObject(text, JsonReadOptions.Lenient).Value;

    /// <summary>The level a room version 12 creator has (above every integer), or <paramref name="listed"/> in the versions before, where the creator is listed.</summary>
    public static string CreatorLevel(RoomVersion version, long listed = 100) =>
        version.PrivilegedCreators ? "infinite" : listed.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="run"/> and returns what its passing assertions recorded.</summary>
    public static RuleAssertions Collect(Action run)
    {
        var collected = new Collector();
        var previous = Current.Value;
        Current.Value = collected;
        try
        {
            run();
        }
        finally
        {
            Current.Value = previous;
        }
        return new RuleAssertions(
            [.. collected.Pairs.Keys],
            [.. collected.Shapes.Select(shape => (shape.Key.Rule, shape.Key.Shape, shape.Value))]);
    }

    /// <summary><paramref name="decision"/> allows by <paramref name="rule"/> (its evidence unchecked).</summary>
    public static void Allowed(AuthDecision decision, Rule rule, RoomVersion version) => Decided(decision, AuthVerdict.Allow, rule, version, "", null);

    /// <summary><paramref name="decision"/> rejects by <paramref name="rule"/> (its evidence unchecked).</summary>
    public static void Rejected(AuthDecision decision, Rule rule, RoomVersion version) => Decided(decision, AuthVerdict.Reject, rule, version, "", null);

    /// <summary><paramref name="decision"/> allows by <paramref name="rule"/> with exactly <paramref name="evidence"/> (none when none is given).</summary>
    public static void Allows(AuthDecision decision, Rule rule, RoomVersion version, params (string Name, string Value)[] evidence) =>
        Decided(decision, AuthVerdict.Allow, rule, version, "", evidence);

    /// <summary><paramref name="decision"/> rejects by <paramref name="rule"/> with exactly <paramref name="evidence"/> (none when none is given).</summary>
    public static void Rejects(AuthDecision decision, Rule rule, RoomVersion version, params (string Name, string Value)[] evidence) =>
        Decided(decision, AuthVerdict.Reject, rule, version, "", evidence);

    /// <summary>
    /// <paramref name="e"/> is allowed by <paramref name="rule"/> both against the room's state and against
    /// the events it cites (which the builder supplies, with the implied create event in room version 12).
    /// </summary>
    public static void Allowed(RoomBuilder room, Pdu e, Rule rule) => Both(room, e, AuthVerdict.Allow, rule);

    /// <summary><paramref name="e"/> is rejected by <paramref name="rule"/> against the room's state and against its auth events.</summary>
    public static void Rejected(RoomBuilder room, Pdu e, Rule rule) => Both(room, e, AuthVerdict.Reject, rule);

    /// <summary>As <see cref="Allowed(RoomBuilder, Pdu, Rule)"/>, with exactly <paramref name="evidence"/> on both paths.</summary>
    public static void Allows(RoomBuilder room, Pdu e, Rule rule, params (string Name, string Value)[] evidence) =>
        Both(room, e, AuthVerdict.Allow, rule, evidence);

    /// <summary>As <see cref="Rejected(RoomBuilder, Pdu, Rule)"/>, with exactly <paramref name="evidence"/> on both paths.</summary>
    public static void Rejects(RoomBuilder room, Pdu e, Rule rule, params (string Name, string Value)[] evidence) =>
        Both(room, e, AuthVerdict.Reject, rule, evidence);

    /// <summary>The decision's verdict and rule, checked on both paths; and its evidence, exactly, when <paramref name="evidence"/> is given.</summary>
    public static void Both(RoomBuilder room, Pdu e, AuthVerdict verdict, Rule rule, (string Name, string Value)[]? evidence = null)
    {
        Decided(room.Check(e), verdict, rule, room.Version, " (against the state)", evidence);
        Decided(room.CheckAgainstAuthEvents(e), verdict, rule, room.Version, " (against the auth events)", evidence);
    }

    /// <summary>The evidence shape of <paramref name="decision"/>: its names in ordinal order, or <c>(none)</c>.</summary>
    public static string ShapeOf(AuthDecision decision) => decision.Evidence.IsEmpty ? "(none)" : string.Join(", ", decision.Evidence.Keys);

    private static void Decided(AuthDecision decision, AuthVerdict verdict, Rule rule, RoomVersion version, string path, (string Name, string Value)[]? evidence)
    {
        Assert.True(decision.Rule == rule && decision.Verdict == verdict,
            $"room version {version.Id}{path}: expected {Describe(verdict, rule)}, got {Describe(decision.Verdict, decision.Rule)} [{decision}]");
        if (evidence is not null)
        {
            var expected = evidence.ToDictionary(entry => entry.Name, entry => entry.Value, StringComparer.Ordinal);
            Assert.True(expected.Count == evidence.Length, "the test names an evidence entry twice: " + Render(evidence));
            var same = expected.Count == decision.Evidence.Count
                && decision.Evidence.All(entry => expected.TryGetValue(entry.Key, out var value) && string.Equals(value, entry.Value, StringComparison.Ordinal));
            Assert.True(same,
                $"room version {version.Id}{path}: {Describe(verdict, rule)} expected evidence {Render(evidence)}, got {Render([.. decision.Evidence.Select(entry => (entry.Key, entry.Value))])}");
        }
        if (Current.Value is { } collector)
        {
            collector.Pairs.TryAdd((rule, version.Id), true);
            collector.Shapes.AddOrUpdate((rule, ShapeOf(decision)), evidence is not null, (_, seen) => seen || evidence is not null);
        }
    }

    private static string Describe(AuthVerdict verdict, Rule rule) => (verdict == AuthVerdict.Allow ? "allow " : "reject ") + rule.ToString();

    private static string Render((string Name, string Value)[] evidence) =>
        "{" + string.Join(", ", evidence.OrderBy(entry => entry.Name, StringComparer.Ordinal).Select(entry => entry.Name + "=" + entry.Value)) + "}";

    private sealed class Collector
    {
        public ConcurrentDictionary<(Rule Rule, string Version), bool> Pairs { get; } = new();

        /// <summary>Each (rule, evidence shape) seen, and whether an assertion checked that evidence by name and value.</summary>
        public ConcurrentDictionary<(Rule Rule, string Shape), bool> Shapes { get; } = new();
    }
}
