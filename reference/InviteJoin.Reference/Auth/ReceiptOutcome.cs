using System.Collections.Immutable;
using InviteJoin.Reference.Errors;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// The result of the checks on receipt of one PDU: the verdict, the stage that decided it, and why — an
/// <see cref="AuthDecision"/> for the authorisation stages, a <see cref="Errors.Failure"/> for the format,
/// signature and hash stages. An accepted event is decided at <see cref="ReceiptStage.CurrentState"/> by
/// the rule that allowed it there.
/// </summary>
public sealed record ReceiptOutcome
{
    private ReceiptOutcome()
    {
    }

    public required ReceiptVerdict Verdict { get; init; }

    /// <summary>The stage that decided: the one that failed, or <see cref="ReceiptStage.CurrentState"/> for an accepted event.</summary>
    public required ReceiptStage Stage { get; init; }

    /// <summary>
    /// The event as the authorisation stages saw it: the redacted copy when the content hash did not match.
    /// Null when the event was dropped.
    /// </summary>
    public Pdu? Pdu { get; init; }

    /// <summary>True when the content hash did not match, so the event was replaced by its redacted form (stage 3).</summary>
    public bool ReplacedByRedaction { get; init; }

    /// <summary>
    /// The servers whose signatures verified: those the event must carry and, for a
    /// <c>join_authorised_via_users_server</c> event (room versions 8+), the authorising server when its
    /// signature verified. Empty when the event was dropped.
    /// </summary>
    public ImmutableArray<string> VerifiedServers { get; init; } = [];

    /// <summary>The authorisation rules' decision at <see cref="Stage"/>; null when the event was dropped.</summary>
    public AuthDecision? Decision { get; init; }

    /// <summary>Why the event was dropped; null otherwise.</summary>
    public Failure? Failure { get; init; }

    /// <summary>What check 7 made of the event (spec v1.18+ "Policy Servers"); null when it did not run (an earlier check decided, or the state is partial).</summary>
    public PolicyServerCheck? PolicyServer { get; init; }

    /// <summary>The deciding rule of the authorisation stages; null when the event was dropped.</summary>
    public Rule? Rule => Decision?.Rule;

    /// <summary>The wire token of the reason: check 7's when it soft failed the event, the rule's, or the failure's when the event was dropped.</summary>
    public string Token => Stage == ReceiptStage.PolicyServer && PolicyServer is { } policy ? WireToken.Of(policy) : Decision?.Token ?? Failure?.Token ?? "";

    /// <summary>The event was dropped at <paramref name="stage"/> (format, signatures, or a hash it could not read).</summary>
    internal static ReceiptOutcome Dropped(ReceiptStage stage, Failure failure) =>
        new() { Verdict = ReceiptVerdict.Dropped, Stage = stage, Failure = failure };

    /// <summary>The authorisation rules decided at <paramref name="stage"/>.</summary>
    internal static ReceiptOutcome Decided(ReceiptVerdict verdict, ReceiptStage stage, InboundPdu inbound, ImmutableArray<string> verifiedServers, AuthDecision decision, PolicyServerCheck? policyServer = null) =>
        new()
        {
            Verdict = verdict,
            Stage = stage,
            Pdu = inbound.Pdu,
            ReplacedByRedaction = inbound.ReplacedByRedaction,
            VerifiedServers = verifiedServers,
            Decision = decision,
            PolicyServer = policyServer,
        };

    public override string ToString() =>
        WireToken.Of(Verdict) + " at " + WireToken.Of(Stage) + ": "
        + (Stage == ReceiptStage.PolicyServer && PolicyServer is { } policy ? WireToken.Of(policy) : Decision?.ToString() ?? Failure?.ToString() ?? "")
        + (ReplacedByRedaction ? " (replaced by its redaction)" : "");
}
