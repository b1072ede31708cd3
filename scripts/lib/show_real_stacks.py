"""Crops and downscaled copies for scripts/show-real-stacks.

For every <stack>/<config>/ under OUT: all-in-focus.png (the composite as PNG), aif-crop.png (a full-resolution
crop where the two configurations differ most, the same window for both; with one configuration, its most
detailed area) and, with DOCS=1, small JPEGs in DOCS_DIR:
<stack>-<config>-depth.jpg, <stack>-<config>-aif-crop.jpg.
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image

CROP = 384          # side of the full-resolution crop, pixels
DOC_WIDTH = 360     # width of the depth copies in docs/
DOC_CROP = 256      # side of the crop copies in docs/


def busiest_window(g, side):
    """Top-left corner of the side x side window where g is largest on average (on a coarse grid)."""
    h, w = g.shape
    step = max(16, side // 4)
    best, at = -1.0, (0, 0)
    for y in range(0, max(1, h - side), step):
        for x in range(0, max(1, w - side), step):
            e = float(g[y:y + side, x:x + side].mean())
            if e > best:
                best, at = e, (y, x)
    return at


def main(out, docs_dir, docs):
    out = Path(out)
    docs_dir = Path(docs_dir)
    if docs:
        docs_dir.mkdir(parents=True, exist_ok=True)
    for stack in sorted(p for p in out.iterdir() if p.is_dir()):
        configs = [c for c in ("before", "after") if (stack / c / "all-in-focus.tif").exists()]
        if not configs:
            continue
        gray = [np.asarray(Image.open(stack / c / "all-in-focus.tif").convert("L"), dtype=np.float32)
                for c in configs]
        if len(gray) == 2:
            g = np.abs(gray[0] - gray[1])
        else:
            g = np.abs(np.diff(gray[0], axis=0))[:, :-1] + np.abs(np.diff(gray[0], axis=1))[:-1, :]
        y, x = busiest_window(g, CROP)
        for c in configs:
            d = stack / c
            aif = Image.open(d / "all-in-focus.tif").convert("RGB")
            aif.save(d / "all-in-focus.png")
            crop = aif.crop((x, y, x + CROP, y + CROP))
            crop.save(d / "aif-crop.png")
            print(f"{d}: crop at x={x}, y={y}, {CROP} px")
            if docs:
                depth = Image.open(d / "depth.png").convert("RGB")
                scale = DOC_WIDTH / depth.width
                depth.resize((DOC_WIDTH, round(depth.height * scale)), Image.LANCZOS).save(
                    docs_dir / f"{stack.name}-{c}-depth.jpg", quality=82)
                crop.resize((DOC_CROP, DOC_CROP), Image.LANCZOS).save(
                    docs_dir / f"{stack.name}-{c}-aif-crop.jpg", quality=85)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] == "1")
