namespace InviteJoin.Analyzers.Tests.Traceability;

public sealed class IJ3004PropertyWithoutInvariantTests
{
    private const string Attributes = """
        namespace FsCheck.Xunit { public sealed class PropertyAttribute : System.Attribute { } }
        namespace Xunit
        {
            [System.AttributeUsage(System.AttributeTargets.All, AllowMultiple = true)]
            public sealed class TraitAttribute(string name, string value) : System.Attribute { }
            public sealed class FactAttribute : System.Attribute { }
        }

        """;

    private const string Invariants = """
        # Invariants

        ## I-01 No join without a verified invite or a public room
        | I-02 | Honest servers that saw the same events hold the same state | `I02_Convergence` |
        """;

    private static readonly Verify.Options WithCatalogue = new() { AdditionalFiles = [("/0/spec/invariants.md", Invariants)] };

    [Fact]
    public Task PropertyWithoutOrWithUnknownInvariant_Reports() => Verify.AnalyzerAsync<PropertyInvariantAnalyzer>(
        "using FsCheck.Xunit;\nusing Xunit;\n" + Attributes + """
        public class Properties
        {
            [Property] public bool {|#0:Anything|}() => true;
            [Property, Trait("invariant", "I-07")] public bool {|#1:Unknown|}() => true;
            [Fact] public void {|#2:I09_Claimed|}() { }
        }
        """,
        WithCatalogue,
        new DiagnosticResult(Descriptors.PropertyWithoutInvariant).WithLocation(0)
            .WithArguments("Anything", "names no invariant; add [Trait(\"invariant\", \"I-nn\")] or start its name with Inn_"),
        new DiagnosticResult(Descriptors.PropertyWithoutInvariant).WithLocation(1)
            .WithArguments("Unknown", "names invariant 'I-07', which spec/invariants.md does not define"),
        new DiagnosticResult(Descriptors.PropertyWithoutInvariant).WithLocation(2)
            .WithArguments("I09_Claimed", "names invariant 'I-09', which spec/invariants.md does not define"));

    [Fact]
    public Task PropertiesNamingDefinedInvariants_DoNotReport() => Verify.AnalyzerAsync<PropertyInvariantAnalyzer>(
        "using FsCheck.Xunit;\nusing Xunit;\n" + Attributes + """
        public class Properties
        {
            [Property, Trait("invariant", "I-01")] public bool JoinNeedsInvite() => true;
            [Property] public bool I02_Convergence() => true;
            [Fact] public void OrdinaryTest() { }
        }
        [Trait("invariant", "I-02")]
        public class ConvergenceProperties
        {
            public ConvergenceProperties() { }
            public int Helper { get; set; }
            [Property] public bool SameEventsSameState() => true;
        }
        """,
        WithCatalogue);

    [Fact]
    public Task ClassTraitWithUnknownInvariant_ReportsOnMethodsOnly() => Verify.AnalyzerAsync<PropertyInvariantAnalyzer>(
        "using FsCheck.Xunit;\nusing Xunit;\n" + Attributes + """
        [Trait("invariant", "I-99")]
        public class Misfiled
        {
            public Misfiled() { }
            public int Helper { get; set; }
            public bool {|#0:Check|}() => true;
        }
        """,
        WithCatalogue,
        new DiagnosticResult(Descriptors.PropertyWithoutInvariant).WithLocation(0)
            .WithArguments("Check", "names invariant 'I-99', which spec/invariants.md does not define"));

    [Fact]
    public Task NoInvariantsCatalogue_IsDormant() => Verify.AnalyzerAsync<PropertyInvariantAnalyzer>(
        "using FsCheck.Xunit;\n" + Attributes + """
        public class Properties
        {
            [Property] public bool Anything() => true;
        }
        """);
}
