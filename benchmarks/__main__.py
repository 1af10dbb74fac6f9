"""``python -m benchmarks``: measure every stage, print the tables, write the JSON."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .corpus import parse_count
from .harness import GROUPS, Harness, Settings
from .results import (
    Results,
    commit,
    growth,
    growth_table,
    machine,
    save,
    table,
    verdict_table,
    verdicts,
)


def _counts(text: str) -> list[int]:
    return [parse_count(part) for part in text.split(",") if part.strip()]


def _groups(text: str) -> tuple[str, ...]:
    groups = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown group {', '.join(sorted(unknown))}; choose from {', '.join(GROUPS)}"
        )
    return groups


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure credits: throughput, peak memory and growth with corpus size.",
    )
    parser.add_argument(
        "--sizes",
        type=_counts,
        default=_counts("1k,10k,100k"),
        help="corpus sizes in articles (default: 1k,10k,100k)",
    )
    parser.add_argument(
        "--only",
        type=_groups,
        default=GROUPS,
        help=f"comma-separated groups to run: {', '.join(GROUPS)}",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="worker processes for scans and corpus writing (default: CPUs)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="in-process stages: best of up to N runs (default: 3)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="stop repeating a stage once its runs took this many seconds",
    )
    parser.add_argument(
        "--export-entries",
        type=_counts,
        default=_counts("100k,1M"),
        help="catalogue sizes for the export benchmark (default: 100k,1M)",
    )
    parser.add_argument("--gzip", action="store_true", help="generate the corpus gzipped")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default: 7)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile each stage (cProfile) into output/bench/profile-*.txt",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("output/bench"),
        help="corpora, catalogues and results.json go here",
    )
    args = parser.parse_args(argv)
    settings = Settings(
        sizes=args.sizes,
        groups=args.only,
        jobs=args.jobs,
        repeat=args.repeat,
        budget=args.budget,
        compress=args.gzip,
        seed=args.seed,
        root=args.out,
        export_entries=args.export_entries,
        profile=args.profile,
    )
    about = machine()
    results = Results()
    record = vars(args) | {"out": str(args.out), "sizes": args.sizes}
    target = args.out / "results.json"

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)
        save(results, target, settings=record, about=about)

    Harness(settings, results, log).run()
    # Others may commit while a long run goes on: stages started later measure later code.
    about |= {"load_after": os.getloadavg(), "commit_after": commit()}
    save(results, target, settings=record, about=about)
    print(
        table(results), verdict_table(verdicts(results)), growth_table(growth(results)), sep="\n\n"
    )
    print(f"\nmachine: {about}\nresults: {target}")


if __name__ == "__main__":
    main()
