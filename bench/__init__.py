"""Benchmarks: speed and memory, measured by scripts rather than timed tests."""
