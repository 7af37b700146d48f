namespace InviteJoin.Analyzers.Tests.Traceability;

public sealed class IJ3002SpecTokenWithoutRuleTests
{
    [Fact]
    public Task ListedTokenWithoutMember_ReportsOnSpecRow() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        TraceabilitySources.WireToken + """
        namespace InviteJoin.Reference.Auth
        {
            using InviteJoin.Reference.Errors;
            public enum Rule { [WireToken("member.join.allowed")] JoinAllowed }
        }
        """,
        new Verify.Options { AdditionalFiles = TraceabilitySources.RulesFiles },
        new DiagnosticResult(Descriptors.SpecTokenWithoutRule)
            .WithSpan(TraceabilitySources.RuleCataloguePath, 10, 19, 10, 44)
            .WithArguments("member.join.not_invited", "spec/rules/catalogue.json"));

    [Fact]
    public Task EveryListedTokenImplemented_DoesNotReport() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        TraceabilitySources.WireToken + """
        namespace InviteJoin.Reference.Auth
        {
            using InviteJoin.Reference.Errors;
            public enum Rule
            {
                [WireToken("member.join.allowed")] JoinAllowed,
                [WireToken("member.join.not_invited")] JoinNotInvited,
            }
        }
        """,
        new Verify.Options { AdditionalFiles = TraceabilitySources.RulesFiles });

    [Fact]
    public Task NoRuleEnum_IsDormant() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        "class C { }",
        new Verify.Options { AdditionalFiles = TraceabilitySources.RulesFiles });

    [Fact]
    public Task SuppressMessageOnAssembly_Suppresses() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        """
        [assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("InviteJoin.Traceability", "IJ3002", Justification = "Rule added in the next change.")]

        """ + TraceabilitySources.WireToken + """
        namespace InviteJoin.Reference.Auth
        {
            using InviteJoin.Reference.Errors;
            public enum Rule { [WireToken("member.join.allowed")] JoinAllowed }
        }
        """,
        new Verify.Options { AdditionalFiles = TraceabilitySources.RulesFiles });
}
