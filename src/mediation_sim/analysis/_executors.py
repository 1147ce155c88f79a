"""Executors for long runs: a process pool or a Dask cluster, with one BLAS thread per worker.

:func:`open_executor` is the helper behind ``mediation-sim montecarlo
--executor``: it opens the executor, yields it for
:func:`~mediation_sim.analysis.monte_carlo` (or any function taking
``executor=``) and closes it afterwards.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .._errors import InvalidArgumentError, MissingDependencyError

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["BLAS_THREAD_VARIABLES", "open_executor"]

#: Environment variables that cap the threads of NumPy's BLAS in a worker process.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

_KINDS = ("serial", "process", "dask")
_ADDRESS = re.compile(r"(tcp|tls|ucx|ws|wss|inproc)://[^\s/]+(:\d+)?/?")


@contextmanager
def _one_blas_thread_per_worker() -> Iterator[None]:
    """Spawned workers inherit one BLAS thread each (unless the user set a number).

    Several processes whose BLAS libraries each start a thread per core
    oversubscribe the machine; Dask's nanny does the same for its workers.
    The variables are set only while the executor is open, and only those
    the user has not set.
    """
    added = [name for name in BLAS_THREAD_VARIABLES if name not in os.environ]
    for name in added:
        os.environ[name] = "1"
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


#: Set by Dask's nanny in every worker it spawns (``distributed.nanny.pre-spawn-environ``).
_MALLOC_TRIM_VARIABLE = "MALLOC_TRIM_THRESHOLD_"
#: Dask's setting for its workers' statistical profiler.
_PROFILER = "distributed.worker.profile.enabled"


@contextmanager
def _lean_dask_workers() -> Iterator[None]:
    """Spawn local Dask workers without ``MALLOC_TRIM_THRESHOLD_=65536`` and the profiler.

    Setting that variable (to return freed memory to the system early) also
    turns off glibc's adaptive mmap threshold, so every array above 128 kB is
    a fresh mapping whose pages fault in on first touch. The Monte Carlo
    kernel allocates megabyte temporaries: measured in one worker, each task
    took 8x the page faults and 2-3x the CPU time of the same task in a
    process pool, which made a local cluster slower than serial. The user's
    own setting (in the environment) is kept.

    The workers' statistical profiler (a thread sampling every task's stack
    every 10 ms, for the dashboard's profile page) is also off: it took
    10-25 % of each task's CPU time.
    """
    dask: Any = importlib.import_module("dask")
    settings: dict[str, Any] = {_PROFILER: False}
    if _MALLOC_TRIM_VARIABLE not in os.environ:
        key = "distributed.nanny.pre-spawn-environ"
        environ = dict(dask.config.get(key, default={}) or {})
        environ.pop(_MALLOC_TRIM_VARIABLE, None)
        settings[key] = environ
    with dask.config.set(settings):
        yield


@contextmanager
def open_executor(
    kind: str | None = None, *, workers: int | None = None, scheduler: str | None = None
) -> Iterator[Executor | None]:
    """Open an executor for chunked work, yield it, and close it afterwards.

    Parameters
    ----------
    kind : {"serial", "process", "dask"}, optional
        ``None`` or ``"serial"``: yield ``None`` (run in this process).
        ``"process"``: a :class:`~concurrent.futures.ProcessPoolExecutor`
        with the ``spawn`` start method. ``"dask"``: the executor of a Dask
        ``Client`` (``client.get_executor()``), on a local cluster of
        ``workers`` single-threaded processes unless ``scheduler`` is given.
    workers : int, optional
        Worker processes (default: one per CPU for a pool, 2 for a local
        Dask cluster).
    scheduler : str, optional
        Address of a running Dask scheduler, e.g. ``tcp://10.0.0.5:8786``
        (implies ``kind="dask"``).

    Yields
    ------
    concurrent.futures.Executor or None
        Pass it as ``executor=`` to :func:`~mediation_sim.analysis.monte_carlo`
        and the other chunked analyses; results are identical to a serial run.

    Raises
    ------
    InvalidArgumentError
        For an unknown ``kind``, ``workers < 1``, a malformed ``scheduler``
        address or one that cannot be reached within 10 s.
    MissingDependencyError
        For ``kind="dask"`` without Dask installed.

    Notes
    -----
    While the executor is open, ``OPENBLAS_NUM_THREADS``,
    ``OMP_NUM_THREADS`` and ``MKL_NUM_THREADS`` are set to 1 unless already
    set (:data:`BLAS_THREAD_VARIABLES`): the workers are spawned with them,
    so that several processes do not each start a BLAS thread per core and
    oversubscribe the machine. They are removed again on exit. A local Dask
    cluster's workers are also spawned without the ``MALLOC_TRIM_THRESHOLD_``
    that Dask's nanny sets by default (unless it is set in the environment):
    it turns off glibc's adaptive mmap threshold, and the page faults of the
    kernel's large temporaries then made each task 2-3x slower than in a
    process pool; and their statistical profiler is off (it took 10-25 % of
    each task's CPU time). Workers of a remote cluster (``scheduler``) are
    configured where they are started; see the how-to.

    Examples
    --------
    >>> import mediation_sim as ms
    >>> sc = ms.scenarios.load("ukraine-2023")
    >>> with ms.analysis.open_executor("process", workers=1) as pool:
    ...     mc = ms.analysis.monte_carlo(sc, 40, rng=1, executor=pool, progress=False)
    >>> serial = ms.analysis.monte_carlo(sc, 40, rng=1, progress=False)
    >>> mc.draws.equals(serial.draws)
    True
    """
    if scheduler is not None:
        if kind not in (None, "dask"):
            raise InvalidArgumentError(
                f"open_executor(): a scheduler needs kind='dask', got kind={kind!r}"
            )
        kind = "dask"
        if not _ADDRESS.fullmatch(scheduler):
            raise InvalidArgumentError(
                f"open_executor(): scheduler expects an address like tcp://10.0.0.5:8786, "
                f"got {scheduler!r}"
            )
    if kind is not None and kind not in _KINDS:
        raise InvalidArgumentError(
            f"open_executor(): kind must be one of {', '.join(_KINDS)}, got {kind!r}"
        )
    if workers is not None and (isinstance(workers, bool) or int(workers) < 1):
        raise InvalidArgumentError(f"open_executor(): workers must be at least 1, got {workers}")
    if kind in (None, "serial"):
        yield None
        return
    if kind == "process":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        with (
            _one_blas_thread_per_worker(),
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
        ):
            yield pool
        return
    try:
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError as exc:
        raise MissingDependencyError(
            "open_executor('dask') needs Dask: pip install 'mediation_sim[dask]'"
        ) from exc
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise InvalidArgumentError(
                f"open_executor(): cannot connect to scheduler {scheduler} within 10 s ({exc})"
            ) from None
        try:
            yield client.get_executor()
        finally:
            client.close()
        return
    import logging

    with _one_blas_thread_per_worker(), _lean_dask_workers():
        cluster = distributed.LocalCluster(
            n_workers=workers or 2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clash with a running cluster
            silence_logs=logging.ERROR,
        )
    client = distributed.Client(cluster)
    try:
        yield client.get_executor()
    finally:
        client.close()
        cluster.close()
