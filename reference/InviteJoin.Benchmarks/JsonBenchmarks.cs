using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using InviteJoin.Reference.Json;

namespace InviteJoin.Benchmarks;

/// <summary>
/// Strict parsing and canonical encoding of a membership PDU of about 1 KiB: the first two steps of
/// every inbound PDU check, measured against the raw Ed25519 verify rate of the same run.
/// </summary>
[MemoryDiagnoser]
public class JsonBenchmarks
{
    // Written out of canonical order on purpose, so that parsing pays for sorting as real input does.
    private const string Pdu = """
        {
          "type": "m.room.member",
          "room_id": "!OGEhHVWSdvArJzumhm:matrix.example.org",
          "sender": "@alice:example.com",
          "state_key": "@alice:example.com",
          "origin_server_ts": 1700000000000,
          "depth": 4242,
          "content": {
            "membership": "join",
            "displayname": "Alice Liddell — Zoë 日本語",
            "avatar_url": "mxc://example.com/SEsfnsuifSDFSSEF",
            "join_authorised_via_users_server": "@bob:matrix.example.org",
            "reason": "Came through the looking-glass\nwith a \"quoted\" note"
          },
          "auth_events": [
            "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg",
            "$oGz2OUlmrKtlzgvUuOcWtwnBGOwhq2xPvVqe6XzZkaU",
            "$jmASt-a5yTHUKq0C8a6aV9FM6-dpHRTUxx-bUzzPcvM",
            "$lX0ds5bWeJe5zhgmX5zdCc_p0kt_F-_eHxUg7M2x6eE"
          ],
          "prev_events": [
            "$EjVLjIIPWK5twZeGZBhe4p0qhXX4ohhN3XCnLnvV3EY",
            "$5mHKVRDW35s3k1DF2gGjhb8VxGzXhf4e3K39aXYNYG4"
          ],
          "hashes": { "sha256": "ThisHashCoversAllFieldsInCaseThisIsRedacted0" },
          "signatures": {
            "example.com": {
              "ed25519:key_version": "0+PcM/lj4q3WvJg8BUFqN1/8gGY8uU3sFGzPzXwFjD+R8jGqQ2sVLQ9D2cTqz/SX3r8p4SBxoDyWcKwjdqfmBw"
            },
            "matrix.example.org": {
              "ed25519:a_Xyz": "Dm9/yJ2aKmSUtqUIFAFhD2ScgBQeRlN3a0NxdbO5qcNbfJQbTzkBwgoxCGuB5Z1aCEokLKqKt6SRiXRTAGe0DA"
            }
          },
          "unsigned": { "age": 4612, "replaces_state": "$previous_membership_event_id_goes_here" }
        }
        """;

    private byte[] _utf8 = [];
    private JsonValue _parsed = JsonValue.Null;
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);

    [GlobalSetup]
    public void Setup()
    {
        _utf8 = Encoding.UTF8.GetBytes(Pdu);
        _parsed = StrictJsonReader.Parse(_utf8, JsonReadOptions.Canonical).Value;
    }

    [Benchmark(Description = "parse (canonical rules)")]
    public JsonValue Parse() => StrictJsonReader.Parse(_utf8, JsonReadOptions.Canonical).Value;

    [Benchmark(Description = "canonical encode")]
    public int Encode()
    {
        _buffer.ResetWrittenCount();
        CanonicalJson.Write(_parsed, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "parse + canonical encode")]
    public byte[] ParseAndEncode() => CanonicalJson.Encode(StrictJsonReader.Parse(_utf8, JsonReadOptions.Canonical).Value);
}
