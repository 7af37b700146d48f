namespace InviteJoin.Analyzers.Infrastructure;

/// <summary>The names of the reference's types that the traceability and error-model rules look for.</summary>
public static class ReferenceTypes
{
    public const string RootNamespace = "InviteJoin.Reference";
    public const string Rule = "InviteJoin.Reference.Auth.Rule";
    public const string AuthDecision = "InviteJoin.Reference.Auth.AuthDecision";
    public const string WireTokenAttribute = "InviteJoin.Reference.Errors.WireTokenAttribute";
}
