"""from_networkx then centrality against NetworkX itself on random weighted digraphs."""

import networkx as nx
import numpy as np
import pytest

import shockgraph as sg
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python


def random_digraph(seed: int, n: int = 40, p: float = 0.1) -> nx.DiGraph:
    G = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    rng = np.random.default_rng(seed)
    for u, v in G.edges:
        G[u][v]["weight"] = float(rng.uniform(0.5, 5.0))
    return G


def ours(G, measure, **kw):
    g = sg.Graph.from_networkx(G)
    return g.centrality(measure, **kw).to_dict()


def close(a: dict, b: dict, tol: float):
    for k, v in b.items():
        assert abs(a[str(k)] - v) <= tol, (k, a[str(k)], v)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank(seed):
    G = random_digraph(seed)
    close(ours(G, "pagerank", tol=1e-12), _pagerank_python(G, weight="weight", tol=1e-14, max_iter=1000), 1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_betweenness_closeness_harmonic(seed):
    G = random_digraph(seed)
    close(ours(G, "betweenness"), nx.betweenness_centrality(G), 1e-9)
    close(ours(G, "closeness"), nx.closeness_centrality(G), 1e-9)
    close(ours(G, "harmonic"), nx.harmonic_centrality(G), 1e-9)


@pytest.mark.parametrize("seed", [1, 2])
def test_in_strength(seed):
    G = random_digraph(seed)
    close(ours(G, "in-strength"), dict(G.in_degree(weight="weight")), 1e-9)


def test_sampled_betweenness():
    G = random_digraph(4)
    g = sg.Graph.from_networkx(G)
    exact = g.centrality("betweenness").to_dict()
    # K >= n is the exact value.
    assert g.centrality("betweenness", samples=len(G)).to_dict() == exact
    a = g.centrality("betweenness", samples=10, seed=1)
    assert a.data["parameters"]["samples"] == 10 and a.data["parameters"]["seed"] == 1
    assert a.to_dict() != g.centrality("betweenness", samples=10, seed=2).to_dict()
    assert a.to_dict() == g.centrality("betweenness", samples=10, seed=1).to_dict()
    for bad in [dict(measure="closeness", samples=10), dict(measure="betweenness", samples=1),
                dict(measure="betweenness", seed=3)]:
        with pytest.raises(ValueError):
            g.centrality(**bad)
