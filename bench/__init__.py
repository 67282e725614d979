"""Benchmarks of hatch-pywasm against its peers and the physical limit: ``python -m bench``.

Every figure is a ratio to a baseline measured in the same run (the machines are shared and
noisy, so absolute times from different runs do not compare); every timing is the median of
repeated runs, with the fastest and slowest kept. Suites, one module each in :mod:`bench.suites`:
build, load, call, compute, sizes. Results: ``bench/results/latest.json``, ``latest.md`` and
one PNG plot per suite.
"""
