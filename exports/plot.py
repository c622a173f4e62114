"""A static picture of (part of) the graph for reports: PNG, SVG or PDF.

matplotlib is an optional extra (``pip install 'zhkg[plot]'``) and is
imported only when a picture is drawn. Chinese labels need a CJK font on the
machine (Debian: ``fonts-noto-cjk``); :func:`find_cjk_font` looks for one
among the fonts matplotlib knows. Colours and markers follow the HTML view.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from zhkg.extract.errors import InputError, ZhkgError
from zhkg.graph.explore import centrality

from .atomic import atomic_write
from .html import RELATION_COLOR, TYPE_STYLE, _zh

__all__ = ["plot_graph", "find_cjk_font", "FORMATS", "MAX_PLOT_NODES"]

#: Picture formats by file suffix.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: Larger graphs are cut to this many nodes (highest PageRank first).
MAX_PLOT_NODES = 150
# no dates in the file, so the same graph gives the same bytes
_METADATA = {"png": {"Software": "zhkg"}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}
_MARKERS = {"dot": "o", "diamond": "D", "triangle": "^", "triangleDown": "v", "square": "s", "hexagon": "h",
            "star": "*", "ellipse": "o"}
_PREFERRED = ("Noto Sans CJK SC", "Noto Sans CJK", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
              "Microsoft YaHei", "PingFang SC", "SimHei", "Noto Serif CJK SC", "AR PL UMing")


class PlotError(ZhkgError):
    """A picture cannot be drawn here (no matplotlib, no CJK font)."""


def find_cjk_font() -> str | None:
    """Path of a font file with Chinese glyphs known to matplotlib, or None.

    Examples
    --------
    >>> path = find_cjk_font()  # doctest: +SKIP
    >>> path  # doctest: +SKIP
    '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
    """
    try:
        from matplotlib import font_manager
    except ImportError:
        return None
    fonts = font_manager.fontManager.ttflist
    for family in _PREFERRED:
        for f in fonts:
            if f.name == family and f.weight in (400, "normal", "regular"):
                return f.fname
        for f in fonts:
            if f.name == family:
                return f.fname
    for f in fonts:
        if "CJK" in f.name or "Hei" in f.name:
            return f.fname
    return None


def _layout(h: nx.Graph, seed: int) -> dict:
    n = max(h.number_of_nodes(), 1)
    return nx.spring_layout(h, seed=seed, k=1.8 / n ** 0.5, iterations=200)


def plot_graph(g: nx.MultiDiGraph, path: str | Path, focus: str | None = None, title: str | None = None,
               seed: int = 42, max_nodes: int = MAX_PLOT_NODES, size: tuple[float, float] = (11.0, 8.0)) -> Path:
    """Draw ``g`` (usually an ego subgraph) to ``path``; the suffix gives the format.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph to draw; over ``max_nodes`` nodes, the top by PageRank.
    path : str or Path
        ``.png``, ``.svg`` or ``.pdf``; written atomically.
    focus : str, optional
        A node id drawn larger, with a black border.
    title : str, optional
        Title above the picture.
    seed : int
        Seed of the spring layout: the same graph gives the same picture.

    Returns
    -------
    Path

    Raises
    ------
    InputError
        An unknown suffix.
    PlotError
        matplotlib is not installed or no CJK font is found.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="长安软件科技公司", type="Company")
    >>> g.add_node("p", label="仙桃数据谷", type="Park")
    >>> _ = g.add_edge("a", "p", key="settledIn")
    >>> plot_graph(g, "x.png", focus="a")  # doctest: +SKIP
    PosixPath('x.png')
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), f"unknown picture format {path.suffix!r} (expected {', '.join(FORMATS)})")
    try:
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties
        from matplotlib.lines import Line2D
    except ImportError as exc:
        raise PlotError("matplotlib is not installed (pip install 'zhkg[plot]')") from exc
    font = find_cjk_font()
    if font is None:
        raise PlotError("no CJK font found for Chinese labels (install fonts-noto-cjk)")
    prop = FontProperties(fname=font)

    if g.number_of_nodes() > max_nodes:
        keep = {c.node for c in centrality(g, types=None, measures=("pagerank",), top=max_nodes)}
        if focus is not None:
            keep.add(focus)
        g = g.subgraph(keep)
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    h.add_edges_from(sorted((u, v) for u, v in g.edges()))
    pos = _layout(h, seed)

    fig = Figure(figsize=size, dpi=150)
    ax = fig.add_subplot()
    ax.set_axis_off()
    few = g.number_of_edges() <= 40
    for u, v, rel in sorted(g.edges(keys=True)):
        (x0, y0), (x1, y1) = pos[u], pos[v]
        color = RELATION_COLOR.get(rel, "#999999")
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.0, "alpha": 0.8,
                                "shrinkA": 7, "shrinkB": 7, "mutation_scale": 9})
        if few:
            ax.text((x0 + x1) / 2, (y0 + y1) / 2, _zh(rel), fontproperties=prop, fontsize=7, color="#555555",
                    ha="center", va="center", bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                                                    "alpha": 0.7})
    deg = dict(h.degree())
    top = max(deg.values(), default=1) or 1
    types_seen = []
    for node, data in sorted(g.nodes(data=True)):
        color, shape = TYPE_STYLE.get(data["type"], ("#bab0ac", "dot"))
        if data["type"] not in types_seen:
            types_seen.append(data["type"])
        s = 60 + 340 * (deg[node] / top) ** 0.5
        x, y = pos[node]
        ax.scatter([x], [y], s=s * (2 if node == focus else 1), c=color, marker=_MARKERS.get(shape, "o"),
                   edgecolors="black" if node == focus else "white", linewidths=1.5 if node == focus else 0.5,
                   zorder=3)
        label = data["label"] if len(data["label"]) <= 14 else data["label"][:13] + "…"
        ax.text(x, y - 0.035, label, fontproperties=prop, fontsize=9 if node != focus else 11, ha="center",
                va="top", zorder=4, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
    handles = [Line2D([], [], marker=_MARKERS.get(TYPE_STYLE[t][1], "o"), color="none",
                      markerfacecolor=TYPE_STYLE[t][0], markeredgecolor="white", markersize=9, label=_zh(t))
               for t in TYPE_STYLE if t in types_seen]
    if handles:
        ax.legend(handles=handles, prop=prop, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    if title:
        ax.set_title(title, fontproperties=prop, fontsize=13)
    ax.margins(0.08)
    fig.tight_layout()
    with atomic_write(path, "wb", encoding=None) as fh:
        fig.savefig(fh, format=fmt, metadata=_METADATA[fmt])
    return path
