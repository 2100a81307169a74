"""Shared helpers: the `graph` binary of the same checkout and a tolerant comparison."""

import json
import math
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def graph_bin() -> pathlib.Path:
    env = os.environ.get("SHOCKGRAPH_BIN")
    if env:
        return pathlib.Path(env)
    for profile in ("debug", "release"):
        p = ROOT / "target" / profile / "graph"
        if p.exists():
            return p
    pytest.skip("build the CLI first (cargo build) or set SHOCKGRAPH_BIN")


def cli_json(*args: str):
    """`graph ARGS --format json`, parsed."""
    out = subprocess.run(
        [str(graph_bin()), *args, "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def assert_same(a, b, tol=1e-12, path="$"):
    """Equal structures, numbers to `tol` (absolute and relative)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), f"{path}: keys {a.keys()} != {b.keys()}"
        for k in a:
            assert_same(a[k], b[k], tol, f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{path}: lengths differ"
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, tol, f"{path}[{i}]")
    elif isinstance(a, (int, float)) and not isinstance(a, bool):
        assert isinstance(b, (int, float)) and not isinstance(b, bool), f"{path}: {a!r} vs {b!r}"
        assert math.isclose(a, b, rel_tol=tol, abs_tol=tol), f"{path}: {a!r} vs {b!r}"
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"
