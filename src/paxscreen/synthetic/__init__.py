"""Generators of realistic synthetic traffic and populations.

Used by tests, benchmarks and load tests; deterministic for a given seed.
"""
