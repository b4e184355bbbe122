"""Where tasks run (joblib's local processes, or a Dask cluster) and how results reach disk (atomically)."""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from pathlib import Path

from joblib import parallel_config

from ..data import DataError

__all__ = ["atomic_write", "backend", "connect"]


@contextlib.contextmanager
def backend(scheduler=None, n_jobs: int = 1, scatter=()):
    """joblib's local processes, or the Dask backend on a cluster (address or Client).

    Parameters
    ----------
    scheduler : str or dask.distributed.Client, optional
        A Dask scheduler address (``tcp://host:port``) or client; None: local processes.
    n_jobs : int
        Local worker processes (ignored on Dask, which uses every worker).
    scatter : sequence of arrays
        On Dask, large arrays sent to the workers once, not with every task.
    """
    with warnings.catch_warnings():
        # loky replaces a worker whose memory grew (torch's allocator) after its task ends, and says so
        warnings.filterwarnings("ignore", message="A worker stopped while some jobs were given to the executor")
        if scheduler is None:
            with parallel_config(backend="loky", n_jobs=n_jobs):
                yield
            return
        from dask.distributed import Client

        client = scheduler if isinstance(scheduler, Client) else connect(scheduler)
        try:
            with parallel_config(backend="dask", n_jobs=-1, scatter=list(scatter) or None):
                yield
        finally:
            if client is not scheduler:
                client.close()


def connect(address: str, timeout: float = 5.0):
    """A ``dask.distributed.Client`` on ``address``; an unreachable scheduler is one line within ``timeout`` seconds.

    Raises
    ------
    DataError
        When no scheduler answers at ``address``.
    """
    from dask.distributed import Client

    try:
        return Client(address, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise DataError(f"scheduler {address}: no Dask scheduler answered within {timeout:g} s ({exc})") from None


def atomic_write(path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so readers never see half a file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
