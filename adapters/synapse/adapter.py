#!/usr/bin/python3
"""InviteJoin adapter for Synapse: answers the `auth` and `resolve` suites of the adapter protocol
(spec/vectors/adapter-protocol.md) with Synapse's own functions, loaded from a source checkout.

    adapter.py --synapse-src DIR SUITE

writes one handshake line, then reads one request per line on stdin and writes one answer line on
stdout. The requests are those of `invitejoin auth` and `invitejoin resolve`. Synapse's answer is
`{"allowed": bool}` (auth), `{"state": [...]}` (resolve), or, when Synapse raises instead of
answering, `{"exception": "<kind>", "exception_class": "<Python class>", "message": "..."}`. A
request the adapter cannot read is answered with `{"error": {"code", "message"}}`; nothing stops it.
"""

import argparse
import json
import os
import re
import sys

import standins

PROTOCOL = "invitejoin-adapter/1"
SUITES = ("auth", "resolve")


class Synapse:
    """Synapse's modules, imported once from the checkout."""

    def __init__(self, source):
        self.version = standins.install(source)
        import synapse.event_auth as event_auth
        import synapse.state.v1 as v1
        import synapse.state.v2 as v2
        from synapse.api.errors import AuthError, EventSizeError, SynapseError
        from synapse.api.room_versions import KNOWN_ROOM_VERSIONS, EventFormatVersions, StateResolutionVersions
        from synapse.events import make_event_from_dict

        self.event_auth = event_auth
        self.v1 = v1
        self.v2 = v2
        self.AuthError = AuthError
        self.EventSizeError = EventSizeError
        self.SynapseError = SynapseError
        self.room_versions = KNOWN_ROOM_VERSIONS
        self.V1_V2 = EventFormatVersions.ROOM_V1_V2
        self.RESOLUTION_V1 = StateResolutionVersions.V1
        self.make_event_from_dict = make_event_from_dict


class BadRequest(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def run(coroutine):
    """Runs one of Synapse's coroutines to the end. Every awaitable the adapter supplies completes at
    once, so the coroutine never waits for a reactor."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("a Synapse coroutine waited for something the adapter does not supply")


class Events:
    """The request's PDUs as Synapse event objects, named as the request names them."""

    def __init__(self, synapse, room_version):
        self.synapse = synapse
        self.room_version = room_version

    def make(self, pdu, path, rejected):
        if not isinstance(pdu, dict):
            raise BadRequest("request.wrong_type", "%s: expected a PDU object" % path)
        event = dict(pdu)
        name = event.pop("event_id", None)
        v1_format = self.room_version.event_format == self.synapse.V1_V2
        for key in ("prev_events", "auth_events"):
            refs = event.get(key)
            if isinstance(refs, list) and v1_format:
                # Room versions 1 and 2 cite events as [event_id, hashes] pairs; test inputs may give bare IDs.
                event[key] = [r if isinstance(r, list) else [r, {}] for r in refs]
        event.setdefault("signatures", {})
        event.setdefault("unsigned", {})
        if v1_format:
            if name is None:
                raise BadRequest("request.missing_field", "%s: an event of room version 1 or 2 needs an event_id" % path)
            event["event_id"] = name
        built = self.synapse.make_event_from_dict(event, self.room_version, rejected_reason="auth_error" if name in rejected else None)
        if not v1_format and name is not None:
            # Test inputs name their events; a name stands in for the reference hash, and in room
            # version 12 a create event named $X makes the room !X.
            built._event_id = name
            if hasattr(built, "_room_id") and event.get("type") == "m.room.create" and event.get("state_key") == "":
                built._room_id = "!" + name[1:]
        return built


class Store:
    """The storage the auth and state-resolution functions ask for events: the request's events, nothing persisted."""

    def __init__(self, events):
        self.events = events

    async def get_events(self, event_ids, redact_behaviour=None, get_prev_content=False, allow_rejected=False):
        return {i: self.events[i] for i in event_ids if i in self.events and (allow_rejected or self.events[i].rejected_reason is None)}

    async def get_auth_chain_difference(self, room_id, state_sets, conflicted_state, additional_backwards_reachable_conflicted_events):
        # Every event is handed to Synapse as an unpersisted event, so Synapse computes the auth difference
        # and the conflicted subgraph itself; the persisted part is empty.
        return standins.StateDifference(set(), set() if conflicted_state is not None else None)


class Clock:
    async def sleep(self, duration):
        return None


# The kinds the protocol names; an exception of a subclass (binascii.Error, UnicodeEncodeError) is named by these.
KINDS = (KeyError, ValueError, TypeError, AttributeError, AssertionError, RuntimeError)


def exception_kind(synapse, error):
    """The protocol's token for an exception: Synapse's own errors are synapse_error, the others their
    nearest builtin class in lower snake case (KeyError -> key_error)."""
    if isinstance(error, synapse.SynapseError):
        return "synapse_error"
    named = next((kind for kind in type(error).__mro__ if kind in KINDS), type(error))
    return re.sub(r"(?<!^)(?=[A-Z])", "_", named.__name__).lower()


def raised(synapse, error):
    return {"exception": exception_kind(synapse, error), "exception_class": type(error).__name__, "message": str(error)[:300]}


def room_version(synapse, request):
    version = request.get("room_version")
    if not isinstance(version, str) or version not in synapse.room_versions:
        raise BadRequest("room_version.unknown", "$.room_version: unknown room version %r" % (version,))
    return synapse.room_versions[version]


def rejected_ids(request):
    rejected = request.get("rejected", [])
    if not isinstance(rejected, list) or not all(isinstance(r, str) for r in rejected):
        raise BadRequest("request.wrong_type", "$.rejected: expected an array of event IDs")
    return set(rejected)


def answer_auth(synapse, request):
    version = room_version(synapse, request)
    rejected = rejected_ids(request)
    events = Events(synapse, version)
    if not isinstance(request.get("auth_events"), list):
        raise BadRequest("request.wrong_type", "$.auth_events: expected an array of PDUs")
    auth_events = [events.make(a, "$.auth_events[%d]" % i, rejected) for i, a in enumerate(request["auth_events"])]
    event = events.make(request.get("event"), "$.event", rejected)
    by_id = {}
    for a in auth_events:
        by_id.setdefault(a.event_id, a)
    try:
        # Check 2 on receipt, as far as it reads the event (which servers must have signed, and size limits),
        # then check 4: the state-independent rules and the rules against the auth events the event cites.
        synapse.event_auth.validate_event_for_room_version(event)
        run(synapse.event_auth.check_state_independent_auth_rules(Store(by_id), event))
        cited = [by_id[i] for i in event.auth_event_ids() if i in by_id]
        synapse.event_auth.check_state_dependent_auth_rules(event, cited)
        return {"allowed": True}
    except synapse.EventSizeError as error:
        if error.unpersistable:
            return raised(synapse, error)
        return {"allowed": False, "message": str(error)[:300]}
    except synapse.AuthError as error:
        return {"allowed": False, "message": str(error)[:300]}
    except Exception as error:  # Synapse raised instead of answering: that is the answer.
        return raised(synapse, error)


def answer_resolve(synapse, request):
    version = room_version(synapse, request)
    rejected = rejected_ids(request)
    events = Events(synapse, version)
    if not isinstance(request.get("events"), list):
        raise BadRequest("request.wrong_type", "$.events: expected an array of PDUs")
    by_id = {}
    for i, pdu in enumerate(request["events"]):
        event = events.make(pdu, "$.events[%d]" % i, rejected)
        by_id[event.event_id] = event
    sets = request.get("state_sets")
    if not isinstance(sets, list):
        raise BadRequest("request.wrong_type", "$.state_sets: expected an array of arrays of event IDs")
    state_sets = []
    for i, ids in enumerate(sets):
        if not isinstance(ids, list):
            raise BadRequest("request.wrong_type", "$.state_sets[%d]: expected an array of event IDs" % i)
        state = {}
        for j, event_id in enumerate(ids):
            if event_id not in by_id:
                raise BadRequest("stateres.unknown_state_event", "$.state_sets[%d][%d]: event %s is not among the given events" % (i, j, event_id))
            e = by_id[event_id]
            state[(e.type, e.state_key)] = event_id
        state_sets.append(state)
    room_ids = sorted({e.room_id for e in by_id.values()})
    room_id = room_ids[0] if room_ids else "!none:invalid"
    try:
        if version.state_res == synapse.RESOLUTION_V1:
            async def factory(ids):
                return {i: by_id[i] for i in ids if i in by_id}

            resolved = run(synapse.v1.resolve_events_with_store(room_id, version, state_sets, dict(by_id), factory))
        else:
            resolved = run(synapse.v2.resolve_events_with_store(Clock(), room_id, version, state_sets, dict(by_id), Store(by_id)))
    except Exception as error:  # Synapse raised instead of answering: that is the answer.
        return raised(synapse, error)
    entries = [{"type": t, "state_key": k, "event_id": v} for (t, k), v in resolved.items()]
    entries.sort(key=lambda entry: (entry["type"], entry["state_key"]))
    return {"state": entries}


def main():
    # Synapse iterates some sets of strings, whose order depends on the hash seed; a fixed seed makes
    # every run answer alike (where the order could change an answer, see spec/divergences.md).
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    parser = argparse.ArgumentParser(description="InviteJoin adapter for Synapse (JSON lines on stdin/stdout).")
    parser.add_argument("--synapse-src", required=True, help="a Synapse source checkout (the directory holding pyproject.toml)")
    parser.add_argument("suite", choices=SUITES, help="the suite this process answers")
    args = parser.parse_args()

    synapse = Synapse(args.synapse_src)
    answer = answer_auth if args.suite == "auth" else answer_resolve
    out = sys.stdout
    out.write(json.dumps({"protocol": PROTOCOL, "implementation": "synapse", "version": synapse.version,
                          "suites": list(SUITES), "suite": args.suite}, sort_keys=True) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise BadRequest("json.not_an_object", "$: a request must be a JSON object")
            response = answer(synapse, request)
        except BadRequest as error:
            response = {"error": {"code": error.code, "message": str(error)}}
        except ValueError as error:
            response = {"error": {"code": "json.invalid", "message": "$: %s" % error}}
        except Exception as error:  # the adapter itself failed on this request; the run goes on
            response = {"error": {"code": "adapter.internal", "message": "%s: %s" % (type(error).__name__, error)}}
        out.write(json.dumps(response, sort_keys=True, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
