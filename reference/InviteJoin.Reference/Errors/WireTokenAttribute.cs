using System.Collections.Concurrent;
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
    // A cache of reflection results; it decides nothing and its order is never observed.
    private static readonly ConcurrentDictionary<(Type, long), string> Cache = new();

    /// <summary>The wire token of <paramref name="value"/>; an enum member without one is a bug.</summary>
    public static string Of(Enum value)
    {
        var type = value.GetType();
        var key = (type, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        return Cache.GetOrAdd(key, static (k, v) =>
        {
            var name = Enum.GetName(k.Item1, v)
                ?? throw new InvalidOperationException($"{k.Item1.Name} has no member with value {k.Item2}.");
            var field = k.Item1.GetField(name, BindingFlags.Public | BindingFlags.Static)!;
            return field.GetCustomAttribute<WireTokenAttribute>()?.Token
                ?? throw new InvalidOperationException($"{k.Item1.Name}.{name} has no [WireToken].");
        }, value);
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
