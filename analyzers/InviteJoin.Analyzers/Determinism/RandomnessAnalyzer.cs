using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using InviteJoin.Analyzers.Infrastructure;

namespace InviteJoin.Analyzers.Determinism;

/// <summary>
/// IJ1002: unseeded randomness. <c>new Random(seed)</c> is deterministic and allowed (generators
/// replay from seeds); <c>new Random()</c>, <c>Random.Shared</c> and cryptographic random sources are not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RandomnessAnalyzer : ForbiddenApiAnalyzer
{
    private static readonly HashSet<string> RandomSources = new(StringComparer.Ordinal)
    {
        "System.Security.Cryptography.RandomNumberGenerator",
        "NSec.Cryptography.RandomGenerator",
        "Org.BouncyCastle.Security.SecureRandom",
    };

    protected override DiagnosticDescriptor Descriptor => Descriptors.Randomness;

    protected override bool IsForbidden(ISymbol member, INamedTypeSymbol type, IOperation use)
    {
        var name = Symbols.FullName(type);
        if (name == "System.Random")
        {
            return member is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 0 }
                || member is IPropertySymbol { Name: "Shared" };
        }
        if (name == "NSec.Cryptography.Key" && member is IMethodSymbol { Name: "Create" }) return true;
        return Symbols.IsOrDerivesFrom(type, RandomSources);
    }
}
