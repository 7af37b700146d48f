#!/usr/bin/env python3
"""Refresh the table "Explore's verdicts" of spec/dance.md after a change to the simulator.

Runs each row's run (its `invitejoin explore ...` command, with --report), and rewrites the row's verdict, the count of
schedules that play the attack, and for each outcome the count and the replay command of its first schedule. The
sentences that say what each scenario shows are kept; a cell that was empty and now has schedules gets the report's
own sentence, marked "CHECK:" so that a person reads it before committing. ExploreVerdictTests checks the result.

Usage (from the repository root): tools/update-explore-verdicts.py [path to the invitejoin executable]
"""
import json, os, re, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
tool = sys.argv[1:] or ["dotnet", "run", "--project", "generators/InviteJoin.Cli", "--"]
path = "spec/dance.md"
text = open(path, encoding="utf-8").read()
start = text.index("### Explore's verdicts\n")
end = text.find("\n### ", start + 1)
end = len(text) if end < 0 else end
outcomes = ["prevented", "detected_and_healed", "left_open"]
report = os.path.join(tempfile.mkdtemp(), "report.json")
lines = []
for line in text[start:end].split("\n"):
    if not line.startswith("| **") or "| pending |" in line:
        lines.append(line)
        continue
    cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
    attack = cells[0].strip("*")
    run = re.search(r"`invitejoin explore ([^`]+)`", cells[2]).group(1).split(" ")
    subprocess.run([*tool, "explore", *run, "--report", report], capture_output=True, check=False)
    result = next(a for a in json.load(open(report, encoding="utf-8"))["attacks"] if a["attack"] == attack)
    cells[1] = result["verdict"].replace("_", " ")
    cells[2] = re.sub(r"`: \d+ schedules play it", f"`: {result['schedules']} schedules play it", cells[2])
    for i, name in enumerate(outcomes):
        outcome = result[name]
        if outcome["count"] == 0:
            cells[3 + i] = "—"
            continue
        at = run.index("--schedules")
        replay = run[:at] + ["--replay", str(outcome["first_schedule"])] + run[at + 2:]
        old = re.match(r"^\d+ schedules?; `[^`]+`: (.*)$", cells[3 + i])
        says = old.group(1) if old else "CHECK: " + outcome.get("why", "")
        plural = "s" if outcome["count"] != 1 else ""
        cells[3 + i] = f"{outcome['count']} schedule{plural}; `invitejoin explore {' '.join(replay)}`: {says}"
    lines.append("| **" + attack + "** | " + " | ".join(cells[1:]) + " |")
    print(attack, result["verdict"], result["schedules"], [(n, result[n]["count"], result[n].get("first_schedule")) for n in outcomes])
open(path, "w", encoding="utf-8").write(text[:start] + "\n".join(lines) + text[end:])
