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

    /// <summary>A rule catalogue with two deciding tokens and one defining token (which no Rule member carries).</summary>
    public const string RuleCatalogue = """
        {
          "spec_version": "v1.19",
          "room_versions": {"first": 1, "last": 12},
          "pages": [{"file": "member.md", "code": []}],
          "groups": [
            {
              "page": "member.md",
              "comment": "Membership join.",
              "tokens": [
                {"token": "member.join.not_invited", "member": "JoinNotInvited", "decision": "reject", "versions": {"first": 1, "last": 12},
                 "clauses": [{"versions": {"first": 1, "last": 12}, "at": ["4.3.5"]}], "meaning": "Not invited.", "sentence": "Joining needs an invite.",
                 "spec": {"label": "spec", "url": "https://spec.matrix.org/v1.19/rooms/v12/#authorisation-rules"}, "code": ["Auth/MemberJoinRules.cs"]},
                {"token": "member.join.allowed", "member": "JoinAllowed", "decision": "allow", "versions": {"first": 1, "last": 12},
                 "clauses": [{"versions": {"first": 1, "last": 12}, "at": ["4.3.1"]}], "meaning": "Allowed.", "sentence": "The join is allowed.",
                 "spec": {"label": "spec", "url": "https://spec.matrix.org/v1.19/rooms/v12/#authorisation-rules"}, "code": ["Auth/MemberJoinRules.cs"]},
                {"token": "power_level.user", "versions": {"first": 1, "last": 12},
                 "clauses": [{"versions": {"first": 1, "last": 12}, "at": ["note"]}], "meaning": "A user's level.",
                 "spec": {"label": "spec", "url": "https://spec.matrix.org/v1.19/client-server-api/#mroompower_levels"}, "code": ["Auth/PowerLevels.cs"]}
              ]
            }
          ]
        }
        """;

    public const string RuleCataloguePath = "/0/spec/rules/catalogue.json";

    public static readonly (string Path, string Text)[] RulesFiles = [(RuleCataloguePath, RuleCatalogue)];
}
