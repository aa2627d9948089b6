"""OpenDUI benchmark suite: every figure is a ratio against a raw baseline measured in the same run.

Run it with ``python benchmarks/run.py`` (``hatch run bench`` or ``./dev bench``); see
``benchmarks/results/README.md`` for the JSON it writes.
"""
