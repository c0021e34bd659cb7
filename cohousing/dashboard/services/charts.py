"""Small server-rendered SVG charts: they work without JavaScript and print well.

Each chart carries <title> and <desc> (role="img"); the templates add the same numbers in
words or in a visually hidden table, so no one depends on seeing the picture. Every piece
is a literal Markup template filled with `format`, which escapes what it is given: a
resident's name in a label stays text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from markupsafe import Markup

_ids = itertools.count(1)

_HEAD = Markup(
    '<svg class="chart {css}" viewBox="0 0 {width} {height}" width="{width}" '
    'height="{height}" role="img" aria-labelledby="chart-{n}-t chart-{n}-d" '
    'xmlns="http://www.w3.org/2000/svg" focusable="false">'
    '<title id="chart-{n}-t">{title}</title>'
    '<desc id="chart-{n}-d">{desc}</desc>'
)
_TAIL = Markup("</svg>")
_BASELINE = Markup(
    '<line x1="{pad}" y1="{y}" x2="{right}" y2="{y}" stroke="#8a8a8a" stroke-width="1"/>'
)
_DOT = Markup('<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#1d5a73"/>')
_POLYLINE = Markup('<polyline points="{points}" fill="none" stroke="#1d5a73" stroke-width="2"/>')
_BAR = Markup(
    '<text x="{label_x}" y="{text_y:.1f}" text-anchor="end" '
    'font-size="13" fill="#222">{label}</text>'
    '<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar_height}" '
    'fill="{colour}"/>'
    '<text x="{value_x:.1f}" y="{text_y:.1f}" '
    'font-size="13" fill="#222">{text}</text>'
)
_ZERO = Markup('<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#555"/>')
_AXIS = Markup('<line x1="{pad}" y1="{mid}" x2="{right}" y2="{mid}" stroke="#8a8a8a"/>')
_URGENT = Markup('<rect x="{x:.1f}" y="{y}" width="10" height="10" fill="#a8322d"/>')
_CALM = Markup('<circle cx="{x:.1f}" cy="{mid}" r="5" fill="#1d5a73"/>')


def _chart(width: int, height: int, title: str, desc: str, css: str, parts) -> Markup:
    head = _HEAD.format(css=css, width=width, height=height, n=next(_ids), title=title, desc=desc)
    return head + Markup("").join(parts) + _TAIL


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
    pad = 4
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    span = (high - low) or 1
    dots: list[Markup] = []
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
        dots.append(_DOT.format(x=x, y=y))
    if segment:
        segments.append(segment)
    # The lines go under the dots, the last segment first (as the picture always was).
    lines = [_POLYLINE.format(points=" ".join(p)) for p in reversed(segments) if len(p) > 1]
    baseline = _BASELINE.format(pad=pad, y=height - pad, right=width - pad)
    return _chart(width, height, title, desc, "sparkline", [baseline, *lines, *dots])


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
        parts.append(
            _BAR.format(
                label_x=label_width - 6,
                text_y=y + bar_height * 0.7,
                label=label[:18],
                x=x,
                y=y,
                length=max(length, 1),
                bar_height=bar_height,
                colour="#a8322d" if value < 0 else "#1d5a73",
                value_x=max(zero, x + length) + 4,
                text=value_text[index] if value_text else f"{value:g}",
            )
        )
    if has_negative:
        parts.append(_ZERO.format(x=zero, height=height))
    return _chart(width, height, title, desc, "bars", parts)


def timeline(
    points: Sequence[tuple[float, bool]],
    *,
    title: str,
    desc: str,
    width: int = 360,
    height: int = 36,
) -> Markup:
    """Dots along a line: `points` are (position 0..1, urgent) — urgent ones are squares."""
    pad = 8
    mid = height / 2
    parts = [_AXIS.format(pad=pad, mid=mid, right=width - pad)]
    for position, urgent in points:
        x = pad + position * (width - 2 * pad)
        if urgent:
            parts.append(_URGENT.format(x=x - 5, y=mid - 5))
        else:
            parts.append(_CALM.format(x=x, mid=mid))
    return _chart(width, height, title, desc, "timeline", parts)
