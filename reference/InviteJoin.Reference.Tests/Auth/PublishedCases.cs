using System.Collections.Immutable;
using InviteJoin.Reference.Json;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// The single-event authorisation cases of TestData/auth (other implementations' published tests
/// re-encoded as data; see TestData/auth/README.md), read once with the reference's own strict reader.
/// </summary>
internal static class PublishedCases
{
    private static readonly Lazy<ImmutableSortedDictionary<string, JsonObject>> All = new(() => PublishedData.ById("auth", "cases"));

    /// <summary>Every case by its id.</summary>
    public static ImmutableSortedDictionary<string, JsonObject> ById => All.Value;
}
