using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-41 (spec/invariants.md): Auth events are sound. Every event an honest server takes into a room without rejecting it belongs to that room and cites one auth event per state key, each of a key auth-events selection picks for it, each of the same room and none the server rejected; a create event follows nothing.</summary>
public sealed class I41_AuthEventsSound
{
    [Fact, Trait("invariant", "I-41")]
    public void AuthEventsSound_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-41");
}
