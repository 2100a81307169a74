"""Type stubs of the Rust core (`python/src/lib.rs`); use the `shockgraph` package's API."""

from os import PathLike
from typing import Sequence

import numpy as np
import numpy.typing as npt

__version__: str
TOLERANCE: float

class Graph:
    @property
    def node_count(self) -> int: ...
    @property
    def edge_count(self) -> int: ...
    def ids(self) -> list[str]: ...
    def __len__(self) -> int: ...
    def dumps(self, format: str = "shockgraph") -> str: ...
    def edge_arrays(
        self,
    ) -> tuple[
        npt.NDArray[np.uint32],
        npt.NDArray[np.uint32],
        npt.NDArray[np.float64],
        npt.NDArray[np.float64],
        npt.NDArray[np.uint16],
        list[str],
    ]: ...
    def node_columns(
        self,
    ) -> tuple[list[str], list[str], list[str], list[npt.NDArray[np.float64]]]: ...
    def shock_json(
        self,
        shocks: Sequence[tuple[str, float]],
        model: str | None = None,
        alpha: float | None = None,
        beta: float | None = None,
        max_rounds: int = 1_000_000,
        tolerance: float = ...,
        trace: bool = False,
        edges: Sequence[tuple[str, str, str | None, float]] = ...,
        samples: int | None = None,
        seed: int = 1,
        dist: str | None = None,
    ) -> str: ...
    def stall_json(
        self,
        nodes: Sequence[str],
        growth: float | None = None,
        plan: bool = False,
        policy: str | None = None,
        model: str | None = None,
        start: int | None = None,
        end: int | None = None,
        alpha: float | None = None,
        beta: float | None = None,
    ) -> str: ...
    def centrality_json(
        self,
        measure: str | None = None,
        alpha: float | None = None,
        beta: float | None = None,
        personalization: Sequence[tuple[str, float]] | None = None,
        weighted: bool = False,
        max_iter: int | None = None,
        tol: float | None = None,
        samples: int | None = None,
        seed: int | None = None,
    ) -> str: ...

def load(path: str | PathLike[str], nodes: str | PathLike[str] | None = None) -> Graph: ...
def loads(text: str, format: str = "shockgraph", name: str = "<string>") -> Graph: ...
def default_graph() -> Graph: ...
def from_arrays(
    src: npt.NDArray[np.int64],
    dst: npt.NDArray[np.int64],
    amount: npt.NDArray[np.float64],
    ids: list[str],
    recovery: npt.NDArray[np.float64] | None = None,
    kind: str = "debt",
    buffer: npt.NDArray[np.float64] | None = None,
    value: npt.NDArray[np.float64] | None = None,
) -> Graph: ...

EdgeSpec = tuple[str, str, str | None, float | None]

def rank_json(
    graph: Graph,
    model: str | None = None,
    haircut: float = 1.0,
    by: str = "rank",
    centrality: bool = True,
    tolerance: float = ...,
) -> str: ...
def exposure_json(
    graph: Graph,
    node: str,
    model: str | None = None,
    paths: bool = False,
    reverse: bool = False,
) -> str: ...
def sweep_json(
    graph: Graph,
    nodes: Sequence[str],
    edges: Sequence[EdgeSpec] = ...,
    model: str | None = None,
    steps: int = 20,
    alpha: float | None = None,
    beta: float | None = None,
) -> str: ...
def tipping_json(
    graph: Graph,
    target: str,
    node: str | None = None,
    edges: Sequence[EdgeSpec] = ...,
    level: float = 1.0,
    model: str | None = None,
    alpha: float | None = None,
    beta: float | None = None,
) -> str: ...
