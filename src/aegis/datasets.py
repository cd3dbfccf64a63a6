"""Where the data sets shipped in the repository's ``data/`` folder are (see its README).

The one place that knows the folder's path: the demo, the tests and the benchmarks import
their files from here, and nothing in the project reads outside its own checkout. The folder
is part of a checkout, not of an installed wheel: callers check ``exists()`` and say so when
it is missing.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

WATCHLISTS = DATA_DIR / "watchlists"
UN_SC_LIST = WATCHLISTS / "un-sc-consolidated-2020-03-20.xml"
OFAC_SDN = WATCHLISTS / "ofac-sdn-2021"
CROSS_SCRIPT_PAIRS = WATCHLISTS / "cross-script-pairs-watchman.csv"
GTAS_WATCHLIST = WATCHLISTS / "gtas-wl-NS.csv"

GTAS_MESSAGES = DATA_DIR / "messages" / "gtas"
GTAS_PAXLST = GTAS_MESSAGES / "apis-messages"
GTAS_PNRGOV = GTAS_MESSAGES / "pnr-messages"

# A real photograph (public domain, U.S. Navy) for the newsletter's photo checks and demo.
PHOTOS = DATA_DIR / "photos"
DEMO_PHOTO = PHOTOS / "grace_hopper.jpg"
