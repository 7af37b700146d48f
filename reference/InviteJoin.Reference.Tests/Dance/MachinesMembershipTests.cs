using InviteJoin.Reference.Dance.Machines;
using InviteJoin.Reference.Tests.Auth;
using S = InviteJoin.Reference.Dance.Machines.MembershipState;
using T = InviteJoin.Reference.Dance.Machines.MembershipTrigger;

namespace InviteJoin.Reference.Tests.Dance;

/// <summary>
/// The membership machine against the transition table of the authorisation rules (spec v1.19, rooms
/// v1–v12 "Authorisation rules", the <c>m.room.member</c> rules) and its room-version boundaries: knock
/// from v7, restricted from v8, knock_restricted from v10, infinite creators in v12.
/// </summary>
public sealed class MachinesMembershipTests
{
    /// <summary>Another user, joined, at level 100, acting on a target at level 0, with a valid third-party invite, in a public room.</summary>
    private static MembershipContext Other(RoomVersion version) => new()
    {
        Version = version,
        SenderMembership = S.Join,
        SenderLevel = 100,
        TargetLevel = 0,
        ThirdPartyInviteValid = true,
        HasJoinRules = true,
        JoinRule = JoinRuleValues.Public,
    };

    /// <summary>The target acting on itself at level 0, in a room with <paramref name="joinRule"/> (null: no join rules event).</summary>
    private static MembershipContext Self(RoomVersion version, S membership, string? joinRule) => new()
    {
        Version = version,
        SenderMembership = membership,
        SenderIsTarget = true,
        HasJoinRules = joinRule is not null,
        JoinRule = joinRule,
    };

    private static string Permitted(S state, MembershipContext context) => string.Join(",", MembershipMachine.For(state, context).PermittedTriggers);

    private static bool CanFire(S state, T trigger, MembershipContext context) => MembershipMachine.For(state, context).CanFire(trigger);

    [Theory]
    [InlineData(S.None, "Invite,InviteViaThirdParty,Kick,Ban")]
    [InlineData(S.Invite, "Invite,InviteViaThirdParty,Kick,Ban")]
    [InlineData(S.Join, "InviteViaThirdParty,Kick,Ban")]
    [InlineData(S.Leave, "Invite,InviteViaThirdParty,Kick,Ban")]
    [InlineData(S.Ban, "Ban,Unban")]
    [InlineData(S.Knock, "Invite,InviteViaThirdParty,Kick,Ban")]
    public void PowerfulOtherUser_MayDoExactlyTheTableRow(S state, string expected)
    {
        Assert.Equal(expected, Permitted(state, Other(RoomVersion.V12)));
    }

    [Theory]
    [InlineData(JoinRuleValues.Public, S.None, "Join")]
    [InlineData(JoinRuleValues.Public, S.Invite, "Join,LeaveSelf")]
    [InlineData(JoinRuleValues.Public, S.Join, "Join,LeaveSelf")]
    [InlineData(JoinRuleValues.Public, S.Leave, "Join")]
    [InlineData(JoinRuleValues.Public, S.Ban, "")]
    [InlineData(JoinRuleValues.Public, S.Knock, "Join,LeaveSelf")]
    [InlineData(JoinRuleValues.Knock, S.None, "Knock")]
    [InlineData(JoinRuleValues.Knock, S.Invite, "Join,LeaveSelf")]
    [InlineData(JoinRuleValues.Knock, S.Join, "Join,LeaveSelf")]
    [InlineData(JoinRuleValues.Knock, S.Leave, "Knock")]
    [InlineData(JoinRuleValues.Knock, S.Ban, "")]
    [InlineData(JoinRuleValues.Knock, S.Knock, "LeaveSelf,Knock")]
    [InlineData(JoinRuleValues.Invite, S.None, "")]
    [InlineData(JoinRuleValues.Invite, S.Invite, "Join,LeaveSelf")]
    [InlineData(JoinRuleValues.Invite, S.Knock, "LeaveSelf")]
    [InlineData(null, S.None, "")]
    [InlineData(null, S.Invite, "Join,LeaveSelf")]
    [InlineData(JoinRuleValues.Private, S.Invite, "LeaveSelf")]
    [InlineData(JoinRuleValues.Private, S.Join, "LeaveSelf")]
    [InlineData("foo", S.Join, "LeaveSelf")]
    public void UserActingOnThemself_MayDoExactlyTheTableRow(string? joinRule, S state, string expected)
    {
        Assert.Equal(expected, Permitted(state, Self(RoomVersion.V12, state, joinRule)));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Knock_IsPermittedFromVersion7Only(string roomVersion)
    {
        var version = RoomVersionRegistry.Lookup(roomVersion).Value;
        Assert.Equal(version.Knocking, CanFire(S.None, T.Knock, Self(version, S.None, JoinRuleValues.Knock)));
        Assert.Equal(version.Knocking, MembershipMachine.Describe(version).States.Any(state => Equals(state.UnderlyingState, S.Knock)));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void JoinThroughAnAuthoriser_IsPermittedFromVersion8Only(string roomVersion)
    {
        var version = RoomVersionRegistry.Lookup(roomVersion).Value;
        var context = Self(version, S.None, JoinRuleValues.Restricted) with { AuthoriserNamed = true, AuthoriserSigned = true, AuthoriserQualifies = true };
        Assert.Equal(version.RestrictedJoins, CanFire(S.None, T.Join, context));
        Assert.False(CanFire(S.None, T.Join, context with { AuthoriserQualifies = false }));
        // An invited user needs no authoriser in a restricted room, but before v8 "restricted" is no join rule at all.
        Assert.Equal(version.RestrictedJoins, CanFire(S.Invite, T.Join, Self(version, S.Invite, JoinRuleValues.Restricted)));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void KnockRestricted_AllowsKnockAndAuthorisedJoinFromVersion10Only(string roomVersion)
    {
        var version = RoomVersionRegistry.Lookup(roomVersion).Value;
        var context = Self(version, S.None, JoinRuleValues.KnockRestricted);
        Assert.Equal(version.KnockRestricted, CanFire(S.None, T.Knock, context));
        Assert.Equal(version.KnockRestricted, CanFire(S.None, T.Join, context with { AuthoriserNamed = true, AuthoriserSigned = true, AuthoriserQualifies = true }));
        Assert.Equal(version.KnockRestricted, CanFire(S.Knock, T.Join, context with { SenderMembership = S.Knock, AuthoriserNamed = true, AuthoriserSigned = true, AuthoriserQualifies = true }));
    }

    [Fact]
    public void InvitedUser_CannotKnock_WhateverTheInformalDiagramShows()
    {
        // m.room.member's table and membership.drawio show invite -> knock; the rules refuse a knock by an invited user.
        Assert.False(CanFire(S.Invite, T.Knock, Self(RoomVersion.V12, S.Invite, JoinRuleValues.Knock)));
        Assert.False(CanFire(S.Join, T.Knock, Self(RoomVersion.V12, S.Join, JoinRuleValues.Knock)));
        Assert.False(CanFire(S.Ban, T.Knock, Self(RoomVersion.V12, S.Ban, JoinRuleValues.Knock)));
    }

    [Fact]
    public void KnockingUser_JoinsAPublicRoom_WhichTheInformalTableCallsImpossible()
    {
        Assert.True(CanFire(S.Knock, T.Join, Self(RoomVersion.V7, S.Knock, JoinRuleValues.Public)));
        Assert.False(CanFire(S.Knock, T.Join, Self(RoomVersion.V7, S.Knock, JoinRuleValues.Knock)));
    }

    [Fact]
    public void Ban_BlocksEveryJoin_ExceptTheCreatorsFirstJoin()
    {
        var banned = Self(RoomVersion.V11, S.Ban, JoinRuleValues.Public);
        var machine = MembershipMachine.For(S.Ban, banned);
        Assert.False(machine.CanFire(T.Join));
        Assert.Equal(new[] { "creator's first join (the only prev event is the create event)" }, machine.UnmetGuards(T.Join));
        Assert.True(CanFire(S.Ban, T.Join, banned with { CreatorFirstJoin = true }));
        Assert.False(CanFire(S.Ban, T.Knock, Self(RoomVersion.V11, S.Ban, JoinRuleValues.Knock)));
        Assert.False(CanFire(S.Ban, T.Invite, Other(RoomVersion.V11)));
        Assert.False(CanFire(S.Ban, T.InviteViaThirdParty, Other(RoomVersion.V11)));
    }

    [Fact]
    public void CreatorsFirstJoin_NeedsNeitherTheSenderNorTheJoinRule()
    {
        var context = Self(RoomVersion.V1, S.None, JoinRuleValues.Private) with { SenderIsTarget = false, CreatorFirstJoin = true };
        Assert.True(CanFire(S.None, T.Join, context));
        Assert.False(CanFire(S.None, T.Join, context with { CreatorFirstJoin = false }));
    }

    public static TheoryData<S, T, bool> SelfTransitions => new()
    {
        { S.Join, T.Join, true },
        { S.Invite, T.Invite, false },
        { S.Invite, T.InviteViaThirdParty, false },
        { S.Knock, T.Knock, true },
        { S.Ban, T.Ban, false },
        { S.Leave, T.Kick, false },
    };

    [Theory]
    [MemberData(nameof(SelfTransitions))]
    public void SelfTransitions_ReturnToTheSameMembership(S state, T trigger, bool self)
    {
        var context = self ? Self(RoomVersion.V10, state, state == S.Knock ? JoinRuleValues.Knock : JoinRuleValues.Public) : Other(RoomVersion.V10);
        var machine = MembershipMachine.For(state, context);
        Assert.True(machine.CanFire(trigger), string.Join("; ", machine.UnmetGuards(trigger)));
        Assert.Equal(state, machine.Fire(trigger));
    }

    [Fact]
    public void LeaveSelf_IsPermittedFromInviteJoinAndKnockOnly()
    {
        foreach (var state in Enum.GetValues<S>())
        {
            Assert.Equal(state is S.Invite or S.Join or S.Knock, CanFire(state, T.LeaveSelf, Self(RoomVersion.V7, state, JoinRuleValues.Invite)));
        }
        // Before v7 there is no knock state: a knock membership in the state reads as none.
        Assert.Equal(S.None, MembershipStates.From(MembershipValues.Knock, RoomVersion.V6));
        Assert.Equal(S.Knock, MembershipStates.From(MembershipValues.Knock, RoomVersion.V7));
        Assert.Equal(S.None, MembershipStates.From("foo", RoomVersion.V7));
        Assert.Equal(S.None, MembershipStates.From(null, RoomVersion.V7));
    }

    [Fact]
    public void Unban_NeedsTheBanLevelTheKickLevelAndAHigherLevel()
    {
        var context = Other(RoomVersion.V9) with { SenderLevel = 60, BanLevel = 50, KickLevel = 70 };
        Assert.False(CanFire(S.Ban, T.Unban, context));
        Assert.True(CanFire(S.Ban, T.Unban, context with { KickLevel = 60 }));
        Assert.False(CanFire(S.Ban, T.Unban, context with { KickLevel = 60, BanLevel = 61 }));
        Assert.False(CanFire(S.Ban, T.Unban, context with { KickLevel = 60, TargetLevel = 60 }));
        Assert.False(CanFire(S.Ban, T.Kick, context with { KickLevel = 60 }));
    }

    [Fact]
    public void KickAndBan_NeedAStrictlyHigherLevel_InviteDoesNot()
    {
        var equal = Other(RoomVersion.V9) with { SenderLevel = 50, TargetLevel = 50 };
        Assert.False(CanFire(S.Join, T.Kick, equal));
        Assert.False(CanFire(S.Join, T.Ban, equal));
        Assert.True(CanFire(S.None, T.Invite, equal with { TargetLevel = 100 }));
        Assert.False(CanFire(S.None, T.Invite, equal with { InviteLevel = 51 }));
    }

    [Fact]
    public void JoinedUser_IsReinvitedOnlyThroughAThirdPartyInvite()
    {
        Assert.False(CanFire(S.Join, T.Invite, Other(RoomVersion.V12)));
        var machine = MembershipMachine.For(S.Join, Other(RoomVersion.V12));
        Assert.Equal(S.Invite, machine.Fire(T.InviteViaThirdParty));
        Assert.False(CanFire(S.Join, T.InviteViaThirdParty, Other(RoomVersion.V12) with { ThirdPartyInviteValid = false }));
    }

    [Fact]
    public void NonMemberSender_CanOnlyJoinKnockOrLeaveThemself()
    {
        var outsider = Other(RoomVersion.V12) with { SenderMembership = S.Leave };
        foreach (var state in Enum.GetValues<S>())
        {
            var permitted = MembershipMachine.For(state, outsider).PermittedTriggers;
            Assert.DoesNotContain(T.Invite, permitted);
            Assert.DoesNotContain(T.Kick, permitted);
            Assert.DoesNotContain(T.Ban, permitted);
            Assert.DoesNotContain(T.Unban, permitted);
        }
    }

    [Fact]
    public void RoomThatDoesNotFederate_RefusesEveryEventOfAForeignSender()
    {
        var machine = MembershipMachine.For(S.Invite, Self(RoomVersion.V12, S.Invite, JoinRuleValues.Public) with { SenderServerAdmitted = false });
        Assert.Empty(machine.PermittedTriggers);
        Assert.Contains("the room admits the sender's server (m.federate)", machine.UnmetGuards(T.LeaveSelf));
    }

    [Fact]
    public void UnsignedAuthoriser_RefusesEveryMemberEventFromVersion8()
    {
        var unsigned = Self(RoomVersion.V8, S.Join, JoinRuleValues.Public) with { AuthoriserNamed = true, AuthoriserSigned = false };
        Assert.Empty(MembershipMachine.For(S.Join, unsigned).PermittedTriggers);
        Assert.Equal(new[] { T.Join, T.LeaveSelf }, MembershipMachine.For(S.Join, unsigned with { Version = RoomVersion.V7 }).PermittedTriggers);
    }

    [Fact]
    public void Fire_OfATriggerThatIsNotPermitted_IsABugAndThrows()
    {
        var machine = MembershipMachine.For(S.Ban, Other(RoomVersion.V12));
        Assert.Throws<InvalidOperationException>(() => machine.Fire(T.Knock));
        Assert.Equal(S.Ban, machine.State);
        Assert.Null(machine.LastTrigger);
    }

    [Fact]
    public void V12Creators_CannotBeKickedOrBanned_EvenByAnotherCreator()
    {
        var room = RoomBuilder.Create(RoomVersion.V12, createContent: JsonValue.Object(("additional_creators", JsonValue.Array(JsonValue.String(TestUsers.Bob)))))
            .Join(TestUsers.Bob).Join(TestUsers.Charlie).PowerLevels((TestUsers.Charlie, 100));
        foreach (var membership in new[] { MembershipValues.Leave, MembershipValues.Ban })
        {
            var againstCreator = room.Member(TestUsers.Bob, TestUsers.Alice, membership);
            Assert.Null(Ask(room, againstCreator).Answer());
            Assert.False(room.Check(againstCreator).Allowed);
            var byCreator = room.Member(TestUsers.Bob, TestUsers.Charlie, membership);
            Assert.Equal(MembershipStates.From(membership, RoomVersion.V12), Ask(room, byCreator).Answer());
            Assert.True(room.Check(byCreator).Allowed);
        }
        Assert.True(Ask(room, room.Member(TestUsers.Bob, TestUsers.Alice, MembershipValues.Leave)).Context.TargetLevel.IsInfinite);
    }

    [Fact]
    public void V11Creator_IsKickedByAHigherLevel()
    {
        var room = RoomBuilder.Create(RoomVersion.V11).Join(TestUsers.Bob).PowerLevels((TestUsers.Bob, 101));
        var kick = room.Member(TestUsers.Bob, TestUsers.Alice, MembershipValues.Leave);
        Assert.Equal(S.Leave, Ask(room, kick).Answer());
        Assert.True(room.Check(kick).Allowed);
    }

    [Theory]
    [InlineData(TestUsers.Bob, TestUsers.Bob, MembershipValues.Leave, false, T.LeaveSelf)]
    [InlineData(TestUsers.Alice, TestUsers.Bob, MembershipValues.Leave, false, T.Kick)]
    [InlineData(TestUsers.Alice, TestUsers.Charlie, MembershipValues.Leave, false, T.Unban)]
    [InlineData(TestUsers.Alice, TestUsers.Bob, MembershipValues.Invite, false, T.Invite)]
    [InlineData(TestUsers.Alice, TestUsers.Bob, MembershipValues.Invite, true, T.InviteViaThirdParty)]
    [InlineData(TestUsers.Bob, TestUsers.Bob, MembershipValues.Join, false, T.Join)]
    [InlineData(TestUsers.Bob, TestUsers.Bob, MembershipValues.Knock, false, T.Knock)]
    [InlineData(TestUsers.Alice, TestUsers.Bob, MembershipValues.Ban, false, T.Ban)]
    [InlineData(TestUsers.Alice, TestUsers.Bob, "foo", false, null)]
    public void Question_NamesTheTriggerTheEventRepresents(string sender, string target, string membership, bool thirdParty, T? expected)
    {
        var room = RoomBuilder.Create(RoomVersion.V10).Join(TestUsers.Bob).Join(TestUsers.Charlie).SetMembership(TestUsers.Alice, TestUsers.Charlie, MembershipValues.Ban);
        var content = thirdParty ? JsonValue.Object(("third_party_invite", JsonObject.Empty)) : null;
        Assert.Equal(expected, Ask(room, room.Member(sender, target, membership, content)).Trigger);
    }

    [Fact]
    public void Question_ReadsTheFactsOfTheStateAndTheEvent()
    {
        var room = RoomBuilder.Create(RoomVersion.V10).JoinRule(JoinRuleValues.Restricted).PowerLevels((TestUsers.Bob, 10)).Join(TestUsers.Bob);
        var join = room.Member(TestUsers.Zara, TestUsers.Zara, MembershipValues.Join, JsonValue.Object(("join_authorised_via_users_server", JsonValue.String(TestUsers.Bob))));
        var question = Ask(room, join);
        Assert.Equal(S.None, question.Current);
        Assert.Equal(T.Join, question.Trigger);
        Assert.Equal(JoinRuleValues.Restricted, question.Context.JoinRule);
        Assert.True(question.Context.SenderIsTarget);
        Assert.True(question.Context.AuthoriserNamed);
        Assert.True(question.Context.AuthoriserQualifies);
        Assert.False(question.Context.AuthoriserSigned);
        Assert.False(question.Context.CreatorFirstJoin);
        Assert.Equal(PowerLevel.Of(0), question.Context.TargetLevel);
        // Unsigned by example.org, the authoriser's server: both the machine and the rules refuse.
        Assert.Null(question.Answer());
        Assert.False(room.Check(join).Allowed);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Guards_OfOneTrigger_NeverPermitTwoTransitionsAtOnce(string roomVersion)
    {
        // Stateless throws when two transitions of one trigger are permitted; try every combination of the
        // facts the join, knock and invite guards read, in every state, including ones no event produces.
        var version = RoomVersionRegistry.Lookup(roomVersion).Value;
        string?[] joinRules = [null, JoinRuleValues.Public, JoinRuleValues.Invite, JoinRuleValues.Knock, JoinRuleValues.Restricted, JoinRuleValues.KnockRestricted, JoinRuleValues.Private, "foo"];
        var permitted = 0;
        foreach (var joinRule in joinRules)
        {
            for (var bits = 0; bits < 32; bits++)
            {
                var context = new MembershipContext
                {
                    Version = version,
                    HasJoinRules = joinRule is not null,
                    JoinRule = joinRule,
                    SenderIsTarget = (bits & 1) != 0,
                    CreatorFirstJoin = (bits & 2) != 0,
                    AuthoriserQualifies = (bits & 4) != 0,
                    ThirdPartyInviteValid = (bits & 8) != 0,
                    SenderMembership = (bits & 16) != 0 ? S.Join : S.None,
                    SenderLevel = 100,
                };
                foreach (var state in Enum.GetValues<S>())
                {
                    permitted += MembershipMachine.For(state, context with { SenderMembership = context.SenderIsTarget ? state : context.SenderMembership }).PermittedTriggers.Length;
                }
            }
        }
        Assert.True(permitted > 0);
    }

    public static TheoryData<string> PublishedMemberCases()
    {
        var data = new TheoryData<string>();
        foreach (var (id, testCase) in PublishedData.AuthCases)
        {
            if (testCase.Json["event"] is JsonObject { } e && e["type"] is JsonString { Value: EventTypes.Member } && !testCase.Malformed)
            {
                data.Add(id);
            }
        }
        return data;
    }

    /// <summary>
    /// Other implementations' published member-event cases (the kit's TestData/auth): where the event passes the
    /// checks of its own citations (rules 1–3, which the machine does not model), the machine reaches
    /// the published verdict from the cited events as the state.
    /// </summary>
    [Theory]
    [MemberData(nameof(PublishedMemberCases))]
    public void PublishedMemberCase_MachineReachesThePublishedVerdict(string id)
    {
        var testCase = PublishedData.AuthCases[id];
        var (version, allowed, context) = (testCase.Version, testCase.Allowed, testCase.Context);
        var e = testCase.Event.Value;
        var supplied = testCase.AuthEvents;
        if (EventAuthorizer.CheckStateIndependent(e, supplied, version, context) is { } decided)
        {
            Assert.False(decided.Allowed, id + ": a member event decided by the rules on citations alone");
            return;
        }
        // The state the rules then use: the cited events, and in v12 the create event the room ID names.
        var state = AuthState.FromEvents(supplied.Where(a => e.AuthEvents.Contains(a.EventId)
            || (version.RoomIdIsCreateEventHash && e.RoomId.CreateEventId is { } create && a.EventId.Equals(create))));
        var question = MembershipQuestion.Of(e, state, version, context);
        var destination = question.Answer();
        Assert.True(allowed == destination is not null,
            $"{id}: published {(allowed ? "allow" : "reject")}, the machine {(destination is null ? "cannot fire" : "fires")} {question.Trigger?.ToString() ?? "(no trigger)"} from {question.Current}; {question.Context}");
        if (destination is { } reached) Assert.Equal(e.Membership, reached.ToMembership());
    }

    public static TheoryData<string> AllVersions => [.. RoomVersionRegistry.All.Select(version => version.Id)];

    private static MembershipQuestion Ask(RoomBuilder room, Pdu e) => MembershipQuestion.Of(e, room.State, room.Version, room.Context);
}
