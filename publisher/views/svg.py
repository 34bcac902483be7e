"""Figures drawn as SVG markup: grouped bars, stacked monthly counts, a plain projected map.

Colours are presentation attributes and classes (no ``style=``), so a strict CSP applies; every
mark carries a ``<title>`` with its number, and ``data-*`` attributes that tests read back.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from publisher.views.figures import Figure

# Okabe–Ito and Tableau colours: distinguishable for the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#4E79A7", "#9C755F", "#B07AA1", "#76B7B2", "#59A14F")
WIDTH = 760


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def describe(figure: Figure, lang: str) -> str:
    """The picture's text alternative: what it shows and its extremes, in ``lang``."""
    spec, zh = figure.spec, lang != "en"
    if spec.kind == "map":
        if zh:
            return (f"{spec.title}：共 {len(figure.stops)} 个站点、{len(figure.lines)} 条线路走向，"
                    "画在经纬度投影的空白底图上；下表列出各线路走向的长度。")
        return (f"{spec.title}: {len(figure.stops)} stops and {len(figure.lines)} route shapes "
                "on a plain projected background; the table below lists each shape's length.")
    cells = [(figure.value(c, s), c, s) for c in figure.categories for s in figure.series]
    if not cells:
        return spec.title
    top, cat, ser = max(cells)
    which = f"{cat} {ser}".strip()
    if zh:
        return (f"{spec.title}：{len(figure.categories)} 组、{len(figure.series)} 个系列；"
                f"最大值为 {which}：{_num(top)}{figure.unit}。下表列出全部数值。")
    return (f"{spec.title}: {len(figure.categories)} groups, {len(figure.series)} series; "
            f"the largest is {which}: {_num(top)}{figure.unit}. The table below lists every value.")


def _open(figure: Figure, height: int, lang: str, ident: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="view" role="img" '
            f'viewBox="0 0 {WIDTH} {height}" width="100%" '
            f'aria-labelledby="{ident}-t" aria-describedby="{ident}-d">'
            f'<title id="{ident}-t">{escape(figure.spec.title)}</title>'
            f'<desc id="{ident}-d">{escape(describe(figure, lang))}</desc>')


def _legend(series: list[str], y: int) -> str:
    parts, x = [], 10
    for i, name in enumerate(series):
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" '
                     f'fill="{PALETTE[i % len(PALETTE)]}"/>'
                     f'<text x="{x + 16}" y="{y + 11}" class="legend">{escape(name)}</text>')
        x += 28 + 13 * len(name)
    return "".join(parts)


def bars(figure: Figure, lang: str, ident: str) -> Markup:
    """Horizontal grouped bars: one row per category, one bar per series."""
    series = figure.series or [""]
    band, left = 12 * len(series) + 10, 230
    height = 40 + band * len(figure.categories) + 10
    top = max((figure.value(c, s) for c in figure.categories for s in series), default=0) or 1
    scale = (WIDTH - left - 90) / top
    out = [_open(figure, height, lang, ident), _legend(series, 8)]
    for row, category in enumerate(figure.categories):
        y0 = 36 + row * band
        out.append(f'<text x="{left - 8}" y="{y0 + band / 2 + 2:.0f}" class="label" '
                   f'text-anchor="end">{escape(category)}</text>')
        for i, name in enumerate(series):
            value = figure.value(category, name)
            y, w = y0 + i * 12, value * scale
            out.append(
                f'<rect class="bar" x="{left}" y="{y}" width="{w:.1f}" height="11" '
                f'fill="{PALETTE[i % len(PALETTE)]}" data-category="{escape(category)}" '
                f'data-series="{escape(name)}" data-value="{value}">'
                f"<title>{escape(category)} {escape(name)}：{_num(value)}"
                f"{escape(figure.unit)}</title></rect>"
                f'<text x="{left + w + 4:.1f}" y="{y + 10}" class="value">{_num(value)}</text>')
    out.append(f'<line x1="{left}" y1="32" x2="{left}" y2="{height - 6}" class="axis"/></svg>')
    return Markup("".join(out))


def stacked(figure: Figure, lang: str, ident: str) -> Markup:
    """Vertical stacked bars: one column per month, one segment per series."""
    series = figure.series or [""]
    height, base, left = 340, 300, 50
    totals = [figure.total(c) for c in figure.categories]
    top = max(totals, default=0) or 1
    step = 10 ** math.floor(math.log10(top)) if top >= 10 else 1
    ceiling = math.ceil(top / step) * step
    scale = (base - 50) / ceiling
    width = (WIDTH - left - 10) / max(len(figure.categories), 1)
    out = [_open(figure, height, lang, ident), _legend(series, 8)]
    for tick in range(0, int(ceiling) + 1, int(step)):
        y = base - tick * scale
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">'
                   f"{tick}</text>")
    for col, category in enumerate(figure.categories):
        x, y = left + col * width + 4, float(base)
        for i, name in enumerate(series):
            value = figure.value(category, name)
            h = value * scale
            y -= h
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{width - 8:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[i % len(PALETTE)]}" '
                f'data-category="{escape(category)}" data-series="{escape(name)}" '
                f'data-value="{value:g}"><title>{escape(category)} {escape(name)}：'
                f"{_num(value)}</title></rect>")
        out.append(f'<text x="{x + (width - 8) / 2:.1f}" y="{base + 16}" class="tick" '
                   f'text-anchor="middle">{escape(category[2:])}</text>')
    out.append(f'<line x1="{left}" y1="{base}" x2="{WIDTH - 10}" y2="{base}" class="axis"/></svg>')
    return Markup("".join(out))


def plain_map(figure: Figure, lang: str, ident: str) -> Markup:
    """Stops and shapes in an equirectangular projection scaled by cos(latitude)."""
    points = [(x, y) for _, x, y in figure.stops] + [p for _, ps in figure.lines for p in ps]
    if not points:
        return Markup(_open(figure, 40, lang, ident) + "</svg>")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    kx = math.cos(math.radians((south + north) / 2))
    span_x, span_y = max((east - west) * kx, 1e-6), max(north - south, 1e-6)
    scale = min((WIDTH - 40) / span_x, 520 / span_y)
    height = int(span_y * scale) + 40

    def at(lon: float, lat: float) -> tuple[float, float]:
        return 20 + (lon - west) * kx * scale, 20 + (north - lat) * scale

    out = [_open(figure, height, lang, ident),
           f'<rect x="0" y="0" width="{WIDTH}" height="{height}" class="ground"/>']
    grid = 0.05
    lon = math.ceil(west / grid) * grid
    while lon <= east:
        x, _ = at(lon, north)
        out.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" class="grid"/>'
                   f'<text x="{x + 2:.1f}" y="{height - 4}" class="tick">{lon:.2f}°E</text>')
        lon += grid
    lat = math.ceil(south / grid) * grid
    while lat <= north:
        _, y = at(west, lat)
        out.append(f'<line x1="0" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="2" y="{y - 2:.1f}" class="tick">{lat:.2f}°N</text>')
        lat += grid
    for i, (name, line) in enumerate(figure.lines):
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(*p) for p in line))
        out.append(f'<polyline class="route" points="{path}" fill="none" '
                   f'stroke="{PALETTE[i % len(PALETTE)]}" data-shape="{escape(name)}">'
                   f"<title>{escape(name)}</title></polyline>")
    for name, lon_, lat_ in figure.stops:
        x, y = at(lon_, lat_)
        out.append(f'<circle class="stop" cx="{x:.1f}" cy="{y:.1f}" r="2">'
                   f"<title>{escape(name)}</title></circle>")
    out.append("</svg>")
    return Markup("".join(out))


RENDERERS = {"bar": bars, "count": stacked, "map": plain_map}


def render(figure: Figure, lang: str, ident: str) -> Markup:
    return RENDERERS[figure.spec.kind](figure, lang, ident)
