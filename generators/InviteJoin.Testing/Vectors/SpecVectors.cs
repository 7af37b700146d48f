using System.Text.Json;

namespace InviteJoin.Testing;

/// <summary>
/// The Matrix specification's signing test vectors (spec v1.19, appendices, "Signing Details" and "Cryptographic
/// Test Vectors"), read once from TestData/spec/signing.json. JSON values are the text written there on one line (line
/// breaks, which JSON allows only between tokens, become spaces), for a test to parse with the reader it means to test
/// or trust, or to send as one line of <c>--jsonl</c>; values marked derived are not printed in the spec.
/// </summary>
public static class SpecVectors
{
    private static readonly Lazy<JsonElement> Data = new(() =>
    {
        using var document = JsonDocument.Parse(TestDataFiles.Read("spec/signing.json"));
        return document.RootElement.Clone();
    });

    /// <summary>SIGNING_KEY_SEED: its last character leaves non-zero unused bits, so it must be decoded leniently (the canonical encoding ends <c>XA0</c>).</summary>
    public static string Seed => Text("signing_key", "seed");

    /// <summary>The 32 seed bytes, in hex.</summary>
    public static string SeedHex => Text("signing_key", "seed_hex");

    /// <summary>The server name the spec signs as: <c>domain</c>.</summary>
    public static string ServerName => Text("signing_key", "server_name");

    /// <summary>The key ID the spec signs with: <c>ed25519:1</c>.</summary>
    public static string KeyId => Text("signing_key", "key_id");

    /// <summary>Derived: the public key of <see cref="Seed"/>.</summary>
    public static string PublicKey => Text("derived", "public_key");

    /// <summary>"JSON Signing": <c>{}</c> signed.</summary>
    public static string SignedEmptyObject => Raw("json_signing", "empty_object_signed");

    /// <summary>"JSON Signing": the object with data values.</summary>
    public static string DataObject => Raw("json_signing", "data_object");

    /// <summary>"JSON Signing": <see cref="DataObject"/> signed.</summary>
    public static string SignedDataObject => Raw("json_signing", "data_object_signed");

    /// <summary>"Signing Details": an illustrative signed object; its signature is not a real one.</summary>
    public static string SigningDetailsExample => Raw("json_signing", "signing_details_example");

    /// <summary>"Event Signing": the minimal event (room version 1 rules).</summary>
    public static string MinimalEvent => Raw("event_signing", "minimal_event");

    /// <summary>"Event Signing": <see cref="MinimalEvent"/> signed.</summary>
    public static string SignedMinimalEvent => Raw("event_signing", "minimal_event_signed");

    /// <summary>"Event Signing": the event with content.</summary>
    public static string MessageEvent => Raw("event_signing", "message_event");

    /// <summary>"Event Signing": <see cref="MessageEvent"/> signed.</summary>
    public static string SignedMessageEvent => Raw("event_signing", "message_event_signed");

    /// <summary>Derived: a room version 12 create event, unsigned.</summary>
    public static string V12CreateEvent => Raw("derived", "v12_create_event");

    /// <summary>Derived: the content hash of <see cref="V12CreateEvent"/>.</summary>
    public static string V12CreateContentHash => Text("derived", "v12_create_content_hash");

    /// <summary>Derived: the signature of <see cref="V12CreateEvent"/> with <see cref="Seed"/>.</summary>
    public static string V12CreateSignature => Text("derived", "v12_create_signature");

    /// <summary>Derived: the event ID of <see cref="V12CreateEvent"/> once signed.</summary>
    public static string V12CreateEventId => Text("derived", "v12_create_event_id");

    /// <summary>Derived: the room ID that create event names.</summary>
    public static string V12RoomId => Text("derived", "v12_room_id");

    /// <summary>The JSON text of the vector named <paramref name="name"/> in <paramref name="group"/> (for data-driven tests that name vectors).</summary>
    public static string Raw(string group, string name) => Member(group, name).GetRawText().Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>The vector whose property here is named <paramref name="property"/> (write <c>nameof(SpecVectors.SignedEmptyObject)</c> in a test's data).</summary>
    public static string Named(string property) =>
        typeof(SpecVectors).GetProperty(property)?.GetValue(null) as string ?? throw new FixtureException("no spec vector named " + property);

    private static string Text(string group, string name) =>
        Member(group, name).GetString() ?? throw new FixtureException($"spec vector {group}.{name} is not a string");

    private static JsonElement Member(string group, string name) =>
        Data.Value.TryGetProperty(group, out var g) && g.TryGetProperty(name, out var value)
            ? value
            : throw new FixtureException($"no spec vector {group}.{name} in TestData/spec/signing.json");
}
