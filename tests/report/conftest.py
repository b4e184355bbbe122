"""The book built once from the small runs, shared by the tests that read it (across pytest-xdist workers)."""

import fcntl

import pytest
from movesig.report.build import build_book

from tests.helpers import SMALL


@pytest.fixture(scope="session")
def small_book(real_data_dir, tmp_path_factory, root, worker_id):
    """(folder, index.html) of the book built with every run at its small parameters, two at a time.

    Built by the first worker that needs it, under a lock in the folder all workers share;
    the others wait for it and read the same book.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # this session's folder either way
    folder = shared / "small-book"
    with open(shared / "small-book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        index = folder / "build" / "html" / "index.html"
        if not index.is_file():
            index = build_book(SMALL, data_dir=real_data_dir, out=folder / "runs", build_dir=folder / "build",
                               root=root, quiet=True, jobs=2)  # two at once: the book tests read concurrent runs
    return folder, index
