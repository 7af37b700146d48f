using Xunit;

namespace InviteJoin.Properties.Federation;

/// <summary>I-32 (spec/invariants.md): server ACLs are obeyed. Once an ACL denying a server is in an honest server's current state, that server takes no PDU a transaction of the denied server carried and serves none of its make_*, send_* or invite requests, refusing them, as a resident, with 403 M_FORBIDDEN.</summary>
public sealed class I32_ServerAclsObeyed
{
    [Fact, Trait("invariant", "I-32")]
    public void ServerAclsObeyed_HoldsOnEveryExploredSchedule() => FederationExploration.AssertHolds("I-32");
}
