"""The walk-through in docs/python.md runs as written: its ```python blocks, in order, in one
namespace (in a temporary directory, the files they save land there)."""

import os
import pathlib
import re

import pytest

import shockgraph as sg

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "python.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_walkthrough_has_the_promised_sections():
    code = "\n".join(blocks())
    for call in ("g.shock(", "g.stall(", "g.sweep(", "g.rank(", "g.exposure(", "g.tipping(",
                 "g.sample(", "g.centrality(", "to_networkx(", "from_arrays("):
        assert call in code, f"docs/python.md shows no {call}"


def test_the_walkthrough_runs(tmp_path, monkeypatch):
    pytest.importorskip("pandas")
    pytest.importorskip("networkx")
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    ns: dict = {}
    for i, code in enumerate(blocks()):
        try:
            exec(compile(code, f"docs/python.md block {i + 1}", "exec"), ns)
        except Exception as e:  # noqa: BLE001 - name the block that failed
            raise AssertionError(f"docs/python.md block {i + 1} fails: {e!r}\n{code}") from e
    # the walk-through's figures are the CLI's (a few spot checks of what it prints)
    g = ns["g"]
    assert isinstance(g, sg.Graph)
    assert (tmp_path / "graph.graphml").exists() and (tmp_path / "graph.gexf").exists()
    assert os.path.getsize(tmp_path / "graph.graphml") > 1000
