"""GraphML / node-link through NetworkX, pandas in and out, from_arrays."""

import json
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest

import shockgraph as sg

from conftest import graph_bin


def carried(g: sg.Graph, graph_attrs: bool = True):
    """What the interchange formats carry, in a canonical order (NetworkX's multigraphs
    list edges by source node)."""
    d = json.loads(g.dumps("node-link"))
    key = lambda e: (e["source"], e["target"], e.get("kind", ""), e["amount"])  # noqa: E731
    d["edges"] = sorted(d["edges"], key=key)
    if not graph_attrs:
        d.pop("graph")
    return d


def test_networkx_round_trip():
    g = sg.default_graph()
    G = g.to_networkx()
    assert G.number_of_nodes() == g.node_count
    assert G.number_of_edges() == g.edge_count
    back = sg.Graph.from_networkx(G, amount="amount")
    assert carried(back) == carried(g)


def test_cli_graphml_opens_in_networkx_with_every_attribute(tmp_path):
    out = tmp_path / "g.graphml"
    subprocess.run([str(graph_bin()), "export", "--format", "graphml", "-o", str(out)], check=True)
    G = nx.read_graphml(out)
    g = sg.default_graph()
    ref = json.loads(g.dumps("node-link"))
    assert G.number_of_nodes() == len(ref["nodes"])
    assert G.number_of_edges() == len(ref["edges"])
    for n in ref["nodes"]:
        d = G.nodes[n["id"]]
        for k, v in n.items():
            if k != "id":
                assert d[k] == v, (n["id"], k)
    assert carried(sg.Graph.from_networkx(G, amount="amount")) == carried(g)
    # and back through nx.write_graphml
    nx.write_graphml(G, tmp_path / "nx.graphml")
    assert carried(sg.load(tmp_path / "nx.graphml")) == carried(g)


def test_cli_node_link_opens_in_networkx(tmp_path):
    text = subprocess.run(
        [str(graph_bin()), "export", "--format", "node-link"], check=True, capture_output=True, text=True
    ).stdout
    G = nx.node_link_graph(json.loads(text), edges="edges")
    g = sg.default_graph()
    assert carried(sg.Graph.from_networkx(G, amount="amount")) == carried(g)
    p = tmp_path / "nl.json"
    p.write_text(json.dumps(nx.node_link_data(G, edges="edges")))
    assert carried(sg.load(p)) == carried(g)


def test_hostile_labels_survive_networkx(tmp_path):
    G = nx.DiGraph()
    hostile = "<b>&amp; \"q\" 'x' ]]></graphml>"
    G.add_node("a", label=hostile, buffer=1.0)
    G.add_node("b", label="&lt;script&gt;", buffer=2.0)
    G.add_edge("a", "b", weight=3.0)
    g = sg.Graph.from_networkx(G)
    g.save(tmp_path / "h.graphml")
    H = nx.read_graphml(tmp_path / "h.graphml")
    assert H.nodes["a"]["label"] == hostile
    assert H.nodes["b"]["label"] == "&lt;script&gt;"
    g.save(tmp_path / "h.gexf")
    assert nx.read_gexf(tmp_path / "h.gexf").nodes["a"]["label"] == hostile


def test_pandas_round_trip():
    g = sg.default_graph()
    edges, nodes = g.to_pandas()
    assert list(edges.columns) == ["from", "to", "kind", "amount", "recovery"]
    back = sg.Graph.from_pandas(edges, nodes)
    assert carried(back, False) == carried(g, False)


def test_from_arrays_matches_from_pandas():
    import pandas as pd

    src = np.array([0, 1, 2, 0])
    dst = np.array([1, 2, 0, 2])
    amount = np.array([1.0, 2.0, 3.0, 0.5])
    g = sg.Graph.from_arrays(src, dst, amount, ids=["a", "b", "c"], buffer=[1.0, np.nan, 2.0])
    edges = pd.DataFrame({"from": ["a", "b", "c", "a"], "to": ["b", "c", "a", "c"], "amount": amount})
    nodes = pd.DataFrame({"id": ["a", "b", "c"], "buffer": [1.0, np.nan, 2.0]})
    assert carried(g, False) == carried(sg.Graph.from_pandas(edges, nodes), False)


MEMORY_SCRIPT = r"""
import resource, sys
import numpy as np
import shockgraph as sg
n, m = 100_000, 1_000_000
rng = np.random.default_rng(1)
src = rng.integers(0, n, m)
dst = (src + 1 + rng.integers(0, n - 1, m)) % n
amount = rng.random(m) + 0.1
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
g = sg.Graph.from_arrays(src, dst, amount)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
assert g.edge_count == m
print((peak - base) / 1024)
"""


def test_from_arrays_1m_edges_peak_memory():
    out = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT], check=True, capture_output=True, text=True)
    grew_mib = float(out.stdout)
    # The network holds about 40 bytes per edge in columns and CSRs; the build must not
    # make Python objects per edge (which would cost well over 100 bytes each).
    assert grew_mib < 150, f"from_arrays on 1M edges grew the peak by {grew_mib:.0f} MiB"
