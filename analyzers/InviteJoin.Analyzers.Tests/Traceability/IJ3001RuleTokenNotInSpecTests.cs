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
            .WithArguments("JoinMadeUp", "has wire token 'member.join.made_up', which spec/rules/catalogue.json does not list as a deciding token"),
        new DiagnosticResult(Descriptors.RuleTokenNotInSpec).WithLocation(1)
            .WithArguments("NoToken", "has no [WireToken]; Rule.cs is generated from spec/rules/catalogue.json, so regenerate it"));

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
    public Task MemberCarryingADefiningToken_Reports() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        TraceabilitySources.WireToken + """
        namespace InviteJoin.Reference.Auth
        {
            using InviteJoin.Reference.Errors;
            public enum Rule
            {
                [WireToken("member.join.not_invited")] JoinNotInvited,
                [WireToken("member.join.allowed")] JoinAllowed,
                [WireToken("power_level.user")] {|#0:UserLevel|},
            }
        }
        """,
        new Verify.Options { AdditionalFiles = TraceabilitySources.RulesFiles },
        new DiagnosticResult(Descriptors.RuleTokenNotInSpec).WithLocation(0)
            .WithArguments("UserLevel", "has wire token 'power_level.user', which spec/rules/catalogue.json does not list as a deciding token"));

    [Fact]
    public Task NoSpecRulesFiles_IsDormant() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        TraceabilitySources.WireToken + """
        namespace InviteJoin.Reference.Auth
        {
            public enum Rule { NoToken }
        }
        """,
        new Verify.Options { AdditionalFiles = [("/0/spec/dance.md", "| `member.join.allowed` | x |"), ("/0/spec/rules/06a-member-join.md", "| `member.join.allowed` | allow |")] });

    [Fact]
    public Task RuleEnumElsewhere_IsDormant() => Verify.AnalyzerAsync<RuleCatalogueAnalyzer>(
        """
        namespace Other { public enum Rule { NoToken } }
        """,
        new Verify.Options { AdditionalFiles = TraceabilitySources.RulesFiles });
}
