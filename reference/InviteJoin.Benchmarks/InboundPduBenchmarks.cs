using System.Text;
using BenchmarkDotNet.Attributes;
using InviteJoin.Reference.Crypto;
using InviteJoin.Reference.Events;
using InviteJoin.Reference.Json;
using InviteJoin.Reference.RoomVersions;

namespace InviteJoin.Benchmarks;

/// <summary>
/// The full inbound PDU check (strict parse, canonicalise, content hash, reference hash, signature
/// verify: checks 1–3 on receipt) against the raw Ed25519 verify of the same signed bytes, in one run.
/// Target: the full check reaches at least 80 % of the raw verify rate.
/// </summary>
[MemoryDiagnoser]
public class InboundPduBenchmarks
{
    private byte[] _pduBytes = [];
    private byte[] _signedBytes = [];
    private byte[] _signature = [];
    private byte[] _publicKey = [];
    private KeyRing _keys = KeyRing.Empty;
    private JsonObject _parsed = JsonObject.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var key = Ed25519SigningKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), KeyId.Parse("ed25519:auto").Value).Value;
        _keys = KeyRing.Empty.With("example.org", key);
        _publicKey = key.PublicKey.ToArray();

        // A realistic room version 10 join: about 1 KiB on the wire, four auth events, one prev event.
        var id = (int i) => (JsonValue)JsonValue.String("$" + Convert.ToBase64String(BitConverter.GetBytes((long)i).Concat(new byte[24]).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        var json = JsonValue.Object(
            ("type", JsonValue.String("m.room.member")),
            ("state_key", JsonValue.String("@alice:example.org")),
            ("sender", JsonValue.String("@alice:example.org")),
            ("room_id", JsonValue.String("!jEsUZKDJdhlrceRyVU:example.org")),
            ("origin", JsonValue.String("example.org")),
            ("origin_server_ts", JsonValue.Number(1_700_000_000_000)),
            ("depth", JsonValue.Number(12345)),
            ("prev_events", JsonValue.Array(id(1))),
            ("auth_events", JsonValue.Array(id(2), id(3), id(4), id(5))),
            ("content", JsonValue.Object(
                ("membership", JsonValue.String("join")),
                ("displayname", JsonValue.String("Alice Liddell, who went down the rabbit hole")),
                ("avatar_url", JsonValue.String("mxc://example.org/SEsfnsuifSDFSSEFabcdefghijklmno")),
                ("reason", JsonValue.String(new string('x', 300))))),
            ("unsigned", JsonValue.Object(("age", JsonValue.Number(4612)))));
        var signed = EventSigning.SignEvent(json, RoomVersion.V10.Format, "example.org", key);
        _pduBytes = Encoding.UTF8.GetBytes(signed.ToString());
        _signedBytes = EventHashes.RedactedSigningBytes(signed, RoomVersion.V10.Format);
        var signatureText = ((JsonString)((JsonObject)((JsonObject)signed["signatures"]!)["example.org"]!)["ed25519:auto"]!).Value;
        _signature = UnpaddedBase64.Decode(signatureText, Base64Alphabet.Standard, Base64Strictness.Strict).Value;

        _parsed = (JsonObject)StrictJsonReader.Parse(_pduBytes, JsonReadOptions.Canonical).Value;
        if (!RawVerify() || FullCheck() is not { Accepted: not null }) throw new InvalidOperationException("the benchmark PDU does not verify");
        Console.WriteLine($"Inbound PDU: {_pduBytes.Length} bytes on the wire, {_signedBytes.Length} signed bytes.");
    }

    /// <summary>Ed25519 verify of the event's signed bytes alone, as the reference calls it.</summary>
    [Benchmark(Baseline = true)]
    public bool RawVerify() => Ed25519.Verify(_publicKey, _signedBytes, _signature);

    /// <summary>Parse, canonicalise, content hash, reference hash and signature verify, from wire bytes.</summary>
    [Benchmark]
    public (InboundPdu? Accepted, InboundRejection? Dropped) FullCheck() => PduVerification.Check(_pduBytes, RoomVersion.V10.Format, _keys);

    /// <summary>Stage: strict parse of the wire bytes.</summary>
    [Benchmark]
    public JsonObject Parse() => StrictJsonReader.ParseObject(_pduBytes, JsonReadOptions.Canonical).Value;

    /// <summary>Stage: PDU field validation and the event ID (reference hash) from the parsed object.</summary>
    [Benchmark]
    public Pdu PduParse() => PduParser.Parse(_parsed, RoomVersion.V10.Format, PduParseOptions.Federation).Value;

    /// <summary>Stage: the content hash.</summary>
    [Benchmark]
    public byte[] ContentHash() => EventHashes.ContentHash(_parsed);

    /// <summary>Stage: the redacted signing bytes.</summary>
    [Benchmark]
    public byte[] SigningBytes() => EventHashes.RedactedSigningBytes(_parsed, RoomVersion.V10.Format);
}
