namespace InviteJoin.Cli.Tests;

/// <summary>
/// Test data from the Matrix spec (spec v1.19, appendices, "Canonical JSON" examples and "Cryptographic
/// Test Vectors"), as requests to the command line. Values marked derived are not printed in the spec:
/// they were computed from it with an independent implementation and serve as regression data only.
/// </summary>
internal static class SpecVectors
{
    /// <summary>SIGNING_KEY_SEED; its last character leaves non-zero unused bits, so it must be decoded leniently.</summary>
    public const string Seed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";

    public const string ServerName = "domain";

    public const string KeyId = "ed25519:1";

    /// <summary>Derived: the public key of <see cref="Seed"/>.</summary>
    public const string PublicKey = "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI";

    /// <summary>"JSON Signing": <c>{}</c> signed.</summary>
    public const string SignedEmptyObject = """
        {"signatures":{"domain":{"ed25519:1":"K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"}}}
        """;

    /// <summary>"JSON Signing": the object with data.</summary>
    public const string DataObject = """{"one": 1, "two": "Two"}""";

    /// <summary>"JSON Signing": <see cref="DataObject"/> signed.</summary>
    public const string SignedDataObject = """
        {"one":1,"signatures":{"domain":{"ed25519:1":"KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"}},"two":"Two"}
        """;

    /// <summary>"Event Signing": the minimal event (room version 1 rules).</summary>
    public const string MinimalEvent = """
        {"room_id":"!x:domain","sender":"@a:domain","origin":"domain","origin_server_ts":1000000,"signatures":{},
         "hashes":{},"type":"X","content":{},"prev_events":[],"auth_events":[],"depth":3,"unsigned":{"age_ts":1000000}}
        """;

    /// <summary>"Event Signing": <see cref="MinimalEvent"/> signed.</summary>
    public const string SignedMinimalEvent = """
        {"auth_events":[],"content":{},"depth":3,"hashes":{"sha256":"5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos"},
         "origin":"domain","origin_server_ts":1000000,"prev_events":[],"room_id":"!x:domain","sender":"@a:domain",
         "signatures":{"domain":{"ed25519:1":"KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg"}},
         "type":"X","unsigned":{"age_ts":1000000}}
        """;

    /// <summary>"Event Signing": the event with content.</summary>
    public const string MessageEvent = """
        {"content":{"body":"Here is the message content"},"event_id":"$0:domain","origin":"domain","origin_server_ts":1000000,
         "type":"m.room.message","room_id":"!r:domain","sender":"@u:domain","signatures":{},"unsigned":{"age_ts":1000000}}
        """;

    /// <summary>"Event Signing": <see cref="MessageEvent"/> signed.</summary>
    public const string SignedMessageEvent = """
        {"content":{"body":"Here is the message content"},"event_id":"$0:domain",
         "hashes":{"sha256":"onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g"},"origin":"domain","origin_server_ts":1000000,
         "type":"m.room.message","room_id":"!r:domain","sender":"@u:domain",
         "signatures":{"domain":{"ed25519:1":"Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA"}},
         "unsigned":{"age_ts":1000000}}
        """;

    /// <summary>Derived: a room version 12 create event, unsigned.</summary>
    public const string V12CreateEvent = """
        {"auth_events":[],"content":{"room_version":"12"},"depth":1,"origin_server_ts":1000000,"prev_events":[],
         "sender":"@a:domain","state_key":"","type":"m.room.create"}
        """;

    /// <summary>Derived: the content hash of <see cref="V12CreateEvent"/>.</summary>
    public const string V12CreateContentHash = "ccqBumrNf46eCfIkdZSYW9RNafS0xFYYDm5rnZBSVJU";

    /// <summary>Derived: the signature of <see cref="V12CreateEvent"/> by <see cref="Seed"/>.</summary>
    public const string V12CreateSignature = "0iTJ32BZFymf41Y7UBttP2wZ0JTo6UjsLDQuf+79LB+WeKVfoLyR2I8RF23ZdFgCuxtjVBl5MKXIOWP+ocELDw";

    /// <summary>Derived: the event ID of <see cref="V12CreateEvent"/> once signed.</summary>
    public const string V12CreateEventId = "$P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM";

    /// <summary>Derived: the room ID that create event names.</summary>
    public const string V12RoomId = "!P5-6WTYQ_woy6f4nmleE0XqxjtZcyKGza5_gDN-KAdM";

    /// <summary>A <c>sign</c> request for <paramref name="objectJson"/> with the spec's key.</summary>
    public static string SignRequest(string objectJson) =>
        $$"""{"object": {{objectJson}}, "server_name": "{{ServerName}}", "key_id": "{{KeyId}}", "seed": "{{Seed}}"}""";

    /// <summary>A <c>verify</c> request for <paramref name="objectJson"/> against the spec's public key.</summary>
    public static string VerifyRequest(string objectJson) =>
        $$$"""{"object": {{{objectJson}}}, "server_name": "{{{ServerName}}}", "verify_keys": {"{{{KeyId}}}": "{{{PublicKey}}}"}}""";

    /// <summary>A <c>sign-event</c> request for <paramref name="eventJson"/> with the spec's key.</summary>
    public static string SignEventRequest(string roomVersion, string eventJson) =>
        $$"""{"room_version": "{{roomVersion}}", "event": {{eventJson}}, "server_name": "{{ServerName}}", "key_id": "{{KeyId}}", "seed": "{{Seed}}"}""";

    /// <summary>A request of the form <c>{room_version, event}</c> (<c>event-id</c>, <c>redact</c>).</summary>
    public static string EventRequest(string roomVersion, string eventJson) =>
        $$"""{"room_version": "{{roomVersion}}", "event": {{eventJson}}}""";
}
