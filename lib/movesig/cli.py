"""The ``movesig`` command line.

    movesig datasets [--data-dir D]
    movesig info NAME [--data-dir D] [--data-file F] [--option KEY VALUE]... [--json]
    movesig run CHAPTER [-p NAME VALUE]... [--data-dir D] [--out DIR]
    movesig import TABLE --out FILE.npz [--points N] [--units U]
    movesig participants NAME --out DIR [--data-file F] [--jobs J] [--scheduler tcp://host:port] [--n-values N...]
    movesig book [--data-dir D] [--out DIR] [--build-dir DIR] [--params FILE] [--jobs N]
    movesig compare RUNS_A RUNS_B [--all]

Every mistake (a bad file, parameter or option) is one line on stderr and exit code 2.
No fault reaches the terminal as a traceback:

* a fault of the machine (a folder that cannot be written, a full disk, a file-size limit,
  a path too long, no memory left) is one line naming the path, the problem and what to
  do, exit code 2;
* Ctrl-C is one line saying what was kept (a run's ``OUT/CHAPTER.partial/``, the finished
  parts of ``movesig participants``: the same command again resumes them), exit code 130;
  SIGTERM the same, exit code 143;
* a closed standard output (``movesig datasets | head -0``) ends quietly, exit code 141;
* anything else is a bug in movesig: its traceback is written to
  ``movesig-error-<timestamp>-<pid>.txt`` in movesig's cache folder (``errors/``; else the
  system's temporary folder) and one line names that file, exit code 1.

Environment variables: ``MOVESIG_DATA_DIR`` (a data directory), ``MOVESIG_CACHE_DIR``
(downloads, calibrations, error reports), ``MOVESIG_OFFLINE`` (1, true, yes or on, any case:
no downloads) and, for developers, ``MOVESIG_DEBUG=1``: faults of the machine and bugs are
raised with their traceback instead.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import signal
import sys
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    """argparse with mistakes in one line (no usage block), exit 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _number(kind, low, open_low=False, high=None):
    """An argparse type: a number of ``kind`` at least (or above) ``low`` and, if given, at most ``high``."""
    def check(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {'whole number' if kind is int else 'number'}")
        if value < low or (open_low and value == low) or value != value:
            raise argparse.ArgumentTypeError(f"{text} must be {'above' if open_low else 'at least'} {low}")
        if high is not None and value > high:
            raise argparse.ArgumentTypeError(f"{text} must be at most {high}")
        return value
    check.__name__ = kind.__name__
    return check


def _path(text):
    """An argparse type: a path, neither empty (which would mean the current folder) nor holding a NUL character."""
    if text == "":
        raise argparse.ArgumentTypeError("an empty path: name a file or folder ('.' for the current folder)")
    if "\0" in text:
        raise argparse.ArgumentTypeError(f"{text!r} holds a NUL character, which no path can hold")
    return text


_path.__name__ = "path"


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
    ds.add_argument("--data-dir", type=_path, help="data directory (default: $MOVESIG_DATA_DIR)")

    info = sub.add_parser("info", help="describe one data set")
    info.add_argument("name")
    info.add_argument("--data-dir", type=_path)
    info.add_argument("--data-file", "--file", dest="data_file", type=_path,
                      help="the file, for npz, horst-2019 or one aeles-2021 file (the chapters' data_file)")
    info.add_argument("--option", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                      help="generator option of a synthetic set (e.g. n_persons 10), or feature for horst-2019")
    info.add_argument("--json", action="store_true", help="print one JSON object")

    run = sub.add_parser("run", help="execute one chapter with papermill into OUT/CHAPTER/")
    run.add_argument("chapter")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="chapter parameter (value read as YAML: 0.1, true, [1, 2], text)")
    run.add_argument("--data-dir", type=_path)
    run.add_argument("--out", default="_runs", type=_path, help="folder of run directories (default: _runs)")

    imp = sub.add_parser("import", help="turn a table of CSV or C3D trials (trials.csv) into the study's .npz")
    imp.add_argument("table", type=_path, help="trials.csv: file, person[, task, condition, start_event, end_event, channels]")
    imp.add_argument("--out", required=True, type=_path, help="the .npz to write (never overwritten)")
    imp.add_argument("--points", type=_number(int, 2, high=100_000), default=101,
                     help="points per trial (default 101, at most 100000)")
    imp.add_argument("--units", default="a.u.", help="units of the values, for figures (default a.u.)")

    pn = sub.add_parser("participants", help="the participant-number experiment (resumable; local or Dask)")
    pn.add_argument("name", help="data set, e.g. synthetic-emg, emg-pedalling-7ps, or npz with --data-file")
    pn.add_argument("--data-dir", type=_path)
    pn.add_argument("--data-file", "--file", dest="data_file", type=_path,
                    help="the file, for npz (your own data) or one aeles-2021 file (the chapters' data_file)")
    pn.add_argument("--out", required=True, type=_path, help="folder for the table; an interrupted run there is resumed")
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
    book.add_argument("--data-dir", type=_path)
    book.add_argument("--out", default="_runs", type=_path)
    book.add_argument("--build-dir", default="_build", type=_path)
    book.add_argument("--params", type=_path, help="YAML file: chapter -> {parameter: value}")
    book.add_argument("--no-run", action="store_true", help="build from the runs already in --out")
    book.add_argument("--jobs", type=_number(int, 1), default=1,
                      help="runs executed at once, the longest first (each still uses its own n_jobs processes; "
                           "the same numbers)")
    book.add_argument("--force", nargs="*", metavar="RUN",
                      help="run these chapters (none named: all) even when nothing they depend on changed")

    cmp = sub.add_parser("compare", help="compare the numbers of two folders of runs (timings aside)")
    cmp.add_argument("first", type=_path)
    cmp.add_argument("second", type=_path)
    cmp.add_argument("--all", action="store_true", help="compare every section of results.json, not only metrics")
    cmp.add_argument("--rtol", type=_number(float, 0), default=1e-9)
    return p


def _named_values(pairs, flag: str) -> dict:
    """``-p NAME VALUE`` (or ``--option``) pairs as a dict of values read as YAML; a name given twice, a name that
    is no identifier and a text holding a NUL character are refused in one line."""
    from .report.book import parse_value
    from .studies import ParameterError

    what = "parameter" if flag == "-p" else "option"
    values, given = {}, {}
    for name, text in pairs:
        if not name.isidentifier():
            raise ParameterError(f"{flag} {name!r}: not a {what} name (letters, digits and _, e.g. {flag} n_persons 5)")
        if name in values:
            raise ParameterError(f"{what} {name} is given twice ({flag} {name} {given[name]} and {flag} {name} {text}); "
                                 "give it once")
        values[name], given[name] = parse_value(text), text
        if _holds_nul(values[name]):  # also written as the YAML escape "\0"
            raise ParameterError(f"{what} {name}: the value holds a NUL character, which no path or name can hold")
    return values


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\0" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(map(_holds_nul, value))
    return False


def _datasets(args) -> None:
    from .data.catalog import CATALOG, available

    width = max(map(len, CATALOG))
    for name, entry in CATALOG.items():
        status, where = available(name, args.data_dir)
        print(f"{name:<{width}}  {entry.source:<9}  {status:<3}  {entry.title}  [{where}]")


def _info(args) -> None:
    from .data.catalog import load
    from .report.book import parse_value

    options = _named_values(args.option, "--option")
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
    if summary.get("covariates"):
        print(f"{'covariates':>10}: {', '.join(summary['covariates'])}")


def _run(args) -> None:
    from .report.book import run_chapter

    params = _named_values(args.parameter, "-p")
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
            with open(args.params, encoding="utf-8") as fh:
                params = yaml.safe_load(fh) or {}
        except OSError as exc:
            raise FileNotFoundError(f"{args.params}: cannot be read ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise ParameterError(f"{args.params}: not a text file in UTF-8 (a binary file?); --params takes a YAML "
                                 "file, e.g. 'identification: {C: 1}'") from None
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


class _Terminated(BaseException):
    """SIGTERM, raised by :func:`main`'s handler wherever the command is (a BaseException, as KeyboardInterrupt,
    so that no ``except Exception`` on the way swallows it)."""


@contextmanager
def _signal_handlers():
    """For the command: SIGTERM raises :class:`_Terminated`; SIGXFSZ is ignored, so that a write over the file-size
    limit raises OSError EFBIG instead of killing the process. The previous handlers are restored after."""
    def terminate(signum, frame):
        raise _Terminated()

    previous = {}
    if threading.current_thread() is threading.main_thread():  # signal handlers can only be set there
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, terminate)
        if hasattr(signal, "SIGXFSZ"):
            previous[signal.SIGXFSZ] = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


@contextmanager
def _warnings_in_one_line():
    """Every warning shown during the command as one line, ``movesig: warning: ...``."""
    def show(message, category, filename, lineno, file=None, line=None):
        kind = "" if category is UserWarning else f" ({category.__name__})"
        try:
            print(f"movesig: warning{kind}: {_one_line(message)}", file=file or sys.stderr)
        except (OSError, ValueError):  # no stderr left to say it on
            pass

    with warnings.catch_warnings():
        warnings.showwarning = show
        yield


def _tolerant_output() -> None:
    """Characters the terminal's encoding cannot show (a non-UTF-8 locale) are written escaped, not raised."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError, AttributeError):
                pass


def _debug() -> bool:
    """``MOVESIG_DEBUG`` on: faults of the machine and bugs are raised with their traceback."""
    return os.environ.get("MOVESIG_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")


def _cache_folder() -> Path | None:
    try:
        from .data.fetch import cache_dir

        return cache_dir()
    except Exception:
        return None


def _within(path, folder) -> bool:
    try:
        return folder is not None and Path(path).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, ValueError, RuntimeError):
        return False


def _kept(args) -> str:
    """What an interrupted command leaves to resume, in words ("" for nothing)."""
    try:
        if args.command == "run":
            partial = Path(args.out).expanduser().resolve() / f"{args.chapter}.partial"
            if partial.is_dir():
                return f"the partial run is kept in {partial} and resumes when you run the same command again"
        elif args.command == "participants":
            from .evaluate.participant_number import MARKER

            out = Path(args.out).expanduser()
            if (out / MARKER).is_file():
                done = len(list((out / "parts").glob("*.csv")))
                return (f"the {done} finished part(s) are kept in {out} and the run resumes when you run the same "
                        "command again")
        elif args.command == "book":
            out = Path(args.out).expanduser().resolve()
            partial = sorted(p.name for p in out.glob("*.partial") if p.is_dir())
            if partial:
                return (f"the partial run(s) {', '.join(partial)} are kept in {out} and resume when you run the "
                        "same command again")
        elif args.command == "import":
            return "nothing was written"
    except Exception:  # saying what was kept must not fail the exit
        pass
    return ""


def _machine_fault(exc: OSError, args) -> str:
    """One line for a fault of the machine: the path, the problem, what to do."""
    names = [os.fsdecode(f) if isinstance(f, bytes) else str(f) for f in (exc.filename, exc.filename2)
             if f is not None]
    where = "".join(f"{n}: " for n in names[:1]) if len(names) < 2 else f"{names[0]} -> {names[1]}: "
    problem = exc.strerror or _one_line(exc) or type(exc).__name__
    code = exc.errno
    has_out = args.command in ("run", "import", "participants", "book")
    in_cache = any(_within(n, _cache_folder()) for n in names)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        fix = ("free space on that disk (or choose a folder on another disk with --out), then run the same command "
               "again" if has_out else "free space on that disk, then run the same command again")
    elif code == errno.EFBIG:
        fix = "a limit on the size of files (ulimit -f) was reached: raise it, or free space, and run the command again"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM):
        if in_cache:
            fix = "movesig's cache folder cannot be written: set MOVESIG_CACHE_DIR to a folder you can write"
        elif has_out:
            fix = "choose a folder you can write with --out" + (" and --build-dir" if args.command == "book" else "")
        else:
            fix = "check that you may read it (and write, where movesig writes)"
    elif code == errno.ENAMETOOLONG:
        fix = "the path or one of its names is too long for this system: choose a shorter path"
    elif code in (errno.EMFILE, errno.ENFILE):
        fix = "too many files are open: raise the limit (ulimit -n) or use fewer --jobs"
    elif code in (errno.ENOTDIR, errno.EISDIR, errno.ELOOP):
        fix = "a part of that path is not the kind of file or folder movesig expects: check the path"
    else:
        fix = "check the path and the disk, then run the same command again"
    return f"movesig: error: {where}{problem}; {fix}"


def _save_traceback(exc: BaseException, argv) -> Path | None:
    """Write the traceback of a bug to ``movesig-error-<timestamp>-<pid>.txt`` in the cache folder's ``errors/``
    (else the system's temporary folder); the file's path, or None when none could be written."""
    import datetime
    import platform
    import shlex
    import tempfile
    import traceback

    try:
        from importlib.metadata import version

        ours = version("movesig")
    except Exception:
        ours = "?"
    command = " ".join(shlex.quote(str(a)) for a in (sys.argv[1:] if argv is None else argv))
    text = (f"movesig {ours}, Python {sys.version.split()[0]} on {platform.platform()}\n"
            f"command: movesig {command}\nfolder: {os.getcwd()}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    name = f"movesig-error-{datetime.datetime.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}.txt"
    cache = _cache_folder()
    for folder in ([cache / "errors"] if cache is not None else []) + [Path(tempfile.gettempdir())]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(folder / name, "x", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(text)
            return folder / name
        except Exception:
            continue
    return None


def _stdout_gone() -> bool:
    """Whether standard output is a closed pipe (then it is pointed at the null device, so that the exit's flush is
    quiet)."""
    try:
        sys.stdout.flush()
        gone = False
    except BrokenPipeError:
        gone = True
    except (OSError, ValueError):
        return False
    if not gone:  # the failed write may have dropped what it held: ask the pipe itself
        try:
            import select

            poll = select.poll()
            poll.register(sys.stdout.fileno(), select.POLLOUT)
            gone = any(event & select.POLLERR for _, event in poll.poll(0))
        except Exception:
            return False
    if not gone:
        return False
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except Exception:
        pass
    return True


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError):  # no stderr left to say it on
        pass


def main(argv=None) -> int:
    """Run one ``movesig`` command; its exit code (see the module's docstring for every fault's)."""
    args = _parser().parse_args(argv)
    with _signal_handlers(), _warnings_in_one_line():
        try:
            _tolerant_output()
            return _command(args)
        except KeyboardInterrupt:
            kept = _kept(args)
            _say(f"movesig: interrupted{'; ' + kept if kept else ''}")
            return 130
        except _Terminated:
            kept = _kept(args)
            _say(f"movesig: terminated (SIGTERM){'; ' + kept if kept else ''}")
            return 143
        except Exception as exc:
            code = _fault(exc, args, argv)
            if code is None:
                raise
            return code


def _command(args) -> int:
    """The command's exit code; a mistake of the user is one line and 2 (a failed chapter 1); other faults raise."""
    from .data.dataset import DataError
    from .report.book import ChapterCrash
    from .studies import ParameterError

    try:
        commands = {"datasets": _datasets, "info": _info, "run": _run, "import": _import,
                    "participants": _participants, "book": _book, "compare": _compare}
        code = commands[args.command](args) or 0
        sys.stdout.flush()  # a closed pipe is found here, not at exit
        return code
    except (DataError, ParameterError, FileExistsError, FileNotFoundError) as exc:
        _say(f"movesig: error: {_one_line(exc)}")
        return 2
    except ChapterCrash as exc:
        _say(f"movesig: chapter failed: {exc}")
        return 1


def _fault(exc: Exception, args, argv) -> int | None:
    """Exit code of a fault that is not the user's mistake, said in one line; None: raise it (``MOVESIG_DEBUG``)."""
    if isinstance(exc, BrokenPipeError) and _stdout_gone():
        return 141  # the reader of the output left (| head): nothing to say, as a command killed by SIGPIPE
    if _debug():
        return None
    if isinstance(exc, MemoryError):
        _say("movesig: error: out of memory; use smaller parameters (fewer persons, trials or --jobs) or a machine "
             "with more memory")
        return 2
    if isinstance(exc, OSError):
        _say(_machine_fault(exc, args))
        return 2
    path = _save_traceback(exc, argv)
    what = f"{type(exc).__name__}: {_one_line(exc)}"[:300]
    if path is None:
        _say(f"movesig: internal error ({what}); this is a bug in movesig: please report it (MOVESIG_DEBUG=1 shows "
             "the traceback, which could not be saved)")
    else:
        _say(f"movesig: internal error ({what}); this is a bug in movesig: please report it with {path}, which "
             "holds the details")
    return 1


if __name__ == "__main__":
    sys.exit(main())
