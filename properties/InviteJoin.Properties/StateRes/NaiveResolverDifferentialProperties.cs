using System.Collections.Immutable;
using CsCheck;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;
using InviteJoin.Reference.StateRes;

namespace InviteJoin.Properties.StateRes;

/// <summary>
/// The reference's state resolution against a second, plain implementation written from the spec's text
/// (<see cref="NaiveStateResolution"/>; spec v1.19, rooms v2 and v12 "State resolution"), on generated forked rooms
/// in which any events may be marked rejected: the two must agree, and each historical bug planted into the plain
/// one (B1, B2, B4–B7) must give a different answer on some generated room, so the comparison would catch it.
/// </summary>
public sealed class NaiveResolverDifferentialProperties
{
    private const int Iterations = 150;

    /// <summary>How many generated rooms a mutant may take to be told apart (a count, so the test is the same everywhere).</summary>
    private const int MutantBudget = 3000;

    // State resolution v2 and v2.1; v1 the plain implementation hands to the reference.
    private static readonly ImmutableArray<RoomVersion> Versions = [RoomVersion.V2, RoomVersion.V10, RoomVersion.V11, RoomVersion.V12];

    /// <summary>
    /// A forked room with events rejected on receipt (the generator's, some standing in state sets) and, by a mask drawn
    /// with it, some more of its events (never the create event) marked rejected.
    /// </summary>
    private static readonly Gen<(ForkedRoom Room, ImmutableSortedSet<string> Rejected)> Cases = CasesOf(Versions);

    private static Gen<(ForkedRoom Room, ImmutableSortedSet<string> Rejected)> CasesOf(IReadOnlyList<RoomVersion> versions) =>
        ForkedRoomGenerator.RoomsWithRejections(versions, TestUsers.OneServer);

    [Fact, Trait("invariant", "I-40")]
    public void TheReferenceAgreesWithThePlainImplementation()
    {
        Replay.Run(nameof(TheReferenceAgreesWithThePlainImplementation), () =>
            Cases.Sample(c =>
            {
                return NaiveStateResolution.AgreesWithReference(c.Room, c.Rejected) != false;
            }, iter: Iterations, threads: 1, print: c => c.Room + "  rejected: " + string.Join(", ", c.Rejected)));
    }

    [Theory, Trait("invariant", "I-40")]
    [InlineData(ResolutionMutation.StartsFromUnconflicted)]
    [InlineData(ResolutionMutation.NoConflictedSubgraph)]
    [InlineData(ResolutionMutation.NoAuthEventFallback)]
    [InlineData(ResolutionMutation.FallbackUsesRejected)]
    [InlineData(ResolutionMutation.TieBreakOnEventIdOnly)]
    [InlineData(ResolutionMutation.FirstIntersectUnionOfRest)]
    public void EveryPlantedMutant_IsToldApartFromTheReference(ResolutionMutation mutation)
    {
        // The two v2.1 mutants can differ only in room version 12.
        var cases = mutation is ResolutionMutation.StartsFromUnconflicted or ResolutionMutation.NoConflictedSubgraph ? CasesOf([RoomVersion.V12]) : Cases;
        var pcg = new PCG(7, 0x5EED);
        for (var i = 0; i < MutantBudget; i++)
        {
            var c = cases.Generate(pcg, null, out _);
            if (NaiveStateResolution.AgreesWithReference(c.Room, c.Rejected, mutation) == false) return;
        }
        Assert.Fail($"the mutant {mutation} gave the reference's answer on all {MutantBudget} generated rooms");
    }
}
