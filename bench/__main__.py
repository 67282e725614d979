"""``python -m bench [--quick] [--out DIR] [--suite NAME ...]``: run the benchmarks, write
``latest.json``, ``latest.md`` and the plots into ``bench/results`` (or ``--out``).

Exit status 1 when a suite failed unexpectedly (its traceback is in the results); parts of the
project that do not exist yet are reported as "not available" with the reason, not as failures.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
import traceback
from pathlib import Path

from bench import machine, plots, report
from bench.modes import FULL, QUICK
from bench.suites import build, call, compute, load, sizes
from bench.workspace import Workspace

RESULTS = Path(__file__).resolve().parent / "results"
#: In this order: build first (its cold builds are reused by the others).
SUITES = {s.NAME: s for s in (build, load, call, compute, sizes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few repetitions, small inputs")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument(
        "--suite", action="append", choices=list(SUITES), help="run only this suite (repeatable)"
    )
    args = parser.parse_args(argv)
    mode = QUICK if args.quick else FULL
    chosen = [SUITES[name] for name in SUITES if not args.suite or name in args.suite]
    command = "python -m bench" + " --quick" * args.quick
    command += "".join(f" --suite {s.NAME}" for s in chosen) if args.suite else ""
    started = datetime.datetime.now(datetime.UTC)
    clock = time.monotonic()
    workspace = Workspace.create(mode)
    suites = []
    try:
        for suite in chosen:
            print(f"[bench] {suite.NAME} ...", file=sys.stderr, flush=True)
            began = time.monotonic()
            try:
                suites.append(suite.run(workspace))
            except Exception:
                suites.append(report.Suite(suite.NAME, suite.TITLE, error=traceback.format_exc()))
            print(f"[bench] {suite.NAME}: {time.monotonic() - began:.0f} s", file=sys.stderr)
    finally:
        workspace.close()
    results = report.Results(
        mode=mode.name,
        command=command,
        started=started.isoformat(timespec="seconds").replace("+00:00", "Z"),
        seconds=time.monotonic() - clock,
        machine=machine.describe(),
        suites=tuple(suites),
    )
    data = report.write(results, args.out)
    for path in plots.draw(data, args.out):
        print(f"[bench] wrote {path}", file=sys.stderr)
    print(f"[bench] wrote {args.out / 'latest.json'} and {args.out / 'latest.md'}", file=sys.stderr)
    failed = [s.name for s in suites if s.error]
    if failed:
        print(f"[bench] failed: {', '.join(failed)} (see the results)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
