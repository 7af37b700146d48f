using System.Collections.Immutable;
using InviteJoin.Generators.StateRes;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// A deliberately broken server variant: the reference with one historical bug planted back in
/// (spec/historical-bugs.md). The reference stays correct; the fault lives here, in what a faulty server does with
/// the reference's answers and which of its pieces it calls (<c>SimServer.Faults.cs</c>). Each property is one
/// place where a faulty server departs from the reference; a fault sets the few its bug needs.
/// </summary>
public sealed class PlantedFault
{
    private static readonly ImmutableHashSet<Rule> NoRules = [];
    private static readonly ImmutableHashSet<DanceRule> NoDanceRules = [];

    public required string Name { get; init; }

    /// <summary>The historical bug it plants (B-number of spec/historical-bugs.md).</summary>
    public required string Bug { get; init; }

    /// <summary>One line: what the faulty server does wrong.</summary>
    public required string Description { get; init; }

    /// <summary>
    /// The room versions and initial join rules with which the fault can show (its rule or feature exists there);
    /// <c>explore --fault</c> draws only these. Everywhere unless narrowed.
    /// </summary>
    public Func<RoomVersion, string, bool> ShowsIn { get; init; } = (_, _) => true;

    /// <summary>Authorisation rules the faulty server lacks: an event one of them decides against is accepted instead, on receipt and at its send_* endpoints.</summary>
    public ImmutableHashSet<Rule> IgnoredRules { get; init; } = NoRules;

    /// <summary>B17: the faulty server keeps one event store for all its rooms, so an auth event it holds in another room counts as held.</summary>
    public bool OneEventStore { get; init; }

    /// <summary>B12: the invite level the faulty server reads from power levels that do not name one (the spec's default is 0); null to read it as the reference does.</summary>
    public long? InviteLevelWhenAbsent { get; init; }

    /// <summary>
    /// B1, B2, B4–B7: the faulty server resolves states with the plain resolver (<see cref="NaiveStateResolution"/>)
    /// carrying this bug — or none, for a server whose rooms may hold what the reference's resolver refuses to take
    /// (events of another room); null to resolve as the reference does.
    /// </summary>
    public ResolutionMutation? Resolution { get; init; }

    /// <summary>
    /// B20–B22: refusals of send_join, send_knock and send_leave the faulty resident skips. It then runs what remains
    /// of the checks: the requesting server's signature (not the sender's server's), the content hash, prev events it
    /// holds, and the authorisation rules against the room the path names.
    /// </summary>
    public ImmutableHashSet<DanceRule> IgnoredSubmissionRules { get; init; } = NoDanceRules;

    /// <summary>B23: the faulty server signs whatever template a resident answers make_* with, unchecked.</summary>
    public bool SignsTemplatesVerbatim { get; init; }

    /// <summary>B28: before asking a resident, the faulty server judges its user's join on its own copy of a room it is no longer in, and refuses when that copy says no.</summary>
    public bool StaleLocalPreCheck { get; init; }

    /// <summary>B30: as a resident, the faulty server names in a restricted join's template the first of its users, joined or not.</summary>
    public bool AnyAuthoriser { get; init; }

    /// <summary>B31: the faulty server counts itself resident in a room where one of its users was ever joined.</summary>
    public bool StaleResidency { get; init; }

    /// <summary>B33: the faulty server takes fetched events (auth chains, states) without checking their signatures and hashes.</summary>
    public bool UnverifiedFetches { get; init; }

    /// <summary>
    /// B16: when the faulty server completes a partial state (a join with members omitted), the events it took under the
    /// partial state keep the statuses they had; only soft failures, each server's own call on its current state, are made again.
    /// </summary>
    public bool KeepsStatusesOnResync { get; init; }

    /// <summary>B16: the faulty server asks for a partial state (members omitted) whenever its user joins through a resident, as a server with faster joins on does.</summary>
    public bool OmitsMembers { get; init; }

    /// <summary>
    /// A Byzantine strategy the fault's space also draws (one of those <see cref="Adversaries.Default"/> leaves out), when
    /// only such a sender makes the fault show; null for none.
    /// </summary>
    public Adversary? Strategy { get; init; }

    public override string ToString() => $"{Name} ({Bug})";
}

/// <summary>The catalogue of planted faults, by name; <c>invitejoin explore --list-faults</c> prints it.</summary>
public static class Faults
{
    private static readonly ImmutableHashSet<DanceRule> OriginChecks =
        [DanceRule.SendJoinSenderNotOnOrigin, DanceRule.SendKnockSenderNotOnOrigin, DanceRule.SendLeaveSenderNotOnOrigin];

    private static readonly ImmutableHashSet<DanceRule> PathChecks =
        [DanceRule.SendJoinRoomIdMismatch, DanceRule.SendKnockRoomIdMismatch, DanceRule.SendLeaveRoomIdMismatch];

    private static readonly ImmutableHashSet<DanceRule> EndpointChecks =
    [
        DanceRule.SendJoinNotMemberEvent, DanceRule.SendJoinWrongMembership, DanceRule.SendJoinStateKeyNotSender,
        DanceRule.SendKnockNotMemberEvent, DanceRule.SendKnockWrongMembership, DanceRule.SendKnockStateKeyNotSender,
        DanceRule.SendLeaveNotMemberEvent, DanceRule.SendLeaveWrongMembership, DanceRule.SendLeaveStateKeyNotSender,
    ];

    private static bool StateResolutionV2(RoomVersion v, string joinRule) => v.StateResolution != StateResolutionAlgorithm.V1;

    /// <summary>Every planted fault, in B-number order.</summary>
    public static readonly ImmutableArray<PlantedFault> All =
    [
        new()
        {
            Name = "v21-starts-from-unconflicted",
            Bug = "B1",
            Description = "state resolution v2.1 replays the power events from the unconflicted state, as v2 does (MSC4297 problem A)",
            Resolution = ResolutionMutation.StartsFromUnconflicted,
            ShowsIn = (v, _) => v.StateResolution == StateResolutionAlgorithm.V2_1,
        },
        new()
        {
            Name = "v21-without-conflicted-subgraph",
            Bug = "B2",
            Description = "state resolution v2.1 leaves the conflicted state subgraph out of the full conflicted set (MSC4297 problem B)",
            Resolution = ResolutionMutation.NoConflictedSubgraph,
            ShowsIn = (v, _) => v.StateResolution == StateResolutionAlgorithm.V2_1,
        },
        new()
        {
            Name = "no-auth-event-stand-in",
            Bug = "B4",
            Description = "state resolution's iterative auth checks do not take a key the partial state lacks from the event's auth events",
            Resolution = ResolutionMutation.NoAuthEventFallback,
            ShowsIn = StateResolutionV2,
        },
        new()
        {
            Name = "rejected-auth-event-stand-in",
            Bug = "B5",
            Description = "state resolution's iterative auth checks take a missing key from the event's auth events even when that one was rejected",
            Resolution = ResolutionMutation.FallbackUsesRejected,
            ShowsIn = StateResolutionV2,
        },
        new()
        {
            Name = "power-order-by-event-id",
            Bug = "B6",
            Description = "state resolution orders power events by event ID alone, never by the sender's power level or the timestamp",
            Resolution = ResolutionMutation.TieBreakOnEventIdOnly,
            ShowsIn = StateResolutionV2,
        },
        new()
        {
            Name = "auth-difference-first-set",
            Bug = "B7",
            Description = "state resolution's auth difference takes the first state's auth chain ∩ the others' union as the common part",
            Resolution = ResolutionMutation.FirstIntersectUnionOfRest,
            ShowsIn = StateResolutionV2,
        },
        new()
        {
            Name = "restricted-join-without-authoriser",
            Bug = "B8",
            Description = "accepts a join to a restricted room that names no authorising user",
            IgnoredRules = [Rule.MemberJoinRestrictedNoAuthoriser],
            ShowsIn = (v, rule) => v.RestrictedJoins && rule is JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted,
        },
        new()
        {
            Name = "knock-under-any-join-rule",
            Bug = "B9",
            Description = "accepts a knock whatever the join rule",
            IgnoredRules = [Rule.MemberKnockJoinRuleNotKnock],
            ShowsIn = (v, rule) => v.Knocking && rule is not (JoinRuleValues.Knock or JoinRuleValues.KnockRestricted),
        },
        new()
        {
            Name = "invite-level-defaults-to-50",
            Bug = "B12",
            Description = "reads power levels that name no invite level as invite 50, refusing and rejecting invites by members below it",
            InviteLevelWhenAbsent = 50,
        },
        new()
        {
            Name = "duplicate-auth-events",
            Bug = "B14",
            Description = "accepts an event citing two auth events for one state key",
            IgnoredRules = [Rule.AuthEventsDuplicate],
        },
        new()
        {
            Name = "statuses-kept-on-resync",
            Bug = "B16",
            Description = "keeps the statuses events got under a partial state when the resync completes it, judging none of them again",
            KeepsStatusesOnResync = true,
            OmitsMembers = true,
            Strategy = Adversary.OmittedBan,
        },
        new()
        {
            Name = "cross-room-auth-events",
            Bug = "B17",
            Description = "keeps one event store for all rooms and accepts an event whose auth events belong to another room",
            IgnoredRules = [Rule.AuthEventsOtherRoom],
            OneEventStore = true,
            Resolution = ResolutionMutation.None,
            ShowsIn = (v, _) => v.RestrictedJoins,
        },
        new()
        {
            Name = "state-before-first-power-levels",
            Bug = "B19",
            Description = "lets a member without the state level send state (the rule the first power levels once skipped)",
            IgnoredRules = [Rule.EventInsufficientPower],
        },
        new()
        {
            Name = "send-without-origin-check",
            Bug = "B20",
            Description = "as a resident, takes through send_* a membership of another server's user, signed by the requesting server only",
            IgnoredSubmissionRules = OriginChecks,
        },
        new()
        {
            Name = "send-without-path-check",
            Bug = "B21",
            Description = "as a resident, files a send_* event under the room the path names whatever room it names itself (and, as before MSC4307, lacks the same-room rule for auth events)",
            IgnoredSubmissionRules = PathChecks,
            IgnoredRules = [Rule.AuthEventsOtherRoom],
            Resolution = ResolutionMutation.None,
            ShowsIn = (v, _) => v.RestrictedJoins && !v.RoomIdIsCreateEventHash,
        },
        new()
        {
            Name = "send-any-event",
            Bug = "B22",
            Description = "as a resident, takes through send_join, send_knock and send_leave any event, not only the endpoint's membership of its sender",
            IgnoredSubmissionRules = EndpointChecks,
        },
        new()
        {
            Name = "sign-any-template",
            Bug = "B23",
            Description = "signs whatever template a resident answers make_join, make_knock or make_leave with",
            SignsTemplatesVerbatim = true,
        },
        new()
        {
            Name = "stale-local-pre-check",
            Bug = "B28",
            Description = "refuses its user's join on its own stale copy of a room it has left, instead of asking a resident",
            StaleLocalPreCheck = true,
        },
        new()
        {
            Name = "authoriser-not-joined",
            Bug = "B30",
            Description = "as a resident, names the first of its users as a restricted join's authoriser, joined or not",
            AnyAuthoriser = true,
            ShowsIn = (v, rule) => v.RestrictedJoins && rule is JoinRuleValues.Restricted or JoinRuleValues.KnockRestricted,
        },
        new()
        {
            Name = "stale-residency",
            Bug = "B31",
            Description = "counts itself resident in a room where one of its users was ever joined, and joins there locally on its stale copy",
            StaleResidency = true,
        },
        new()
        {
            Name = "unverified-fetched-events",
            Bug = "B33",
            Description = "takes the events it fetches (auth chains, states) without checking their signatures and hashes",
            UnverifiedFetches = true,
        },
    ];

    /// <summary>The fault named <paramref name="name"/>, or null.</summary>
    public static PlantedFault? Find(string? name) => name is null ? null : All.FirstOrDefault(f => f.Name == name);
}
