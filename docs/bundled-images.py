"""Draws the abstract illustrations of the bundled site's news items
(content/jaunumi/*.jpg). Deterministic; needs Pillow:

    python3 -m venv /tmp/pil && /tmp/pil/bin/pip install pillow
    /tmp/pil/bin/python docs/bundled-images.py

They show no people and no data: shapes and colours only.
"""
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "content" / "jaunumi"
W, H = 1920, 1080


def gradient(top, bottom):
    img = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(img)
    for y in range(H):
        t = y / (H - 1)
        draw.line([(0, y), (W, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom)))
    return img


def network(path):
    rng = random.Random(2019)
    img = gradient((233, 240, 247), (200, 218, 236))
    draw = ImageDraw.Draw(img)
    nodes = [(rng.randint(120, W - 120), rng.randint(120, H - 120)) for _ in range(26)]
    for i, a in enumerate(nodes):
        near = sorted(nodes, key=lambda b: (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)[1:4]
        for b in near:
            draw.line([a, b], fill=(90, 120, 160), width=5)
    palette = [(196, 72, 60), (46, 110, 170), (236, 170, 60), (70, 150, 110)]
    for i, (x, y) in enumerate(nodes):
        r = rng.randint(22, 58)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=palette[i % 4], outline=(255, 255, 255), width=6)
    img.save(path, quality=86, optimize=True, progressive=True)


def dots(path):
    rng = random.Random(2023)
    img = gradient((250, 246, 236), (241, 228, 204))
    draw = ImageDraw.Draw(img)
    for _ in range(5200):
        x = W * math.sqrt(rng.random())  # denser to the right
        y = rng.gauss(H / 2, H / 4.5)
        r = rng.randint(4, 11)
        shade = rng.choice([(158, 44, 48), (120, 36, 40), (205, 120, 90), (90, 70, 60)])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=shade)
    img = img.filter(ImageFilter.SMOOTH)
    img.save(path, quality=86, optimize=True, progressive=True)


def waves(path):
    img = gradient((222, 238, 240), (30, 80, 110))
    draw = ImageDraw.Draw(img)
    colours = [(120, 190, 170), (70, 150, 150), (40, 115, 140), (30, 85, 120), (20, 60, 95)]
    for k, colour in enumerate(colours):
        base = H * (0.35 + 0.13 * k)
        points = [(x, base + 70 * math.sin(x / 210 + k * 1.3) + 35 * math.sin(x / 77 + k)) for x in range(0, W + 20, 20)]
        draw.polygon(points + [(W, H), (0, H)], fill=colour)
    img.save(path, quality=86, optimize=True, progressive=True)


def meeting_table(path):
    img = gradient((245, 243, 238), (226, 222, 212))
    draw = ImageDraw.Draw(img)
    draw.ellipse([460, 250, 1460, 830], fill=(140, 100, 70))
    palette = [(196, 72, 60), (46, 110, 170), (236, 170, 60), (70, 150, 110), (120, 90, 160)]
    for i in range(14):
        a = 2 * math.pi * i / 14
        x, y = 960 + 640 * math.cos(a), 540 + 380 * math.sin(a)
        draw.rounded_rectangle([x - 48, y - 48, x + 48, y + 48], radius=24, fill=palette[i % 5])
    img.save(path, quality=86, optimize=True, progressive=True)


network(OUT / "2019-agna-tikls.jpg")
dots(OUT / "2023-nvo-skaits-punkti.jpg")
waves(OUT / "2024-ilgtspejas-indekss-vilni.jpg")
meeting_table(OUT / "2021-2020-gads-galds.jpg")
