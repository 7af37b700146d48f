using System.Globalization;
using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace InviteJoin.Reference.Tests.Auth;

/// <summary>
/// Theory data: the room versions <c>first</c> to <c>last</c> as integers, one row each, so a rule test
/// runs once per version of the rule's range and a failure names the version.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class RoomVersionsAttribute : DataAttribute
{
    public RoomVersionsAttribute(int first, int last)
    {
        if (first < 1 || last > RoomVersionRegistry.All.Length || first > last)
        {
            throw new ArgumentOutOfRangeException(nameof(first), "room versions " + first.ToString(CultureInfo.InvariantCulture) + "–" + last.ToString(CultureInfo.InvariantCulture) + " are not within 1–12");
        }
        First = first;
        Last = last;
    }

    public RoomVersionsAttribute(int only)
        : this(only, only)
    {
    }

    public int First { get; }

    public int Last { get; }

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new(Enumerable.Range(First, Last - First + 1).Select(version => (ITheoryDataRow)new TheoryDataRow<int>(version)).ToArray());

    public override bool SupportsDiscoveryEnumeration() => true;
}
