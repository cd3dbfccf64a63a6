"""Generators of realistic synthetic traffic and populations for tests, benchmarks and load tests."""
