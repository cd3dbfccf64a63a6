"""UN/EDIFACT reading of PAXLST (API) and PNRGOV (PNR) messages.

Pipeline: :mod:`tokenizer` (text → raw segments, streaming) → :mod:`interchange`
(UNB/UNG/UNH envelopes and control counts) → :mod:`paxlst` / :mod:`pnrgov`
(typed records in :mod:`model`), with :mod:`protection` removing sensitive data
before mapping. ``serializer`` writes manifests back to EDIFACT.

Typical use::

    from paxscreen.edifact import parse_file
    for message in parse_file("flight.edi"):
        if message.manifest:
            for traveller in message.manifest.travellers: ...
"""

from paxscreen.edifact.errors import EdifactError, Issue
from paxscreen.edifact.model import (
    Booking,
    FlightLeg,
    Manifest,
    ParsedMessage,
    PnrPush,
    PnrTraveller,
    TravelDocument,
    Traveller,
    UnmappedSegment,
)
from paxscreen.edifact.protection import ProtectionPolicy, default_policy
from paxscreen.edifact.reader import iter_messages, parse, parse_file
from paxscreen.edifact.serializer import serialize_manifest
from paxscreen.edifact.tokenizer import Delimiters, Segment, iter_segments

__all__ = [
    "Booking",
    "Delimiters",
    "EdifactError",
    "FlightLeg",
    "Issue",
    "Manifest",
    "ParsedMessage",
    "PnrPush",
    "PnrTraveller",
    "ProtectionPolicy",
    "Segment",
    "TravelDocument",
    "Traveller",
    "UnmappedSegment",
    "default_policy",
    "iter_messages",
    "iter_segments",
    "parse",
    "parse_file",
    "serialize_manifest",
]
