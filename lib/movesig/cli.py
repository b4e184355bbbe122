"""The ``movesig`` command line.

    movesig datasets [--data-dir D]
    movesig info NAME [--data-dir D] [--data-file F] [--option KEY VALUE]... [--json]
    movesig run CHAPTER [-p NAME VALUE]... [--data-dir D] [--out DIR]
    movesig import TABLE --out FILE.npz [--points N] [--units U]
    movesig participants NAME --out DIR [--data-file F] [--jobs J] [--scheduler tcp://host:port] [--n-values N...]
    movesig book [--data-dir D] [--out DIR] [--build-dir DIR] [--params FILE] [--jobs N]
    movesig compare RUNS_A RUNS_B [--all]

Every mistake (a bad file, parameter or option) is one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse with mistakes in one line (no usage block), exit 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _number(kind, low, open_low=False):
    """An argparse type: a number of ``kind`` at least (or above) ``low``."""
    def check(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {'whole number' if kind is int else 'number'}")
        if value < low or (open_low and value == low) or value != value:
            raise argparse.ArgumentTypeError(f"{text} must be {'above' if open_low else 'at least'} {low}")
        return value
    check.__name__ = kind.__name__
    return check


def _svm_C(text):
    """An argparse type: a linear SVM's C, checked by the estimator's own rule (read when the option is given)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number")
    from .models import LinearSVM
    from .models.constraints import InvalidParameterError, check_parameter

    try:
        check_parameter("C", value, LinearSVM._parameter_constraints["C"], "movesig participants --C")
    except InvalidParameterError as exc:
        raise argparse.ArgumentTypeError(str(exc))
    return value


_svm_C.__name__ = "C"


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="movesig", description="How unique is each person's movement? Run the study.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ds = sub.add_parser("datasets", help="list the known data sets and whether each is available")
    ds.add_argument("--data-dir", help="data directory (default: $MOVESIG_DATA_DIR)")

    info = sub.add_parser("info", help="describe one data set")
    info.add_argument("name")
    info.add_argument("--data-dir")
    info.add_argument("--data-file", "--file", dest="data_file",
                      help="the file, for npz, horst-2019 or one aeles-2021 file (the chapters' data_file)")
    info.add_argument("--option", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                      help="generator option of a synthetic set (e.g. n_persons 10), or feature for horst-2019")
    info.add_argument("--json", action="store_true", help="print one JSON object")

    run = sub.add_parser("run", help="execute one chapter with papermill into OUT/CHAPTER/")
    run.add_argument("chapter")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="chapter parameter (value read as YAML: 0.1, true, [1, 2], text)")
    run.add_argument("--data-dir")
    run.add_argument("--out", default="_runs", help="folder of run directories (default: _runs)")

    imp = sub.add_parser("import", help="turn a table of CSV or C3D trials (trials.csv) into the study's .npz")
    imp.add_argument("table", help="trials.csv: file, person[, task, condition, start_event, end_event, channels]")
    imp.add_argument("--out", required=True, help="the .npz to write (never overwritten)")
    imp.add_argument("--points", type=_number(int, 2), default=101, help="points per trial (default 101)")
    imp.add_argument("--units", default="a.u.", help="units of the values, for figures (default a.u.)")

    pn = sub.add_parser("participants", help="the participant-number experiment (resumable; local or Dask)")
    pn.add_argument("name", help="data set, e.g. synthetic-emg, emg-pedalling-7ps, or npz with --data-file")
    pn.add_argument("--data-dir")
    pn.add_argument("--data-file", "--file", dest="data_file",
                    help="the file, for npz (your own data) or one aeles-2021 file (the chapters' data_file)")
    pn.add_argument("--out", required=True, help="folder for the table; an interrupted run there is resumed")
    pn.add_argument("--n-values", type=_number(int, 2), nargs="+",
                    help="training-set sizes N, from 2 to the number of persons (default 2, 6, ..., all)")
    pn.add_argument("--draws", type=_number(int, 1), default=10)
    pn.add_argument("--C", type=_svm_C, default=0.01)
    pn.add_argument("--seed", type=_number(int, 0), default=1234)
    pn.add_argument("--jobs", type=_number(int, 1), default=1, help="local worker processes")
    pn.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    pn.add_argument("--protocol", choices=("full", "cross-validated"), default="full",
                    help="k's map from a model of the whole subsample (full) or cross-validated (the authors')")
    pn.add_argument("--solver", choices=("gram", "liblinear"), default="gram",
                    help="exact Newton on the Gram matrix (default) or scikit-learn's LinearSVC per fit")

    book = sub.add_parser("book", help="run every chapter and build the book (jupyter-book -W)")
    book.add_argument("--data-dir")
    book.add_argument("--out", default="_runs")
    book.add_argument("--build-dir", default="_build")
    book.add_argument("--params", help="YAML file: chapter -> {parameter: value}")
    book.add_argument("--no-run", action="store_true", help="build from the runs already in --out")
    book.add_argument("--jobs", type=int, default=1,
                      help="runs executed at once, the longest first (each still uses its own n_jobs processes; "
                           "the same numbers)")
    book.add_argument("--force", nargs="*", metavar="RUN",
                      help="run these chapters (none named: all) even when nothing they depend on changed")

    cmp = sub.add_parser("compare", help="compare the numbers of two folders of runs (timings aside)")
    cmp.add_argument("first")
    cmp.add_argument("second")
    cmp.add_argument("--all", action="store_true", help="compare every section of results.json, not only metrics")
    cmp.add_argument("--rtol", type=_number(float, 0), default=1e-9)
    return p


def _datasets(args) -> None:
    from .data.catalog import CATALOG, available

    width = max(map(len, CATALOG))
    for name, entry in CATALOG.items():
        status, where = available(name, args.data_dir)
        print(f"{name:<{width}}  {entry.source:<9}  {status:<3}  {entry.title}  [{where}]")


def _info(args) -> None:
    from .data.catalog import load
    from .report.book import parse_value

    options = {k: parse_value(v) for k, v in args.option}
    ds = load(args.name, data_dir=args.data_dir, file=args.data_file, **options)
    summary = ds.summary()
    if args.json:
        print(json.dumps(summary))
        return
    for key in ("name", "title", "n_trials", "n_persons", "n_channels", "n_times", "time_axis", "units", "source"):
        print(f"{key:>10}: {summary[key]}")
    print(f"{'channels':>10}: {', '.join(summary['channels'])}")
    print(f"{'tasks':>10}: {', '.join(summary['tasks'])}")
    print(f"{'conditions':>10}: {', '.join(summary['conditions'])}")


def _run(args) -> None:
    from .report.book import parse_value, run_chapter

    params = {}
    for name, value in args.parameter:
        params[name] = parse_value(value)
    run_dir = run_chapter(args.chapter, params, data_dir=args.data_dir, out=args.out, progress=sys.stderr.isatty())
    print(run_dir)


def _import(args) -> None:
    from .data.formats import read_trials_table, save_npz

    dataset = read_trials_table(args.table, points=args.points, units=args.units)
    path = save_npz(dataset, args.out)
    print(f"{path}: {dataset.n_trials} trials of {dataset.n_persons} persons, {dataset.n_channels} channels x "
          f"{dataset.n_times} points")


def _participants(args) -> None:
    from .data import baseline_trials, load
    from .evaluate.participant_number import participant_number

    data = baseline_trials(load(args.name, data_dir=args.data_dir, file=args.data_file))
    path = participant_number(data, args.out, n_values=args.n_values, n_draws=args.draws, C=args.C, seed=args.seed,
                              n_jobs=args.jobs, scheduler=args.scheduler, progress=sys.stderr.isatty(), solver=args.solver,
                              protocol=args.protocol)
    print(path)


def _book(args) -> None:
    import yaml

    from .report.build import build_book
    from .studies import ParameterError

    params = {}
    if args.params:
        try:
            with open(args.params) as fh:
                params = yaml.safe_load(fh) or {}
        except OSError as exc:
            raise FileNotFoundError(f"{args.params}: cannot be read ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            raise ParameterError(f"{args.params}: not valid YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(params, dict) or not all(isinstance(v, dict) for v in params.values()):
            raise ParameterError(f"{args.params}: must map each chapter to its parameters, e.g. "
                                 "'identification: {C: 1}'")
    force = True if args.force == [] else (args.force or ())
    index = build_book(params, data_dir=args.data_dir, out=args.out, build_dir=args.build_dir, run=not args.no_run,
                       force=force, jobs=args.jobs)
    print(index)


def _compare(args) -> int:
    from .report.compare import compare_runs

    found = compare_runs(args.first, args.second, rtol=args.rtol, sections=None if args.all else ("metrics",))
    if not found:
        raise FileNotFoundError(f"no run folder with results.json in both {args.first} and {args.second}")
    for run, differences in found.items():
        print(f"{run}: {'same numbers' if not differences else f'{len(differences)} difference(s)'}")
        for line in differences:
            print(f"    {line}")
    return 1 if any(found.values()) else 0


def _one_line(exc) -> str:
    return " ".join(str(exc).split())


def main(argv=None) -> int:
    from .data.dataset import DataError
    from .report.book import ChapterCrash
    from .studies import ParameterError

    args = _parser().parse_args(argv)
    try:
        commands = {"datasets": _datasets, "info": _info, "run": _run, "import": _import,
                    "participants": _participants, "book": _book, "compare": _compare}
        return commands[args.command](args) or 0
    except (DataError, ParameterError, FileExistsError, FileNotFoundError) as exc:
        print(f"movesig: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except ChapterCrash as exc:
        print(f"movesig: chapter failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
