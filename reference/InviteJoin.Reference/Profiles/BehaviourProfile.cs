using System.Collections.Immutable;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Profiles;

/// <summary>
/// A behaviour profile: the spec, plus a set of named <see cref="Divergence"/> switches that make the
/// reference answer as a named implementation does. The reference asks <see cref="Has"/>, never the
/// profile's name, so a profile is only data and any set of switches is a valid profile.
/// </summary>
public sealed record BehaviourProfile
{
    /// <summary>The spec as written: no switch is on.</summary>
    public static readonly BehaviourProfile Spec = new("spec", "the Matrix specification v1.19 as written, with this project's documented readings where it is silent", []);

    /// <summary>Synapse 1.141–1.150: every divergence found in its authorisation and state-resolution code.</summary>
    public static readonly BehaviourProfile Synapse = new("synapse", "Synapse 1.141–1.150 (element-hq/synapse)",
        [.. WireToken.All<Divergence>().Select(d => d.Member)]);

    // The switches as bits, so that asking for one costs the same as reading a field (the rules ask often).
    private readonly ulong _bits;

    public BehaviourProfile(string name, string describes, IEnumerable<Divergence> switches)
    {
        Name = name;
        Describes = describes;
        Switches = [.. switches];
        foreach (var divergence in Switches) _bits |= 1UL << (int)divergence;
    }

    /// <summary>The name <c>--profile</c> and the request's <c>profile</c> field take.</summary>
    public string Name { get; }

    /// <summary>What the profile answers as, in a few words.</summary>
    public string Describes { get; }

    /// <summary>The switches that are on, in declaration order.</summary>
    public ImmutableSortedSet<Divergence> Switches { get; }

    /// <summary>True when <paramref name="divergence"/> is on in this profile.</summary>
    public bool Has(Divergence divergence) => (_bits & (1UL << (int)divergence)) != 0;

    /// <summary>This profile with <paramref name="divergence"/> off: how to tell which switch makes a difference.</summary>
    public BehaviourProfile Without(Divergence divergence) =>
        new(Name + "-" + WireToken.Of(divergence), Describes + ", without " + WireToken.Of(divergence), Switches.Remove(divergence));

    /// <summary>The profile with only <paramref name="divergence"/> on.</summary>
    public static BehaviourProfile Only(Divergence divergence) =>
        new("spec+" + WireToken.Of(divergence), "the spec with " + WireToken.Of(divergence), [divergence]);

    public bool Equals(BehaviourProfile? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && Switches.SetEquals(other.Switches);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), Switches.Count);

    public override string ToString() => Name;
}
