"""paxscreen: passenger data parsing, watchlist matching and risk rules.

A pure library: nothing in it imports Django, so it runs on its own, from its
own command line (``python -m paxscreen``) and inside distributed engines.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
