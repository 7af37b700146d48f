namespace InviteJoin.Analyzers.Tests.Traceability;

public sealed class IJ3005PrivateClauseLabelTests
{
    [Fact]
    public Task PrivateLabelsInComments_Report() => Verify.AnalyzerAsync<ClauseLabelAnalyzer>(
        """
        /// <summary>Decided by rule {|#0:F2|}.</summary>
        class C
        {
            // {|#1:F3.5.2|} (v8–11: 4.3.5.2): the authoriser must be joined.
            int A;
            /* {|#2:K4|} forbids creators in users; then {|#3:D–M|}. */
            int B;
            // A rejected auth event fails {|#4:rule C|}; see also {|#5:F4.1c|}.
            int D;
            // {|#6:M|} (v1–2: 12): otherwise, allow.
            int E;
        }
        """,
        new Verify.Options(),
        Expect(0, "F2"), Expect(1, "F3.5.2"), Expect(2, "K4"), Expect(3, "D–M"), Expect(4, "rule C"), Expect(5, "F4.1c"), Expect(6, "M"));

    [Fact]
    public Task TokensSpecCitationsAndLabelsAPageDefines_DoNotReport() => Verify.AnalyzerAsync<ClauseLabelAnalyzer>(
        """
        // `member.join.restricted.authoriser_not_joined` (spec v1.19, rooms v12 "Authorisation rules" 5.3.5.2).
        // The attack A1 and the historical bugs B21 and B34 are defined in spec/; U+E000–U+FFFF; 0xC1; MSC4297; SHA-1.
        class C
        {
            string F3 = "F3.5.2 in a string is data, not a citation";
            int K4;
        }
        """,
        new Verify.Options());

    [Fact]
    public Task GeneratorsProfile_IsDormant() => Verify.AnalyzerAsync<ClauseLabelAnalyzer>(
        "// rule K4\nclass C { }",
        new Verify.Options { Profile = "generators" });

    private static DiagnosticResult Expect(int location, string label) =>
        new DiagnosticResult(Descriptors.PrivateClauseLabel).WithLocation(location).WithArguments(label);
}
