namespace InviteJoin.Cli.Tests;

/// <summary>Requests to the command line built from the spec's vectors (<see cref="SpecVectors"/>), signing with the spec's key.</summary>
internal static class SpecRequests
{
    /// <summary>A <c>sign</c> request for <paramref name="objectJson"/> with the spec's key.</summary>
    public static string Sign(string objectJson) =>
        $$"""{"object": {{objectJson}}, "server_name": "{{SpecVectors.ServerName}}", "key_id": "{{SpecVectors.KeyId}}", "seed": "{{SpecVectors.Seed}}"}""";

    /// <summary>A <c>verify</c> request for <paramref name="objectJson"/> against the spec's public key.</summary>
    public static string Verify(string objectJson) =>
        $$$"""{"object": {{{objectJson}}}, "server_name": "{{{SpecVectors.ServerName}}}", "verify_keys": {"{{{SpecVectors.KeyId}}}": "{{{SpecVectors.PublicKey}}}"}}""";

    /// <summary>A <c>sign-event</c> request for <paramref name="eventJson"/> with the spec's key.</summary>
    public static string SignEvent(string roomVersion, string eventJson) =>
        $$"""{"room_version": "{{roomVersion}}", "event": {{eventJson}}, "server_name": "{{SpecVectors.ServerName}}", "key_id": "{{SpecVectors.KeyId}}", "seed": "{{SpecVectors.Seed}}"}""";

    /// <summary>A request of the form <c>{room_version, event}</c> (<c>event-id</c>, <c>redact</c>).</summary>
    public static string Event(string roomVersion, string eventJson) =>
        $$"""{"room_version": "{{roomVersion}}", "event": {{eventJson}}}""";
}
