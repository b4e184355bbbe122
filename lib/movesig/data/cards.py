"""One card per data set: what it is, how to cite it, its files and how to load it."""

from __future__ import annotations

import functools
import inspect
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import citations, fetch
from .dataset import DataError, Dataset, Provenance, concatenate
from .fetch import RemoteFile, candidates, data_dirs, locate
from .formats import (
    GAITREC_FULL_FILES,
    GUTENBERG_FILES,
    load_aeles_emg,
    load_gaitrec,
    load_gaitrec_full,
    load_gutenberg,
    load_horst_compact,
    load_npz,
    load_speed_grf,
    spm1d_data_folder,
)
from .formats.mat import check_file
from .formats.spm1d_speed import SPEED_FILES
from .selection import keep_conditions
from .synthetic import GroundTruth, emg, gait
from .synthetic.calibration import CALIBRATIONS, Calibration, Recipe, cached, calibrate, read_calibration

__all__ = ["AELES_STUDY_FILES", "CARDS", "CONDITION_LABELS", "DATASET_LABELS", "GAITREC_FULL_URL", "GUTENBERG_URL",
           "HORST_FILE", "SOURCES", "REGISTRY", "DataCard", "condition_label", "dataset_label", "load_calibration",
           "make_gait"]

#: What a card can be: registered downloadable files, the authors' files a user puts in
#: the data directory, a file the user names, or generated data.
SOURCES = ("real", "study", "user", "synthetic")


@dataclass(frozen=True)
class DataCard:
    """A named data set: its facts and its loader.

    Parameters
    ----------
    name : str
        The name :func:`movesig.data.load` takes, e.g. ``"gaitrec"``.
    source : {"real", "study", "user", "synthetic"}
        See :data:`SOURCES`.
    title : str
        One line for ``movesig datasets``.
    citation, doi, licence : str
        How to cite the source, its DOI (``""`` for none) and the terms of use.
    files : tuple of RemoteFile (real) or str (study file names)
        The files looked for, in the order they are read.
    loader : callable
        ``loader(card, data_dir, file, min_trials, **options) -> (Dataset, GroundTruth | None)``.
    record_title : str
        The title written into the loaded data's provenance (default: ``title``).
    notes : tuple of str
        What a reader of any result must know, written into the provenance.
    package : str
        For real data that ship inside an installed package (``files`` then name the
        files in the package's data folder): the package's import name.
    takes_file : bool
        Whether ``file`` (``--data-file``, the chapter parameter ``data_file``) names the file
        read instead of the card's own (for ``source="user"``: the only file).
    """

    name: str
    source: str
    title: str
    citation: str
    doi: str
    licence: str
    files: tuple[RemoteFile | str, ...]
    loader: Callable[..., tuple[Dataset, GroundTruth | None]]
    record_title: str = ""
    notes: tuple[str, ...] = ()
    package: str = ""
    takes_file: bool = False

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"data card {self.name}: source {self.source!r} is not one of {SOURCES}")

    def located_files(self) -> tuple[tuple[str, str], ...]:
        """(file name, collection folder) of every file; study files sit in a folder named after the card."""
        return tuple((f.name, f.collection) if isinstance(f, RemoteFile) else (f, self.name) for f in self.files)

    def files_for(self, data_dir=None, file=None, download: bool | None = None) -> list[Path]:
        """The files a load of this card reads, in the order it reads them: the one place that says so.

        The loader reads exactly these, the run cache (:mod:`movesig.report.cache`) keys a run on
        them and the study parameters check the named file with them.

        Parameters
        ----------
        data_dir : path-like, optional
            Searched first (then ``$MOVESIG_DATA_DIR``; registered files then the download cache).
        file : path-like, optional
            The file, where the card takes one (:attr:`takes_file`); ignored otherwise.
        download : bool, optional
            For registered files found nowhere: download them into the cache (default: unless
            ``MOVESIG_OFFLINE=1``); False raises instead.

        Returns
        -------
        list of Path
            Empty for generated data.

        Raises
        ------
        DataError
            One line, when a file or folder is missing or wrong (a registered file's SHA-256 included).
        """
        if self.source == "synthetic":
            return []
        if file and self.takes_file:
            return [check_file(file)]
        if self.source == "user":
            raise DataError(f"{self.name}: name the file with --data-file (or the chapter parameter data_file)")
        if self.package:
            folder = spm1d_data_folder() if self.package == "spm1d" else None
            if folder is None:
                raise DataError(f"{self.name}: the spm1d package is not installed (pip install spm1d==0.4.55); "
                                "its wheel holds the data")
            missing = [f for f in self.files if not (folder / f).is_file()]
            if missing:
                raise DataError(f"{folder}: missing {', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}")
            return [folder / f for f in self.files]
        if self.source == "real":
            return [locate(f.name, data_dir, download) for f in self.files]
        # study files, put in a data directory by the user: every place one is found
        found = [p for name, folder in self.located_files() for p in candidates(name, folder, data_dir) if p.is_file()]
        if len(self.files) == 1:  # a single file: the first place it is found
            if not found:
                where = ", ".join(str(d) for d in data_dirs(data_dir)) or "no data directory given"
                raise DataError(f"{self.name}: {self.files[0]} not found in {where}; give --data-file or --data-dir")
            return found[:1]
        if not found:
            where = ", ".join(str(d) for d in data_dirs(data_dir)) or "no data directory given"
            raise DataError(
                f"{self.name}: none of the study's files ({', '.join(self.files)}) found in {where}; "
                "they are published by the authors (see STUDY.md) and must be put in the data directory"
            )
        return found

    def provenance(self, title: str | None = None) -> Provenance:
        """The card's facts as the provenance of data loaded from it (files are added by the format)."""
        return Provenance(name=self.name, title=title or self.record_title or self.title, citation=self.citation,
                          doi=self.doi, licence=self.licence, notes=self.notes)

    def load(self, data_dir=None, file=None, min_trials: int = 1, **options) -> tuple[Dataset, GroundTruth | None]:
        """The data set and, for synthetic data, the ground truth (see :func:`movesig.data.load_with_truth`)."""
        return self.loader(self, data_dir=data_dir, file=file, min_trials=min_trials, **options)


# ---------------------------------------------------------------------------- loaders
def _no_options(name, options):
    if options:
        raise DataError(f"{name}: unknown option(s) {', '.join(sorted(options))}")


def _gaitrec(normalisation):
    def load(card, data_dir=None, file=None, min_trials=1, **options):
        _no_options(f"gaitrec ({normalisation})", options)
        paths = card.files_for(data_dir, file)
        return load_gaitrec(paths, normalisation, min_trials, provenance=card.provenance()), None

    return load


def _emg_7ps(card, data_dir=None, file=None, min_trials=1, conditions=None, **options):
    _no_options(card.name, options)
    path, = card.files_for(data_dir, file)
    ds = load_aeles_emg(path, task="pedalling", condition="baseline", min_trials=min_trials,
                        provenance=card.provenance())
    return keep_conditions(ds, conditions), None


def _aeles_study(card, data_dir=None, file=None, min_trials=1, conditions=None, **options):
    _no_options(card.name, options)
    paths = card.files_for(data_dir, file)
    parts = [load_aeles_emg(p, provenance=card.provenance()) for p in paths]
    prov = replace(parts[0].provenance, files=tuple(f for d in parts for f in d.provenance.files))
    ds = keep_conditions(concatenate(parts, provenance=prov), conditions)
    return replace(ds, min_trials=min_trials), None


def _horst(card, data_dir=None, file=None, min_trials=1, feature="Feature_GRF_AV", **options):
    _no_options(card.name, options)
    path, = card.files_for(data_dir, file)
    prov = card.provenance(f"{card.record_title}, {feature}")
    return load_horst_compact(path, feature=feature, min_trials=min_trials, provenance=prov), None


def _speed(card, data_dir=None, file=None, min_trials=1, conditions=None, **options):
    _no_options(card.name, options)
    folder = card.files_for(data_dir, file)[0].parent  # the package's data folder, holding every file
    return keep_conditions(load_speed_grf(folder, card.provenance(), min_trials), conditions), None


def _npz(card, data_dir=None, file=None, min_trials=1, conditions=None, **options):
    _no_options(card.name, options)
    path, = card.files_for(data_dir, file)
    return keep_conditions(load_npz(path, min_trials=min_trials), conditions), None


#: Where the two large GRF databases are published. Their files are large (GaitRec's vertical force alone is
#: about 137 MB): movesig reads them where the user put them (--data-dir), it does not download them.
GAITREC_FULL_URL = "https://doi.org/10.6084/m9.figshare.c.4788012"
GUTENBERG_URL = "https://doi.org/10.6084/m9.figshare.c.5311538"
#: How to cite them (kept here beside their cards; the subset's citation in :mod:`.citations` names its preparers).
GAITREC_FULL_CITATION = (
    "Horsak B, Slijepcevic D, Raberger AM, Schwab C, Worisch M, Zeppelzauer M (2020). GaitRec, a large-scale "
    "ground reaction force dataset of healthy and impaired gait. Scientific Data 7:143; data: figshare, "
    "doi 10.6084/m9.figshare.c.4788012"
)
GUTENBERG_CITATION = (
    "Horst F, Slijepcevic D, Simak M, Schoellhorn WI (2021). Gutenberg Gait Database, a ground reaction force "
    "database of level overground walking in healthy individuals. Scientific Data 8:232; data: figshare, "
    "doi 10.6084/m9.figshare.c.5311538"
)
GUTENBERG_DOI = "10.1038/s41597-021-01014-6"


def _published_paths(card, data_dir, url) -> list[Path]:
    """The files of a published GRF database found in the data directory (``files_for``); one line where none is."""
    if not any(p.is_file() for p in candidates(card.files[0], card.name, data_dir)):
        where = ", ".join(f"{d} (or {d / card.name})" for d in data_dirs(data_dir)) or "no data directory given"
        raise DataError(f"{card.name}: {card.files[0]} not found in {where}; download the processed files from {url} "
                        "(movesig does not download them: they are large) and give their folder with --data-dir")
    return card.files_for(data_dir)


def _gaitrec_full(card, data_dir=None, file=None, min_trials=1, classes="HC", cop=False, **options):
    _no_options(card.name, options)
    paths = _published_paths(card, data_dir, GAITREC_FULL_URL)
    return load_gaitrec_full(paths, classes, cop, min_trials, provenance=card.provenance()), None


def _gutenberg(card, data_dir=None, file=None, min_trials=1, cop=False, **options):
    _no_options(card.name, options)
    paths = _published_paths(card, data_dir, GUTENBERG_URL)
    return load_gutenberg(paths, cop, min_trials, provenance=card.provenance()), None


#: What a generator option's annotation allows: (test, words for the message).
_OPTION_KINDS = {
    "int": (lambda v: isinstance(v, numbers.Integral) and not isinstance(v, bool), "a whole number"),
    "float": (lambda v: isinstance(v, numbers.Real) and not isinstance(v, bool), "a number"),
    "str": (lambda v: isinstance(v, str), "text"),
    "dict": (lambda v: isinstance(v, dict), "a mapping"),
    "None": (lambda v: v is None, "null"),
    "list[int]": (lambda v: isinstance(v, (list, tuple)) and all(_OPTION_KINDS["int"][0](x) for x in v),
                  "a list of whole numbers"),
    "tuple[str, ...]": (lambda v: isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v),
                        "a list of names"),
}


def _check_options(card, make, options) -> None:
    """Refuse an unknown option, or a value of the wrong type, in one line naming the option.

    The types are read from the generator's annotations (``n_persons: int``, ``n_trials: int | list[int] |
    None``); an option without one, or with a kind not in :data:`_OPTION_KINDS`, is left to the generator.
    """
    parameters = inspect.signature(make).parameters
    unknown = sorted(set(options) - set(parameters))
    if unknown:
        raise DataError(f"{make.__name__}: unknown option(s) {', '.join(map(str, unknown))} of {card.name}; choose "
                        f"from {', '.join(parameters)}")
    for key, value in options.items():
        annotation = parameters[key].annotation
        if not isinstance(annotation, str):
            continue
        kinds = [part.strip() for part in annotation.split(" | ")]
        if not all(kind in _OPTION_KINDS for kind in kinds):
            continue
        if not any(_OPTION_KINDS[kind][0](value) for kind in kinds):
            raise DataError(f"{card.name}: option {key} must be {' or '.join(_OPTION_KINDS[k][1] for k in kinds)}, "
                            f"got {value!r}")


def _synthetic(make):
    def load(card, data_dir=None, file=None, min_trials=1, **options):
        _check_options(card, make, options)
        try:
            ds, truth = make(**options)
        except TypeError as exc:
            raise DataError(f"{make.__name__}: {exc}") from exc
        return replace(ds, min_trials=min_trials), truth

    return load


# ---------------------------------------------------------------------------- calibrations
@functools.lru_cache(maxsize=8)
def _fitted(recipe: Recipe) -> Calibration:
    """The calibration of ``recipe``: from movesig's cache, or fitted on its card's real files and cached."""
    card = CARDS[recipe.dataset]

    def fit() -> Calibration:
        try:
            data = card.load()[0].select(condition=recipe.condition)
        except DataError as exc:
            raise DataError(f"calibration of the synthetic data: it is fitted on {recipe.dataset} "
                            f"({recipe.selection}), which could not be read: {exc}; give MOVESIG_DATA_DIR, or "
                            "calibration=None") from None
        return calibrate(data, selection=recipe.selection)

    return cached(recipe, "".join(f.sha256 for f in card.files), fit)


def load_calibration(name_or_path) -> Calibration:
    """A named calibration (:data:`~movesig.data.synthetic.calibration.CALIBRATIONS`, or its
    :class:`~movesig.data.synthetic.calibration.Recipe`), fitted on the real files of its card the first
    time it is asked for (found in the data directory, or downloaded with their pinned SHA-256) and then
    read from movesig's cache; or one saved by :meth:`~movesig.data.synthetic.calibration.Calibration.save`.
    """
    recipe = name_or_path if isinstance(name_or_path, Recipe) else CALIBRATIONS.get(str(name_or_path))
    if recipe is not None:
        return _fitted(recipe)
    if not Path(name_or_path).is_file():
        raise DataError(f"calibration {name_or_path!r}: no such stored calibration ({', '.join(CALIBRATIONS)}) "
                        "or file")
    return read_calibration(name_or_path)


def make_gait(n_persons: int = 57, n_trials=None, n_times: int = 101, n_planted: int = 2,
              planted_amplitude: float = 0.12, planted_width: float = 3.0, between_person_sd: float = 0.04,
              trial_sd: float = 0.03, seed: int = 0, calibration="gaitrec-healthy",
              effect_size: float = 1.0) -> tuple[Dataset, GroundTruth]:
    """Synthetic gait calibrated to real data: :func:`movesig.data.synthetic.gait.make_gait` (same parameters and
    returns) with its calibration from :func:`load_calibration`.

    ``calibration`` (default ``"gaitrec-healthy"``: fitted on GaitRec's 62 healthy controls) is a name of
    :data:`~movesig.data.synthetic.calibration.CALIBRATIONS` or the path of a saved calibration; None: the
    hand-set template and noise of earlier versions.
    """
    return gait.make_gait(n_persons, n_trials, n_times, n_planted, planted_amplitude, planted_width,
                          between_person_sd, trial_sd, seed, calibration, effect_size, load_calibration)


# ---------------------------------------------------------------------------- files
_GAITREC_BASE = (
    "https://raw.githubusercontent.com/sebastian-lapuschkin/explaining-deep-clinical-gait-classification/"
    "e559dfba775f83abdd343d535dd1639c41478658/python/data/"
)
_EMG_BASE = (
    "https://raw.githubusercontent.com/sebastian-lapuschkin/interpretable-emg-signatures/"
    "c664d2e3c3c24d86c92bacfa15f6514f13ab2cc1/python/data/"
)


def _gaitrec_file(norm: str, classes: str, sha: str) -> RemoteFile:
    name = f"2021_acm_small_dataset_v3_aff-unaff-{norm}_{classes}_.mat"
    return RemoteFile(name, "gaitrec-subset", _GAITREC_BASE + name, sha)


#: The study's own files (Aeles et al. 2021), put in the data directory by the user.
AELES_STUDY_FILES = (
    "Data_Walking_Baseline_Day1.mat",
    "Data_Pedalling_150W_Baseline_Day1.mat",
    "Data_Walking_Robustness_Day2.mat",
    "Data_Pedalling_150W_Robustness_Day2.mat",
    "Data_Pedalling_80W_Robustness_Day1.mat",
    "Data_Pedalling_10perc_Robustness_Day1.mat",
    "Data_Pedalling_15perc_Robustness_Day1.mat",
)
#: The compact file of Horst et al. (2019).
HORST_FILE = "Gait_GRF_JA_Label.mat"

CARDS: dict[str, DataCard] = {
    c.name: c
    for c in [
        DataCard(
            "gaitrec", "real", "GaitRec subset, GRF in body weights (nonorm), 194 people x 5 trials",
            citations.GAITREC, citations.GAITREC_DOI, "CC BY 4.0",
            (
                _gaitrec_file("nonorm", "1-2", "0036ebecf7955bf14661777be612f16b473041b4c2f7328ed44f07df927e8354"),
                _gaitrec_file("nonorm", "1-3", "b3bd54a5295fc74fda59ae71b0e2b7c0220203cdf932ab3238adc53db0a03801"),
                _gaitrec_file("nonorm", "1-4", "f6c826dfeb99292fbdd09ea7f528d64290dba317bc1e6e58c91490cfe3a6e443"),
                _gaitrec_file("nonorm", "2-3-4", "bca433af2ceb65a751b0ad924ee90d7df3be2bdd0857f2756a709360ec82d068"),
            ),
            _gaitrec("nonorm"),
            record_title="GaitRec subset, bilateral ground reaction forces in multiples of body weight (the authors' "
                         "'nonorm' files), 194 people x 5 trials",
        ),
        DataCard(
            "gaitrec-atmm", "real", "GaitRec subset, GRF min-max scaled per file (atMM), 194 people x 5 trials",
            citations.GAITREC, citations.GAITREC_DOI, "CC BY 4.0",
            (
                _gaitrec_file("atMM", "1-2", "3be908ebfdc565f32f2054d1585cab6d40b7740d82b25fa0cc5110c19f65577f"),
                _gaitrec_file("atMM", "1-3", "1eb0039845fc192ba12c4abbb3b96660d6c3ea3c5d9ac44c119aa6fd2558764d"),
                _gaitrec_file("atMM", "1-4", "c742b9ebb2ff5e2368145ddc15fb3a5c4fb9ecce67680388b08f977d6fa0c6f4"),
                _gaitrec_file("atMM", "2-3-4", "1bb2e314b2532f76826e39dfe86c01405c0b6161f6b0ba04b8ea6d15bf06c0e8"),
            ),
            _gaitrec("atMM"),
            record_title="GaitRec subset, bilateral ground reaction forces, each channel min-max scaled to [0, 1] per "
                         "file (the authors' 'atMM' files), 194 people x 5 trials",
        ),
        DataCard(
            "emg-pedalling-7ps", "real", "Aeles et al. EMG, pedalling, 7 people x 30 cycles",
            citations.AELES + "; file from sebastian-lapuschkin/interpretable-emg-signatures @ c664d2e", citations.AELES_DOI,
            "no licence stated for the data; the authors' code is 'free for academic use only'",
            (
                RemoteFile("Data_Baseline_Normed_V1_4_7Ps.mat", "emg-pedalling-7ps",
                           _EMG_BASE + "Data_Baseline_Normed_V1_4_7Ps.mat",
                           "5b30e80e3d037f4a70540618b15648ef88fb23a114d18cb05a6ea5574d7f64ed"),
            ),
            _emg_7ps,
            takes_file=True,
            record_title="Real EMG of 8 leg muscles, pedalling (baseline), 7-participant subset of Aeles et al. (2021)",
            notes=(
                "The task is inferred: the file says only 'Baseline'; muscle timing (TA near 88 %, VL near 14 %, "
                "GM/GL near 33-35 % of the cycle) matches pedalling.",
            ),
        ),
        DataCard(
            "speed-grf", "real", "Walking speed: vertical GRF, 10 people x 60 trials, slow/normal/fast (in spm1d)",
            citations.PATAKY, citations.PATAKY_DOI,
            "GPL-3.0 (the spm1d package that ships the files; no separate data licence stated)",
            SPEED_FILES, _speed,
            record_title="Vertical ground reaction force at three walking speeds, 10 people x 60 trials "
                         "(Pataky et al. 2008, shipped in spm1d 0.4.55)",
            notes=("Real data read from the installed spm1d package; nothing is downloaded.",),
            package="spm1d",
        ),
        DataCard(
            "aeles-2021", "study", "Aeles et al. (2021) study files, 78 people, walking and pedalling",
            citations.AELES, citations.AELES_DOI, "no licence stated by the authors; code 'free for academic use only'",
            AELES_STUDY_FILES, _aeles_study, takes_file=True,
            record_title="EMG of 8 leg muscles, walking and pedalling, Aeles et al. (2021), the study's own files",
        ),
        DataCard(
            "horst-2019", "study", "Horst et al. (2019) compact file, 57 people x ~20 trials",
            citations.HORST, citations.HORST_DOI, "CC BY 4.0 (Mendeley Data)", (HORST_FILE,), _horst,
            takes_file=True,
            record_title="Horst et al. (2019) gait data, compact file",
        ),
        DataCard(
            "gaitrec-full", "study", "GaitRec as published (figshare CSV files), healthy controls by default",
            GAITREC_FULL_CITATION, citations.GAITREC_DOI, "CC BY 4.0", GAITREC_FULL_FILES, _gaitrec_full,
            record_title="GaitRec (Horsak et al. 2020) as published, bilateral ground reaction forces in multiples "
                         "of body weight",
            notes=(
                f"Read from the published processed files ({GAITREC_FULL_URL}) in the data directory; movesig does "
                "not download them. Options: classes ('HC', the default, 'all', or class codes), cop (true: also "
                "the centre of pressure).",
                "Channels are the left and right foot as published (the GaitRec subset orders them affected, "
                "unaffected).",
                "Patients often have several sessions on different dates, controls mostly one: the covariate "
                "session (SESSION_ID) allows a cross-session protocol.",
                "speed_code and shod_condition are the metadata's codes, not measurements.",
            ),
        ),
        DataCard(
            "gutenberg", "study", "Gutenberg Gait Database (figshare CSV files), 350 healthy people",
            GUTENBERG_CITATION, GUTENBERG_DOI, "CC BY 4.0", GUTENBERG_FILES, _gutenberg,
            record_title="Gutenberg Gait Database (Horst et al. 2021) as published, bilateral ground reaction forces "
                         "in multiples of body weight",
            notes=(
                f"Read from the published processed files ({GUTENBERG_URL}) in the data directory; movesig does not "
                "download them. Option: cop (true: also the centre of pressure).",
                "A person is DATASET_ID-SUBJECT_ID (six sub-studies; data set 4 holds the 57 people of Horst et al. "
                "2019). Some people walked on two or more days: the covariate session (SESSION_ID) allows a "
                "cross-session protocol.",
            ),
        ),
        DataCard(
            "npz", "user", "Your own data as .npz (X, person, channels[, task, condition])",
            "cite the source of your own data", "", "the terms of your own data", (), _npz,
            takes_file=True,
        ),
        DataCard(
            "synthetic-gait", "synthetic", "Synthetic gait, 57 people x ~20 trials, planted features",
            gait.CITATION, "", gait.LICENCE, (), _synthetic(make_gait),
        ),
        DataCard(
            "synthetic-emg", "synthetic", "Synthetic EMG, 78 people x 30 cycles, walking and pedalling, planted",
            emg.CITATION, "", emg.LICENCE, (), _synthetic(emg.make_emg),
        ),
    ]
}

fetch.register(f for card in CARDS.values() for f in card.files if isinstance(f, RemoteFile))
#: Every registered real file by name (:data:`movesig.data.fetch.REGISTRY`, filled from the cards).
REGISTRY = fetch.REGISTRY


# ---------------------------------------------------------------------------- words for pages
#: What a page calls each data set: the name the book's glossary defines. The id (the key) stays what
#: ``movesig datasets`` lists and a run's ``dataset`` parameter takes.
DATASET_LABELS = {
    "gaitrec": "GaitRec subset",
    "gaitrec-atmm": "GaitRec subset, min-max scaled",
    "emg-pedalling-7ps": "7 real pedalling participants",
    "speed-grf": "walking-speed forces",
    "aeles-2021": "Aeles et al. (2021) study files",
    "horst-2019": "Horst et al. (2019) compact file",
    "gaitrec-full": "GaitRec, published files",
    "gutenberg": "Gutenberg Gait Database",
    "npz": "your own data",
    "synthetic-gait": "synthetic gait study",
    "synthetic-emg": "synthetic EMG study",
}

#: What a page calls each condition of the data sets' files (``Dataset.condition``) that is not already in words
#: (GaitRec's classes and the speed categories are). The Aeles et al. files name two pedalling conditions only
#: "10perc" and "15perc"; what the percentage refers to is not stated in the material here.
CONDITION_LABELS = {
    "day1": "day 1",
    "day2": "day 2",
    "150W-day1": "150 W, day 1",
    "150W-day2": "150 W, day 2",
    "80W-day1": "80 W, day 1",
    "10perc-day1": '"10 %" condition, day 1',
    "15perc-day1": '"15 %" condition, day 1',
    "sex=0": "sex label 0",
    "sex=1": "sex label 1",
}

#: A condition named as the Aeles et al. files name theirs (:func:`~movesig.data.formats.aeles_task_condition`).
_AELES_CONDITION = re.compile(r"(?:(?P<amount>\d+)(?P<unit>W|perc)-)?day(?P<day>\d+)")


def dataset_label(name: str) -> str:
    """The name a page shows for the data set ``name`` (an id of :data:`CARDS`, as ``Provenance.name`` holds it).

    :data:`DATASET_LABELS` where it has one, else the card's title, else ``name`` unchanged (a user's file).
    """
    name = str(name)
    if name in DATASET_LABELS:
        return DATASET_LABELS[name]
    return CARDS[name].title if name in CARDS else name


def condition_label(name: str) -> str:
    """The words a page shows for the condition ``name`` (as ``Dataset.condition`` holds it).

    ``"10perc-day1"`` -> ``'"10 %" condition, day 1'``, ``"150W-day2"`` -> ``"150 W, day 2"``; a name in
    :data:`CONDITION_LABELS`, else one following the Aeles et al. file names (power in W, or a percentage, and a
    day), else ``name`` unchanged (``"healthy control"``, ``"slow"``, a user's own condition names).
    """
    name = str(name)
    if name in CONDITION_LABELS:
        return CONDITION_LABELS[name]
    m = _AELES_CONDITION.fullmatch(name)
    if m is None:
        return name
    day = f"day {m['day']}"
    if m["amount"] is None:
        return day
    amount = f"{m['amount']} W" if m["unit"] == "W" else f'"{m["amount"]} %" condition'
    return f"{amount}, {day}"

