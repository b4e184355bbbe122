"""The ``movesig`` command line.

    movesig datasets [--data-dir D]
    movesig info NAME [--data-dir D] [--file F] [--option KEY VALUE]... [--json]
    movesig run CHAPTER [-p NAME VALUE]... [--data-dir D] [--out DIR]
    movesig participants NAME --out DIR [--jobs J] [--scheduler tcp://host:port] [--n-values N...] [--solver gram|liblinear]
    movesig book [--data-dir D] [--out DIR] [--build-dir DIR] [--params FILE]
    movesig compare RUNS_A RUNS_B [--sections all]
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="movesig", description="How unique is each person's movement? Run the study.")
    sub = p.add_subparsers(dest="command", required=True)

    ds = sub.add_parser("datasets", help="list the known data sets and whether each is available")
    ds.add_argument("--data-dir", help="data directory (default: $MOVESIG_DATA_DIR)")

    info = sub.add_parser("info", help="describe one data set")
    info.add_argument("name")
    info.add_argument("--data-dir")
    info.add_argument("--file", help="the file, for npz, horst-2019 or one aeles-2021 file")
    info.add_argument("--option", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                      help="generator option of a synthetic set (e.g. n_persons 10), or feature for horst-2019")
    info.add_argument("--json", action="store_true", help="print one JSON object")

    run = sub.add_parser("run", help="execute one chapter with papermill into OUT/CHAPTER/")
    run.add_argument("chapter")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="chapter parameter (value read as YAML: 0.1, true, [1, 2], text)")
    run.add_argument("--data-dir")
    run.add_argument("--out", default="_runs", help="folder of run directories (default: _runs)")

    pn = sub.add_parser("participants", help="the participant-number experiment (resumable; local or Dask)")
    pn.add_argument("name", help="data set, e.g. synthetic-emg or emg-pedalling-7ps")
    pn.add_argument("--data-dir")
    pn.add_argument("--out", required=True, help="folder for the table; an interrupted run there is resumed")
    pn.add_argument("--n-values", type=int, nargs="+", help="training-set sizes N (default 2, 6, ..., all)")
    pn.add_argument("--draws", type=int, default=10)
    pn.add_argument("--C", type=float, default=0.01)
    pn.add_argument("--seed", type=int, default=1234)
    pn.add_argument("--jobs", type=int, default=1, help="local worker processes")
    pn.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    pn.add_argument("--solver", choices=("gram", "liblinear"), default="gram",
                    help="exact Newton on the Gram matrix (default) or scikit-learn's LinearSVC per fit")

    book = sub.add_parser("book", help="run every chapter and build the book (jupyter-book -W)")
    book.add_argument("--data-dir")
    book.add_argument("--out", default="_runs")
    book.add_argument("--build-dir", default="_build")
    book.add_argument("--params", help="YAML file: chapter -> {parameter: value}")
    book.add_argument("--no-run", action="store_true", help="build from the runs already in --out")

    cmp = sub.add_parser("compare", help="compare the numbers of two folders of runs (timings aside)")
    cmp.add_argument("first")
    cmp.add_argument("second")
    cmp.add_argument("--all", action="store_true", help="compare every section of results.json, not only metrics")
    cmp.add_argument("--rtol", type=float, default=1e-9)
    return p


def _datasets(args) -> None:
    from .data.catalog import CATALOG, available

    width = max(map(len, CATALOG))
    for name, entry in CATALOG.items():
        status, where = available(name, args.data_dir)
        print(f"{name:<{width}}  {entry.kind:<9}  {status:<3}  {entry.title}  [{where}]")


def _info(args) -> None:
    from .data.catalog import load
    from .report.book import parse_value

    options = {k: parse_value(v) for k, v in args.option}
    ds = load(args.name, data_dir=args.data_dir, file=args.file, **options)
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
    run_dir = run_chapter(args.chapter, params, data_dir=args.data_dir, out=args.out, progress=True)
    print(run_dir)


def _participants(args) -> None:
    from .data import baseline_trials, load
    from .evaluate.participant_number import participant_number

    data = baseline_trials(load(args.name, data_dir=args.data_dir))
    path = participant_number(data, args.out, n_values=args.n_values, n_draws=args.draws, C=args.C, seed=args.seed,
                              n_jobs=args.jobs, scheduler=args.scheduler, progress=True, solver=args.solver)
    print(path)


def _book(args) -> None:
    import yaml

    from .report.book import build_book

    params = {}
    if args.params:
        with open(args.params) as fh:
            params = yaml.safe_load(fh) or {}
    index = build_book(params, data_dir=args.data_dir, out=args.out, build_dir=args.build_dir, run=not args.no_run)
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


def main(argv=None) -> int:
    from .data.dataset import DataError
    from .report.book import ChapterCrash
    from .studies import ParameterError

    args = _parser().parse_args(argv)
    try:
        commands = {"datasets": _datasets, "info": _info, "run": _run, "participants": _participants, "book": _book,
                    "compare": _compare}
        return commands[args.command](args) or 0
    except (DataError, ParameterError, FileExistsError, FileNotFoundError) as exc:
        print(f"movesig: error: {exc}", file=sys.stderr)
        return 2
    except ChapterCrash as exc:
        print(f"movesig: chapter failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
