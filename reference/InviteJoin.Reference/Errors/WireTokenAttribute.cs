using System.Reflection;

namespace InviteJoin.Reference.Errors;

/// <summary>
/// The stable wire token of an enum member (for example <c>json.duplicate_key</c>). Vectors,
/// CLI output and the spec catalogues carry this token, so renaming a C# member never breaks them.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class WireTokenAttribute(string token) : Attribute
{
    public string Token { get; } = token;
}

/// <summary>Looks up the <see cref="WireTokenAttribute"/> of closed-enum members.</summary>
public static class WireToken
{
    /// <summary>
    /// The wire token of <paramref name="value"/>; an enum member without one is a bug. Read by
    /// reflection each time: tokens are rendered on output and failure paths only, and keeping no
    /// cache keeps the reference free of shared mutable state.
    /// </summary>
    public static string Of(Enum value)
    {
        var type = value.GetType();
        var name = Enum.GetName(type, value)
            ?? throw new InvalidOperationException($"{type.Name} has no member with value {value:D}.");
        var field = type.GetField(name, BindingFlags.Public | BindingFlags.Static)!;
        return field.GetCustomAttribute<WireTokenAttribute>()?.Token
            ?? throw new InvalidOperationException($"{type.Name}.{name} has no [WireToken].");
    }

    /// <summary>Every (member, token) pair of the closed enum <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<(T Member, string Token)> All<T>() where T : struct, Enum =>
        typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => f.MetadataToken)
            .Select(f => ((T)f.GetValue(null)!, f.GetCustomAttribute<WireTokenAttribute>()?.Token ?? ""))
            .ToArray();

    /// <summary>Parses a wire token back to its member; false when no member carries it.</summary>
    public static bool TryParse<T>(string token, out T member) where T : struct, Enum
    {
        foreach (var (m, t) in All<T>())
        {
            if (string.Equals(t, token, StringComparison.Ordinal))
            {
                member = m;
                return true;
            }
        }
        member = default;
        return false;
    }
}
