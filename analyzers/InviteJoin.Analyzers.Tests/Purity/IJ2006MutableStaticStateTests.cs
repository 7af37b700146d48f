namespace InviteJoin.Analyzers.Tests.Purity;

public sealed class IJ2006MutableStaticStateTests
{
    [Fact]
    public Task MutableStatics_Report() => Verify.AnalyzerAsync<MutableStaticStateAnalyzer>("""
        using System.Collections.Generic;
        using System.Collections.Concurrent;
        using System.Text;
        class C
        {
            private static int {|IJ2006:Counter|};
            public static string {|IJ2006:Name|} { get; set; } = "";
            private static readonly List<int> {|IJ2006:Seen|} = new();
            private static readonly Dictionary<string, int> {|IJ2006:Index|} = new();
            private static readonly ConcurrentDictionary<string, int> {|IJ2006:Cache|} = new();
            private static readonly StringBuilder {|IJ2006:Buffer|} = new();
        }
        """);

    [Fact]
    public Task ImmutableStaticsAndLookupArrays_DoNotReport() => Verify.AnalyzerAsync<MutableStaticStateAnalyzer>("""
        using System.Collections.Generic;
        using System.Collections.Immutable;
        class C
        {
            private const int Limit = 3;
            private static readonly byte[] HexDigits = [1, 2, 3];
            private static readonly ImmutableArray<string> Names = ["a"];
            private static readonly ImmutableSortedDictionary<string, int> Table = ImmutableSortedDictionary<string, int>.Empty;
            private static readonly IReadOnlyList<int> Ordered = [1, 2];
            public static C Instance { get; } = new();
            private int _instanceState;
            public static int Computed => Limit;
        }
        """);
}
