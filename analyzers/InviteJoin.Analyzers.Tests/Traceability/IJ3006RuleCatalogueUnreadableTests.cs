namespace InviteJoin.Analyzers.Tests.Traceability;

public sealed class IJ3006RuleCatalogueUnreadableTests
{
    private const string RuleEnum = TraceabilitySources.WireToken + """
        namespace InviteJoin.Reference.Auth
        {
            using InviteJoin.Reference.Errors;
            public enum Rule { [WireToken("member.join.allowed")] JoinAllowed }
        }
        """;

    [Fact]
    public Task UnknownKey_ReportsWhereTheReaderStopped() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        RuleEnum,
        new Verify.Options { AdditionalFiles = [(TraceabilitySources.RuleCataloguePath, TraceabilitySources.RuleCatalogue.Replace("\"meaning\": \"Allowed.\"", "\"meening\": \"Allowed.\"", StringComparison.Ordinal))] },
        new DiagnosticResult(Descriptors.RuleCatalogueUnreadable)
            .WithSpan(TraceabilitySources.RuleCataloguePath, 14, 91, 14, 92)
            .WithArguments("$.groups[0].tokens[1]: unknown key 'meening' (allowed: token, member, decision, versions, clauses, meaning, sentence, spec, code, ours)"));

    [Fact]
    public Task MalformedJson_Reports() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        RuleEnum,
        new Verify.Options { AdditionalFiles = [(TraceabilitySources.RuleCataloguePath, "{\"spec_version\": \"v1.19\",}")] },
        new DiagnosticResult(Descriptors.RuleCatalogueUnreadable)
            .WithSpan(TraceabilitySources.RuleCataloguePath, 1, 26, 1, 27)
            .WithArguments("an object key must be a string"));

    [Fact]
    public Task NoRuleEnum_IsDormant() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        "class C { }",
        new Verify.Options { AdditionalFiles = [(TraceabilitySources.RuleCataloguePath, "{")] });
}
