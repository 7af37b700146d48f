namespace InviteJoin.Analyzers.Tests.Traceability;

public sealed class IJ3001RuleTokenNotInSpecTests
{
    [Fact]
    public Task UnlistedOrMissingToken_Reports() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        TraceabilitySources.WireToken + """
        namespace InviteJoin.Reference.Auth
        {
            using InviteJoin.Reference.Errors;
            public enum Rule
            {
                [WireToken("member.join.not_invited")] JoinNotInvited,
                [WireToken("member.join.allowed")] JoinAllowed,
                [WireToken("member.join.made_up")] {|#0:JoinMadeUp|},
                {|#1:NoToken|},
            }
        }
        """,
        new Verify.Options { AdditionalFiles = TraceabilitySources.RulesFiles },
        new DiagnosticResult(Descriptors.RuleTokenNotInSpec).WithLocation(0)
            .WithArguments("JoinMadeUp", "has wire token 'member.join.made_up', which no table in spec/rules lists"),
        new DiagnosticResult(Descriptors.RuleTokenNotInSpec).WithLocation(1)
            .WithArguments("NoToken", "has no [WireToken]; give it the token of its row in spec/rules"));

    [Fact]
    public Task EveryMemberListed_DoesNotReport() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        TraceabilitySources.WireToken + """
        namespace InviteJoin.Reference.Auth
        {
            using InviteJoin.Reference.Errors;
            public enum Rule
            {
                [WireToken("member.join.not_invited")] JoinNotInvited,
                [WireToken("member.join.allowed")] JoinAllowed,
            }
        }
        """,
        new Verify.Options { AdditionalFiles = TraceabilitySources.RulesFiles });

    [Fact]
    public Task NoSpecRulesFiles_IsDormant() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        TraceabilitySources.WireToken + """
        namespace InviteJoin.Reference.Auth
        {
            public enum Rule { NoToken }
        }
        """,
        new Verify.Options { AdditionalFiles = [("/0/spec/dance.md", "| `member.join.allowed` | x |")] });

    [Fact]
    public Task RuleEnumElsewhere_IsDormant() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        """
        namespace Other { public enum Rule { NoToken } }
        """,
        new Verify.Options { AdditionalFiles = TraceabilitySources.RulesFiles });
}
