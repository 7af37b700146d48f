using System.Diagnostics;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The seven checks on receipt of a PDU, in the spec's order (spec v1.19, server-server API "Checks
/// performed on receipt of a PDU" 1–7). The first three are <see cref="InboundStage"/>'s; the next three
/// run the authorisation rules against three different states; the seventh asks for the room's policy
/// server's signature (spec v1.18+).
/// </summary>
public enum ReceiptStage
{
    /// <summary>1. A valid event of its room version; otherwise dropped.</summary>
    [WireToken("receipt.format")] Format = 1,

    /// <summary>2. Valid signatures from the servers that must sign it; otherwise dropped.</summary>
    [WireToken("receipt.signatures")] Signatures,

    /// <summary>3. A matching content hash; otherwise replaced by its redacted form, and the checks go on.</summary>
    [WireToken("receipt.hashes")] Hashes,

    /// <summary>4. The authorisation rules against the event's own auth events; otherwise rejected.</summary>
    [WireToken("receipt.auth_events")] AuthEvents,

    /// <summary>5. The authorisation rules against the state before the event; otherwise rejected.</summary>
    [WireToken("receipt.state_before")] StateBefore,

    /// <summary>6. The authorisation rules against the current state of the room; otherwise soft failed.</summary>
    [WireToken("receipt.current_state")] CurrentState,

    /// <summary>7. (v1.18+) The room's policy server's signature, when the room uses one; otherwise soft failed.</summary>
    [WireToken("receipt.policy_server")] PolicyServer,
}

/// <summary>Maps the stages of <see cref="PduVerification"/> onto <see cref="ReceiptStage"/>.</summary>
public static class ReceiptStages
{
    /// <summary>The receipt stage that <paramref name="stage"/> is.</summary>
    public static ReceiptStage Of(InboundStage stage) => stage switch
    {
        InboundStage.Format => ReceiptStage.Format,
        InboundStage.Signatures => ReceiptStage.Signatures,
        InboundStage.Hashes => ReceiptStage.Hashes,
        _ => throw new UnreachableException("InboundStage has no member " + stage.ToString()),
    };
}
