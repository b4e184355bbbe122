"""Timing for the benchmarks: the best of several runs."""

import time

__all__ = ["best_of"]


def best_of(fn, repeats):
    """The shortest of ``repeats`` calls of ``fn`` in seconds, and the last call's result."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out
