"""Stand-ins that let Synapse's authorisation and state-resolution modules load from a plain source
checkout, with only Debian's Python packages and without Synapse's compiled Rust extension.

Nothing here decides anything: each stand-in is a constant, an enumeration, a data holder or
package metadata that the modules the adapter calls import but never use to judge an event.
The whole list, and why each one is needed, is in README.md beside this file.
"""

import enum
import os
import re
import sys
import tempfile
import types


def _module(name, **members):
    module = types.ModuleType(name)
    module.__dict__.update(members)
    sys.modules[name] = module
    return module


class EventInternalMetadata:
    """The per-event bookkeeping object Synapse keeps in Rust: a bag of flags the auth code may set.

    The modules the adapter calls read or write only `outlier` and `recheck_redaction` (the v3+
    redaction rule marks an event for a later check); every flag reads False until written."""

    def __init__(self, internal_metadata_dict):
        self.__dict__["_values"] = dict(internal_metadata_dict or {})

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self.__dict__["_values"].get(name, False)

    def __setattr__(self, name, value):
        self.__dict__["_values"][name] = value

    def get_dict(self):
        return dict(self.__dict__["_values"])

    def copy(self):
        return EventInternalMetadata(self.get_dict())

    def is_outlier(self):
        return bool(self.__dict__["_values"].get("outlier", False))


class EventRedactBehaviour(enum.Enum):
    """The storage layer's choice of what to do with redacted events; passed through, never read here."""

    as_is = enum.auto()
    redact = enum.auto()
    block = enum.auto()


class StateDifference:
    """What the storage layer's auth-chain-difference query returns: two sets of event IDs."""

    def __init__(self, auth_difference, conflicted_subgraph):
        self.auth_difference = auth_difference
        self.conflicted_subgraph = conflicted_subgraph


def synapse_version(source):
    """The `version` of Synapse's pyproject.toml in `source`, or "unknown"."""
    try:
        with open(os.path.join(source, "pyproject.toml"), encoding="utf-8") as f:
            for line in f:
                match = re.match(r'\s*version\s*=\s*"([^"]+)"', line)
                if match:
                    return match.group(1)
    except OSError:
        pass
    return "unknown"


def install(source):
    """Makes `source` (a Synapse checkout) importable with the stand-ins in place; returns its version."""
    version = synapse_version(source)
    # Synapse reads its version from the installed distribution's metadata; a checkout has none.
    os.environ.setdefault("SYNAPSE_VERSION_STRING", version)
    metadata = tempfile.mkdtemp(prefix="invitejoin-synapse-metadata-")
    info = os.path.join(metadata, "matrix_synapse-%s.dist-info" % version)
    os.mkdir(info)
    with open(os.path.join(info, "METADATA"), "w", encoding="utf-8") as f:
        # One requirement that the Debian packages satisfy, so the import-time dependency check has
        # something to check; Synapse's real pins are not enforced (see README.md).
        f.write("Metadata-Version: 2.1\nName: matrix-synapse\nVersion: %s\nProvides-Extra: all\nRequires-Dist: attrs\n" % version)
    sys.path.insert(0, metadata)
    sys.path.insert(0, source)

    # The compiled Rust extension (synapse.synapse_rust): only these names are reached.
    _module("synapse.synapse_rust", __path__=[], get_rust_file_digest=lambda: "", reset_logging_config=lambda: None)
    _module("synapse.synapse_rust.events", EventInternalMetadata=EventInternalMetadata, event_visible_to_server=None)

    # The storage layer pulls in the database engines and the HTTP stack; the auth and state-resolution
    # modules import one enumeration and one result type from it.
    _module("synapse.storage.databases.main.events_worker", EventRedactBehaviour=EventRedactBehaviour)
    _module("synapse.storage.databases.main.event_federation", StateDifference=StateDifference)

    # synapse/state/__init__.py is the state handler (replication, HTTP, configuration); the adapter
    # needs only its submodules v1 and v2 and the constant CREATE_KEY that event_auth imports from it.
    _module("synapse.state", __path__=[os.path.join(source, "synapse", "state")], CREATE_KEY=("m.room.create", ""))
    return version
