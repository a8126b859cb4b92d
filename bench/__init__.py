"""Benchmarks (not tests): figures for the docs."""
