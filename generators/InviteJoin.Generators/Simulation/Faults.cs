using System.Collections.Immutable;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Dance.Endpoints;
using InviteJoin.Reference.Json;

namespace InviteJoin.Generators.Simulation;

/// <summary>
/// A deliberately broken server variant: the reference with one historical bug planted back in
/// (<c>spec/historical-bugs.md</c>). The reference stays correct; the fault lives here, in what a faulty server
/// does with the reference's answers. <see cref="Receive"/> is the hook for faults in the checks on receipt; more
/// hooks come with the faults that need them.
/// </summary>
public sealed class PlantedFault
{
    public required string Name { get; init; }

    /// <summary>The historical bug it plants (B-number of spec/historical-bugs.md).</summary>
    public required string Bug { get; init; }

    /// <summary>One line: what the faulty server does wrong.</summary>
    public required string Description { get; init; }

    /// <summary>The rules whose rejections the faulty server ignores on receipt, accepting the event instead.</summary>
    public ImmutableHashSet<Rule> IgnoredRules { get; init; } = [];

    /// <summary>
    /// How the faulty server receives a PDU of a transaction: the reference's receipt, except where the fault
    /// decides otherwise; null to receive as the reference does.
    /// </summary>
    internal PduReceipt? Receive(SimServer server, JsonObject json)
    {
        if (IgnoredRules.IsEmpty) return null;
        var receipt = Transactions.Receive(server.Resident, json);
        if (receipt.Outcome is not (DanceRule.TransactionRejected or DanceRule.TransactionSoftFailed)
            || receipt.AuthRule is not { } rule || !IgnoredRules.Contains(rule)
            || server.Room(receipt.Event!.RoomId.Value) is not { } room)
        {
            return receipt;
        }
        var accepted = room.Accept(receipt.Event);
        return receipt with { Outcome = DanceRule.TransactionAccepted, Server = server.Resident.With(accepted) };
    }
}

/// <summary>The catalogue of planted faults, by name; <c>invitejoin explore --list-faults</c> prints it.</summary>
public static class Faults
{
    /// <summary>Every planted fault, in B-number order.</summary>
    public static readonly ImmutableArray<PlantedFault> All =
    [
        new()
        {
            Name = "restricted-join-without-authoriser",
            Bug = "B8",
            Description = "accepts a join to a restricted room that names no authorising user",
            IgnoredRules = [Rule.MemberJoinRestrictedNoAuthoriser],
        },
        new()
        {
            Name = "knock-under-any-join-rule",
            Bug = "B9",
            Description = "accepts a knock whatever the join rule",
            IgnoredRules = [Rule.MemberKnockJoinRuleNotKnock],
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
            Name = "cross-room-auth-events",
            Bug = "B17",
            Description = "accepts an event whose auth events belong to another room",
            IgnoredRules = [Rule.AuthEventsOtherRoom],
        },
        new()
        {
            Name = "state-before-first-power-levels",
            Bug = "B19",
            Description = "lets a member without the state level send state (the rule the first power levels once skipped)",
            IgnoredRules = [Rule.EventInsufficientPower],
        },
    ];

    /// <summary>The fault named <paramref name="name"/>, or null.</summary>
    public static PlantedFault? Find(string? name) => name is null ? null : All.FirstOrDefault(f => f.Name == name);
}
