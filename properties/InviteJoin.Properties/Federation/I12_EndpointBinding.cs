namespace InviteJoin.Properties.Federation;

/// <summary>I-12 (spec/invariants.md): Endpoint binding. Through send_join, send_leave and send_knock an honest resident takes only a member event about its own sender, of the requesting server, with a join, leave or knock membership.</summary>
public sealed class I12_EndpointBinding
{
    [Fact, Trait("invariant", "I-12")]
    public void EndpointBinding_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-12");
}
