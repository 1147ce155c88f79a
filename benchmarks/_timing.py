"""What the benchmark scripts share: BLAS pinning, optional peers, median timings.

Not part of the package. The scripts run as ``python benchmarks/bench_*.py``,
so this folder is on ``sys.path`` and they ``import _timing``. It imports
nothing heavy: call :func:`pin_blas_threads` before NumPy is imported.
"""

from __future__ import annotations

import importlib
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

#: Environment variables that set the thread count of the common BLAS builds.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def pin_blas_threads() -> None:
    """Run BLAS single-threaded unless the user set otherwise.

    On a shared 2-core machine OpenBLAS's worker threads compete with other
    jobs and small matrix products become tens of times slower, which would
    measure the machine's load rather than the algorithms. Child processes
    inherit the setting. It takes effect only if NumPy is not imported yet.
    """
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def optional(module: str) -> Any:
    """The module ``module`` (dotted name), or None when that optional peer is absent."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def timed(func: Callable[[], object], repeats: int) -> tuple[float, object]:
    """Median wall time of ``repeats`` calls of ``func``, and the last call's result."""
    times = []
    result: object = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def median_time(func: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``repeats`` calls of ``func``."""
    return timed(func, repeats)[0]
