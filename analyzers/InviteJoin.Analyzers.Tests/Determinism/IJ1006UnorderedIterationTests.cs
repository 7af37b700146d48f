namespace InviteJoin.Analyzers.Tests.Determinism;

public sealed class IJ1006UnorderedIterationTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Linq;

        """;

    [Fact]
    public Task ForEachOverHashOrderedCollections_Reports() => Verify.AnalyzerAsync<UnorderedIterationAnalyzer>(Usings + """
        class C
        {
            void M(Dictionary<string, int> d, HashSet<int> s, ImmutableDictionary<string, int> i, IReadOnlyDictionary<string, int> r, ILookup<string, int> l, List<string> output)
            {
                foreach (var pair in {|IJ1006:d|}) output.Add(pair.Key);
                foreach (var key in {|IJ1006:d.Keys|}) output.Add(key);
                foreach (var value in {|IJ1006:d.Values|}) output.Add(value.ToString());
                foreach (var item in {|IJ1006:s|}) output.Add(item.ToString());
                foreach (var pair in {|IJ1006:i|}) output.Add(pair.Key);
                foreach (var key in {|IJ1006:r.Keys|}) output.Add(key);
                foreach (var group in {|IJ1006:l|}) output.Add(group.Key);
            }
        }
        """);

    [Fact]
    public Task ForEachOverDictionary_ReportsWithConsumerAndSource() => Verify.AnalyzerAsync<UnorderedIterationAnalyzer>(
        Usings + """
        class C
        {
            void M(Dictionary<string, int> members) { foreach (var m in {|#0:members|}) { } }
        }
        """,
        new Verify.Options(),
        new DiagnosticResult(Descriptors.UnorderedIteration).WithLocation(0).WithArguments("foreach", "members"));

    [Fact]
    public Task OrderExposingConsumers_Report() => Verify.AnalyzerAsync<UnorderedIterationAnalyzer>(Usings + """
        class C
        {
            object[] M(Dictionary<string, int> d, HashSet<string> s) =>
            [
                {|IJ1006:d|}.ToList(),
                {|IJ1006:d.Keys|}.First(),
                string.Join(",", {|IJ1006:s|}),
                new List<string>({|IJ1006:s|}),
                {|IJ1006:s|}.ToImmutableArray(),
                ImmutableArray.CreateRange({|IJ1006:s|}),
                {|IJ1006:d.Values|}.Select(v => (double)v).Sum(),
                {|IJ1006:d|}.Where(p => p.Value > 0).Select(p => p.Key).ToArray(),
                {|IJ1006:d|}.Select(p => p.Key),
                (string[])[.. {|IJ1006:s|}],
                {|IJ1006:s|}.GetEnumerator(),
            ];
        }
        """);

    [Fact]
    public Task OrderedOrOrderInsensitiveUses_DoNotReport() => Verify.AnalyzerAsync<UnorderedIterationAnalyzer>(Usings + """
        class C
        {
            object[] M(Dictionary<string, int> d, HashSet<string> s, ImmutableSortedDictionary<string, int> sorted, ImmutableArray<string> array, List<int> list) =>
            [
                d.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
                s.Order(StringComparer.Ordinal).First(),
                d.Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
                d.Count, d.Count(), d.Any(), d.Values.All(v => v > 0), s.Contains("x"), d.ContainsKey("k"),
                d.Values.Sum(), d.Values.Max(), d.Values.Min(),
                d.ToDictionary(p => p.Key, p => p.Value), s.ToHashSet(), s.ToImmutableHashSet(),
                d.ToImmutableSortedDictionary(StringComparer.Ordinal), s.ToImmutableSortedSet(StringComparer.Ordinal),
                ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, d),
                new SortedDictionary<string, int>(d, StringComparer.Ordinal), new HashSet<string>(s),
                d.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value),
                list.Except(s.Select(x => x.Length)).ToList(),
                d.TryGetValue("k", out var v) ? v : 0,
                sorted.Keys.ToList(), array.ToList(), list.Select(x => x).ToList(),
                (HashSet<string>)[.. s],
            ];
            void Loop(ImmutableSortedDictionary<string, int> sorted, SortedSet<int> set, int[] array)
            {
                foreach (var pair in sorted) { }
                foreach (var item in set) { }
                foreach (var item in array) { }
            }
        }
        """);

    [Fact]
    public Task StringKeyedDictionary_FixOrdersByKeyOrdinally() => Verify.CodeFixAsync<UnorderedIterationAnalyzer, UnorderedIterationCodeFix>(
        Usings + """
        class C
        {
            void M(Dictionary<string, int> d, List<string> output)
            {
                foreach (var (key, value) in {|IJ1006:d|}) output.Add(key);
            }
        }
        """,
        Usings + """
        class C
        {
            void M(Dictionary<string, int> d, List<string> output)
            {
                foreach (var (key, value) in d.OrderBy(pair => pair.Key, StringComparer.Ordinal)) output.Add(key);
            }
        }
        """);

    [Fact]
    public Task StringSetInChain_FixOrdersOrdinallyAndImports() => Verify.CodeFixAsync<UnorderedIterationAnalyzer, UnorderedIterationCodeFix>(
        """
        using System.Collections.Generic;

        class C
        {
            string[] M(HashSet<string> s) => System.Linq.Enumerable.ToArray({|IJ1006:s|});
        }
        """,
        """
        using System;
        using System.Collections.Generic;
        using System.Linq;

        class C
        {
            string[] M(HashSet<string> s) => System.Linq.Enumerable.ToArray(s.Order(StringComparer.Ordinal));
        }
        """);

    [Fact]
    public Task IntegerKeys_FixOrdersByKey() => Verify.CodeFixAsync<UnorderedIterationAnalyzer, UnorderedIterationCodeFix>(
        Usings + """
        class C
        {
            int[] M(Dictionary<int, string> d, HashSet<long> s) => [.. {|IJ1006:d|}.Select(p => p.Key), .. {|IJ1006:s|}.Select(x => (int)x)];
        }
        """,
        Usings + """
        class C
        {
            int[] M(Dictionary<int, string> d, HashSet<long> s) => [.. d.OrderBy(pair => pair.Key).Select(p => p.Key), .. s.Order().Select(x => (int)x)];
        }
        """);

    [Fact]
    public Task ValuesOrRecordKeys_HaveNoFix() => Verify.NoCodeFixAsync<UnorderedIterationAnalyzer, UnorderedIterationCodeFix>(Usings + """
        record Key(string A);
        class C
        {
            object[] M(Dictionary<string, int> d, Dictionary<Key, int> r) => [{|IJ1006:d.Values|}.ToList(), {|IJ1006:r|}.ToList()];
        }
        """);
}
