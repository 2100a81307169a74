"""Bad input raises ValueError (OSError for files) with the library's message."""

import numpy as np
import pytest

import shockgraph as sg


@pytest.fixture(scope="module")
def g():
    return sg.default_graph()


def test_unknown_node(g):
    with pytest.raises(ValueError, match="openia"):
        g.shock(node="openia")


def test_haircut_out_of_range(g):
    with pytest.raises(ValueError, match=r"must be in \[0, 1\]"):
        g.shock(node="openai", haircut=1.5)


def test_no_shock_and_misplaced_options(g):
    with pytest.raises(ValueError, match="no node to shock"):
        g.shock()
    with pytest.raises(ValueError, match="eisenberg-noe"):
        g.shock(node="openai", alpha=0.5)
    with pytest.raises(ValueError, match="model"):
        g.shock(node="openai", model="debtrunk")


def test_bad_centrality(g):
    with pytest.raises(ValueError, match="unknown measure"):
        g.centrality("pagerunk")
    with pytest.raises(ValueError):
        g.centrality("pagerank", alpha=1.5)
    with pytest.raises(ValueError, match="nobody"):
        g.centrality("pagerank", personalization={"nobody": 1})


def test_from_arrays_refuses_bad_columns():
    with pytest.raises(ValueError, match="src\\[1\\] is 5"):
        sg.Graph.from_arrays([0, 5], [1, 0], [1.0, 1.0], ids=["a", "b"])
    with pytest.raises(ValueError, match="amount"):
        sg.Graph.from_arrays([0], [1], [-1.0], ids=["a", "b"])
    with pytest.raises(ValueError, match="same length"):
        sg.Graph.from_arrays([0, 1], [1], [1.0], ids=["a", "b"])
    with pytest.raises(ValueError, match="self-loop"):
        sg.Graph.from_arrays([0], [0], [1.0], ids=["a", "b"])
    with pytest.raises(ValueError, match="not a valid id"):
        sg.Graph.from_arrays([0], [1], [1.0], ids=["A b", "c"])


def test_bad_files(tmp_path):
    with pytest.raises(OSError, match="missing.json"):
        sg.load(tmp_path / "missing.json")
    p = tmp_path / "bad.graphml"
    p.write_text('<graphml><graph edgedefault="directed"><node id="a"></graph></graphml>')
    with pytest.raises(ValueError, match="bad.graphml"):
        sg.load(p)
    p = tmp_path / "bad.json"
    p.write_text('{"nodes": [{"id": "a", "buffer": -1}]}')
    with pytest.raises(ValueError, match=r"nodes\[0\]"):
        sg.load(p)


def test_undirected_networkx_refused():
    nx = pytest.importorskip("networkx")
    with pytest.raises(ValueError, match="undirected"):
        sg.Graph.from_networkx(nx.path_graph(3))


def test_bad_analyses(g):
    with pytest.raises(ValueError, match="openia"):
        g.exposure("openia")
    with pytest.raises(ValueError, match="one of"):
        g.rank(by="loudness")
    with pytest.raises(ValueError, match=r"not in \[0, 1\]"):
        g.rank(haircut=2)
    with pytest.raises(ValueError, match="nothing to sweep"):
        g.sweep()
    with pytest.raises(ValueError, match="steps|between"):
        g.sweep("openai", steps=0)
    with pytest.raises(ValueError, match="no haircut to grow"):
        g.tipping("oracle")
    with pytest.raises(ValueError, match="not several"):
        g.tipping("oracle", "openai", edges=["openai:oracle"])
    with pytest.raises(ValueError, match="FROM:TO"):
        g.sweep(edges=["openai"])
    with pytest.raises(ValueError, match="no haircut"):
        g.shock(edges=["openai:oracle"])
    with pytest.raises(ValueError, match="not a number"):
        g.shock(edges=["openai:oracle=half"])
    with pytest.raises(ValueError, match=r"must be in \[0, 1\]"):
        g.shock(edges={"openai:oracle": 1.5})
    with pytest.raises(ValueError, match="edge shocks"):
        g.sample(edges={"openai:oracle": 0.5}, samples=10)
    with pytest.raises(ValueError, match="distribution"):
        g.sample("openai", samples=10, dist="normal")
