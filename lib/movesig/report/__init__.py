"""Reporting: the book driver (papermill, Jupyter Book), ``results.json``, and comparing runs."""

from .book import ParameterError, chapter_names, resolve_parameters, run_chapter
from .build import build_book
from .compare import compare_results, compare_runs
from .results import read_results, write_results

__all__ = ["ParameterError", "build_book", "chapter_names", "compare_results", "compare_runs", "read_results",
           "resolve_parameters", "run_chapter", "write_results"]
