using System.Collections.Immutable;
using InviteJoin.Reference.RoomVersions;
using Stateless.Reflection;

namespace InviteJoin.Reference.Dance.Machines;

/// <summary>One machine of the catalogue: its stable name (the file name in spec/machines), a title, notes its diagram carries, and how to obtain its configuration.</summary>
public sealed record MachineEntry(string Name, string Title, ImmutableArray<string> Notes, Func<StateMachineInfo> Describe);

/// <summary>
/// Every state machine of the protocol by name, with the structure Stateless reports for it
/// (<see cref="StateMachineInfo"/>: states, transitions, guard descriptions). Drawing them is not the
/// reference's work: <c>InviteJoin.Diagrams</c> renders these entries as the diagrams in spec/machines,
/// as Stateless keeps its own drawing (<c>Stateless.Graph</c>) apart from the machines.
/// </summary>
public static class MachineCatalogue
{
    /// <summary>Every machine, the membership machines first (one per group of room versions whose machines have the same structure).</summary>
    public static readonly ImmutableArray<MachineEntry> All = [.. MembershipEntries(), .. HandshakeEntries()];

    /// <summary>The machine named <paramref name="name"/>, or null.</summary>
    public static MachineEntry? Find(string name) => All.FirstOrDefault(entry => string.Equals(entry.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// The structure of <paramref name="info"/> as ordinally sorted lines — its initial state, states,
    /// transitions with their guard descriptions, and ignored triggers — so that two machines can be
    /// compared whatever order Stateless lists them in. An identity, not a picture.
    /// </summary>
    public static ImmutableArray<string> Structure(StateMachineInfo info)
    {
        var lines = new List<string> { "initial " + info.InitialState.UnderlyingState };
        foreach (var state in info.States)
        {
            var from = state.UnderlyingState.ToString();
            lines.Add("state " + from);
            foreach (var transition in state.FixedTransitions)
            {
                lines.Add(from + " -" + transition.Trigger.UnderlyingTrigger + "-> " + transition.DestinationState.UnderlyingState + Guards(transition));
            }
            foreach (var transition in state.DynamicTransitions)
            {
                lines.Add(from + " -" + transition.Trigger.UnderlyingTrigger + "-> (" + transition.DestinationStateSelectorDescription.Description + ")" + Guards(transition));
            }
            foreach (var ignored in state.IgnoredTriggers)
            {
                lines.Add(from + " ignores " + ignored.Trigger.UnderlyingTrigger + Guards(ignored));
            }
        }
        return [.. lines.Order(StringComparer.Ordinal)];
    }

    private static string Guards(TransitionInfo transition) =>
        string.Concat(transition.GuardConditionsMethodDescriptions.Select(guard => " [" + guard.Description + "]"));

    // The membership machine differs between room versions only where a version adds knocking (7),
    // restricted joins (8) or knock_restricted (10); versions whose machines have the same structure
    // and the same preconditions share an entry.
    private static IEnumerable<MachineEntry> MembershipEntries()
    {
        var groups = new List<List<RoomVersion>>();
        ImmutableArray<string> previous = [];
        foreach (var version in RoomVersionRegistry.All)
        {
            var shape = Structure(MembershipMachine.Describe(version)).AddRange(MembershipMachine.Preconditions(version));
            if (groups.Count == 0 || !shape.SequenceEqual(previous, StringComparer.Ordinal)) groups.Add([]);
            groups[^1].Add(version);
            previous = shape;
        }
        foreach (var group in groups)
        {
            var first = group[0];
            var last = group[^1];
            var range = first == last ? "v" + first.Id : "v" + first.Id + "-v" + last.Id;
            var words = first == last ? "room version " + first.Id : "room versions " + first.Id + "–" + last.Id;
            var notes = ImmutableArray.Create("Every member event must first pass: " + string.Join("; ", MembershipMachine.Preconditions(first)) + ".");
            yield return new MachineEntry("membership-" + range, "The membership of one user: which member events may change it, " + words + ".", notes,
                () => MembershipMachine.Describe(first));
        }
    }

    private static IEnumerable<MachineEntry> HandshakeEntries()
    {
        ImmutableArray<string> none = [];
        yield return new MachineEntry("invite-inviter", "Invite, the inviting server: draft, PUT /v2/invite, countersigned, distributed.", none,
            () => new InviterMachine(new InviterFacts()).Info);
        yield return new MachineEntry("invite-invitee", "Invite, the invitee's server: validate, then countersign.", none,
            () => new InviteeMachine(new InviteeFacts()).Info);
        yield return new MachineEntry("join-joiner", "Join, the joining server: make_join, check the template, sign, send_join, full or partial state.", none,
            () => new JoinerMachine(new JoinerFacts()).Info);
        yield return new MachineEntry("join-resident", "Join, the resident server (invited, joined or public): template, validate, distribute, answer.", none,
            () => new JoinResidentMachine(new JoinResidentFacts()).Info);
        yield return new MachineEntry("restricted-join-resident", "Restricted join (v8+), the resident server: check allow, choose an authoriser, countersign.", none,
            () => new RestrictedJoinResidentMachine(new RestrictedJoinResidentFacts()).Info);
        yield return new MachineEntry("knock-knocker", "Knock (v7+), the knocking server: make_knock, check the template, sign, send_knock.", none,
            () => new KnockerMachine(new KnockerFacts()).Info);
        yield return new MachineEntry("knock-resident", "Knock (v7+), the resident server: template, validate, distribute, answer with knock_room_state.", none,
            () => new KnockResidentMachine(new KnockResidentFacts()).Info);
        yield return new MachineEntry("leave-leaver", "Leave from outside the room (reject an invite, retract a knock): make_leave, sign, send_leave.", none,
            () => new LeaverMachine(new LeaverFacts()).Info);
        yield return new MachineEntry("leave-resident", "Leave from outside the room, the resident server: template, validate, distribute, answer with an empty object.", none,
            () => new LeaveResidentMachine(new LeaveResidentFacts()).Info);
    }
}
