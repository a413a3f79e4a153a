#!/usr/bin/env python3
"""Draw cinerec's report figures from a JSON plan.

Usage: /usr/bin/python3 tools/cinerec_plot.py PLAN.json  (csv/png paths relative to the plan)

The C++ commands write the numbers as CSV files and describe the figures in
PLAN.json ({"figures": [...]}); this module only draws, so every number in a
PNG can be checked against a CSV. Exit status: 0 = all written, 1 = a PNG
could not be written, 2 = bad plan or CSV, 3 = matplotlib is missing.
"""
import csv
import json
import math
import os
import re
import sys
import tempfile

EXIT_IO, EXIT_BAD_PLAN, EXIT_NO_MATPLOTLIB = 1, 2, 3

# Fixed, so that a model has the same colour in every figure of every report.
MODEL_COLOURS = {
    "pop": "#7f7f7f", "cnn": "#1f77b4", "cnn-rank": "#ff7f0e", "usercf": "#2ca02c",
    "itemcf": "#d62728", "mf": "#9467bd", "bpr": "#8c564b", "fism": "#e377c2",
    "enmf": "#bcbd22", "din": "#17becf",
}
# Bars that are not coloured by label: a blue-grey outside tab10, so a plain
# chart does not look like it is about one particular model.
PLAIN_COLOUR = "#5b7a99"
# Labels that are not models (genres, splits, runs' curves) take these in order of appearance:
# dark, well separated hues apart from the model palette's pure tab10 ones.
OTHER_COLOURS = [
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
    "#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#999999",
]
CJK_FONTS = ["WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans CJK JP"]
CJK_RE = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
CHAR_PX = 8  # rough width of one Latin character at 11 pt and 100 dpi
NICE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10 ** 9]
DEFAULT_SIZE = {"width_px": 1000, "height_px": 600}


class PlanError(Exception):
    """A problem with the plan or a CSV: reported as one line, exit status 2."""


def colours_for(labels):
    """Colour per label: models get their fixed colour (the same in every figure); other labels
    the next colour of OTHER_COLOURS (none of them a model's), so neighbours stay distinct."""
    others = iter(OTHER_COLOURS)
    return [MODEL_COLOURS.get(label) or next(others, PLAIN_COLOUR) for label in labels]


def text_width(text):
    """Width in Latin characters; CJK glyphs are about twice as wide."""
    return sum(2 if CJK_RE.match(ch) else 1 for ch in text)


# ---------------------------------------------------------------- input

def px(fig, key):
    """width_px or height_px of a figure, with the default where absent."""
    return fig.get(key, DEFAULT_SIZE[key])


def where(fig, line=None):
    spot = f"figure {fig['png']} (csv {fig.get('csv', '?')})"
    return f"{spot}, line {line}" if line else spot


def check_plan(plan):
    """Validate the whole plan before drawing anything, so a typo in the last
    figure does not leave a half-finished set of PNGs behind."""
    figures = plan.get("figures") if isinstance(plan, dict) else None
    if not isinstance(figures, list) or not figures:
        raise PlanError('plan: expected {"figures": [FIGURE, ...]} with at least one figure')
    for i, fig in enumerate(figures):
        if not isinstance(fig, dict) or not isinstance(fig.get("png"), str):
            raise PlanError(f"plan: figure #{i}: expected an object with a string \"png\"")
        if fig.get("kind") not in DRAW:
            raise PlanError(f"{where(fig)}: unknown kind {fig.get('kind')!r}, "
                            f"expected one of {', '.join(DRAW)}")
        strings = ["csv", "title", "xlabel"]
        if fig["kind"] != "bar_panels" or "ylabel" in fig:
            strings.append("ylabel")
        for key in strings:
            if not isinstance(fig.get(key), str):
                raise PlanError(f"{where(fig)}: \"{key}\" is missing or not a string")
        for key in ("logx", "logy", "colour_by_label", "markers", "points"):
            if not isinstance(fig.get(key, False), bool):
                raise PlanError(f"{where(fig)}: \"{key}\" must be true or false")
        for key in ("width_px", "height_px"):
            size = px(fig, key)
            if type(size) is not int or not 100 <= size <= 10000:
                raise PlanError(f"{where(fig)}: \"{key}\" must be an integer 100..10000")
        category_axis = {"barh": "logy", "bar": "logx", "bar_panels": "logx",
                         "grouped_bars": "logx"}.get(fig["kind"])
        if fig.get(category_axis):
            raise PlanError(f"{where(fig)}: {category_axis} is not possible on the category "
                            f"axis of a {fig['kind']} figure")
    return figures


def read_csv(fig, min_columns=None):
    """Header and data rows as (line number, fields); '#' lines and blank lines
    are skipped but still counted, so errors name the line an editor shows.
    min_columns=None: every row needs as many fields as the header, at least 2."""
    line_no = [0]

    def data_lines(f):
        for line_no[0], line in enumerate(f, 1):
            if not line.startswith("#"):
                yield line

    rows = []
    try:
        with open(fig["csv"], newline="", encoding="utf-8-sig") as f:
            for fields in csv.reader(data_lines(f)):
                if fields:
                    rows.append((line_no[0], fields))
    except OSError as e:
        raise PlanError(f"{where(fig)}: cannot read the csv: {e.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise PlanError(f"{where(fig, line_no[0])}: not a UTF-8 CSV: {e}") from None
    if not rows:
        raise PlanError(f"{where(fig)}: empty CSV, expected a header line and data rows")
    if len(rows) < 2:
        raise PlanError(f"{where(fig)}: no data rows after the header on line {rows[0][0]}")
    header = rows[0][1]
    want = max(2, len(header)) if min_columns is None else min_columns
    for line, fields in rows:
        if len(fields) < want:
            raise PlanError(f"{where(fig, line)}: {len(fields)} fields, expected at least {want}")
    return header, rows[1:]


def number(fig, line, column, text, empty_ok=False):
    """A finite float, or None for an empty field where that is allowed."""
    if empty_ok and not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise PlanError(f"{where(fig, line)}: column {column!r} is {text!r}, expected a "
                        f"finite number{' or an empty field' if empty_ok else ''}")
    return value


def label_value_rows(fig):
    header, rows = read_csv(fig, 2)
    labels = [fields[0] for _, fields in rows]
    values = [number(fig, line, header[1], fields[1]) for line, fields in rows]
    return labels, values


# ---------------------------------------------------------------- drawing helpers

def fmt_value(value):
    """Bar value text: counts with thousands separators, others to 4 significant digits."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}"


def set_scales(fig, ax):
    from matplotlib.ticker import LogFormatterSciNotation

    class DashFormatter(LogFormatterSciNotation):
        # Mathtext draws '-' as U+2212, which WenQuanYi lacks (10^-3 would show
        # a box); an en dash looks the same and WenQuanYi has it.
        def __call__(self, x, pos=None):
            return super().__call__(x, pos).replace("-", "\u2013")

    for axis, flag, set_scale in ((ax.xaxis, "logx", ax.set_xscale),
                                  (ax.yaxis, "logy", ax.set_yscale)):
        if fig.get(flag):
            set_scale("log")
            axis.set_major_formatter(DashFormatter())
            axis.set_minor_formatter(DashFormatter(labelOnlyBase=False))


def category_xticks(fig, ax, labels):
    """Show as many category labels as fit the width: flat if they fit,
    rotated if they are long, and only every k-th one if there are too many."""
    axis_px = px(fig, "width_px") * 0.85
    longest = max(text_width(label) for label in labels) + 2
    rotate = len(labels) * longest * CHAR_PX > axis_px and longest > 8
    fit = axis_px / (22 if rotate else longest * CHAR_PX)
    need = len(labels) / max(fit, 1)
    step = next(s for s in NICE_STEPS if s >= need) if need > 1 else 1
    ticks = list(range(0, len(labels), step))
    if step > 1 and all(label.strip().isdigit() for label in labels):
        # Years and the like: label 1910, 1920, ... rather than 1900, 1907, ...
        ticks = [i for i, label in enumerate(labels) if int(label) % step == 0] or ticks
    ax.set_xticks(ticks, [labels[i] for i in ticks])
    if rotate:
        ax.tick_params(axis="x", labelrotation=40)
        for text in ax.get_xticklabels():
            text.set_horizontalalignment("right")
            text.set_rotation_mode("anchor")


def bar_colours(fig, labels):
    return colours_for(labels) if fig.get("colour_by_label") else PLAIN_COLOUR


# ---------------------------------------------------------------- one function per kind

def draw_barh(fig, figure):
    labels, values = label_value_rows(fig)
    ax = figure.subplots()
    bars = ax.barh(range(len(labels)), values, color=bar_colours(fig, labels))
    # Rows lower than the text get smaller text, and below 6 pt fewer labels.
    axis_px = px(fig, "height_px") * 0.8
    size = min(11, max(6, axis_px / len(labels) / 1.7))
    step = max(1, math.ceil(len(labels) / max(1, int(axis_px / (size * 1.7)))))
    ax.set_yticks(range(0, len(labels), step), labels[::step], fontsize=size)
    ax.invert_yaxis()  # the first CSV row at the top
    texts = [fmt_value(v) if i % step == 0 else "" for i, v in enumerate(values)]
    ax.bar_label(bars, texts, padding=3, fontsize=min(size, 10))
    ax.margins(x=0.15, y=0.01)  # room for the value text past the longest bar
    set_scales(fig, ax)
    return ax


def draw_bar(fig, figure):
    labels, values = label_value_rows(fig)
    ax = figure.subplots()
    bars = ax.bar(range(len(labels)), values, color=bar_colours(fig, labels))
    category_xticks(fig, ax, labels)
    if len(labels) <= 40:  # more value labels than that would overlap
        ax.bar_label(bars, [fmt_value(v) for v in values], padding=2, fontsize=9)
    ax.margins(x=0.01, y=0.08)
    set_scales(fig, ax)
    return ax


def draw_lines(fig, figure):
    header, rows = read_csv(fig, 3)
    series = {}  # dict keeps the order of first appearance
    for line, fields in rows:
        xs, ys = series.setdefault(fields[0], ([], []))
        xs.append(number(fig, line, header[1], fields[1]))
        ys.append(number(fig, line, header[2], fields[2]))
    ax = figure.subplots()
    for (name, (xs, ys)), colour in zip(series.items(), colours_for(list(series))):
        # "points": markers alone, for counts whose neighbours are not a curve (a long tail).
        points = fig.get("points")
        ax.plot(xs, ys, color=colour, label=name, linewidth=0 if points else 1.6,
                marker="o" if fig.get("markers") or points else None,
                markersize=3 if points else 4, alpha=0.75 if points else 1.0)
    if len(series) > 1:
        ax.legend()
    set_scales(fig, ax)
    return ax


def histogram_bins(values, log):
    """50 bins, log-spaced on a log axis so that they look even there."""
    import numpy as np
    if log:
        positive = values[values > 0]
        if positive.size and positive.min() < positive.max():
            return np.geomspace(positive.min(), positive.max(), 51)
    return 50


def draw_scatter_marginal(fig, figure):
    import numpy as np
    header, rows = read_csv(fig, 2)
    x = np.array([number(fig, line, header[0], f[0]) for line, f in rows])
    y = np.array([number(fig, line, header[1], f[1]) for line, f in rows])
    grid = figure.add_gridspec(2, 2, width_ratios=(4, 1), height_ratios=(1, 4))
    ax = figure.add_subplot(grid[1, 0])
    top = figure.add_subplot(grid[0, 0], sharex=ax)
    right = figure.add_subplot(grid[1, 1], sharey=ax)
    set_scales(fig, ax)
    # Faint small points: 140,000 of them still show where the mass is.
    alpha = min(0.8, max(0.06, 3000 / len(x)))
    ax.scatter(x, y, s=3, alpha=alpha, color=PLAIN_COLOUR, linewidths=0)
    top.hist(x, bins=histogram_bins(x, fig.get("logx")), color=PLAIN_COLOUR)
    right.hist(y, bins=histogram_bins(y, fig.get("logy")), color=PLAIN_COLOUR,
               orientation="horizontal")
    top.tick_params(axis="x", labelbottom=False)
    right.tick_params(axis="y", labelleft=False)
    top.set_ylabel("count")
    right.set_xlabel("count")
    figure.suptitle(fig["title"])
    return ax


def draw_bar_panels(fig, figure):
    header, rows = read_csv(fig)
    labels = [fields[0] for _, fields in rows]
    axes = figure.subplots(len(header) - 1, 1, sharex=True, squeeze=False)[:, 0]
    for column, ax in enumerate(axes, 1):
        values = [number(fig, line, header[column], f[column]) for line, f in rows]
        ax.bar(range(len(labels)), values, color=PLAIN_COLOUR)
        ax.set_ylabel(header[column])
        ax.margins(x=0.01)
        set_scales(fig, ax)
    category_xticks(fig, axes[-1], labels)
    if "ylabel" in fig:  # optional: one label for all panels, left of theirs
        figure.supylabel(fig["ylabel"])
    return axes[-1]


def draw_grouped_bars(fig, figure):
    header, rows = read_csv(fig)
    models = [fields[0] for _, fields in rows]
    ax = figure.subplots()
    width = 0.8 / len(models)
    for i, ((line, fields), colour) in enumerate(zip(rows, colours_for(models))):
        present = [(g, number(fig, line, header[g + 1], text, empty_ok=True))
                   for g, text in enumerate(fields[1:len(header)])]
        present = [(g, v) for g, v in present if v is not None]
        xs = [g - 0.4 + width * (i + 0.5) for g, _ in present]
        bars = ax.bar(xs, [v for _, v in present], width, color=colour, label=models[i])
        if len(models) * (len(header) - 1) <= 40:  # beyond that the labels collide
            ax.bar_label(bars, [f"{v:.3g}" for _, v in present], padding=2,
                         fontsize=8, rotation=90)
    category_xticks(fig, ax, header[1:])
    ax.margins(y=0.12)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    set_scales(fig, ax)
    return ax


DRAW = {
    "barh": draw_barh, "bar": draw_bar, "lines": draw_lines,
    "scatter_marginal": draw_scatter_marginal, "bar_panels": draw_bar_panels,
    "grouped_bars": draw_grouped_bars,
}


# ---------------------------------------------------------------- output

def setup_matplotlib():
    """Readable font sizes, a light grid, and the CJK fonts that are installed."""
    import matplotlib
    from matplotlib import font_manager
    found = {font.name for font in font_manager.fontManager.ttflist}
    cjk = [name for name in CJK_FONTS if name in found]
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": cjk + ["DejaVu Sans"],
        "axes.unicode_minus": False,  # CJK fonts lack U+2212; use '-'
        "font.size": 11, "axes.titlesize": 13, "axes.labelsize": 12, "legend.fontsize": 10,
        "figure.titlesize": 13, "figure.labelsize": 12,
        "axes.grid": True, "grid.alpha": 0.3, "axes.axisbelow": True,  # light, behind bars
    })
    return bool(cjk)


def save_atomically(figure, png):
    """Write to a temporary file next to the PNG and rename it into place, so a
    reader never sees a half-written image."""
    directory = os.path.dirname(os.path.abspath(png))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".cinerec_plot.", suffix=".png", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out:
            figure.savefig(out, format="png", dpi=100)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide it from others
        os.replace(tmp, png)
    except BaseException:
        os.unlink(tmp)
        raise


def render(fig, have_cjk_font, warned):
    import matplotlib.pyplot as plt
    from matplotlib.text import Text
    # Exact pixel size: figsize in inches at 100 dpi, and no bbox_inches="tight".
    figure = plt.figure(figsize=(px(fig, "width_px") / 100, px(fig, "height_px") / 100),
                        dpi=100, layout="constrained")
    try:
        ax = DRAW[fig["kind"]](fig, figure)
        if fig["kind"] != "scatter_marginal":  # that one has a suptitle over 3 axes
            figure.axes[0].set_title(fig["title"])
        ax.set_xlabel(fig["xlabel"])
        if "ylabel" in fig and fig["kind"] != "bar_panels":
            ax.set_ylabel(fig["ylabel"])
        texts = [t.get_text() for t in figure.findobj(Text)]
        if not have_cjk_font and not warned and any(CJK_RE.search(t) for t in texts):
            print("cinerec_plot: warning: CJK text but no CJK font found; install "
                  "fonts-wqy-zenhei (apt-get install fonts-wqy-zenhei)", file=sys.stderr)
            warned = True
        save_atomically(figure, fig["png"])
    finally:
        plt.close(figure)
    return warned


def main(argv):
    if len(argv) != 2:
        print("usage: cinerec_plot.py PLAN.json", file=sys.stderr)
        return EXIT_BAD_PLAN
    try:
        import matplotlib  # here, not at the top, so that this check can run
    except ImportError:
        print(f"cinerec_plot: matplotlib is not installed for {sys.executable}: install "
              "Debian's python3-matplotlib (apt-get install python3-matplotlib) or set "
              "CINEREC_PYTHON to a Python that has it", file=sys.stderr)
        return EXIT_NO_MATPLOTLIB
    matplotlib.use("Agg")  # files only, no display; before pyplot is imported
    try:
        try:
            with open(argv[1], encoding="utf-8") as f:
                plan = json.load(f)
        except (OSError, ValueError) as e:
            raise PlanError(f"plan {argv[1]}: cannot read it as JSON: {e}") from None
        figures = check_plan(plan)
        # Relative csv and png paths name files beside the plan, so a folder of figures can be
        # moved and redrawn from its own figures.json; messages then name them as the plan does.
        os.chdir(os.path.dirname(os.path.abspath(argv[1])))
        have_cjk_font, warned = setup_matplotlib(), False
        for fig in figures:
            try:
                warned = render(fig, have_cjk_font, warned)
            except OSError as e:
                print(f"cinerec_plot: {where(fig)}: cannot write the png: {e}", file=sys.stderr)
                return EXIT_IO
    except PlanError as e:
        print(f"cinerec_plot: {e}", file=sys.stderr)
        return EXIT_BAD_PLAN
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
