"""Throughput of kmigrate relative to bare libcst, measured in one process.

    python benchmarks/throughput.py [--lines N] [--repeat R] [--seed S] [--min-ratio X]

A synthetic Keras 1 corpus (``benchmarks/corpus.py``) is generated into a
temporary directory and read back. Two workloads then run over every file:

* baseline: ``libcst.parse_module(text).code`` (parse and regenerate; the
  least any libcst-based rewriter has to do);
* kmigrate: ``kmigrate.migrate_source(text)``.

Every file must come back changed and without an error (checked, outside the
timer, on the first run), so the benchmark measures real migration work. Each
workload is timed ``R`` times with ``time.perf_counter``, the two
interleaved file by file (each file by libcst, then by kmigrate, or the other
way round, alternating), so that both meet the same load on the machine. The
best (minimum) total of each gives the lines per second; the ratio
``kmigrate throughput / baseline throughput`` is the median over the runs of
each run's own ratio (baseline time / kmigrate time). Since both run in the same process on the same input, the ratio
is largely independent of the machine's speed.

The last line of output is machine-readable: ``RATIO 0.523``. The exit status
is 1 when the ratio is below ``--min-ratio`` (default 0: informational only)
and 2 when a file did not migrate.
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Measure the checkout this script belongs to, installed or not.
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import libcst as cst  # noqa: E402
from corpus import generate_corpus  # noqa: E402

from kmigrate import migrate_source  # noqa: E402
from kmigrate.results import FileResult  # noqa: E402


def _baseline(texts: Sequence[str]) -> list[object]:
    for text in texts:
        cst.parse_module(text).code  # noqa: B018 - the regeneration is the point
    return []


def _kmigrate(texts: Sequence[str]) -> list[FileResult]:
    return [migrate_source(text) for text in texts]


def _interleaved(texts: Sequence[str], first_baseline: bool) -> tuple[float, float]:
    """One run: each file parsed+printed by libcst and migrated by kmigrate
    back to back (alternating which goes first), each timed; the totals.

    Timing the two workloads file by file, not corpus by corpus, lets both
    meet the same load on the machine: on a shared 2-core machine the speed
    can change by half within the seconds one corpus pass takes."""
    gc.collect()
    base = mine = 0.0
    for index, text in enumerate(texts):
        for which in (0, 1) if (index % 2 == 0) == first_baseline else (1, 0):
            start = time.perf_counter()
            if which == 0:
                cst.parse_module(text).code  # noqa: B018 - the regeneration is the point
                base += time.perf_counter() - start
            else:
                migrate_source(text)
                mine += time.perf_counter() - start
    return base, mine


def _problems(names: Sequence[str], results: Sequence[FileResult]) -> list[str]:
    """One line for each file that errored or did not change."""
    problems = []
    for name, result in zip(names, results, strict=True):
        if result.error is not None:
            problems.append(f"{name}: error: {result.error}")
        elif not result.changed:
            problems.append(f"{name}: not changed")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=50_000, help="corpus size in lines (default 50000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each workload (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--min-ratio",
        type=float,
        default=0.0,
        help="exit 1 if kmigrate/baseline throughput is below this (default 0: never)",
    )
    args = parser.parse_args(argv)
    if args.lines < 1 or args.repeat < 1:
        parser.error("--lines and --repeat must be positive")

    with tempfile.TemporaryDirectory(prefix="kmigrate-corpus-") as tmp:
        paths = generate_corpus(tmp, args.lines, args.seed)
        names = [p.name for p in paths]
        texts = [p.read_text(encoding="utf-8") for p in paths]
    total_lines = sum(text.count("\n") for text in texts)
    total_bytes = sum(len(text.encode("utf-8")) for text in texts)

    print(
        f"python {platform.python_version()}, libcst {_version('libcst')}, "
        f"kmigrate {_version('kmigrate')} from {_where()}"
    )
    print(f"corpus: {len(texts)} files, {total_lines} lines, {total_bytes / 1024:.0f} KiB (seed {args.seed})")

    # Warm up both code paths (imports, caches) outside the timed runs.
    _baseline(texts[:3])
    _kmigrate(texts[:3])

    # The check, outside the timer: every file migrates.
    problems = _problems(names, _kmigrate(texts))
    if problems:
        print(f"FAILED: {len(problems)} of {len(texts)} files did not migrate:")
        for problem in problems[:20]:
            print(f"  {problem}")
        return 2
    print(f"check: all {len(texts)} files migrated (changed, no error)")

    baseline_times: list[float] = []
    kmigrate_times: list[float] = []
    for i in range(args.repeat):
        base, mine = _interleaved(texts, first_baseline=i % 2 == 0)
        baseline_times.append(base)
        kmigrate_times.append(mine)
        print(f"  run {i + 1}/{args.repeat}: baseline {base:.3f} s, kmigrate {mine:.3f} s")

    best_baseline = min(baseline_times)
    best_kmigrate = min(kmigrate_times)
    baseline_rate = total_lines / best_baseline
    kmigrate_rate = total_lines / best_kmigrate
    # Each run's two workloads ran file by file, back to back, so they met the
    # same load on the machine; the median of the runs' own ratios is the
    # figure. (The ratio of the two best times can pair a lucky baseline run
    # with an unlucky kmigrate one when the load changes between runs.)
    paired = [base / mine for base, mine in zip(baseline_times, kmigrate_times, strict=True)]
    ratio = statistics.median(paired)

    print()
    print(f"baseline (libcst parse + code): {baseline_rate:10,.0f} lines/s  (best of {args.repeat}: {best_baseline:.3f} s)")
    print(f"kmigrate (migrate_source):      {kmigrate_rate:10,.0f} lines/s  (best of {args.repeat}: {best_kmigrate:.3f} s)")
    print(f"ratio of the best times:        {kmigrate_rate / baseline_rate:10.3f}")
    print(f"ratio per run:                  {'  '.join(f'{r:.3f}' for r in paired)}")
    print(f"ratio kmigrate / baseline:      {ratio:10.3f}  (median of the runs)")
    status = 0
    if ratio < args.min_ratio:
        print(f"FAILED: ratio {ratio:.3f} is below the required {args.min_ratio}")
        status = 1
    elif args.min_ratio > 0:
        print(f"ok: ratio {ratio:.3f} >= {args.min_ratio}")
    print(f"RATIO {ratio:.3f}")
    return status


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "(not installed)"


def _where() -> str:
    import kmigrate

    location = Path(kmigrate.__file__).resolve().parent.parent
    return "this checkout" if location == REPO_ROOT else str(location)


if __name__ == "__main__":
    sys.exit(main())
