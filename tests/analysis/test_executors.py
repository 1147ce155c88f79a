"""ms.analysis.open_executor: the process/Dask helper with one BLAS thread per worker."""

from __future__ import annotations

import os

import pytest

import mediation_sim as ms

SC = ms.scenarios.load("ukraine-2023")


def _blas_settings() -> dict[str, str | None]:
    return {name: os.environ.get(name) for name in ms.analysis.BLAS_THREAD_VARIABLES}


def test_serial_is_this_process():
    with ms.analysis.open_executor() as ex:
        assert ex is None
    with ms.analysis.open_executor("serial", workers=3) as ex:
        assert ex is None


def test_process_pool_caps_blas_threads_and_matches_serial(monkeypatch):
    for name in ms.analysis.BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")  # a user's own setting is kept
    with ms.analysis.open_executor("process", workers=1) as pool:
        assert pool is not None
        names = ms.analysis.BLAS_THREAD_VARIABLES
        seen = dict(zip(names, pool.map(os.getenv, names), strict=True))
        mc = ms.analysis.monte_carlo(SC, 30, rng=7, executor=pool, progress=False)
    assert seen == {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "3"}
    # restored afterwards: only the variables it added are removed
    assert _blas_settings() == {
        "OPENBLAS_NUM_THREADS": None,
        "OMP_NUM_THREADS": None,
        "MKL_NUM_THREADS": "3",
    }
    serial = ms.analysis.monte_carlo(SC, 30, rng=7, progress=False)
    assert mc.draws.equals(serial.draws)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "threads"}, "kind must be one of serial, process, dask"),
        ({"kind": "process", "workers": 0}, "workers must be at least 1"),
        ({"kind": "process", "scheduler": "tcp://h:1"}, "a scheduler needs kind='dask'"),
        ({"scheduler": "garbage"}, "expects an address like tcp://"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with (
        pytest.raises(ms.InvalidArgumentError, match=message),
        ms.analysis.open_executor(**kwargs),
    ):
        pass


@pytest.mark.dask
def test_local_dask_workers_keep_glibcs_adaptive_malloc(monkeypatch):
    # Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in its workers, which turns
    # off glibc's adaptive mmap threshold: every large temporary then faults its
    # pages in again, and a local cluster ran Monte Carlo slower than serial.
    # The tasks are library functions (importable anywhere, nothing of this test
    # module to import in the workers); results time out instead of hanging.
    pytest.importorskip("dask.distributed")
    import dask

    wait = 120
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with ms.analysis.open_executor("dask", workers=1) as executor:
        assert executor is not None
        assert executor.submit(os.getenv, "MALLOC_TRIM_THRESHOLD_").result(wait) is None
        # the BLAS caps Dask's nanny sets stay
        assert executor.submit(os.getenv, "OPENBLAS_NUM_THREADS").result(wait) == "1"
        # and the workers' statistical profiler is off
        profiler = executor.submit(dask.config.get, "distributed.worker.profile.enabled")
        assert profiler.result(wait) is False
    # a user's own setting is passed on
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "1048576")
    with ms.analysis.open_executor("dask", workers=1) as executor:
        assert executor is not None
        assert executor.submit(os.getenv, "MALLOC_TRIM_THRESHOLD_").result(wait) == "1048576"


def test_a_worker_parses_a_scenario_once():
    # every task ships the scenario; a worker rebuilds it from the spec text
    # once and reuses it (scenarios are immutable)
    import pickle

    blob = pickle.dumps(SC.with_structure("simultaneous"))
    # the task is the builtin eval (workers need not import this test module,
    # which is not importable under the README's `pytest` command)
    twice = "(lambda a, b: (a is b, a.structure))(loads(blob), loads(blob))"
    with ms.analysis.open_executor("process", workers=1) as pool:
        assert pool is not None
        task = pool.submit(eval, twice, {"loads": pickle.loads, "blob": blob})
        reused, structure = task.result(120)
    assert reused
    assert structure == "simultaneous"
    assert pickle.loads(blob) == SC.with_structure("simultaneous")
    # a different structure is a different scenario
    other = pickle.loads(pickle.dumps(SC))
    assert other.structure == SC.structure
    assert other is not pickle.loads(blob)
