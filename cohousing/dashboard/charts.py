"""Small server-rendered SVG charts: they work without JavaScript and print well.

Each chart carries <title> and <desc> (role="img"); the templates add the same numbers in
words or in a visually hidden table, so no one depends on seeing the picture.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markupsafe import Markup, escape

_ids = itertools.count(1)


def _open(width: int, height: int, title: str, desc: str, css: str) -> tuple[str, str]:
    n = next(_ids)
    head = (
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="chart-{n}-t chart-{n}-d" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        f'<title id="chart-{n}-t">{escape(title)}</title>'
        f'<desc id="chart-{n}-d">{escape(desc)}</desc>'
    )
    return head, "</svg>"


def sparkline(
    values: Sequence[float | None],
    *,
    title: str,
    desc: str,
    low: float = 1,
    high: float = 5,
    width: int = 160,
    height: int = 40,
) -> Markup:
    """A line through the known values (gaps where None), with a dot on each."""
    head, tail = _open(width, height, title, desc, "sparkline")
    pad = 4
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    span = (high - low) or 1
    parts = [
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#8a8a8a" stroke-width="1"/>'
    ]
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, value in enumerate(values):
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        x = pad + index * step
        y = height - pad - (value - low) / span * (height - 2 * pad)
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#1d5a73"/>')
    if segment:
        segments.append(segment)
    for points in segments:
        if len(points) > 1:
            parts.insert(
                1,
                f'<polyline points="{" ".join(points)}" fill="none" stroke="#1d5a73" '
                'stroke-width="2"/>',
            )
    return Markup(head + "".join(parts) + tail)


def bars(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    desc: str,
    width: int = 360,
    bar_height: int = 22,
    value_text: Sequence[str] | None = None,
) -> Markup:
    """Horizontal bars, one per (label, value); negative values go left of the middle."""
    label_width = 130
    height = max(len(items), 1) * (bar_height + 6) + 6
    head, tail = _open(width, height, title, desc, "bars")
    biggest = max((abs(v) for _l, v in items), default=0) or 1
    has_negative = any(v < 0 for _l, v in items)
    area = width - label_width - 70
    zero = label_width + (area / 2 if has_negative else 0)
    scale = (area / 2 if has_negative else area) / biggest
    parts = []
    for index, (label, value) in enumerate(items):
        y = 6 + index * (bar_height + 6)
        length = abs(value) * scale
        x = zero - length if value < 0 else zero
        colour = "#a8322d" if value < 0 else "#1d5a73"
        text = value_text[index] if value_text else f"{value:g}"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'font-size="13" fill="#222">{escape(label[:18])}</text>'
            f'<rect x="{x:.1f}" y="{y}" width="{max(length, 1):.1f}" height="{bar_height}" '
            f'fill="{colour}"/>'
            f'<text x="{max(zero, x + length) + 4:.1f}" y="{y + bar_height * 0.7:.1f}" '
            f'font-size="13" fill="#222">{escape(text)}</text>'
        )
    if has_negative:
        parts.append(f'<line x1="{zero:.1f}" y1="0" x2="{zero:.1f}" y2="{height}" stroke="#555"/>')
    return Markup(head + "".join(parts) + tail)


def timeline(
    points: Sequence[tuple[float, bool]],
    *,
    title: str,
    desc: str,
    width: int = 360,
    height: int = 36,
) -> Markup:
    """Dots along a line: `points` are (position 0..1, urgent) — urgent ones are squares."""
    head, tail = _open(width, height, title, desc, "timeline")
    pad = 8
    mid = height / 2
    parts = [f'<line x1="{pad}" y1="{mid}" x2="{width - pad}" y2="{mid}" stroke="#8a8a8a"/>']
    for position, urgent in points:
        x = pad + position * (width - 2 * pad)
        if urgent:
            parts.append(
                f'<rect x="{x - 5:.1f}" y="{mid - 5}" width="10" height="10" fill="#a8322d"/>'
            )
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{mid}" r="5" fill="#1d5a73"/>')
    return Markup(head + "".join(parts) + tail)
