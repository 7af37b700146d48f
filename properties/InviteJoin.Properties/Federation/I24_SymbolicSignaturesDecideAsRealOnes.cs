using FsCheck.Xunit;
using InviteJoin.Generators.Simulation;

namespace InviteJoin.Properties.Federation;

/// <summary>
/// I-24 (spec/invariants.md): the simulator's symbolic signatures change no decision. The same schedule run with
/// real Ed25519 signatures and with symbolic ones makes every server hold the same events with the same statuses,
/// the same forward extremities and the same current state, and fails the same invariant or none. FsCheck drives it
/// through the bridge to the simulator's CsCheck generators.
/// </summary>
public sealed class I24_SymbolicSignaturesDecideAsRealOnes
{
    [Property(MaxTest = 30, Arbitrary = [typeof(CsCheckBridge)]), Trait("invariant", "I-24")]
    public void SameSchedule_SameVerdicts_WithRealOrSymbolicSignatures(Schedule schedule)
    {
        var symbolic = Runner.Run(schedule with { Config = schedule.Config with { Signatures = SignatureMode.Symbolic } });
        var real = Runner.Run(schedule with { Config = schedule.Config with { Signatures = SignatureMode.Real } });
        Assert.Equal(symbolic.Violation?.Invariant, real.Violation?.Invariant);
        Assert.Equal(symbolic.World.Verdicts(), real.World.Verdicts());
    }

    /// <summary>The same with a policy server in the main room, whose own key is real Ed25519 in both modes.</summary>
    [Property(MaxTest = 10, Arbitrary = [typeof(CsCheckBridge)]), Trait("invariant", "I-24")]
    public void SameSchedule_SameVerdicts_InARoomWithAPolicyServer(Schedule schedule) =>
        SameSchedule_SameVerdicts_WithRealOrSymbolicSignatures(schedule with { Config = schedule.Config with { PolicyServer = true } });
}
