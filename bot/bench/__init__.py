"""Benchmarks: synthetic fact bases and measurements beside naive baselines."""
