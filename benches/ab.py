#!/usr/bin/env python3
"""Alternating A/B timing of several alianse binaries on one build, with
Hugo once per round for the corpora (see docs/PERFORMANCE.md, Session 9):

    python3 benches/ab.py bundled 21 before=/tmp/alianse-old after=target/release/alianse
    python3 benches/ab.py 1k 5 before=... after=...     # corpus-1000-500, and Hugo
    python3 benches/ab.py 10k 3 before=... after=...    # corpus-10000-2000, and Hugo

KIND is `bundled` (the repository's own site, `--no-cache`, a new output
folder each time) or `1k` / `10k` (the bench corpora under BENCH_DIR, which
benches/bench.py generates). Rounds alternate the order of the binaries.
Prints the medians of wall time, CPU time and peak memory, and the ratio of
wall time to Hugo's. Only the standard library is used.
"""

import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ROOT, WORK, find_hugo, run  # noqa: E402


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("bundled", "1k", "10k"):
        sys.exit(__doc__)
    kind, runs = sys.argv[1], int(sys.argv[2])
    bins = [a.split("=", 1) for a in sys.argv[3:]]
    src = {"1k": WORK / "corpus-1000-500", "10k": WORK / "corpus-10000-2000"}.get(kind)
    hugo = find_hugo() if src else None
    results = {name: [] for name, _ in bins}
    if hugo:
        results["hugo"] = []
    print(f"# {kind}, {runs} rounds, load average {os.getloadavg()[0]:.1f}", flush=True)
    out = WORK / "out-ab"
    for r in range(runs):
        for name, path in bins if r % 2 == 0 else bins[::-1]:
            shutil.rmtree(out, ignore_errors=True)
            if src:
                cmd = [path, "--quiet", "build", "--root", str(src / "alianse"), "--output", str(out)]
            else:
                cmd = [path, "--quiet", "build", "--no-cache", "--root", str(ROOT), "--output", str(out)]
            results[name].append(run(cmd))
        if hugo:
            shutil.rmtree(out, ignore_errors=True)
            results["hugo"].append(run([hugo, "--source", str(src / "hugo"), "--destination", str(out), "--quiet"]))
    shutil.rmtree(out, ignore_errors=True)
    print(f"# load average at the end {os.getloadavg()[0]:.1f}")
    base = statistics.median(s[0] for s in results["hugo"]) if hugo else None
    for name, samples in results.items():
        wall, cpu, mem = (statistics.median(s[i] for s in samples) for i in range(3))
        ratio = f", {wall / base:.3f}× Hugo" if base else ""
        print(f"{name}: wall {wall * 1000:.1f} ms (min {min(s[0] for s in samples) * 1000:.1f}), "
              f"CPU {cpu * 1000:.1f} ms, peak {mem:.0f} MiB{ratio}")


if __name__ == "__main__":
    main()
