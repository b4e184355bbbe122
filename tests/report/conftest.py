"""The book built once from the small runs, shared by the tests that read it."""

import pytest
from movesig.report.build import build_book

from tests.helpers import SMALL


@pytest.fixture(scope="session")
def small_book(real_data_dir, tmp_path_factory, root):
    """(folder, index.html) of the book built with every run at its small parameters."""
    folder = tmp_path_factory.mktemp("book")
    index = build_book(SMALL, data_dir=real_data_dir, out=folder / "runs", build_dir=folder / "build", root=root,
                       quiet=True)
    return folder, index
