namespace InviteJoin.Analyzers.Tests.Determinism;

public sealed class IJ1009DefaultStringOrderTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Linq;

        """;

    [Fact]
    public Task DefaultStringOrdering_Reports() => Verify.AnalyzerAsync<DefaultStringOrderAnalyzer>(Usings + """
        record Member(string UserId, int Depth);
        class C
        {
            object[] M(List<Member> members, List<string> names, string[] array, ImmutableArray<string> immutable) =>
            [
                {|IJ1009:members.OrderBy(m => m.UserId)|},
                {|IJ1009:members.OrderBy(m => m.Depth).ThenByDescending(m => m.UserId)|},
                {|IJ1009:names.Order()|},
                {|IJ1009:names.Max()|},
                {|IJ1009:new SortedDictionary<string, int>()|},
                {|IJ1009:new SortedSet<string>(names)|},
                {|IJ1009:ImmutableSortedDictionary.Create<string, int>()|},
                {|IJ1009:names.ToImmutableSortedSet()|},
                {|IJ1009:members.ToImmutableSortedDictionary(m => m.UserId, m => m.Depth)|},
                {|IJ1009:immutable.Sort()|},
                {|IJ1009:Comparer<string>.Default|},
                {|IJ1009:ImmutableSortedSet<string>.Empty|},
                (ImmutableSortedSet<string>){|IJ1009:["b", "a"]|},
            ];
            void Sort(List<string> names, string[] array)
            {
                {|IJ1009:names.Sort()|};
                {|IJ1009:Array.Sort(array)|};
            }
        }
        """);

    [Fact]
    public Task OrdinalOrNonStringOrdering_DoesNotReport() => Verify.AnalyzerAsync<DefaultStringOrderAnalyzer>(Usings + """
        record Member(string UserId, int Depth);
        class C
        {
            object[] M(List<Member> members, List<string> names, IComparer<string> codePoints) =>
            [
                members.OrderBy(m => m.UserId, StringComparer.Ordinal),
                members.OrderBy(m => m.Depth).ThenBy(m => m.UserId, codePoints),
                names.Order(StringComparer.Ordinal),
                new SortedDictionary<string, int>(StringComparer.Ordinal),
                new SortedDictionary<int, string>(),
                ImmutableSortedDictionary.Create<string, int>(StringComparer.Ordinal),
                ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal),
                names.ToImmutableSortedSet(codePoints),
                names.Distinct(), names.Select(n => n.Length).Order(), ImmutableSortedSet<int>.Empty,
                ImmutableArray.CreateBuilder<string>().Count,
            ];
            void Sort(List<string> names) => names.Sort((a, b) => string.CompareOrdinal(a, b));
        }
        """);

    [Fact]
    public Task MissingComparer_FixPassesOrdinal() => Verify.CodeFixAsync<DefaultStringOrderAnalyzer, DefaultStringOrderCodeFix>(
        Usings + """
        record Member(string UserId, int Depth);
        class C
        {
            object[] M(List<Member> members, List<string> names) =>
                [{|IJ1009:members.OrderBy(m => m.UserId)|}, {|IJ1009:new SortedSet<string>(names)|}, {|IJ1009:ImmutableSortedDictionary.Create<string, int>()|}, {|IJ1009:Comparer<string>.Default|}];
        }
        """,
        Usings + """
        record Member(string UserId, int Depth);
        class C
        {
            object[] M(List<Member> members, List<string> names) =>
                [members.OrderBy(m => m.UserId, StringComparer.Ordinal), new SortedSet<string>(names, StringComparer.Ordinal), ImmutableSortedDictionary.Create<string, int>(StringComparer.Ordinal), StringComparer.Ordinal];
        }
        """);

    [Fact]
    public Task EmptySortedSetOfStrings_HasNoFix() => Verify.NoCodeFixAsync<DefaultStringOrderAnalyzer, DefaultStringOrderCodeFix>(Usings + """
        class C
        {
            object M() => {|IJ1009:ImmutableSortedSet<string>.Empty|};
        }
        """);
}
