using System.Collections.Immutable;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.Profiles;

/// <summary>Why a profile name was not accepted.</summary>
public enum ProfileError
{
    [WireToken("profile.unknown")] Unknown,
}

/// <summary>The named behaviour profiles. An unknown name is a named error, never a default.</summary>
public static class BehaviourProfiles
{
    /// <summary>Every named profile; the first is the default.</summary>
    public static readonly ImmutableArray<BehaviourProfile> All = [BehaviourProfile.Spec, BehaviourProfile.Synapse];

    /// <summary>The profile named <paramref name="name"/> (exact, case-sensitive).</summary>
    public static Result<BehaviourProfile> Lookup(string? name, string path = "$.profile")
    {
        foreach (var profile in All)
        {
            if (string.Equals(profile.Name, name, StringComparison.Ordinal)) return profile;
        }
        return new Failure(ProfileError.Unknown, path,
            (name is null ? "no profile given" : $"unknown profile \"{name}\"") + "; known: " + string.Join(", ", All.Select(p => p.Name)));
    }
}
