"""shockgraph: shock propagation, centrality and exposure on weighted directed graphs of
commitments, with a Rust core (the same engines as the ``graph`` command line).

>>> import shockgraph as sg
>>> g = sg.default_graph()
>>> r = g.shock(node="openai", haircut=0.5)
>>> r.total_loss > 0
True

Results are small classes whose totals are attributes and whose per-node tables come out
with ``.to_pandas()`` (plain lists of dicts with ``.rows`` when pandas is not installed);
their ``.data`` is exactly the JSON that ``graph ... --format json`` prints.
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from . import _shockgraph
from ._shockgraph import __version__

__all__ = [
    "Graph",
    "ShockResult",
    "StallResult",
    "CentralityResult",
    "RankResult",
    "ExposureResult",
    "SweepResult",
    "TippingResult",
    "load",
    "loads",
    "default_graph",
    "__version__",
]


def _pandas():
    try:
        import pandas as pd  # noqa: PLC0415
    except ImportError:  # pragma: no cover - exercised only without pandas
        return None
    return pd


class _Result:
    """A command's JSON report with attribute access to its top-level numbers."""

    _table_key = "nodes"

    def __init__(self, data: dict[str, Any]):
        self.data = data

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The per-node table as a list of dicts."""
        return list(self.data.get(self._table_key, []))

    def to_pandas(self):
        """The per-node table as a pandas DataFrame (a list of dicts without pandas)."""
        pd = _pandas()
        if pd is None:
            return self.rows
        return pd.DataFrame(self.rows)

    def __repr__(self) -> str:
        keys = [k for k, v in self.data.items() if isinstance(v, (int, float, str))]
        inner = ", ".join(f"{k}={self.data[k]!r}" for k in keys[:6])
        return f"<{type(self).__name__} {inner}>"


class ShockResult(_Result):
    """The outcome of :meth:`Graph.shock`: totals as attributes (``total_loss``,
    ``relative_loss``, ``defaults``, ``rounds``, ``converged`` and the rest of the report's
    ``totals``), the per-node table with :meth:`to_pandas`."""

    def __getattr__(self, name: str) -> Any:
        data = self.__dict__.get("data", {})
        for scope in (data.get("totals", {}), data):
            if isinstance(scope, dict) and name in scope:
                return scope[name]
        raise AttributeError(name)

    @property
    def trace(self) -> list[dict[str, Any]]:
        """Round-by-round changes (with ``trace=True``)."""
        return list(self.data.get("trace", []))


class StallResult(_Result):
    """The outcome of :meth:`Graph.stall`: ``default_year``, ``node``, ``policy`` as
    attributes; :meth:`years` and :meth:`edges` as tables; the last year's shock as
    :attr:`shock`; the per-node table (with ``first_year``) with :meth:`to_pandas`."""

    def __getattr__(self, name: str) -> Any:
        data = self.__dict__.get("data", {})
        if name in data:
            return data[name]
        raise AttributeError(name)

    def _table(self, key: str):
        pd = _pandas()
        rows = list(self.data.get(key, []))
        return rows if pd is None else pd.DataFrame(rows)

    def years(self):
        """Year by year: due, paid, coverage, total loss, impact, distressed, defaulted."""
        return self._table("years")

    def edges(self):
        """The stalled nodes' obligation edges: amount, paid, lost, haircut."""
        return self._table("edges")

    @property
    def shock(self) -> ShockResult:
        """The shock of the last year's run."""
        return ShockResult(self.data["shock"])


class CentralityResult(_Result):
    """Scores of one centrality measure: ``scores`` is a numpy array in node-index order,
    ``ids`` the node ids, ``iterations`` the iterations used (iterative measures)."""

    _table_key = "scores"

    def __init__(self, data: dict[str, Any], ids: Sequence[str]):
        super().__init__(data)
        self.measure = data.get("measure")
        self.iterations = data.get("iterations")
        self.ids = list(ids)
        by_id = {row["id"]: row["score"] for row in data.get("scores", [])}
        self.scores = np.array([by_id[i] for i in self.ids], dtype=float)

    def to_dict(self) -> dict[str, float]:
        """Scores by node id (NetworkX's shape)."""
        return dict(zip(self.ids, self.scores.tolist()))


class RankResult(_Result):
    """The outcome of :meth:`Graph.rank`: one row per node (``rank``, ``impact``,
    ``total_loss``, ``distressed``, ``defaulted``, ``vulnerability`` and the centralities) in
    the order asked for; :attr:`parameters` holds the model, haircut, tolerance and notes."""

    @property
    def parameters(self) -> dict[str, Any]:
        return dict(self.data.get("parameters", {}))

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The rows with the sweep's totals flattened into each row."""
        out = []
        for r in self.data.get("nodes", []):
            row = {k: v for k, v in r.items() if k != "sweep"}
            row.update(r.get("sweep", {}))
            out.append(row)
        return out


class ExposureResult(_Result):
    """The outcome of :meth:`Graph.exposure`: who is exposed to ``node`` (or, reversed, what it
    is exposed to), directly, in the cascade of its default and through all paths."""

    _table_key = "rows"

    def __getattr__(self, name: str) -> Any:
        data = self.__dict__.get("data", {})
        if name in data:
            return data[name]
        raise AttributeError(name)


class SweepResult(_Result):
    """The outcome of :meth:`Graph.sweep`: :meth:`to_pandas` gives one row per (curve,
    haircut) with the totals of the shock at that point; :attr:`curves` the raw curves."""

    @property
    def curves(self) -> list[dict[str, Any]]:
        return list(self.data.get("curves", []))

    @property
    def rows(self) -> list[dict[str, Any]]:
        out = []
        for c in self.data.get("curves", []):
            name = {"node": c["node"]} if "node" in c else {"edge": c["edge"]}
            for p in c["points"]:
                out.append({**name, **p})
        return out


class TippingResult(_Result):
    """The outcome of :meth:`Graph.tipping`: the smallest ``haircut`` (``None`` when no
    haircut up to 1 tips the target), the node that ``tipped``, and the :attr:`shock` at that
    haircut."""

    def __getattr__(self, name: str) -> Any:
        data = self.__dict__.get("data", {})
        if name in data:
            return data[name]
        raise AttributeError(name)

    @property
    def shock(self) -> ShockResult:
        return ShockResult(self.data["shock"])

    @property
    def rows(self) -> list[dict[str, Any]]:
        return list(self.data["shock"].get("nodes", []))


class Graph:
    """A validated, immutable graph of commitments. An edge reads "``source`` owes, pays,
    commits to or invests in ``target``"; see the model documentation for which end is
    exposed for each edge kind."""

    def __init__(self, core: _shockgraph.Graph):
        self._g = core

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def from_arrays(
        cls,
        src: Iterable[int],
        dst: Iterable[int],
        amount: Iterable[float],
        *,
        ids: Sequence[str] | None = None,
        recovery: Iterable[float] | None = None,
        kind: str = "debt",
        buffer: Iterable[float] | None = None,
        value: Iterable[float] | None = None,
    ) -> "Graph":
        """Builds a graph from numpy columns without a Python object per edge.

        ``src`` and ``dst`` are node indices (into ``ids``; by default the ids are
        ``"0"``, ``"1"``, ... up to the largest index). ``amount`` (> 0), optional
        ``recovery`` (in [0, 1]) per edge; one edge ``kind`` for all; optional per-node
        ``buffer`` and ``value`` (NaN: not given)."""
        src = np.ascontiguousarray(src, dtype=np.int64)
        dst = np.ascontiguousarray(dst, dtype=np.int64)
        amount = np.ascontiguousarray(amount, dtype=np.float64)
        if ids is None:
            n = int(max(src.max(initial=-1), dst.max(initial=-1))) + 1
            ids = [str(i) for i in range(n)]
        conv = lambda a: None if a is None else np.ascontiguousarray(a, dtype=np.float64)  # noqa: E731
        return cls(
            _shockgraph.from_arrays(
                src, dst, amount, list(ids), conv(recovery), kind, conv(buffer), conv(value)
            )
        )

    @classmethod
    def from_pandas(cls, edges, nodes=None) -> "Graph":
        """Builds a graph from an edge DataFrame (``from``/``source``, ``to``/``target``,
        ``amount``, optional ``kind`` and ``recovery``) and an optional node DataFrame
        (``id``, optional ``label``, ``kind``, ``buffer``, ``value``, ``external_assets``,
        ``external_liabilities``), checked like a graph file."""
        cols = {c: c for c in edges.columns}
        src = "from" if "from" in cols else "source"
        dst = "to" if "to" in cols else "target"
        for need in (src, dst, "amount"):
            if need not in cols:
                raise ValueError(
                    f"edges: no `{need}` column (have {', '.join(map(str, edges.columns))})"
                )
        ekeys = [k for k in ("kind", "amount", "recovery") if k in cols]
        erecs = [
            {"source": str(s), "target": str(t), **_clean(rec)}
            for s, t, rec in zip(
                edges[src], edges[dst], edges[ekeys].to_dict("records")
            )
        ]
        if nodes is not None:
            nkeys = [
                k
                for k in ("label", "kind", "buffer", "value", "external_assets",
                          "external_liabilities")
                if k in nodes.columns
            ]
            nrecs = [
                {"id": str(i), **_clean(rec)}
                for i, rec in zip(nodes["id"], nodes[nkeys].to_dict("records"))
            ]
        else:
            seen = dict.fromkeys(r["source"] for r in erecs)
            seen.update(dict.fromkeys(r["target"] for r in erecs))
            nrecs = [{"id": i} for i in seen]
        return cls._from_node_link({"nodes": nrecs, "edges": erecs}, "<pandas>")

    @classmethod
    def from_networkx(cls, G, amount: str = "weight") -> "Graph":
        """Builds a graph from a NetworkX ``DiGraph`` or ``MultiDiGraph``; edge attribute
        ``amount`` (default ``"weight"``) is the amount; node attributes ``kind``,
        ``buffer``, ``value``, ``label``, ``external_assets``, ``external_liabilities`` and
        edge attributes ``kind``, ``recovery`` are carried."""
        if not G.is_directed():
            raise ValueError(
                "the NetworkX graph is undirected; shockgraph's edges have a direction "
                "(use nx.DiGraph or G.to_directed())"
            )
        nkeys = ("label", "kind", "buffer", "value", "external_assets", "external_liabilities")
        nodes = [
            {"id": str(n), **{k: d[k] for k in nkeys if k in d}} for n, d in G.nodes(data=True)
        ]
        edges = []
        for u, v, d in G.edges(data=True):
            rec = {"source": str(u), "target": str(v)}
            if amount in d:
                rec["amount"] = d[amount]
            for k in ("kind", "recovery"):
                if k in d:
                    rec[k] = d[k]
            edges.append(rec)
        return cls._from_node_link(
            {"directed": True, "graph": dict(G.graph), "nodes": nodes, "edges": edges},
            "<networkx>",
        )

    @classmethod
    def _from_node_link(cls, doc: Mapping[str, Any], name: str) -> "Graph":
        doc = dict(doc)
        doc.setdefault("directed", True)
        text = json.dumps(doc, default=_json_default, allow_nan=True)
        return cls(_shockgraph.loads(text, "node-link", name))

    # ---- export -------------------------------------------------------------------------
    def to_networkx(self):
        """The graph as a NetworkX ``MultiDiGraph`` with every node and edge attribute."""
        import networkx as nx  # noqa: PLC0415

        data = json.loads(self._g.dumps("node-link"))
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")

    def to_pandas(self):
        """``(edges, nodes)`` as DataFrames (dicts of columns without pandas)."""
        s, t, a, r, k, kind_names = self._g.edge_arrays()
        ids, labels, kinds, (buf, val, ea, el) = self._g.node_columns()
        id_arr = np.array(ids, dtype=object)
        edges = {
            "from": id_arr[s],
            "to": id_arr[t],
            "kind": np.array(kind_names, dtype=object)[k],
            "amount": a,
            "recovery": r,
        }
        nodes = {
            "id": ids,
            "label": labels,
            "kind": kinds,
            "buffer": buf,
            "value": val,
            "external_assets": ea,
            "external_liabilities": el,
        }
        pd = _pandas()
        if pd is None:
            return edges, nodes
        return pd.DataFrame(edges), pd.DataFrame(nodes)

    def dumps(self, format: str = "shockgraph") -> str:
        """The graph as text: ``shockgraph`` JSON, ``node-link``, ``graphml`` or ``gexf``."""
        return self._g.dumps(format)

    def save(self, path: str | os.PathLike, format: str | None = None) -> None:
        """Writes the graph; the format follows the extension unless given."""
        path = os.fspath(path)
        if format is None:
            format = {".graphml": "graphml", ".gexf": "gexf"}.get(
                os.path.splitext(path)[1].lower(), "shockgraph"
            )
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.dumps(format))

    # ---- facts --------------------------------------------------------------------------
    @property
    def node_count(self) -> int:
        """Number of nodes."""
        return self._g.node_count

    @property
    def edge_count(self) -> int:
        """Number of edges."""
        return self._g.edge_count

    @property
    def ids(self) -> list[str]:
        """Node ids in index order."""
        return self._g.ids()

    def __len__(self) -> int:
        return len(self._g)

    def __repr__(self) -> str:
        return repr(self._g)

    # ---- analyses -----------------------------------------------------------------------
    def shock(
        self,
        node: str | Sequence[str] | None = None,
        haircut: float | None = None,
        *,
        shocks: Mapping[str, float] | None = None,
        model: str = "debtrank",
        alpha: float | None = None,
        beta: float | None = None,
        edges: Iterable[str] | Mapping[str, float] | None = None,
        max_rounds: int = 1_000_000,
        tolerance: float = _shockgraph.TOLERANCE,
        trace: bool = False,
        samples: int | None = None,
        seed: int = 1,
        dist: str = "uniform",
    ) -> ShockResult:
        """Runs a shock, like ``graph shock``: ``node`` (one id or several) each with
        ``haircut`` (default 1, a full default), and/or ``shocks={"id": h}``; ``model`` is
        ``debtrank`` (default), ``debtrank-classic``, ``threshold`` or ``eisenberg-noe``
        (with Rogers–Veraart ``alpha``/``beta``). ``edges`` are edge shocks, written as
        ``--edge`` takes them (``["openai:oracle=0.5"]``) or as ``{"openai:oracle": 0.5}``.
        ``samples`` draws every uncertain figure that many times (``seed``, ``dist``
        ``uniform`` or ``triangular``) and adds percentiles and default probabilities, like
        ``graph shock --samples``."""
        nodes = [node] if isinstance(node, str) else list(node or [])
        edge_specs = _edge_specs(edges)
        for spec in edge_specs:
            if spec[3] is None:
                raise ValueError(
                    f"edge `{_edge_label(spec)}` has no haircut "
                    "(hint: \"FROM:TO=H\" or {\"FROM:TO\": H})"
                )
        if haircut is not None and not nodes:
            raise ValueError(
                "haircut applies to the `node` nodes, but none is given "
                "(hint: g.shock(node=\"openai\", haircut=0.5))"
            )
        pairs = [(n, 1.0 if haircut is None else float(haircut)) for n in nodes]
        pairs += [(n, float(h)) for n, h in (shocks or {}).items()]
        if not pairs and not edge_specs:
            raise ValueError(
                "no node to shock (hint: give node=ID, haircut=H, shocks={ID: H} "
                "or edges={\"FROM:TO\": H})"
            )
        _costs_belong(model, alpha, beta)
        text = self._g.shock_json(
            pairs, model, alpha, beta, max_rounds, tolerance, trace, edge_specs,
            samples, seed, dist,
        )
        return ShockResult(json.loads(text))

    def stall(
        self,
        node: str | Sequence[str],
        growth: float | None = None,
        *,
        plan: bool = False,
        policy: str = "default",
        model: str = "debtrank",
        start: int | None = None,
        end: int | None = None,
        alpha: float | None = None,
        beta: float | None = None,
    ) -> StallResult:
        """A growth stall, like ``graph stall``: ``node`` (one id or several, stalled
        together) with revenue growing at ``growth`` (default 0, flat) or following its
        funding ``plan``; ``policy`` ``default`` or ``pro-rata``; the years ``start`` to
        ``end`` (``--from``/``--to``); ``model`` as in :meth:`shock`."""
        nodes = [node] if isinstance(node, str) else list(node)
        if plan and growth is not None:
            raise ValueError("give growth or plan=True, not both")
        _costs_belong(model, alpha, beta)
        text = self._g.stall_json(nodes, growth, plan, policy, model, start, end, alpha, beta)
        return StallResult(json.loads(text))

    def centrality(
        self,
        measure: str = "pagerank",
        *,
        alpha: float | None = None,
        beta: float | None = None,
        personalization: Mapping[str, float] | None = None,
        weighted: bool = False,
        max_iter: int | None = None,
        tol: float | None = None,
        samples: int | None = None,
        seed: int | None = None,
    ) -> CentralityResult:
        """One centrality measure, like ``graph centrality --measure M`` (NetworkX's
        conventions): ``in-degree``, ``out-degree``, ``in-strength``, ``out-strength``,
        ``pagerank``, ``eigenvector``, ``katz``, ``hubs``, ``authorities``, ``betweenness``,
        ``closeness``, ``harmonic`` (see ``graph centrality --help``). Betweenness only:
        ``samples=K`` estimates it from K random source nodes (Brandes & Pich 2007, scaled as
        NetworkX's ``k=K``; ``seed`` default 0; K >= the node count is exact)."""
        pers = None if personalization is None else [(k, float(v)) for k, v in personalization.items()]
        text = self._g.centrality_json(measure, alpha, beta, pers, weighted, max_iter, tol, samples, seed)
        return CentralityResult(json.loads(text), self.ids)

    def rank(
        self,
        *,
        model: str = "debtrank",
        haircut: float = 1.0,
        by: str = "rank",
        centrality: bool = True,
        tolerance: float = _shockgraph.TOLERANCE,
    ) -> RankResult:
        """Systemic importance of every node, like ``graph rank``: each node alone gets
        ``haircut`` under ``model``; rows sorted ``by`` a column (``rank``, ``impact``,
        ``total_loss``, ``distressed``, ``defaulted``, ``vulnerability``, ``pagerank``,
        ``eigenvector``, ``betweenness``); ``centrality=False`` leaves out the centrality
        columns; ``tolerance`` is differential DebtRank's (a ranking rarely needs below 1e-9)."""
        return RankResult(
            json.loads(_shockgraph.rank_json(self._g, model, haircut, by, centrality, tolerance))
        )

    def exposure(
        self,
        node: str,
        *,
        model: str = "debtrank",
        paths: bool = False,
        reverse: bool = False,
    ) -> ExposureResult:
        """Who is exposed to ``node``, like ``graph exposure``: direct exposure, the loss in the
        cascade of its default under ``model`` and the linear total through all paths;
        ``paths=True`` adds the main path of each loss, ``reverse=True`` shows what ``node``
        is exposed to."""
        return ExposureResult(
            json.loads(_shockgraph.exposure_json(self._g, node, model, paths, reverse))
        )

    def sweep(
        self,
        node: str | Sequence[str] | None = None,
        *,
        edges: Iterable[str] | Mapping[str, float | None] | None = None,
        model: str = "debtrank",
        steps: int = 20,
        alpha: float | None = None,
        beta: float | None = None,
    ) -> SweepResult:
        """The haircut on each ``node`` (one curve each) and on each edge selection of
        ``edges`` without a haircut (``"FROM:TO[:KIND]"``) from 0 to 1 in ``steps`` steps,
        like ``graph sweep``; edges with a haircut (``"FROM:TO=H"``) are applied at every
        point."""
        nodes = [node] if isinstance(node, str) else list(node or [])
        _costs_belong(model, alpha, beta)
        text = _shockgraph.sweep_json(
            self._g, nodes, _edge_specs(edges), model, steps, alpha, beta
        )
        return SweepResult(json.loads(text))

    def tipping(
        self,
        target: str,
        node: str | None = None,
        *,
        edges: Iterable[str] | Mapping[str, float | None] | None = None,
        level: float = 1.0,
        model: str = "debtrank",
        alpha: float | None = None,
        beta: float | None = None,
    ) -> TippingResult:
        """Reverse stress test, like ``graph tipping``: the smallest haircut on ``node`` (or
        on the one edge selection of ``edges`` without a haircut) that brings ``target`` (an
        id, or ``"any"``) to distress ``level`` (1: default), to 1e-6."""
        _costs_belong(model, alpha, beta)
        text = _shockgraph.tipping_json(
            self._g, target, node, _edge_specs(edges), level, model, alpha, beta
        )
        return TippingResult(json.loads(text))

    def sample(
        self,
        node: str | Sequence[str] | None = None,
        haircut: float | None = None,
        *,
        samples: int = 1000,
        seed: int = 1,
        dist: str = "uniform",
        **kwargs: Any,
    ) -> ShockResult:
        """The shock of :meth:`shock` with every uncertain figure drawn ``samples`` times
        (``seed``, ``dist`` ``uniform`` or ``triangular``): the result adds loss percentiles
        (``total_loss_p5``, ``total_loss_p50``, ``total_loss_p95``) and each node's default
        probability, like ``graph shock --samples``."""
        return self.shock(node, haircut, samples=samples, seed=seed, dist=dist, **kwargs)


def _clean(rec: Mapping[str, Any]) -> dict[str, Any]:
    """Drops missing values (NaN / None) of a record."""
    out = {}
    for k, v in rec.items():
        if v is None or (isinstance(v, float) and v != v):
            continue
        out[k] = v.item() if isinstance(v, np.generic) else v
    return out


def _json_default(v):
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(f"cannot write {type(v).__name__} into a graph")


def _costs_belong(model: str, alpha: float | None, beta: float | None) -> None:
    if (alpha is not None or beta is not None) and model != "eisenberg-noe":
        raise ValueError(f"default costs belong to eisenberg-noe, not {model}")


def _edge_specs(edges) -> list[tuple[str, str, str | None, float | None]]:
    """Edge selections as ``--edge`` writes them (``"FROM:TO[:KIND][=H]"``), or a mapping of
    ``"FROM:TO[:KIND]"`` to a haircut (``None``: no haircut), as ``(from, to, kind, h)``."""
    if edges is None:
        return []
    if isinstance(edges, str):
        edges = [edges]
    items = edges.items() if isinstance(edges, Mapping) else [
        tuple(e.split("=", 1)) if "=" in e else (e, None) for e in edges
    ]
    out = []
    for sel, h in items:
        parts = [p.strip() for p in str(sel).split(":")]
        if len(parts) not in (2, 3) or not all(parts):
            raise ValueError(
                f"edge `{sel}` is not of the form FROM:TO[:KIND] "
                "(hint: \"openai:oracle=0.5\" or {\"openai:oracle\": 0.5})"
            )
        if h is not None:
            try:
                h = float(h)
            except ValueError:
                raise ValueError(f"the haircut in `{sel}={h}` is not a number") from None
        out.append((parts[0], parts[1], parts[2] if len(parts) == 3 else None, h))
    return out


def _edge_label(spec) -> str:
    return ":".join(p for p in spec[:3] if p is not None)


def load(path: str | os.PathLike, nodes: str | os.PathLike | None = None) -> Graph:
    """Loads a graph file: ``.json`` (shockgraph/1 or NetworkX node-link), ``.graphml`` or
    ``.csv`` (an edge list, with an optional nodes CSV), like ``--graph``/``--nodes``."""
    return Graph(_shockgraph.load(os.fspath(path), None if nodes is None else os.fspath(nodes)))


def loads(text: str, format: str = "shockgraph", name: str = "<string>") -> Graph:
    """Parses graph text: ``shockgraph`` JSON, ``node-link`` JSON or ``graphml``."""
    return Graph(_shockgraph.loads(text, format, name))


def default_graph() -> Graph:
    """The embedded default graph of the AI-infrastructure economy."""
    return Graph(_shockgraph.default_graph())
