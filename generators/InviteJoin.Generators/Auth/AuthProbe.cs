using System.Collections.Immutable;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Generators.Auth;

/// <summary>
/// One generated authorisation probe: an event, the auth events it may cite (as supplied, some perhaps
/// missing, extra, rejected or of another room) and the IDs of supplied events rejected on receipt — the
/// request of the <c>auth</c> command. <see cref="Kind"/> names what the probe was written to exercise.
/// </summary>
public sealed record AuthProbe(RoomVersion Version, string Kind, JsonObject Event, ImmutableArray<JsonObject> AuthEvents, ImmutableArray<string> Rejected)
{
    /// <summary>The <c>auth</c> request: <c>{room_version, event, auth_events, rejected?}</c>.</summary>
    public JsonObject ToRequest()
    {
        var request = JsonValue.Object(
            ("room_version", JsonValue.String(Version.Id)),
            ("event", Event),
            ("auth_events", JsonValue.Array(AuthEvents)));
        return Rejected.IsEmpty ? request : request.With("rejected", JsonValue.Array(Rejected.Select(id => (JsonValue)JsonValue.String(id))));
    }

    public override string ToString() => "room version " + Version.Id + ", " + Kind + ": " + CanonicalJson.EncodeToString(ToRequest());
}
