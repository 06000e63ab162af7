"""Large inputs: a 20,000-file tree without Keras, and one 50,000-line file.

    python benchmarks/large.py [--files 20000] [--big-lines 50000] [--jobs N]

* **tree**: writes ``--files`` small Python modules that never mention Keras
  (100 to a folder, with a ``.gitignore`` and a ``__pycache__`` like a real
  checkout) and times the command a user runs, ``python -m kmigrate TREE -q``
  (write mode, all cores unless ``--jobs``), wall clock including start-up;
  and ``kmigrate.runner.run`` over the same tree inside this process. No
  file may change or fail.
* **big file**: concatenates the synthetic Keras 1 corpus into one module of
  at least ``--big-lines`` lines and migrates it with ``process_file`` in a
  fresh interpreter, which reports its peak resident memory (``ru_maxrss``)
  after importing kmigrate and after the migration, and the time taken; a
  second fresh interpreter does only ``libcst.parse_module(text).code`` on the
  same file, the baseline, and the ratio of the two peaks is printed.

Prints the figures; the exit status is 2 when a file changed or failed where
it must not, else 0. Linux or macOS (``resource`` module).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_sources  # noqa: E402

from kmigrate.config import RunConfig  # noqa: E402
from kmigrate.results import Mode  # noqa: E402
from kmigrate.runner import run  # noqa: E402

PLAIN_MODULE = '''\
"""Module {index}: nothing to do with deep learning."""

import os
import json


def load_{index}(path):
    with open(path) as handle:
        return json.load(handle)


class Thing{index}:
    def __init__(self, size={index}):
        self.size = size

    def area(self):
        return self.size * self.size


if __name__ == "__main__":
    print(load_{index}(os.environ.get("CONFIG", "config.json")))
'''

BIG_FILE_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    sys.path.insert(0, sys.argv[1])
    from kmigrate.config import RunConfig
    from kmigrate.runner import process_file
    def peak_mib():
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    after_import = peak_mib()
    start = time.perf_counter()
    outcome = process_file("big.py", sys.argv[2], RunConfig(), False, 1 << 30)
    elapsed = time.perf_counter() - start
    result = outcome.result
    print(json.dumps({
        "after_import_mib": after_import, "peak_mib": peak_mib(), "seconds": elapsed,
        "changed": result.changed, "error": result.error.render() if result.error else None,
        "findings": len(result.findings),
    }))
    """
)


# the baseline for the big file: what libcst alone needs to parse and print it
BASELINE_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    import libcst
    def peak_mib():
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    text = open(sys.argv[2], encoding="utf-8").read()
    start = time.perf_counter()
    libcst.parse_module(text).code
    print(json.dumps({"peak_mib": peak_mib(), "seconds": time.perf_counter() - start}))
    """
)


def _child(script: str, path: Path) -> dict[str, object] | None:
    finished = subprocess.run(
        [sys.executable, "-c", script, str(REPO_ROOT), str(path)], capture_output=True, text=True
    )
    if finished.returncode != 0:
        print(f"FAILED: a big-file run crashed:\n{finished.stderr[-2000:]}")
        return None
    figures: dict[str, object] = json.loads(finished.stdout.strip().splitlines()[-1])
    return figures


def _write_tree(root: Path, files: int) -> None:
    for index in range(files):
        folder = root / f"pkg{index // 100:03d}"
        if index % 100 == 0:
            folder.mkdir(parents=True)
            (folder / "__pycache__").mkdir()
            (folder / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0" * 64)
            (folder / ".gitignore").write_text("*.log\n/scratch/\n")
        (folder / f"module_{index:05d}.py").write_text(PLAIN_MODULE.format(index=index))


def _tree(files: int, jobs: int | None) -> bool:
    with tempfile.TemporaryDirectory(prefix="kmigrate-tree-") as tmp:
        root = Path(tmp) / "tree"
        _write_tree(root, files)
        command = [sys.executable, "-m", "kmigrate", str(root), "-q"]
        if jobs is not None:
            command += ["-j", str(jobs)]
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
        start = time.perf_counter()
        finished = subprocess.run(command, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        start = time.perf_counter()
        report = run([root], RunConfig(), Mode.WRITE, jobs=jobs or os.cpu_count() or 1)
        in_process = time.perf_counter() - start
        start = time.perf_counter()
        serial = run([root], RunConfig(), Mode.WRITE, jobs=1)
        in_process_serial = time.perf_counter() - start
    print(f"tree: {files} files without Keras")
    print(f"  python -m kmigrate TREE -q: {wall:.2f} s wall (exit {finished.returncode})")
    print(f"  runner.run, -j {jobs or os.cpu_count()}:   {in_process:.2f} s")
    print(f"  runner.run, -j 1:   {in_process_serial:.2f} s")
    ok = (
        finished.returncode == 0
        and report.seen == files
        and report.changed == 0
        and report.failed == 0
        and serial.changed == 0
    )
    if not ok:
        print(f"FAILED: seen {report.seen}, changed {report.changed}, failed {report.failed}")
        print(finished.stderr[-2000:])
    print(f"TREE_SECONDS {wall:.2f}")
    return ok


def _big_file(lines: int) -> bool:
    sources = generate_sources(lines, seed=1)
    text = "".join(source for _, source in sources)
    with tempfile.TemporaryDirectory(prefix="kmigrate-big-") as tmp:
        path = Path(tmp) / "big.py"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size
        figures = _child(BIG_FILE_CHILD, path)
        baseline = _child(BASELINE_CHILD, path)
    if figures is None or baseline is None:
        return False
    peak, base_peak = float(str(figures["peak_mib"])), float(str(baseline["peak_mib"]))
    seconds, base_seconds = float(str(figures["seconds"])), float(str(baseline["seconds"]))
    print(f"big file: {text.count(chr(10))} lines, {size / 1024 / 1024:.1f} MiB")
    print(f"  peak RSS after import:    {float(str(figures['after_import_mib'])):.0f} MiB")
    print(f"  peak RSS after migrating: {peak:.0f} MiB (libcst parse + code alone: {base_peak:.0f} MiB)")
    print(f"  time: {seconds:.1f} s (libcst alone: {base_seconds:.1f} s), findings: {figures['findings']}")
    print(f"BIG_FILE_PEAK_MIB {peak:.0f}")
    print(f"BIG_FILE_PEAK_RATIO {peak / base_peak:.2f}")
    if figures["error"] or not figures["changed"]:
        print(f"FAILED: {figures['error'] or 'not changed'}")
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=20_000, help="tree size (default 20000)")
    parser.add_argument("--big-lines", type=int, default=50_000, help="big file (default 50000)")
    parser.add_argument("--jobs", type=int, default=None, help="-j for the tree (default: cores)")
    args = parser.parse_args(argv)
    ok = _tree(args.files, args.jobs)
    ok = _big_file(args.big_lines) and ok
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
