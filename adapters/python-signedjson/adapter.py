#!/usr/bin/python3
"""An adapter of InviteJoin's adapter protocol (spec/vectors/adapter-protocol.md) over the Matrix team's own Python
libraries, as Debian packages them: python3-canonicaljson for the canonical_json suite and python3-signedjson for
the signing suite. Run as `adapter.py SUITE`: it writes its handshake, then answers one request line per line.

The libraries take Python values, not JSON text, so a canonical_json request's text is read with Python's json
module (as Synapse reads what it receives); anything that module or the encoder refuses is answered as invalid.
"""

import json
import sys

SUITES = ["canonical_json", "signing"]


def versions():
    try:
        from importlib.metadata import version
        return "canonicaljson " + version("canonicaljson") + ", signedjson " + version("signedjson")
    except Exception:  # metadata is informative only
        return "unknown"


def canonical_json(request):
    import canonicaljson
    try:
        value = json.loads(request["input"])
        text = canonicaljson.encode_canonical_json(value).decode("utf-8")
    except Exception as e:  # the library or the reader refused the input: that is this implementation's verdict
        return {"invalid": True, "exception_class": type(e).__name__}
    return {"canonical": text}


def signing(request):
    from signedjson.key import decode_signing_key_base64, decode_verify_key_base64
    from signedjson.sign import sign_json, verify_signed_json, SignatureVerifyException
    if "sign" in request:
        sign = request["sign"]
        algorithm, _, version = sign["key_id"].partition(":")
        key = decode_signing_key_base64(algorithm, version, sign["seed"])
        return {"signed": sign_json(dict(sign["object"]), sign["server_name"], key)}
    verify = request["verify"]
    signed = verify["object"]
    server = verify["server_name"]
    present = signed.get("signatures", {}).get(server, {}) if isinstance(signed.get("signatures"), dict) else {}
    if not isinstance(present, dict):
        return {"valid": False}
    # As Synapse's key ring does: the first key ID (in sorted order) that both the object and the verifier know decides.
    for key_id in sorted(verify["verify_keys"]):
        if key_id not in present:
            continue
        algorithm, _, version = key_id.partition(":")
        try:
            verify_key = decode_verify_key_base64(algorithm, version, verify["verify_keys"][key_id])
            verify_signed_json(signed, server, verify_key)
            return {"valid": True}
        except SignatureVerifyException:
            return {"valid": False}
        except Exception as e:
            return {"valid": False, "exception_class": type(e).__name__}
    return {"valid": False}


def main():
    suite = sys.argv[1] if len(sys.argv) > 1 else ""
    handshake = {"protocol": "invitejoin-adapter/2", "implementation": "python3-signedjson", "version": versions(),
                 "suites": SUITES, "suite": suite}
    sys.stdout.write(json.dumps(handshake) + "\n")
    sys.stdout.flush()
    if suite not in SUITES:
        return
    answer = canonical_json if suite == "canonical_json" else signing
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = answer(json.loads(line))
        except Exception as e:  # the request itself could not be read
            reply = {"error": {"code": "adapter.internal", "message": type(e).__name__ + ": " + str(e)}}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
