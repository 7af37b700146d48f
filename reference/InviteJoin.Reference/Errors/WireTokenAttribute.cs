using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    /// The wire token of <paramref name="value"/>, looked up in the enum's table (built once, never
    /// changed); an enum member without one is a bug. Callers holding a typed enum (a rule, a stage)
    /// reach this overload, so rendering an answer costs no reflection.
    /// </summary>
    public static string Of<T>(T value) where T : struct, Enum => Table<T>.Of(value);

    /// <summary>
    /// The wire token of <paramref name="value"/>, whose enum type is known only at run time (a
    /// <see cref="Failure"/>'s code); read by reflection, so it is meant for failure paths.
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
    public static IReadOnlyList<(T Member, string Token)> All<T>() where T : struct, Enum
    {
        var fields = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static);
        // Declaration order by metadata token where the runtime keeps tokens; a natively compiled tool keeps
        // none, and there reflection lists an enum's fields in declaration order already.
        IEnumerable<FieldInfo> ordered = fields.All(f => f.HasMetadataToken()) ? fields.OrderBy(f => f.MetadataToken) : fields;
        return [.. ordered.Select(f => (Enum.Parse<T>(f.Name), f.GetCustomAttribute<WireTokenAttribute>()?.Token ?? ""))];
    }

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

    /// <summary>
    /// The tokens of one closed enum, read by reflection once, when the enum is first rendered, and
    /// immutable from then on: a lookup table, not a cache that calls could observe. It is read member by
    /// member as <see cref="WireToken.Of(System.Enum)"/> reads one, which also works in a natively compiled tool.
    /// </summary>
    private static class Table<T> where T : struct, Enum
    {
        // Members whose numeric values are small and dense (every closed enum here) are found by index.
        private static readonly ImmutableArray<string?> ByOffset = Index(out Lowest);

        private static readonly long Lowest;

        public static string Of(T value)
        {
            var offset = Numeric(value) - Lowest;
            if ((ulong)offset < (ulong)ByOffset.Length && ByOffset[(int)offset] is { Length: > 0 } token) return token;
            // Not in the table: a member without a token, or a value outside the enum; the reflective path names the bug.
            return WireToken.Of((Enum)value);
        }

        private static ImmutableArray<string?> Index(out long lowest)
        {
            var members = Enum.GetValues<T>();
            lowest = 0;
            if (members.Length == 0) return [];
            lowest = members.Min(Numeric);
            var span = members.Max(Numeric) - lowest + 1;
            if (span > 4L * members.Length + 16) return [];
            var table = new string?[span];
            foreach (var member in members) table[Numeric(member) - lowest] = TokenOrNull(member);
            return ImmutableCollectionsMarshal.AsImmutableArray(table);
        }

        private static string? TokenOrNull(T member)
        {
            var name = Enum.GetName(member);
            return name is null ? null : typeof(T).GetField(name, BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<WireTokenAttribute>()?.Token;
        }

        private static long Numeric(T value) => Unsafe.SizeOf<T>() switch
        {
            1 => Unsafe.As<T, sbyte>(ref value),
            2 => Unsafe.As<T, short>(ref value),
            4 => Unsafe.As<T, int>(ref value),
            _ => Unsafe.As<T, long>(ref value),
        };
    }
}
