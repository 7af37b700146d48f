#!/usr/bin/python3
"""A deliberately broken adapter of InviteJoin's adapter protocol, for the audit runner's own tests. It supports only
the canonical_json suite, answering most requests correctly (with Python's json module), and misbehaves on purpose
when the request's input text contains one of these words:

  crash        exits with status 3 without answering
  hang         never answers (sleeps)
  garbage      writes a line that is not JSON
  wrong        answers a wrong canonical text
  unreadable   answers {"error": ...}, as if it could not read the request
  unsupported  answers {"unsupported": ...}
  noise        writes to stderr, then answers correctly

Started with a suite it does not support, it writes its handshake (listing canonical_json only) and exits.
"""

import json
import sys
import time

SUITES = ["canonical_json"]


def answer(request):
    text = request["input"]
    if "crash" in text:
        sys.exit(3)
    if "hang" in text:
        time.sleep(3600)
    if "garbage" in text:
        return "this is not JSON {"
    if "unreadable" in text:
        return json.dumps({"error": {"code": "adapter.internal", "message": "cannot read the request"}})
    if "unsupported" in text:
        return json.dumps({"unsupported": "inputs with this word are outside what this adapter answers"})
    if "noise" in text:
        sys.stderr.write("noise on stderr, which the runner does not read as an answer\n" * 100)
    if "wrong" in text:
        return json.dumps({"canonical": "[]"})
    try:
        value = json.loads(text)
    except ValueError:
        return json.dumps({"invalid": True})
    return json.dumps({"canonical": json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)}, ensure_ascii=False)


def main():
    suite = sys.argv[1] if len(sys.argv) > 1 else ""
    sys.stdout.write(json.dumps({"protocol": "invitejoin-adapter/2", "implementation": "broken", "version": "0",
                                 "suites": SUITES, "suite": suite}) + "\n")
    sys.stdout.flush()
    if suite not in SUITES:
        return
    for line in sys.stdin:
        if not line.strip():
            continue
        sys.stdout.write(answer(json.loads(line)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
