"""Draw the tablet app's PNG icons (the web app manifest's) from the house in house.svg.

Run once after changing the drawing: `python scripts/make_icons.py`. The PNGs are committed.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "cohousing" / "static" / "icons"
PRIMARY = (29, 90, 115)
WALL = (232, 241, 244)
WINDOW = (194, 87, 26)
PAPER = (243, 239, 230)


def draw_house(size: int, *, safe: float) -> Image.Image:
    """The house on a coloured tile; `safe` is the share of the tile the house may fill."""
    scale = 4  # draw large, then shrink: smooth edges without anti-aliasing support
    big = size * scale
    image = Image.new("RGB", (big, big), PRIMARY)
    draw = ImageDraw.Draw(image)
    unit = big * safe / 24  # the house is drawn on a 24-unit grid, centred
    left = (big - 24 * unit) / 2
    top = (big - 24 * unit) / 2

    def p(x: float, y: float) -> tuple[float, float]:
        return left + x * unit, top + y * unit

    line = max(2, round(2.2 * unit))
    draw.polygon([p(4, 10), p(20, 10), p(20, 23), p(4, 23)], fill=WALL)
    draw.line([p(0.5, 11.5), p(12, 1.5), p(23.5, 11.5)], fill=WALL, width=line, joint="curve")
    for cx in (8.5, 15.5):
        x, y = p(cx, 15)
        r = 1.8 * unit
        draw.ellipse([x - r, y - r, x + r, y + r], fill=WINDOW)
    door = [p(10.5, 18), p(13.5, 23)]
    draw.rectangle([door[0], door[1]], fill=PRIMARY)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    draw_house(192, safe=0.72).save(ICONS / "icon-192.png", optimize=True)
    draw_house(512, safe=0.72).save(ICONS / "icon-512.png", optimize=True)
    # Maskable: the launcher may crop to a circle, so keep the house in the inner 60 %.
    draw_house(512, safe=0.55).save(ICONS / "icon-maskable-512.png", optimize=True)
    print(f"icons written to {ICONS}")


if __name__ == "__main__":
    main()
