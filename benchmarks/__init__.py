"""Benchmarks for ``credits``: a seeded corpus generator and a harness that measures each
stage (parse, read, scan, report, export, check) in a fresh process, with wall time, peak
memory and growth across corpus sizes, side by side with Fundus and bare-parser floors.

Run ``python -m benchmarks --help``; figures and how to reproduce them: ``benchmarks/README.md``.
"""
