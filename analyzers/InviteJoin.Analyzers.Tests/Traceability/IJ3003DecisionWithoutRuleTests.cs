namespace InviteJoin.Analyzers.Tests.Traceability;

public sealed class IJ3003DecisionWithoutRuleTests
{
    private const string Rule = """
        namespace InviteJoin.Reference.Auth
        {
            public enum Rule { JoinAllowed, JoinNotInvited }
        }

        """;

    [Fact]
    public Task UnnamedRuleOrDirectConstruction_Reports() => Verify.AnalyzerAsync<DecisionRuleAnalyzer>(Rule + TraceabilitySources.AuthDecision + """
        namespace InviteJoin.Reference.Auth
        {
            static class Checks
            {
                static AuthDecision[] M(int code, bool flag, string name) =>
                [
                    AuthDecision.Reject({|IJ3003:(Rule)code|}, "x"),
                    AuthDecision.Allow({|IJ3003:default|}),
                    AuthDecision.Allow({|IJ3003:0|}),
                    AuthDecision.Reject(flag ? Rule.JoinNotInvited : {|IJ3003:(Rule)7|}, "x"),
                    AuthDecision.Reject({|IJ3003:(Rule)System.Enum.Parse(typeof(Rule), name)|}, "x"),
                    AuthDecision.Allow(Rule.JoinAllowed) with { Rule = {|IJ3003:(Rule)1|} },
                ];
            }
        }
        """);

    [Fact]
    public Task ConstructorOutsideAuthDecision_Reports() => Verify.AnalyzerAsync<DecisionRuleAnalyzer>(Rule + """
        namespace InviteJoin.Reference.Auth
        {
            public sealed class AuthDecision
            {
                public AuthDecision(Rule rule) { }
                public static AuthDecision Allow(Rule rule) => new(rule);
            }
            static class Checks
            {
                static AuthDecision M() => {|IJ3003:new AuthDecision(Rule.JoinAllowed)|};
            }
        }
        """);

    [Fact]
    public Task NamedMembersOrPassedOnRules_DoNotReport() => Verify.AnalyzerAsync<DecisionRuleAnalyzer>(Rule + TraceabilitySources.AuthDecision + """
        namespace InviteJoin.Reference.Auth
        {
            static class Checks
            {
                static AuthDecision[] M(Rule chosen, bool flag) =>
                [
                    AuthDecision.Allow(Rule.JoinAllowed),
                    AuthDecision.Reject(Rule.JoinNotInvited, "not invited"),
                    AuthDecision.Reject(chosen, "passed on"),
                    AuthDecision.Reject(flag ? Rule.JoinNotInvited : Rule.JoinAllowed, "either"),
                    AuthDecision.Allow(Rule.JoinAllowed) with { Reason = "x" },
                ];
            }
        }
        """);

    [Fact]
    public Task NoAuthDecisionType_IsDormant() => Verify.AnalyzerAsync<DecisionRuleAnalyzer>(Rule + """
        namespace InviteJoin.Reference.Auth
        {
            static class Checks { static Rule M(int code) => (Rule)code; }
        }
        """);
}
