#!/usr/bin/env python3
"""Writes the inputs of the whole-process command-line benchmarks into a folder.

The requests are the published test cases of generators/InviteJoin.Testing/TestData, one request
line each, exactly as the command-line tests build them: auth (356 cases, about 1.3 KiB a line) and
resolve (26 scenarios, about 3.7 KiB a line), each repeated in order to 100,000 lines; canonical: the
events of the auth cases, one per line, repeated to 200,000 lines; and one single request of each (the
case of median size).

usage: make-inputs.py REPOSITORY_ROOT OUTPUT_FOLDER
"""
import glob
import json
import os
import sys

root, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
data = os.path.join(root, "generators", "InviteJoin.Testing", "TestData")


def files(kind):
    return sorted(glob.glob(os.path.join(data, kind, "*.json")))


def one_line(value):
    return json.dumps(value, ensure_ascii=False)


auth = []
for path in files("auth"):
    for case in json.load(open(path, encoding="utf-8"))["cases"]:
        auth.append(one_line({key: case[key] for key in ("room_version", "event", "auth_events", "rejected")}))
resolve = []
for path in files("stateres"):
    for scenario in json.load(open(path, encoding="utf-8"))["scenarios"]:
        if "resolve" in scenario:
            resolve.append(one_line({"room_version": scenario["room_version"], "state_sets": scenario["resolve"]["state_sets"],
                                     "events": scenario["events"], "rejected": scenario["rejected"]}))
events = []
for line in auth:
    request = json.loads(line)
    events += [one_line(request["event"])] + [one_line(e) for e in request["auth_events"]]


def repeat(lines, count, name):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
        for i in range(count):
            f.write(lines[i % len(lines)] + "\n")


def median(lines, name):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(sorted(lines, key=len)[len(lines) // 2] + "\n")


repeat(auth, 100_000, "auth-100k.jsonl")
repeat(auth, 20_000, "auth-20k.jsonl")
repeat(auth, 200_000, "auth-200k.jsonl")
repeat(resolve, 100_000, "resolve-100k.jsonl")
repeat(events, 200_000, "canonical-200k.jsonl")
median(auth, "auth-1.json")
median(resolve, "resolve-1.json")
print(f"{len(auth)} auth cases, {len(resolve)} resolve scenarios, {len(events)} events")
