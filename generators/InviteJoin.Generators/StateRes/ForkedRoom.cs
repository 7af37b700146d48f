using System.Collections.Immutable;
using System.Text;
using InviteJoin.Generators.Events;
using InviteJoin.Reference.Auth;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.StateRes;

/// <summary>
/// A generated room whose history forked: every event (each authorised by its own auth events), and the
/// states at the tips of the forks, ready to be resolved. Printed as a readable event list so a failing
/// property shows its counterexample in a minute.
/// </summary>
public sealed record ForkedRoom(RoomVersion Version, ImmutableArray<Pdu> Events, ImmutableArray<ImmutableSortedDictionary<StateKey, EventId>> StateSets)
{
    /// <summary>The events rejected on receipt (written only when rejected events are asked for); some may stand in state sets.</summary>
    public ImmutableArray<EventId> Rejected { get; init; } = [];

    /// <summary>True when no two events share an <c>origin_server_ts</c>, so no ordering ever falls through to the event-ID tie-break.</summary>
    public bool DistinctTimestamps => Events.Select(e => e.OriginServerTs).Distinct().Count() == Events.Length;

    /// <summary>
    /// The same room with every event ID renamed by <paramref name="rename"/> (a bijection on event-ID text):
    /// in each event's <c>event_id</c>, <c>prev_events</c> and <c>auth_events</c>, in the room ID of a room
    /// version 12 room (named after its create event), and in the state sets. Events are re-parsed.
    /// </summary>
    public ForkedRoom Renamed(Func<string, string> rename)
    {
        ArgumentNullException.ThrowIfNull(rename);
        var format = Version.Format;
        var idFormat = format.EventIdInPdu ? EventIdFormat.ServerScoped : EventIdFormat.TestName;
        var events = ImmutableArray.CreateBuilder<Pdu>(Events.Length);
        foreach (var e in Events)
        {
            var json = e.Json
                .With("event_id", JsonValue.String(rename(e.EventId.Value)))
                .With("prev_events", EventWriter.References(format, e.PrevEvents.Select(id => rename(id.Value))))
                .With("auth_events", EventWriter.References(format, e.AuthEvents.Select(id => rename(id.Value))));
            if (Version.RoomIdIsCreateEventHash && json.ContainsKey("room_id") && e.RoomId.CreateEventId is { } create)
            {
                json = json.With("room_id", JsonValue.String("!" + rename(create.Value)[1..]));
            }
            var parsed = PduParser.Parse(json, format, PduParseOptions.TestInput);
            if (!parsed.IsOk) throw new InvalidOperationException($"renamed event {e.EventId} does not parse: {parsed.Failure}");
            events.Add(parsed.Value);
        }
        var sets = StateSets.Select(set => set.ToImmutableSortedDictionary(p => p.Key, p => EventId.Parse(rename(p.Value.Value), idFormat).Value)).ToImmutableArray();
        return new ForkedRoom(Version, events.MoveToImmutable(), sets) { Rejected = [.. Rejected.Select(id => EventId.Parse(rename(id.Value), idFormat).Value)] };
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("room version ").Append(Version.Id).Append(", ").Append(Events.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" events:");
        foreach (var e in Events)
        {
            text.Append("  ").Append(e.EventId.Value).Append(" ts=").Append(e.OriginServerTs.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append(' ').Append(e.Type);
            if (e.StateKey is { Length: > 0 } key) text.Append('[').Append(key).Append(']');
            text.Append(" by ").Append(e.Sender.Value).Append(' ').Append(e.Content.ToString())
                .Append(" prev=[").Append(string.Join(",", e.PrevEvents.Select(p => p.Value)))
                .Append("] auth=[").Append(string.Join(",", e.AuthEvents.Select(a => a.Value))).AppendLine("]");
        }
        if (!Rejected.IsEmpty) text.Append("  rejected: ").AppendLine(string.Join(", ", Rejected.Select(r => r.Value)));
        for (var i = 0; i < StateSets.Length; i++)
        {
            text.Append("  state set ").Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(": ")
                .AppendLine(string.Join(", ", StateSets[i].Select(p => $"{p.Key.Type}[{p.Key.Key}]={p.Value.Value}")));
        }
        return text.ToString();
    }
}
