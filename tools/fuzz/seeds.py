#!/usr/bin/env python3
"""Writes the starting corpus of a fuzz target from the repository's own test data.

usage: seeds.py json|pdu OUT_DIR ROOT_DIR...

json: every JSON file of at most 16 KiB as it is; every request "input" text of the canonical JSON vectors
(raw, often malformed, JSON); every object and array inside the data that serialises to at most 4 KiB.
pdu: every object inside the data that looks like an event (has "type" and "sender" or "content").
Seeds are named by the SHA-256 of their bytes, so the corpus holds no duplicates; at most 3,000 are written,
the whole files and inputs first, then the inner values first by hash, so the corpus is the same on every run.
"""
import hashlib
import json
import os
import sys

MAX_FILE = 16 * 1024
MAX_VALUE = 4 * 1024
MAX_SEEDS = 3000


def walk(value):
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


def main():
    target, out, roots = sys.argv[1], sys.argv[2], sys.argv[3:]
    files = sorted(os.path.join(d, f) for root in roots for d, _, fs in os.walk(root) for f in fs if f.endswith(".json"))
    kept, pool = {}, {}

    def add(data, always=False):
        (kept if always else pool).setdefault(hashlib.sha256(data).hexdigest(), data)

    for path in files:
        raw = open(path, "rb").read()
        try:
            doc = json.loads(raw)
        except ValueError:
            continue
        if target == "json" and len(raw) <= MAX_FILE:
            add(raw, always=True)
        for value in walk(doc):
            if not isinstance(value, (dict, list)):
                continue
            if target == "json" and isinstance(value, dict) and isinstance(value.get("input"), str):
                add(value["input"].encode("utf-8", "surrogatepass"), always=True)
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
            if len(text) > MAX_VALUE:
                continue
            if target == "json":
                add(text)
            elif isinstance(value, dict) and isinstance(value.get("type"), str) and ("sender" in value or "content" in value):
                add(text)

    # The whole files and vector inputs, then a sample of the inner values that is the same on every run
    # (the first by hash, which spreads it over all the files).
    seeds = dict(kept)
    for name in sorted(pool):
        if len(seeds) >= MAX_SEEDS:
            break
        seeds.setdefault(name, pool[name])
    os.makedirs(out, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print(f"{len(seeds)} seeds from {len(files)} files ({len(kept)} whole files and vector inputs, {len(pool)} inner values to sample from)")


main()
