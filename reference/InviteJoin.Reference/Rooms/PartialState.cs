using System.Collections.Immutable;
using InviteJoin.Reference.Events;

namespace InviteJoin.Reference.Rooms;

/// <summary>
/// What a server holding a partial state of a room knows of its incompleteness (MSC3706, MSC3902): the join whose answer
/// omitted the members, and the servers to resync from — the resident that answered first, then those its answer named in
/// <c>servers_in_room</c> (spec v1.19, joins-v2.yaml), without this server.
/// </summary>
public sealed record PartialState(EventId Join, ImmutableArray<string> ResyncFrom);
