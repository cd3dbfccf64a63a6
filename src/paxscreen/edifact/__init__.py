"""edifact."""
