"""The hits-per-period chart of a search: bars as numbers for a server-rendered SVG, each narrowing the dates."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 96  # the SVG's user units; CSS scales it to the column
GAP = 2
MIN_BAR = 2  # a period with hits stays visible (and clickable) beside a tall one
MAX_MONTHS = 48  # a span longer than four years is drawn by year (month bars would be under 4 units wide)


@dataclass(frozen=True)
class Bar:
    label: str  # "2023" or "2023-05"
    count: int
    x: float
    y: float
    width: float
    height: float
    date_from: str
    date_to: str


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _range(period: str) -> tuple[str, str]:
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    y, m = int(period[:4]), int(period[5:7])
    return f"{period}-01", f"{period}-{calendar.monthrange(y, m)[1]:02d}"


def periods(facets: dict[str, dict[str, int]]) -> dict[str, int]:
    """Hits per month when the search's facets count months over at most MAX_MONTHS, else per year; every
    period between the first and the last is present (an empty one counts 0)."""
    months = {k: v for k, v in facets.get("month", {}).items() if k}
    if months and len(_months(min(months), max(months))) <= MAX_MONTHS:
        return {p: months.get(p, 0) for p in _months(min(months), max(months))}
    years = {k: v for k, v in facets.get("year", {}).items() if k.isdigit()}
    if not years:
        return {}
    return {str(y): years.get(str(y), 0) for y in range(int(min(years)), int(max(years)) + 1)}


def bars(counts: dict[str, int]) -> list[Bar]:
    """The bars of a chart of these period counts, scaled to WIDTH x HEIGHT (the tallest fills it)."""
    if not counts:
        return []
    top = max(counts.values()) or 1
    step = WIDTH / len(counts)
    out = []
    for i, (period, count) in enumerate(counts.items()):
        height = max(MIN_BAR, round(HEIGHT * count / top, 1)) if count else 0.0
        start, end = _range(period)
        out.append(
            Bar(
                period,
                count,
                round(i * step, 1),
                round(HEIGHT - height, 1),
                round(step - GAP, 1),
                height,
                start,
                end,
            )
        )
    return out
