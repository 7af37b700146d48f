namespace InviteJoin.Analyzers.Tests.Traceability;

/// <summary>
/// Stand-ins for the reference's Rule enum, WireToken attribute and AuthDecision type, with the
/// names and namespaces the traceability rules look for.
/// </summary>
internal static class TraceabilitySources
{
    public const string WireToken = """
        namespace InviteJoin.Reference.Errors
        {
            [System.AttributeUsage(System.AttributeTargets.Field)]
            public sealed class WireTokenAttribute(string token) : System.Attribute
            {
                public string Token { get; } = token;
            }
        }

        """;

    public const string AuthDecision = """
        namespace InviteJoin.Reference.Auth
        {
            public sealed record AuthDecision
            {
                private AuthDecision(bool allowed, Rule rule, string reason) { Allowed = allowed; Rule = rule; Reason = reason; }
                public bool Allowed { get; init; }
                public Rule Rule { get; init; }
                public string Reason { get; init; }
                public static AuthDecision Allow(Rule rule) => new(true, rule, "");
                public static AuthDecision Reject(Rule rule, string reason) => new(false, rule, reason);
            }
        }

        """;

    public const string MembershipRules = """
        # Membership rules

        | Token | Decision | Versions | Clause |
        |---|---|---|---|
        | `member.join.not_invited` | reject | 1– | 4.3.5 |
        | `member.join.allowed` | allow | 1– | 4.3.1 |
        """;

    public static readonly (string Path, string Text)[] RulesFiles = [("/0/spec/rules/member.md", MembershipRules)];
}
