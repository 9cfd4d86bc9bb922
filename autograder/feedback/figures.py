"""Figures for feedback pages: plain figure data from a results.json -> an embedded PNG.

Graders attach plain data to a failed test (``GradeFailure(figure=...)``); the
engine copies it into ``tests[].extra_data.figure``. Here it becomes a PNG
drawn with matplotlib's Agg backend and returned as a ``data:`` URI, so a
feedback page is one self-contained file (no external files, no network, no
JavaScript). The kinds:

``trajectory``  ``surface`` (a name in ``solutions/common/surfaces.py``),
                ``student`` and ``reference``: lists of ``[x, y]`` points;
                drawn on the surface's contour plot.
``curve``       ``title``, ``xlabel``, ``ylabel``, ``x``, ``series``
                (label -> values, e.g. ``yours`` / ``expected``), ``log_y``, and
                optionally ``mark``: ``{"x": x, "label": text}``, the first
                disagreement, drawn as a vertical line and labelled with the
                grader's own words (the same numbers as its message).
``histogram``   ``title``, ``samples``, ``density``: ``{"type": "uniform", "a": a}``
                (uniform on [-a, a]) or ``{"type": "normal", "std": s}`` (mean 0),
                and optionally ``summary``: the grader's own statistics of ALL the
                values (the samples may be a subsample), shown instead of the
                samples' own mean and std.
``loss_curve``  ``train``, ``val`` (or None), ``yours``, ``expected``: a
                diagnosis question ("you said X, expected Y") with its curves.

Everything in a figure may come from student output, so the data are checked
defensively: non-numbers and non-finite values are dropped, long series are
thinned, text is length-limited and kept out of mathtext. A figure that
cannot be drawn gives ``None`` (the page says so); it never breaks a page.
"""
from __future__ import annotations

import base64
import io
import math
import sys
import textwrap
from functools import lru_cache
from typing import Any

import numpy as np


# colour-blind-safe pair (Okabe-Ito): the student's data orange-red, the reference blue
YOURS = "#D55E00"
EXPECTED = "#0072B2"
MAX_POINTS = 5000          # longer series are thinned for drawing
MAX_SAMPLES = 200_000
KINDS = ("trajectory", "curve", "histogram", "loss_curve")


# --- defensive conversions ----------------------------------------------------
def _text(value: Any, limit: int = 120) -> str:
    """A label safe for matplotlib: a short string with mathtext disabled."""
    s = "" if value is None else str(value)
    s = " ".join(s.split())
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return s.replace("$", r"\$")


PLOT_CEILING = 1e15


def _series(values: Any) -> np.ndarray:
    """1-D float array (non-numbers -> NaN); empty on garbage."""
    try:
        arr = np.asarray(values, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        try:
            arr = np.array([_float_or_nan(v) for v in values], dtype=np.float64)
        except TypeError:
            return np.zeros(0)
    # an exploded run (1e228, inf) would overflow matplotlib's log ticks: draw it at the plot's ceiling
    # of 1e15 (far above any real loss) and leave non-finite values as gaps
    arr = np.where(np.isfinite(arr), np.clip(arr, -PLOT_CEILING, PLOT_CEILING), np.nan)
    return arr


def _title(value: Any) -> str:
    """A title on at most two lines of about 80 characters (long test names would be clipped)."""
    return "\n".join(textwrap.wrap(_text(value, 160), 80)[:2])


def _mark_text(mark: dict) -> str:
    """The grader's words for the first disagreement, whole (the numbers must survive), on up to two lines."""
    return "\n".join(textwrap.wrap("first difference: " + _text(mark.get("label"), 200), 100)[:2])


def _float_or_nan(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _points(values: Any) -> np.ndarray:
    """An (N, 2) float array of path points; rows that are not two numbers are dropped."""
    try:
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim == 2 and arr.shape[1] == 2:
            return arr
    except (TypeError, ValueError):
        pass
    rows = []
    for row in values if isinstance(values, (list, tuple)) else []:
        if isinstance(row, (list, tuple)) and len(row) == 2:
            rows.append((_float_or_nan(row[0]), _float_or_nan(row[1])))
    return np.array(rows, dtype=np.float64).reshape(-1, 2)


def _thin(*arrays: np.ndarray, limit: int = MAX_POINTS):
    n = len(arrays[0])
    if n <= limit:
        return arrays
    idx = np.unique(np.linspace(0, n - 1, limit).astype(int))
    return tuple(a[idx] for a in arrays)


@lru_cache(maxsize=1)
def surfaces_module():
    """The course's given surfaces module, imported by path (None if it is unavailable)."""
    from autograder.weeks import COMMON          # the course's given code (autograder/weeks.py)
    path = COMMON / "surfaces.py"
    from autograder.grading import load_trusted
    try:
        return load_trusted(path, "_feedback_surfaces")
    except Exception as exc:  # noqa: BLE001 -- a missing file must not break feedback
        print(f"feedback: cannot import {path}: {exc}", file=sys.stderr)
        return None


def get_surface(name: Any):
    module = surfaces_module()
    if module is None or not isinstance(name, str):
        return None
    return getattr(module, "SURFACES", {}).get(name)


# --- drawing --------------------------------------------------------------------
def _new_figure(width: float = 6.4, height: float = 4.2):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _to_data_uri(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _trajectory(fig, data: dict) -> str:
    ax = fig.add_subplot()
    student, reference = _points(data.get("student", [])), _points(data.get("reference", []))
    surface = get_surface(data.get("surface"))
    name = _text(data.get("surface") or "surface", 40)
    finite_ref = reference[np.all(np.isfinite(reference), axis=1)]
    if surface is not None:
        (x0, x1), (y0, y1) = surface.xlim, surface.ylim
    else:
        pts = np.vstack([finite_ref, student[np.all(np.isfinite(student), axis=1)]])
        if len(pts) == 0:
            pts = np.zeros((1, 2))
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        pad = np.maximum((hi - lo) * 0.1, 0.5)
        (x0, y0), (x1, y1) = lo - pad, hi + pad
    if len(finite_ref):                     # the box always holds the reference path, with a margin
        mx, my = 0.04 * (x1 - x0), 0.04 * (y1 - y0)
        rx0, ry0 = finite_ref.min(axis=0)
        rx1, ry1 = finite_ref.max(axis=0)
        x0, x1 = min(x0, rx0 - mx) if rx0 < x0 + mx else x0, max(x1, rx1 + mx) if rx1 > x1 - mx else x1
        y0, y1 = min(y0, ry0 - my) if ry0 < y0 + my else y0, max(y1, ry1 + my) if ry1 > y1 - my else y1
    note = ""
    if surface is not None:
        X, Y = np.meshgrid(np.linspace(x0, x1, 160), np.linspace(y0, y1, 160))
        with np.errstate(all="ignore"):
            Z = np.asarray(surface.value(np.stack([X, Y])), dtype=float)
        Zf = Z[np.isfinite(Z)]
        if Zf.size:
            zmin = Zf.min()
            shifted = Z - zmin
            top = np.nanpercentile(shifted, 98)
            if top > 0 and zmin >= 0:     # non-negative losses: log-spaced levels show the valley
                levels = np.geomspace(max(top * 1e-4, 1e-12), top, 16)
                from matplotlib.colors import LogNorm
                ax.contourf(X, Y, np.clip(shifted, levels[0], levels[-1]), levels=levels, cmap="Blues_r",
                            norm=LogNorm(levels[0], levels[-1]), alpha=0.35)
                ax.contour(X, Y, shifted, levels=levels, colors="#6b7a90", linewidths=0.6, alpha=0.9)
            else:
                ax.contourf(X, Y, Z, levels=16, cmap="Blues_r", alpha=0.35)
                ax.contour(X, Y, Z, levels=16, colors="#6b7a90", linewidths=0.6, alpha=0.9)
        minimum = getattr(surface, "minimum", None)
        if minimum is not None:
            ax.plot([minimum[0]], [minimum[1]], marker="*", color="black", markersize=13,
                    linestyle="none", label="minimum")
    else:
        note = f" (surface '{name}' unknown: no contours)"

    def draw(path: np.ndarray, color: str, label: str, style: str, width: float, z: float) -> None:
        if len(path) == 0:
            return
        ok = np.all(np.isfinite(path), axis=1)
        shown = path.copy()
        shown[~ok] = np.nan
        (shown,) = _thin(shown)
        # a point far outside the box (1e300, then back) makes Agg's line rasterizer run for minutes: clip
        # every coordinate to ten box-widths around the box -- the line still leaves the plot the same way
        shown[:, 0] = np.clip(shown[:, 0], x0 - 10 * (x1 - x0), x1 + 10 * (x1 - x0))
        shown[:, 1] = np.clip(shown[:, 1], y0 - 10 * (y1 - y0), y1 + 10 * (y1 - y0))
        if np.all(np.isfinite(path[0])):
            ax.plot([path[0, 0]], [path[0, 1]], marker="s", color="black", markersize=6, linestyle="none",
                    zorder=4)
        ax.plot(shown[:, 0], shown[:, 1], style, color=color, label=label, linewidth=width, alpha=0.95,
                marker="." if len(shown) <= 80 else None, markersize=4, zorder=z)
        good = path[ok]
        if len(good):
            ax.plot([good[-1, 0]], [good[-1, 1]], marker="o", color=color, markersize=8,
                    markeredgecolor="white", linestyle="none", zorder=z + 0.5)

    draw(reference, EXPECTED, f"expected ({max(len(reference) - 1, 0)} steps)", "-", 2.6, 5)
    draw(student, YOURS, f"yours ({max(len(student) - 1, 0)} steps)", "--", 1.8, 6)
    fin = student[np.all(np.isfinite(student), axis=1)] if len(student) else student
    if len(fin) > 1:              # a path too short to see: say how far it went
        moved = float(np.max(np.linalg.norm(fin - fin[0], axis=1)))
        if moved < 0.03 * math.hypot(x1 - x0, y1 - y0):
            ax.annotate(f"your path moved only {moved:.3g} in {len(student) - 1} steps",
                        xy=(float(fin[-1, 0]), float(fin[-1, 1])), xytext=(0.5, 0.1), textcoords="axes fraction",
                        ha="center", fontsize=9, color=YOURS, arrowprops=dict(arrowstyle="->", color=YOURS),
                        bbox=dict(boxstyle="round", facecolor="white", edgecolor=YOURS), zorder=7)
    # where the student's path leaves the box (or stops being finite), say so
    outside = ~np.all(np.isfinite(student), axis=1)
    if len(student):
        with np.errstate(invalid="ignore"):
            outside |= ((student[:, 0] < x0) | (student[:, 0] > x1) |
                        (student[:, 1] < y0) | (student[:, 1] > y1))
    if outside.any():
        k = int(np.argmax(outside))
        what = "is not a finite number" if not np.all(np.isfinite(student[k])) else "leaves the plot"
        note += f"\nyour path {what} at step {k}"
        if k > 0 and np.all(np.isfinite(student[k - 1])):
            last = student[k - 1]
            ax.annotate(f"step {k}: {what}", xy=(float(np.clip(last[0], x0, x1)), float(np.clip(last[1], y0, y1))),
                        xytext=(0.5, 0.08), textcoords="axes fraction", ha="center", fontsize=9, color=YOURS,
                        arrowprops=dict(arrowstyle="->", color=YOURS),
                        bbox=dict(boxstyle="round", facecolor="white", edgecolor=YOURS))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(_title(data.get("title") or f"Your path vs the expected path on {name}") + note, fontsize=10)
    ax.legend(loc="best", fontsize=8, framealpha=0.85)
    return "trajectory"


def _curve(fig, data: dict) -> str:
    series = data.get("series") if isinstance(data.get("series"), dict) else {}
    log_y = bool(data.get("log_y"))
    x_all = _series(data.get("x", []))
    palette = {"yours": YOURS, "expected": EXPECTED}
    others = iter(["#009E73", "#CC79A7", "#E69F00", "#56B4E9"])
    lines: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for label, values in list(series.items())[:6]:
        y = _series(values)
        x = x_all[: len(y)] if len(x_all) >= len(y) else np.arange(len(y), dtype=float)
        lines[str(label)] = (x, y[: len(x)])
    yours, expected = lines.get("yours"), lines.get("expected")
    diff = (yours is not None and expected is not None and len(yours[1]) == len(expected[1]) > 1
            and np.allclose(yours[0], expected[0], equal_nan=True))
    if diff:   # a second panel shows differences too small to see on the first
        ax, dax = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    else:
        ax, dax = fig.add_subplot(), None
    drew = False
    for label, (x, y) in lines.items():
        if log_y:
            y = np.where(y > 0, y, np.nan)
        x, y = _thin(x, y)
        key = label.lower()
        color = palette.get(key) or next(others, "grey")
        ax.plot(x, y, "--" if key == "yours" else "-", color=color, label=_text(label, 40),
                linewidth=2.4 if key == "expected" else 1.8, alpha=0.9, marker="." if len(x) <= 60 else None,
                zorder=3 if key == "yours" else 2)
        drew = drew or bool(np.isfinite(y).any())
    mark = data.get("mark") if isinstance(data.get("mark"), dict) else None
    mark_x = _float_or_nan(mark.get("x")) if mark else math.nan
    if math.isfinite(mark_x):
        for axis in (ax, dax):
            if axis is not None:
                axis.axvline(mark_x, color=YOURS, linestyle=":", linewidth=1.2, zorder=1)
    if log_y and drew:
        ax.set_yscale("log")
    ax.set_title(_title(data.get("title") or ""), fontsize=10)
    ax.set_ylabel(_text(data.get("ylabel") or ""))
    ax.grid(alpha=0.3)
    if lines:
        ax.legend(loc="best", fontsize=8)
    if dax is not None:
        x_full, d_full = yours[0], yours[1] - expected[1]
        x, d = _thin(x_full, d_full)
        dax.axhline(0, color=EXPECTED, linewidth=1)
        dax.plot(x, d, color=YOURS, linewidth=1.5, marker="." if len(x) <= 60 else None)
        bad = ~np.isfinite(d_full) | (np.abs(d_full) > 1e-12 + 1e-9 * np.abs(expected[1]))
        if math.isfinite(mark_x):     # the grader's first disagreement, in its own words and numbers
            hit = np.nonzero(x_full == mark_x)[0]
            if hit.size and np.isfinite(d_full[hit[0]]):
                dax.plot([mark_x], [d_full[hit[0]]], "o", color=YOURS, markersize=7, markerfacecolor="none")
            dax.set_title(_mark_text(mark), fontsize=8, loc="left")
        elif bad.any():
            k = int(np.argmax(bad))
            if np.isfinite(d_full[k]):
                dax.plot([x_full[k]], [d_full[k]], "o", color=YOURS, markersize=7, markerfacecolor="none")
            x = x_full
            dax.set_title(f"first difference at {_text(data.get('xlabel') or 'x', 20)} = {x[k]:g}",
                          fontsize=8, loc="left")
        dax.set_ylabel("yours − expected", fontsize=8)
        dax.grid(alpha=0.3)
        dax.set_xlabel(_text(data.get("xlabel") or ""))
    else:
        ax.set_xlabel(_text(data.get("xlabel") or ""))
        if math.isfinite(mark_x):
            ax.text(0.01, 0.02, _mark_text(mark), transform=ax.transAxes, fontsize=8, color=YOURS, va="bottom")
    return "curve"


def _histogram(fig, data: dict) -> str:
    ax = fig.add_subplot()
    samples = _series(data.get("samples", []))
    samples = np.clip(samples[np.isfinite(samples)][:MAX_SAMPLES], -1e100, 1e100)   # bins need a finite range
    density = data.get("density") if isinstance(data.get("density"), dict) else {}
    kind = density.get("type")
    lo = hi = None
    if kind == "uniform":
        a = abs(_float_or_nan(density.get("a")))
        if math.isfinite(a) and a > 0:
            lo, hi = -a, a
    elif kind == "normal":
        s = abs(_float_or_nan(density.get("std")))
        if math.isfinite(s) and s > 0:
            lo, hi = -4 * s, 4 * s
    if samples.size:
        q_lo, q_hi = np.percentile(samples, [0.5, 99.5])
        lo = q_lo if lo is None else min(lo, q_lo)
        hi = q_hi if hi is None else max(hi, q_hi)
    if lo is None or hi is None or not (hi - lo) > 1e-9 * max(abs(lo), abs(hi), 1.0):
        c = 0.0 if lo is None else float(lo)
        d = max(1.0, abs(c) * 0.1)
        lo, hi = c - d, c + d
    pad = 0.08 * (hi - lo)
    lo, hi = lo - pad, hi + pad
    if samples.size:
        ax.hist(np.clip(samples, lo, hi), bins=60, range=(lo, hi), density=True, color=YOURS,
                alpha=0.55, label=f"your samples (n={samples.size})")
    grid = np.linspace(lo, hi, 400)
    if kind == "uniform" and lo is not None and "a" in density:
        a = abs(_float_or_nan(density.get("a")))
        if math.isfinite(a) and a > 0:
            ax.plot(grid, np.where(np.abs(grid) <= a, 1 / (2 * a), 0.0), color=EXPECTED, linewidth=2.2,
                    label=f"expected: uniform on [-{a:.3g}, {a:.3g}]")
    elif kind == "normal":
        s = abs(_float_or_nan(density.get("std")))
        if math.isfinite(s) and s > 0:
            ax.plot(grid, np.exp(-0.5 * (grid / s) ** 2) / (s * math.sqrt(2 * math.pi)), color=EXPECTED,
                    linewidth=2.2, label=f"expected: normal, mean 0, std {s:.3g}")
    summary = data.get("summary")
    if samples.size:
        ax.axvline(float(np.mean(samples)), color=YOURS, linestyle=":", linewidth=1)
    if isinstance(summary, str) and summary:      # the grader's statistics of every value, as in its message
        ax.text(0.01, 0.98, _text(summary, 90), transform=ax.transAxes, va="top", fontsize=8)
    elif samples.size:
        ax.text(0.01, 0.98, f"your mean {np.mean(samples):.3g}, std {np.std(samples):.3g}",
                transform=ax.transAxes, va="top", fontsize=8)
    ax.set_xlim(lo, hi)
    ax.set_title(_title(data.get("title") or "Distribution of your samples"), fontsize=10)
    ax.set_xlabel("value")
    ax.set_ylabel("density")
    ax.legend(loc="upper right", fontsize=8)
    return "histogram"


def _loss_curve(fig, data: dict) -> str:
    ax = fig.add_subplot()
    train = _series(data.get("train", []))
    val = _series(data.get("val", [])) if data.get("val") is not None else np.zeros(0)
    for values, label, color in ((train, "training loss", "#444444"), (val, "validation loss", "#009E73")):
        if values.size:
            x = np.arange(len(values), dtype=float)
            x, y = _thin(x, values)
            ax.plot(x, y, color=color, linewidth=1.8, label=label)
    pos = np.concatenate([train, val])
    pos = pos[np.isfinite(pos)]
    if pos.size and np.all(pos > 0) and pos.max() / pos.min() > 50:
        ax.set_yscale("log")
    ax.set_xlabel(_text(data.get("xlabel") or "epoch"))
    ax.set_ylabel("loss")
    ax.grid(alpha=0.3)
    yours, expected = _text(data.get("yours"), 50), _text(data.get("expected"), 50)
    ax.set_title(_title(data.get("title") or "Which diagnosis fits these curves?"), fontsize=10)
    ax.text(0.5, -0.22, f"you said: {yours or '(no answer)'}    expected: {expected}",
            transform=ax.transAxes, ha="center", va="top", fontsize=10,
            bbox=dict(boxstyle="round", facecolor="#fff4e5", edgecolor=YOURS))
    if train.size or val.size:
        ax.legend(loc="best", fontsize=8)
    return "loss_curve"


DRAW = {"trajectory": _trajectory, "curve": _curve, "histogram": _histogram, "loss_curve": _loss_curve}


def describe(data: Any) -> str:
    """A one-sentence text alternative for a figure (the img's alt text)."""
    if not isinstance(data, dict):
        return "figure"
    kind = data.get("kind")
    if kind == "trajectory":
        return (f"Contour plot of the {_plain(data.get('surface'))} surface with your optimizer's path "
                f"and the expected path.")
    if kind == "curve":
        names = ", ".join(_plain(k) for k in (data.get("series") or {}) if isinstance(data.get("series"), dict))
        return f"Plot: {_plain(data.get('title')) or 'curve'} ({names})."
    if kind == "histogram":
        return f"Histogram of your samples against the expected density: {_plain(data.get('title'))}."
    if kind == "loss_curve":
        return (f"Training and validation loss curves; you said {_plain(data.get('yours'))}, "
                f"expected {_plain(data.get('expected'))}.")
    return "figure"


def _plain(value: Any) -> str:
    return " ".join(str(value if value is not None else "").split())[:120]


def render(data: Any) -> str | None:
    """The figure as a ``data:image/png;base64,...`` URI, or None when it cannot be drawn."""
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str) or data["kind"] not in DRAW:
        return None
    try:
        import matplotlib
        matplotlib.rcParams["text.usetex"] = False
        height = {"loss_curve": 4.6, "curve": 4.8}.get(data["kind"], 4.2)
        fig = _new_figure(6.4, height)
        with np.errstate(all="ignore"):
            DRAW[data["kind"]](fig, data)
        return _to_data_uri(fig)
    except Exception as exc:  # noqa: BLE001 -- a bad figure must never break a feedback page
        print(f"feedback: could not draw a {data.get('kind')} figure: {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return None


def score_histogram(scores: list[float], max_score: float, title: str = "Score distribution") -> str | None:
    """The class's scores as a histogram (for the class report)."""
    try:
        fig = _new_figure(6.4, 3.4)
        ax = fig.add_subplot()
        top = max_score if max_score and max_score > 0 else max(scores or [1.0])
        bins = np.linspace(0, top, 11) if top > 0 else 10
        ax.hist(np.clip(scores, 0, top), bins=bins, color=EXPECTED, edgecolor="white")
        if scores:
            m = float(np.mean(scores))
            ax.axvline(m, color=YOURS, linestyle="--", label=f"mean {m:.1f}")
            ax.legend(loc="upper left", fontsize=8)
        ax.set_xlabel(f"score (out of {top:g})")
        ax.set_ylabel("submissions")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title(_text(title), fontsize=10)
        return _to_data_uri(fig)
    except Exception as exc:  # noqa: BLE001
        print(f"feedback: could not draw the score histogram: {exc}", file=sys.stderr)
        return None
