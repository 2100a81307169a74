"""Every binding on the default graph against `graph ... --format json` (to 1e-12)."""

import pytest

import shockgraph as sg

from conftest import assert_same, cli_json

SHOCKS = [
    (dict(node="openai", haircut=0.5), ["--node", "openai", "--haircut", "0.5"]),
    (dict(node="openai"), ["--node", "openai"]),
    (
        dict(node=["openai", "anthropic"], haircut=0.3, trace=True),
        ["--node", "openai", "--node", "anthropic", "--haircut", "0.3", "--trace"],
    ),
    (
        dict(shocks={"openai": 0.5, "anthropic": 0.2}, model="threshold"),
        ["--shock", "openai=0.5", "--shock", "anthropic=0.2", "--model", "threshold"],
    ),
    (
        dict(node="openai", model="eisenberg-noe", alpha=0.5, beta=0.9),
        ["--node", "openai", "--model", "eisenberg-noe", "--alpha", "0.5", "--beta", "0.9"],
    ),
    (
        dict(node="openai", haircut=0.7, model="debtrank-classic"),
        ["--node", "openai", "--haircut", "0.7", "--model", "debtrank-classic"],
    ),
]


@pytest.fixture(scope="module")
def g():
    return sg.default_graph()


@pytest.mark.parametrize("kwargs,flags", SHOCKS)
def test_shock_matches_cli(g, kwargs, flags):
    r = g.shock(**kwargs)
    assert_same(r.data, cli_json("shock", *flags))
    assert r.total_loss == r.data["total_loss"]
    df = r.to_pandas()
    assert len(df) == len(r.data["nodes"])


MEASURES = [
    "in-degree",
    "out-degree",
    "in-strength",
    "out-strength",
    "pagerank",
    "eigenvector",
    "hubs",
    "authorities",
    "betweenness",
    "closeness",
    "harmonic",
]


@pytest.mark.parametrize("measure", MEASURES)
def test_centrality_matches_cli(g, measure):
    r = g.centrality(measure)
    assert_same(r.data, cli_json("centrality", "--measure", measure))
    assert r.scores.shape == (g.node_count,)
    assert r.to_dict()[r.data["scores"][0]["id"]] == r.data["scores"][0]["score"]


def test_katz_matches_cli(g):
    # The default alpha (0.1 diverges on this graph, so 0.9 / lambda_max) is the CLI's, stated.
    r = g.centrality("katz")
    cli = cli_json("centrality", "--measure", "katz")
    assert_same(r.data, cli)
    assert 0 < r.data["parameters"]["alpha"] < 0.1
    assert r.data["parameters"]["alpha"] == cli["parameters"]["alpha"]
    # An explicit alpha that diverges still fails, naming the bound.
    with pytest.raises(RuntimeError, match="1 / lambda_max"):
        g.centrality("katz", alpha=0.1)
    r = g.centrality("katz", alpha=0.002)
    assert_same(r.data, cli_json("centrality", "--measure", "katz", "--alpha", "0.002"))


def test_centrality_options_match_cli(g):
    r = g.centrality("pagerank", alpha=0.7, personalization={"openai": 1, "nvidia": 0.5})
    cli = cli_json(
        "centrality", "--measure", "pagerank", "--alpha", "0.7",
        "--personalization", "openai=1", "--personalization", "nvidia=0.5",
    )
    assert_same(r.data, cli)
    r = g.centrality("closeness", weighted=True)
    assert_same(r.data, cli_json("centrality", "--measure", "closeness", "--weighted"))


def test_all_measures_match_cli(g):
    r = g._g.centrality_json(None)
    import json

    ours, cli = json.loads(r), cli_json("centrality", "--all")
    # Hints name the parameter in each front end's spelling (`katz_alpha` / `--alpha`).
    for rep in (ours, cli):
        for lo in rep.get("left_out", []):
            lo["reason"] = lo["reason"].split("hint:")[0]
    assert_same(ours, cli)


STALLS = [
    (dict(node="openai", growth=0.0), ["--node", "openai", "--growth", "0"]),
    (dict(node="openai", plan=True), ["--node", "openai", "--plan"]),
    (
        dict(node="openai", growth=0.2, policy="pro-rata", model="threshold"),
        ["--node", "openai", "--growth", "0.2", "--policy", "pro-rata", "--model", "threshold"],
    ),
    (
        dict(node=["openai", "anthropic"], growth=0.0, end=2030),
        ["--node", "openai", "--node", "anthropic", "--growth", "0", "--to", "2030"],
    ),
]


@pytest.mark.parametrize("kwargs,flags", STALLS)
def test_stall_matches_cli(g, kwargs, flags):
    r = g.stall(**kwargs)
    assert_same(r.data, cli_json("stall", *flags))
    years = r.years()
    assert len(years) == len(r.data["years"])
    assert r.shock.total_loss == r.data["shock"]["total_loss"]


def test_stall_default_year_on_the_default_graph(g):
    # docs/openai-stall.md: flat revenue, OpenAI defaults in 2027 (coverage 57.6%).
    r = g.stall("openai", 0.0)
    assert r.default_year == 2027
    assert abs(r.data["years"][1]["coverage"] - 0.576) < 1e-3


def test_stall_refuses_a_node_without_funding(g):
    with pytest.raises(Exception, match="funding"):
        g.stall("nvidia")


def test_shock_edges_match_cli(g):
    r = g.shock(edges={"openai:oracle": 0.5}, node="anthropic", haircut=0.2)
    cli = cli_json("shock", "--edge", "openai:oracle=0.5", "--node", "anthropic", "--haircut", "0.2")
    assert_same(r.data, cli)
    assert_same(g.shock(edges=["openai:oracle=0.5"], node="anthropic", haircut=0.2).data, cli)


def test_sample_matches_cli(g):
    r = g.sample("openai", 0.5, samples=200, seed=7, dist="triangular")
    cli = cli_json(
        "shock", "--node", "openai", "--haircut", "0.5",
        "--samples", "200", "--seed", "7", "--dist", "triangular",
    )
    assert_same(r.data, cli)
    assert r.samples == 200
    assert r.total_loss_p5 <= r.total_loss_p50 <= r.total_loss_p95


@pytest.mark.parametrize(
    "kwargs,flags",
    [
        (dict(), []),
        (dict(model="threshold", haircut=0.5, by="vulnerability"),
         ["--model", "threshold", "--haircut", "0.5", "--by", "vulnerability"]),
        (dict(tolerance=1e-9), ["--tolerance", "1e-9"]),
    ],
)
def test_rank_matches_cli(g, kwargs, flags):
    r = g.rank(**kwargs)
    assert_same(r.data, cli_json("rank", *flags))
    df = r.to_pandas()
    assert len(df) == g.node_count
    assert "total_loss" in (df.columns if hasattr(df, "columns") else df[0])


def test_rank_without_centrality_differs_from_cli_only_in_the_note(g):
    r = g.rank(centrality=False)
    cli = cli_json("rank", "--no-centrality")
    assert r.parameters["notes"] == ["centrality columns left out (centrality=False)"]
    assert cli["parameters"]["notes"] == ["centrality columns left out (--no-centrality)"]
    r.data["parameters"]["notes"] = cli["parameters"]["notes"]
    assert_same(r.data, cli)


@pytest.mark.parametrize(
    "kwargs,flags",
    [
        (dict(node="openai"), ["--node", "openai"]),
        (dict(node="openai", paths=True), ["--node", "openai", "--paths"]),
        (dict(node="oracle", reverse=True, model="threshold"),
         ["--node", "oracle", "--reverse", "--model", "threshold"]),
    ],
)
def test_exposure_matches_cli(g, kwargs, flags):
    r = g.exposure(**kwargs)
    assert_same(r.data, cli_json("exposure", *flags))
    assert r.node == kwargs["node"]
    assert len(r.rows) == len(r.data["rows"])


@pytest.mark.parametrize(
    "kwargs,flags",
    [
        (dict(node=["openai", "anthropic"], steps=5), ["--node", "openai", "--node", "anthropic", "--steps", "5"]),
        (dict(node="openai", model="eisenberg-noe", alpha=0.5, steps=4),
         ["--node", "openai", "--model", "eisenberg-noe", "--alpha", "0.5", "--steps", "4"]),
        (dict(edges=["openai:oracle", "openai:microsoft=0.5"], steps=3),
         ["--edge", "openai:oracle", "--edge", "openai:microsoft=0.5", "--steps", "3"]),
    ],
)
def test_sweep_matches_cli(g, kwargs, flags):
    r = g.sweep(**kwargs)
    assert_same(r.data, cli_json("sweep", *flags))
    assert len(r.rows) == sum(len(c["points"]) for c in r.curves)


@pytest.mark.parametrize(
    "kwargs,flags",
    [
        (dict(target="oracle", node="openai"), ["--target", "oracle", "--node", "openai"]),
        (dict(target="microsoft", node="openai", level=0.5),
         ["--target", "microsoft", "--node", "openai", "--level", "0.5"]),
        (dict(target="any", node="anthropic", model="threshold"),
         ["--target", "any", "--node", "anthropic", "--model", "threshold"]),
        (dict(target="oracle", edges=["openai:oracle", "openai:microsoft=0.5"]),
         ["--target", "oracle", "--edge", "openai:oracle", "--edge", "openai:microsoft=0.5"]),
    ],
)
def test_tipping_matches_cli(g, kwargs, flags):
    r = g.tipping(**kwargs)
    assert_same(r.data, cli_json("tipping", *flags))
    if r.haircut is not None:
        assert 0 < r.haircut <= 1
        assert isinstance(r.shock, sg.ShockResult)
