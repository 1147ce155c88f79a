"""Monte Carlo on other executors gives exactly the serial result for the same seed.

A local Dask cluster with two worker processes stands in for a distributed
cluster (``Client(...).get_executor()`` is the same object either way), and a
spawn-context process pool for one machine. Each block of draws is seeded by
its own ``SeedSequence`` child, so neither the executor nor the grouping of
blocks into tasks may change a single number.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pytest

import mediation_sim as ms
from mediation_sim.cli import main

# the one-shot (v0.1) structure: these tests check the normal-form machinery;
# tests/scenarios/test_sequential.py covers the default, sequential structure
SC = ms.scenarios.load("ukraine-2023").with_structure("simultaneous")
OPTIONS = {"n": 700, "rng": 2023, "block_size": 64, "grid": np.linspace(0, 1, 6)}


@pytest.fixture(scope="module")
def serial() -> ms.analysis.MonteCarloResult:
    return ms.analysis.monte_carlo(SC, **OPTIONS)


def assert_same_result(got: ms.analysis.MonteCarloResult, expected: ms.analysis.MonteCarloResult):
    pd.testing.assert_frame_equal(got.draws, expected.draws, check_exact=True)
    pd.testing.assert_frame_equal(got.curves, expected.curves, check_exact=True)
    assert got.metadata["seed_entropy"] == expected.metadata["seed_entropy"]


@pytest.fixture(scope="module")
def dask_executor():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        # ":0": any free port, so that the command-line test's cluster can start too
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
    )
    client = distributed.Client(cluster)
    try:
        yield client.get_executor()
    finally:
        client.close()
        cluster.close()


@pytest.mark.dask
def test_dask_cluster_gives_the_serial_result(serial, dask_executor):
    assert serial.metadata["executor"] is None
    # one block per task: the most scattered schedule, 11 tasks over 2 workers
    got = ms.analysis.monte_carlo(SC, **OPTIONS, executor=dask_executor, blocks_per_task=1)
    assert_same_result(got, serial)
    assert got.metadata["executor"] == type(dask_executor).__name__
    # and the result is not trivially constant: draws differ, critical values vary
    assert got.draws["leverage"].nunique() == OPTIONS["n"]
    assert got.draws["critical_value"].std() > 0.05


@pytest.mark.dask
def test_dask_cluster_with_another_seed_differs(serial, dask_executor):
    other = ms.analysis.monte_carlo(SC, **{**OPTIONS, "rng": 2024}, executor=dask_executor)
    assert not other.draws["leverage"].equals(serial.draws["leverage"])


def test_process_pool_gives_the_serial_result(serial):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        got = ms.analysis.monte_carlo(SC, **OPTIONS, executor=pool, blocks_per_task=3)
    assert_same_result(got, serial)


@pytest.mark.dask
def test_command_line_dask_executor(capsys, tmp_path):
    pytest.importorskip("dask.distributed")
    local, cluster = tmp_path / "serial.csv", tmp_path / "dask.csv"
    common = ["montecarlo", "-n", "300", "--seed", "9", "--grid", "0,1", "--quiet"]
    assert main([*common, "--output", str(local)]) == 0
    assert main([*common, "--executor", "dask", "--workers", "2", "--output", str(cluster)]) == 0
    assert local.read_bytes() == cluster.read_bytes()
