"""watchlists."""
