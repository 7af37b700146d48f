using System.Collections.Immutable;
using InviteJoin.Reference.Errors;

namespace InviteJoin.Reference.RoomVersions;

/// <summary>Why a room version string was not accepted.</summary>
public enum RoomVersionError
{
    [WireToken("room_version.unknown")] Unknown,
}

/// <summary>The room versions the reference implements (1–12). An unknown version is a named error, never a default.</summary>
public static class RoomVersionRegistry
{
    /// <summary>Every supported room version, in order.</summary>
    public static readonly ImmutableArray<RoomVersion> All =
    [
        RoomVersion.V1, RoomVersion.V2, RoomVersion.V3, RoomVersion.V4, RoomVersion.V5, RoomVersion.V6,
        RoomVersion.V7, RoomVersion.V8, RoomVersion.V9, RoomVersion.V10, RoomVersion.V11, RoomVersion.V12,
    ];

    /// <summary>The room version named <paramref name="id"/> (case-sensitive, exact).</summary>
    public static Result<RoomVersion> Lookup(string? id, string path = "$.room_version")
    {
        foreach (var version in All)
        {
            if (string.Equals(version.Id, id, StringComparison.Ordinal)) return version;
        }
        return new Failure(RoomVersionError.Unknown, path, id is null ? "no room version given" : $"unknown room version \"{id}\"; supported: 1–12");
    }
}
