using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.Profiles;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Reference.Auth;

/// <summary>
/// Rule 1 (every room version): an <c>m.room.create</c> event is decided by its own shape alone
/// (spec v1.19, rooms v1–v12 "Authorisation rules" 1.1–1.5). See <c>spec/rules/01-create.md</c>.
/// </summary>
internal static class CreateRules
{
    public static bool Applies(Pdu e) => string.Equals(e.Type, EventTypes.Create, StringComparison.Ordinal);

    /// <summary>
    /// The room versions Synapse also recognises in <c>content.room_version</c>
    /// (<see cref="Divergence.CreateExperimentalRoomVersions"/>): its experimental versions.
    /// </summary>
    private static readonly System.Collections.Immutable.ImmutableArray<string> ExperimentalRoomVersions = ["org.matrix.msc3757.10", "org.matrix.msc3757.11", "org.matrix.hydra.11"];

    public static AuthDecision Check(Pdu e, RoomVersion version, AuthContext context)
    {
        // `create.has_prev_events` ("Authorisation rules" 1.1, v1–12): a create event has no previous events.
        if (e.PrevEvents.Length > 0)
        {
            return AuthDecision.Reject(Rule.CreateHasPrevEvents, ("prev_events", e.PrevEvents.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (version.RoomIdIsCreateEventHash)
        {
            // `create.has_room_id` ("Authorisation rules" 1.2, v12):
            // the room ID is derived from the create event, which must not carry one.
            if (e.Json.ContainsKey("room_id")) return AuthDecision.Reject(Rule.CreateHasRoomId);
        }
        else
        {
            // `create.room_id_server_mismatch` ("Authorisation rules" 1.2, v1–11):
            // the room ID's domain is the sender's domain.
            var roomServer = e.RoomId.Server?.Value;
            if (!string.Equals(roomServer, e.Sender.Server.Value, StringComparison.Ordinal))
            {
                return AuthDecision.Reject(Rule.CreateRoomIdServerMismatch,
                    ("room_id_server", roomServer ?? "(none)"), ("sender_server", e.Sender.Server.Value));
            }
        }

        // `create.unknown_room_version` ("Authorisation rules" 1.3, v1–12):
        // content.room_version, when present, names a version this server knows.
        if (e.Content.TryGetValue("room_version", out var roomVersion)
            && (roomVersion is not JsonString named || !RoomVersionRegistry.Lookup(named.Value).IsOk))
        {
            // (profiles) the implementation looks the value up in a dictionary of the versions it knows,
            // its experimental ones included; an array or object cannot be looked up.
            var lookup = context.Diverges(Divergence.CreateExperimentalRoomVersions);
            if (lookup && roomVersion is JsonArray or JsonObject)
            {
                return AuthDecision.Raise(Rule.CreateUnknownRoomVersion, ImplementationException.TypeError, Divergence.CreateExperimentalRoomVersions,
                    ("room_version", roomVersion.ToString()));
            }
            if (!(lookup && roomVersion is JsonString experimental && ExperimentalRoomVersions.Contains(experimental.Value, StringComparer.Ordinal)))
            {
                return AuthDecision.Reject(Rule.CreateUnknownRoomVersion, ("room_version", roomVersion.ToString()));
            }
        }

        // `create.missing_creator` ("Authorisation rules" 1.4, v1–10):
        // content has a creator property (removed by MSC2175 in v11).
        if (version.CreatorInContent && !e.Content.ContainsKey("creator"))
        {
            return AuthDecision.Reject(Rule.CreateMissingCreator);
        }

        // `create.invalid_additional_creators` ("Authorisation rules" 1.4, v12):
        // additional_creators, when present, is an array of strings that are user IDs by the same validation the
        // sender passed (the historical grammar accepted over federation).
        if (version.PrivilegedCreators && e.Content.TryGetValue("additional_creators", out var additional)
            && InvalidAdditionalCreator(additional) is { } invalid)
        {
            return AuthDecision.Reject(Rule.CreateInvalidAdditionalCreators, ("additional_creator", invalid));
        }

        // `create.allowed` ("Authorisation rules" 1.5, v1–10 and v12; 1.4, v11): otherwise, allow.
        return AuthDecision.Allow(Rule.CreateAllowed);
    }

    private static string? InvalidAdditionalCreator(JsonValue additional)
    {
        if (additional is not JsonArray entries) return additional.ToString();
        foreach (var entry in entries)
        {
            if (entry is not JsonString user || !UserId.IsValid(user.Value, UserIdGrammar.Historical)) return entry.ToString();
        }
        return null;
    }
}
