"""GaitRec as published on figshare (CSV files) -> one Dataset; the CSV reading the Gutenberg files share.

The published layout (Horsak et al. 2020, Scientific Data 7:143, CC BY 4.0; files at
https://doi.org/10.6084/m9.figshare.c.4788012):

- ``GRF_metadata.csv``: one row per session, ``SUBJECT_ID, SESSION_ID, CLASS_LABEL,
  CLASS_LABEL_DETAILED, SEX, AGE, HEIGHT, BODY_WEIGHT, BODY_MASS, SHOE_SIZE, AFFECTED_SIDE,
  SHOD_CONDITION, ORTHOPEDIC_INSOLE, SPEED, READMISSION, SESSION_TYPE, SESSION_DATE, TRAIN,
  TRAIN_BALANCED, TEST`` (empty or ``NaN`` where unknown; dates ``2014-05-16`` or
  ``16.05.2014``, with or without a time);
- one file per component and side, ``GRF_F_{V,AP,ML}_PRO_{left,right}.csv`` and
  ``GRF_COP_{AP,ML}_PRO_{left,right}.csv``: each row ``SUBJECT_ID, SESSION_ID, TRIAL_ID`` then
  101 values ``F_V_PRO_1`` ... ``F_V_PRO_101`` (the prefix follows the file), stance
  time-normalised, forces in multiples of body weight.

The Gutenberg Gait Database (:mod:`.gutenberg`) has the same files with ``DATASET_ID`` first.
The files are large (the vertical force alone about 137 MB): pandas' C parser reads them
(imported when a file is read), and a row is examined cell by cell only to name a fault.
"""

from __future__ import annotations

import csv
import warnings
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np

from ..dataset import DataError, Dataset, Provenance, SourceFile
from ..fetch import sha256sum

__all__ = ["CLASS_WORDS", "GAITREC_FULL_FILES", "GRF_CHANNELS", "METADATA", "N_POINTS", "curve_files",
           "load_gaitrec_full"]

METADATA = "GRF_metadata.csv"
#: Points of every processed curve (stance, time-normalised).
N_POINTS = 101
#: The force components as the files name them, with the channel words of the GaitRec subset, in its order.
FORCES = (("F_AP", "fore-aft"), ("F_ML", "medial-lateral"), ("F_V", "vertical"))
#: The centre-of-pressure components (read with ``cop=True``), after the forces.
COP = (("COP_AP", "COP fore-aft"), ("COP_ML", "COP medial-lateral"))
SIDES = ("left", "right")
#: GaitRec's class codes in the words of the GaitRec subset's conditions (another code is kept as it is).
CLASS_WORDS = {"HC": "healthy control", "H": "hip", "K": "knee", "A": "ankle", "C": "calcaneus"}
#: Covariates read from metadata columns where present: (covariate, column).
META_COVARIATES = (("sex", "SEX"), ("age", "AGE"), ("body_mass", "BODY_MASS"),
                   ("shod_condition", "SHOD_CONDITION"), ("speed_code", "SPEED"))
#: What a metadata cell holding one of these (any case) means: unknown.
MISSING = frozenset({"", "nan", "na", "n/a", "null", "none"})
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
                 "%d.%m.%Y", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M")
_EPOCH = datetime(1970, 1, 1)


def curve_files(cop: bool = False) -> tuple[tuple[str, str, str], ...]:
    """(file name, value-column prefix, channel name) of every curve file read, in channel order.

    The three forces of the left then the right foot (the GaitRec subset's channel order,
    with ``left``/``right`` where it says affected/unaffected), then, with ``cop``, the
    centre of pressure of each foot.
    """
    parts = [(c, w, s) for s in SIDES for c, w in FORCES] + ([(c, w, s) for s in SIDES for c, w in COP] if cop else [])
    return tuple((f"GRF_{c}_PRO_{s}.csv", f"{c}_PRO", f"{s} {w}") for c, w, s in parts)


#: The six force channels, as :func:`curve_files` names them.
GRF_CHANNELS = tuple(ch for _, _, ch in curve_files())
#: Every file the GaitRec card looks for: the metadata, then the curves (centre of pressure last).
GAITREC_FULL_FILES = (METADATA,) + tuple(f for f, _, _ in curve_files(cop=True))


def _pd():
    import pandas

    return pandas


# ---------------------------------------------------------------------------- finding the files
def locate_files(files, names, optional=(), what: str = "the data set") -> dict[str, Path]:
    """The files of one load, all in the folder of its metadata file: ``{name: path}``.

    Parameters
    ----------
    files : path-like or sequence of path-like
        The folder, or the files found (a data card's ``files_for``: the first of each name wins).
    names : sequence of str
        The files needed, :data:`METADATA` first.
    optional : sequence of str
        Files read where present.
    what : str
        The data set, for the message.

    Raises
    ------
    DataError
        One line naming a missing file and the folder it was looked for in.
    """
    if isinstance(files, (str, Path)) and Path(files).is_dir():
        folder = Path(files)
    else:
        paths = [Path(p) for p in ([files] if isinstance(files, (str, Path)) else files)]
        meta = next((p for p in paths if p.name == METADATA), None)
        if meta is None:
            raise DataError(f"{METADATA}: not among the files of {what} given ({', '.join(p.name for p in paths)})")
        folder = meta.parent
    out = {}
    for name in (*names, *optional):
        path = folder / name
        if path.is_file():
            out[name] = path
        elif name not in optional:
            raise DataError(f"{name}: not found in {folder} (the data directory holding {METADATA}); {what} needs "
                            "it beside the metadata")
    return out


# ---------------------------------------------------------------------------- reading one file
def _header(path: Path) -> list[str]:
    """The stripped column names of a CSV file's first non-empty row."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            for row in csv.reader(fh):
                if any(cell.strip() for cell in row):
                    return [cell.strip() for cell in row]
    except UnicodeDecodeError:
        raise DataError(f"{path}: not a UTF-8 text (CSV) file") from None
    raise DataError(f"{path}: the file is empty (no header row)")


def _rows(path: Path):
    """(row number from 1, line number, cells) of every non-empty data row (the header skipped)."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header, row_no = False, 0
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if not header:
                header = True
                continue
            row_no += 1
            yield row_no, reader.line_num, cells


def _whole(text: str) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return np.isfinite(value) and value == int(value)


def _fault(path: Path, header: list[str], n_ids: int, width: int) -> str | None:
    """The first faulty row of a curve file in words (its row and line), or None where every row is sound.

    ``width`` is the number of cells of the header row (more than ``header`` where every line ends in a comma).
    """
    n_values = len(header) - n_ids
    for row, line, cells in _rows(path):
        cells = [c.strip() for c in cells]
        where = f"{path.name}: row {row} (line {line}"
        if len(cells) != width:
            ids = ", ".join(f"{h} {c}" for h, c in zip(header[:n_ids], cells))
            got = max(len(cells) - n_ids, 0)
            return (f"{where}, {ids}) has {got} value{'s' * (got != 1)}, expected {n_values}; every row needs "
                    f"{', '.join(header[:n_ids])} and {n_values} values")
        for name, cell in zip(header[:n_ids], cells[:n_ids]):
            if not _whole(cell):
                return f"{where}): {name} is {cell!r}, not a whole number; every trial needs its {name}"
        for name, cell in zip(header[n_ids:], cells[n_ids:]):
            try:
                ok = bool(np.isfinite(float(cell)))
            except ValueError:
                ok = False
            if not ok:
                return (f"{where}): {name} is {'empty' if not cell else repr(cell)}; every value of a curve must be "
                        "a finite number")
    return None


def read_curves(path, id_columns, prefix: str, n_points: int = N_POINTS, hint: str = "") -> tuple[np.ndarray,
                                                                                                   np.ndarray]:
    """One curve file: its trial ids and values.

    Parameters
    ----------
    path : path-like
        E.g. ``GRF_F_V_PRO_left.csv``.
    id_columns : sequence of str
        The columns before the values, e.g. ``("SUBJECT_ID", "SESSION_ID", "TRIAL_ID")``.
    prefix : str
        The value columns' prefix, e.g. ``"F_V_PRO"`` for ``F_V_PRO_1`` ... ``F_V_PRO_101``.
    n_points : int
        Values per row.
    hint : str
        Added to the message when the first columns are not ``id_columns`` (e.g. another database's file).

    Returns
    -------
    ids : ndarray of shape (n_rows, len(id_columns)), int64
    values : ndarray of shape (n_rows, n_points), float64

    Raises
    ------
    DataError
        One line naming the file and the row: a row with the wrong number of values, an empty or
        non-numeric cell, an id that is not a whole number, a trial given twice; or the header.
    """
    pd = _pd()
    path = Path(path)
    header = _header(path)
    width = len(header)
    while header and not header[-1]:  # a comma ending every line: an empty last column
        header.pop()
    n_ids = len(id_columns)
    names = [h.upper() for h in header]
    if names[:n_ids] != [c.upper() for c in id_columns]:
        raise DataError(f"{path}: the columns begin {', '.join(header[:n_ids]) or 'with nothing'}; expected "
                        f"{', '.join(id_columns)}, then {prefix}_1 ... {prefix}_{n_points}{hint}")
    expected = [f"{prefix}_{k}" for k in range(1, n_points + 1)]
    if names[n_ids:] != expected:
        got = header[n_ids:]
        if len(got) != n_points:
            why = f"has {len(got)} value columns, expected {n_points} ({prefix}_1 ... {prefix}_{n_points})"
        else:
            j = next(j for j, (a, b) in enumerate(zip(names[n_ids:], expected)) if a != b)
            why = f"names column {n_ids + j + 1} {got[j]!r}, expected {expected[j]!r}"
        raise DataError(f"{path}: the header {why}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = pd.read_csv(path, dtype=np.float64, encoding="utf-8-sig", index_col=False,
                                skipinitialspace=True).to_numpy()
        table = table[:, :len(header)] if np.isnan(table[:, len(header):]).all() else table
        sound = table.shape[1] == len(header) and np.isfinite(table).all()
        sound = sound and bool((table[:, :n_ids] == np.round(table[:, :n_ids])).all())
    except (ValueError, pd.errors.ParserWarning):  # pandas' ParserError is a ValueError
        sound = False
    if not sound:
        raise DataError(_fault(path, header, n_ids, width)
                        or f"{path}: the rows do not match the header's {len(header)} columns")
    if len(table) == 0:
        raise DataError(f"{path}: the file holds a header but no trials")
    ids = table[:, :n_ids].astype(np.int64)
    duplicate_rows(ids, path, header[:n_ids], "trial")
    return ids, np.ascontiguousarray(table[:, n_ids:])


def duplicate_rows(keys: np.ndarray, path, columns, what: str) -> None:
    """Refuse a key given twice, in one line naming the file and both rows (counted from 1 after the header)."""
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    firsts = first[inverse.reshape(-1)]
    repeats = np.flatnonzero(firsts != np.arange(len(keys)))
    if repeats.size:
        j = int(repeats[0])
        key = ", ".join(f"{c} {v}" for c, v in zip(columns, keys[j]))
        raise DataError(f"{Path(path).name}: row {j + 1} repeats the {what} {key} of row {int(firsts[j]) + 1}; each "
                        f"{what} must appear once")


def read_table(path, key_columns, hint: str = ""):
    """A small CSV file (the metadata, the walking speeds) as text, and its key columns as whole numbers.

    Returns
    -------
    table : pandas.DataFrame
        Every cell as stripped text, columns upper-case; row ``i`` is the file's data row ``i + 1``.
    keys : ndarray of shape (n_rows, len(key_columns)), int64

    Raises
    ------
    DataError
        A missing key column, a key that is not a whole number, a row with more or fewer cells than the header.
    """
    pd = _pd()
    path = Path(path)
    header = _header(path)
    rows = []
    for row, line, cells in _rows(path):  # small files: read cell by cell, so that a short row is seen
        if len(cells) != len(header):
            raise DataError(f"{path.name}: row {row} (line {line}) has {len(cells)} cells, the header "
                            f"{len(header)}; leave a cell empty (or NaN) where a value is unknown")
        rows.append(cells)
    table = pd.DataFrame(rows, columns=[h.upper() for h in header], dtype=str)
    table = table.apply(lambda col: col.str.strip()) if len(table) else table
    missing = [c for c in key_columns if c not in table.columns]
    if missing:
        raise DataError(f"{path}: no column {', '.join(missing)} (its columns: "
                        f"{', '.join(table.columns[:6])}{' ...' if len(table.columns) > 6 else ''}){hint}")
    keys = np.empty((len(table), len(key_columns)), np.int64)
    for j, col in enumerate(key_columns):
        values = pd.to_numeric(table[col], errors="coerce").to_numpy(np.float64)
        bad = ~np.isfinite(values) | (values != np.round(values))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError(f"{path.name}: row {i + 1}: {col} is {table[col].iloc[i]!r}, not a whole number; every "
                            f"row needs its {col}")
        keys[:, j] = values
    return table, keys


def numbers(table, column: str, path) -> np.ndarray:
    """A column of numbers, NaN where unknown (empty, ``NaN``, ``NA``); text refused naming the row."""
    pd = _pd()
    text = table[column]
    missing = text.str.lower().isin(MISSING).to_numpy()
    values = pd.to_numeric(text.where(~missing, "nan"), errors="coerce").to_numpy(np.float64)
    bad = ~missing & ~np.isfinite(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(f"{Path(path).name}: row {i + 1}: {column} is {text.iloc[i]!r}, not a number; leave it empty "
                        "(or NaN) where unknown")
    return values


def days(table, column: str, path) -> np.ndarray:
    """A date column as days since 1970-01-01 (the time of day as a fraction), NaN where unknown.

    Dates are ``2014-05-16`` or ``16.05.2014``, each with or without a time (``10:22`` or
    ``10:22:05``); anything else is refused naming the row.
    """
    parsed: dict[str, float] = {}
    out = np.full(len(table), np.nan)
    for i, text in enumerate(table[column].tolist()):
        if text.lower() in MISSING:
            continue
        if text not in parsed:
            for fmt in _DATE_FORMATS:
                try:
                    parsed[text] = (datetime.strptime(text, fmt) - _EPOCH).total_seconds() / 86400.0
                    break
                except ValueError:
                    continue
            else:
                raise DataError(f"{Path(path).name}: row {i + 1}: {column} is {text!r}, not a date (2014-05-16 or "
                                "16.05.2014, with or without a time)")
        out[i] = parsed[text]
    return out


# ---------------------------------------------------------------------------- putting files together
def join_curves(paths: dict, specs, id_columns, hint: str = "") -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The trials present in every curve file, sorted by their ids.

    Parameters
    ----------
    paths : dict of str to Path
        The files by name.
    specs : sequence of (file name, prefix, channel name)
        The curve files, in channel order (:func:`curve_files`).
    id_columns : sequence of str
        The id columns of a curve file.

    Returns
    -------
    keys : ndarray of shape (n_trials, len(id_columns)), int64
    X : ndarray of shape (n_trials, len(specs), N_POINTS)
    notes : list of str
        How many trials one file or another lacks (they are dropped), where any.
    """
    pd = _pd()
    read = [read_curves(paths[name], id_columns, prefix, hint=hint) for name, prefix, _ in specs]
    index = [pd.MultiIndex.from_arrays(list(ids.T)) for ids, _ in read]
    common, union = index[0], index[0]
    for idx in index[1:]:
        common, union = common.intersection(idx), union.union(idx)
    common = common.sort_values()
    notes = []
    if len(common) < len(union):
        lost = union.difference(common)[0]
        lacking = [name for (name, _, _), idx in zip(specs, index) if lost not in idx]
        notes.append(f"{len(union) - len(common)} trial(s) dropped: missing from one or more curve files (first: "
                     f"{', '.join(f'{c} {v}' for c, v in zip(id_columns, lost))}, not in {', '.join(lacking)})")
    if len(common) == 0:
        raise DataError(f"{specs[0][0]}: no trial is in every curve file ({', '.join(n for n, _, _ in specs)})")
    keys = np.column_stack([common.get_level_values(k).to_numpy(np.int64) for k in range(len(id_columns))])
    X = np.stack([values[idx.get_indexer(common)] for (_, values), idx in zip(read, index)], axis=1)
    return keys, X, notes


def match_sessions(trial_keys: np.ndarray, session_keys: np.ndarray, columns, metadata: str) -> tuple[np.ndarray,
                                                                                                        list[str]]:
    """The metadata row of every trial's session (-1: none), and a note on trials and sessions without a match.

    Trials without metadata are dropped by the loaders (their class, person facts and date are unknown).
    """
    pd = _pd()
    meta = pd.MultiIndex.from_arrays(list(session_keys.T))
    rows = meta.get_indexer(pd.MultiIndex.from_arrays(list(trial_keys.T)))
    notes = []
    orphans = rows < 0
    if orphans.any():
        first = trial_keys[np.flatnonzero(orphans)[0]]
        notes.append(f"{int(orphans.sum())} trial(s) dropped: their session is not in {metadata} (first: "
                     f"{', '.join(f'{c} {v}' for c, v in zip(columns, first))})")
    unused = len(session_keys) - len(np.unique(rows[rows >= 0]))
    if unused:
        notes.append(f"{unused} session(s) of {metadata} have no trial in the curve files")
    return rows, notes


def metadata_covariates(table, rows: np.ndarray, path) -> tuple[dict[str, np.ndarray], list[str]]:
    """The per-trial covariates of the metadata (NaN where unknown) and notes on those left out.

    :data:`META_COVARIATES` where their column is present, and ``session_date`` (days since
    1970-01-01) from ``SESSION_DATE``. A column holding a cell that is neither a number (a date)
    nor unknown is left out, and the note names its row: a covariate is not worth refusing the data.
    """
    out, notes = {}, []
    wanted = [(name, column, numbers) for name, column in META_COVARIATES] + [("session_date", "SESSION_DATE", days)]
    for name, column, read in wanted:
        if column not in table.columns:
            continue
        try:
            out[name] = read(table, column, path)[rows]
        except DataError as exc:
            notes.append(f"covariate {name} left out: {exc}")
    return out, notes


def complete(covariates: dict, n_sessions_of) -> tuple[dict, list[str]]:
    """The covariates known for every trial; each one unknown somewhere is left out, with a note saying where.

    ``n_sessions_of(mask)`` counts the sessions of the trials ``mask``.
    """
    kept, notes = {}, []
    for name, values in covariates.items():
        unknown = ~np.isfinite(values)
        if unknown.any():
            notes.append(f"covariate {name} left out: unknown for {int(unknown.sum())} of {len(values)} trials "
                         f"({n_sessions_of(unknown)} session(s))")
        else:
            kept[name] = values
    return kept, notes


def sessions_notes(person: np.ndarray, session: np.ndarray) -> tuple[int, list[str]]:
    """The number of sessions and a note on the people seen in several (a cross-session protocol needs them)."""
    pairs = np.unique(np.column_stack([person.astype(str), session.astype(np.int64).astype(str)]), axis=0)
    _, per_person = np.unique(pairs[:, 0], return_counts=True)
    several = int((per_person > 1).sum())
    note = (f"{len(pairs)} sessions; {several} of {len(per_person)} people have trials in two or more sessions"
            + (f" (up to {int(per_person.max())})" if several else "")
            + "; covariate session holds each trial's SESSION_ID (with the person, it names the session)")
    return len(pairs), [note]


def finish(provenance: Provenance, paths: dict, order, X, channels, person, condition, covariates, notes,
           min_trials: int, units: str) -> Dataset:
    """The Dataset: provenance with the files read (in ``order``) and the notes, the title with the counts."""
    n_sessions, session_notes = sessions_notes(person, covariates["session"])
    files = tuple(SourceFile(name, sha256sum(paths[name])) for name in order if name in paths)
    title = f"{provenance.title}: {len(np.unique(person))} people, {n_sessions} sessions, {len(X)} trials"
    prov = replace(provenance, title=title, files=files, notes=provenance.notes + tuple(notes) + tuple(session_notes))
    return Dataset(X=X, person=person, channels=tuple(channels), provenance=prov,
                   task="walking", condition=condition, time_axis="% of stance", units=units, min_trials=min_trials,
                   covariates=covariates)


def units_of(cop: bool) -> str:
    """The units of the processed files' channels."""
    return "body weight (forces); centre of pressure as published" if cop else "body weight"


# ---------------------------------------------------------------------------- GaitRec
_TRIAL = ("SUBJECT_ID", "SESSION_ID", "TRIAL_ID")
_NOT_GAITREC = ("; GaitRec's files begin SUBJECT_ID, SESSION_ID (a file beginning DATASET_ID is the Gutenberg Gait "
                "Database's: -p dataset gutenberg)")


def _wanted_classes(classes, present) -> list[str]:
    """The class codes ``classes`` names (codes or :data:`CLASS_WORDS`); refused where one is not in the data."""
    if classes is None or classes == "all":
        return sorted(present)
    if not (isinstance(classes, str) or (isinstance(classes, (list, tuple))
                                         and all(isinstance(c, str) for c in classes))):
        raise DataError(f"gaitrec-full: option classes must be 'HC', 'all' or a list of class codes, got {classes!r}")
    codes = {w: c for c, w in CLASS_WORDS.items()}
    wanted = [codes.get(c, c) for c in ([classes] if isinstance(classes, str) else classes)]
    absent = [c for c in wanted if c not in present]
    if absent:
        raise DataError(f"{METADATA}: no session of class {', '.join(absent)} has trials; the classes present: "
                        f"{', '.join(sorted(present)) or 'none'} (option classes: 'all', or a list of them)")
    return wanted


def load_gaitrec_full(files, classes="HC", cop: bool = False, min_trials: int = 1,
                      provenance: Provenance | None = None) -> Dataset:
    """GaitRec as published: every trial of the chosen classes, 6 force channels (10 with ``cop``) × 101 points.

    Parameters
    ----------
    files : path-like or sequence of path-like
        The folder holding the files, or the files found (every one is read from the folder of
        :data:`METADATA`; see :data:`GAITREC_FULL_FILES`).
    classes : str or sequence of str
        ``"HC"`` (healthy controls, as the identification papers use them), ``"all"``, or class
        codes (``HC``, ``H``, ``K``, ``A``, ``C``) or their words (:data:`CLASS_WORDS`).
    cop : bool
        Also read the centre of pressure (``GRF_COP_{AP,ML}_PRO_*.csv``).
    min_trials : int
        Fewest trials a person must have.
    provenance : Provenance, optional
        The card's facts; the files read, the notes and the counts (people, sessions, trials) are added.

    Returns
    -------
    Dataset
        X of shape (n_trials, 6 or 10, 101) in multiples of body weight, trials sorted by subject,
        session and trial; person ``SUBJECT_ID``; condition the class in words; covariates ``session``
        (``SESSION_ID``) and, where known for every trial, ``session_date`` (days since 1970-01-01),
        ``sex``, ``age``, ``body_mass``, ``shod_condition`` and ``speed_code`` as the metadata code
        them (``speed_code`` is GaitRec's speed category, not m/s). A covariate unknown (or unreadable)
        for some trial is left out and the provenance says so; so are trials missing from a curve file
        or whose session is not in the metadata (dropped, not refused: their count is a note).

    Raises
    ------
    DataError
        One line naming the file: a missing file, a curve row with the wrong number of values or a
        cell that is not a number, a metadata row with the wrong number of cells, a trial or a
        session given twice, an unknown class.
    """
    if not isinstance(cop, bool):
        raise DataError(f"gaitrec-full: option cop must be true or false, got {cop!r}")
    specs = curve_files(cop)
    paths = locate_files(files, [METADATA, *(name for name, _, _ in specs)], what="GaitRec")
    table, sessions = read_table(paths[METADATA], _TRIAL[:2], hint=_NOT_GAITREC)
    if "DATASET_ID" in table.columns:
        raise DataError(f"{paths[METADATA]}: has a column DATASET_ID{_NOT_GAITREC}")
    if "CLASS_LABEL" not in table.columns:
        raise DataError(f"{paths[METADATA]}: no column CLASS_LABEL; GaitRec's metadata names each session's class")
    duplicate_rows(sessions, METADATA, _TRIAL[:2], "session")
    keys, X, notes = join_curves(paths, specs, _TRIAL, hint=_NOT_GAITREC)
    rows, more = match_sessions(keys[:, :2], sessions, _TRIAL[:2], METADATA)
    notes += more
    codes = table["CLASS_LABEL"].to_numpy(str)
    codes = np.where(np.isin(np.char.lower(codes), list(MISSING)), "", codes)
    label = np.where(rows >= 0, codes[rows], "")
    wanted = _wanted_classes(classes, set(label[rows >= 0]) - {""})
    keep = (rows >= 0) & (np.isin(label, wanted) | (classes == "all"))
    if not keep.any():
        raise DataError(f"{METADATA}: no trial of the curve files has a session of class {', '.join(wanted)}")
    notes.append(f"classes kept: {', '.join(f'{c} ({CLASS_WORDS.get(c, c)})' for c in wanted)}"
                 + ("" if classes == "all" else "; option classes 'all' keeps every class"))
    keys, X, rows, label = keys[keep], X[keep], rows[keep], label[keep]
    provenance = provenance or Provenance(name="gaitrec-full", title="GaitRec (figshare)")
    which = ("all classes" if classes == "all" else "healthy controls" if wanted == ["HC"]
             else f"classes {', '.join(wanted)}")
    provenance = replace(provenance, title=f"{provenance.title}, {which}")
    measured, notes_meta = metadata_covariates(table, rows, paths[METADATA])
    covariates = {"session": keys[:, 1].astype(np.float64)} | measured
    covariates, more = complete(covariates, lambda m: len(np.unique(keys[m, :2], axis=0)))
    more = notes_meta + more
    condition = np.array([CLASS_WORDS.get(c, c or "unknown") for c in label])
    return finish(provenance, paths, GAITREC_FULL_FILES, X, [ch for _, _, ch in specs], keys[:, 0], condition,
                  covariates, notes + more, min_trials, units_of(cop))
