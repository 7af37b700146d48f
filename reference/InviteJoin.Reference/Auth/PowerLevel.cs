using System.Globalization;
using System.Numerics;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// A power level: an exact integer, or the infinite level of room version 12's creators (MSC4289),
/// which is above every integer. Infinity is its own value rather than a large number such as 2^53,
/// so no integer a power-levels event can hold (however large, in versions that allow large ones) ever
/// reaches it, and two creators compare equal (`power_level.creators_infinite`).
/// </summary>
public readonly record struct PowerLevel : IComparable<PowerLevel>
{
    private PowerLevel(BigInteger value, bool isInfinite)
    {
        Value = value;
        IsInfinite = isInfinite;
    }

    /// <summary>The level of a room version 12 creator, above every integer.</summary>
    public static PowerLevel Infinite => new(BigInteger.Zero, true);

    /// <summary>The integer level; zero for <see cref="Infinite"/>.</summary>
    public BigInteger Value { get; }

    public bool IsInfinite { get; }

    public static PowerLevel Of(BigInteger value) => new(value, false);

    public static implicit operator PowerLevel(long value) => new(value, false);

    public int CompareTo(PowerLevel other)
    {
        if (IsInfinite || other.IsInfinite) return IsInfinite.CompareTo(other.IsInfinite);
        return Value.CompareTo(other.Value);
    }

    public static bool operator <(PowerLevel left, PowerLevel right) => left.CompareTo(right) < 0;

    public static bool operator >(PowerLevel left, PowerLevel right) => left.CompareTo(right) > 0;

    public static bool operator <=(PowerLevel left, PowerLevel right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PowerLevel left, PowerLevel right) => left.CompareTo(right) >= 0;

    /// <summary>The integer in base 10, or <c>infinite</c>.</summary>
    public override string ToString() => IsInfinite ? "infinite" : Value.ToString(CultureInfo.InvariantCulture);
}
