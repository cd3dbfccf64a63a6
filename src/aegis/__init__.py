"""Aegis: the information system of a counter-terrorism coordination office."""

__version__ = "0.1.0"
