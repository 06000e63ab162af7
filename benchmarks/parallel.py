"""Speed-up of ``-j 2`` over ``-j 1`` on the synthetic Keras 1 corpus.

    python benchmarks/parallel.py [--lines 50000] [--jobs 2] [--repeat 3] [--seed 0]

The corpus (``benchmarks/corpus.py``) is written to a temporary directory and
``kmigrate.runner.run`` goes over it in ``Mode.DRY_RUN`` (everything but the
writes, so every repeat sees the same Keras 1 files), once with one job and
once with ``--jobs`` processes, interleaved, ``--repeat`` times; the best
time of each is kept. It checks that both give the same results, prints lines
per second for each, and ends with the machine-readable line
``SPEEDUP <jobs> <value>``. Informational: the exit status is 0 unless the
results differ (2).

The speed-up can only approach the number of idle cores: on a two-core
machine anything else running takes its share.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_corpus  # noqa: E402

from kmigrate.config import RunConfig  # noqa: E402
from kmigrate.results import Mode  # noqa: E402
from kmigrate.runner import RunReport, run  # noqa: E402


def _timed(root: str, jobs: int) -> tuple[float, RunReport]:
    start = time.perf_counter()
    report = run([root], RunConfig(), Mode.DRY_RUN, jobs=jobs)
    return time.perf_counter() - start, report


def _summary(report: RunReport) -> list[tuple[object, ...]]:
    return [(r.path, r.new_source, r.findings, r.error) for r in report.results]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=50_000, help="corpus size (default 50000)")
    parser.add_argument("--jobs", type=int, default=2, help="processes to compare with one")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kmigrate-parallel-") as tmp:
        paths = generate_corpus(tmp, args.lines, args.seed)
        lines = sum(p.read_text(encoding="utf-8").count("\n") for p in paths)
        print(f"cores: {os.cpu_count()}; corpus: {len(paths)} files, {lines} lines")
        serial_times: list[float] = []
        parallel_times: list[float] = []
        for i in range(args.repeat):
            order = (1, args.jobs) if i % 2 == 0 else (args.jobs, 1)
            reports = {}
            for jobs in order:
                elapsed, reports[jobs] = _timed(tmp, jobs)
                (serial_times if jobs == 1 else parallel_times).append(elapsed)
            if _summary(reports[1]) != _summary(reports[args.jobs]):
                print(f"FAILED: -j {args.jobs} and -j 1 gave different results")
                return 2
            print(
                f"  run {i + 1}/{args.repeat}: -j 1 {serial_times[-1]:.2f} s, "
                f"-j {args.jobs} {parallel_times[-1]:.2f} s"
            )
    serial, parallel = min(serial_times), min(parallel_times)
    print(f"-j 1:  {lines / serial:10,.0f} lines/s  (best {serial:.2f} s)")
    print(f"-j {args.jobs}:  {lines / parallel:10,.0f} lines/s  (best {parallel:.2f} s)")
    print(f"SPEEDUP {args.jobs} {serial / parallel:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
