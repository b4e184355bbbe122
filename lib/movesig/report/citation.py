"""How the book is cited and reused: its licence, its repository's public address, the commit it was built
from, the DOIs of the works it cites, the reuse terms of each run's data, and a publishable ``results.json``.

The Figures page (:func:`movesig.report.generated.figures_page`) builds its BibTeX entries from these; the
book's configuration can turn on Jupyter Book's repository button with :func:`repository_url`.
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
from pathlib import Path, PurePosixPath, PureWindowsPath

import yaml

from ..studies import ParameterError
from .book import _settings

from ..data.cards import CARDS, make_gait
from ..data.synthetic.calibration import CALIBRATIONS
from ..data.synthetic.emg import EMG_CALIBRATION

__all__ = ["BOOK_LICENCE", "BOOK_LICENCE_URL", "CODE_LICENCE", "NO_ADDRESS", "REPOSITORY_ENV", "commit",
           "REPOSITORY_MARKER", "book_config", "data_terms", "dois", "licence_html", "public_results", "public_url", "repository_url"]

#: The licence of the book's text and figures (the field's norm for figures), and where to read it.
BOOK_LICENCE = "CC BY 4.0"
BOOK_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
#: The licence of movesig's code (pyproject.toml, CITATION.cff's ``license``).
CODE_LICENCE = "MIT"
#: The environment variable that names the repository's public address when CITATION.cff does not.
REPOSITORY_ENV = "MOVESIG_REPOSITORY_URL"
#: Where the front page says where the book's source is.
REPOSITORY_MARKER = "<!-- movesig: repository -->"
#: What an entry says when the repository has no known public address.
NO_ADDRESS = "built from a local checkout without a public address: cite the commit and the files"

#: Generated data -> the real data set it is calibrated to (read from the calibrations' own homes: the
#: gait generator's default calibration and the EMG calibration's source).
CALIBRATED_TO = {
    "synthetic-gait": CALIBRATIONS[inspect.signature(make_gait).parameters["calibration"].default].dataset,
    "synthetic-emg": EMG_CALIBRATION["source"].split()[0],
}


def licence_html() -> str:
    """One line for the foot of every page (Jupyter Book's ``html: extra_footer``)."""
    return (f'Text and figures: <a href="{BOOK_LICENCE_URL}">{BOOK_LICENCE}</a>; code: {CODE_LICENCE}; '
            "data: each data set's own terms, stated beside its figures.")


def _git(root, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def commit(root) -> str | None:
    """The full commit hash of the checkout at ``root`` (None outside a git checkout)."""
    found = _git(root, "rev-parse", "HEAD")
    return found if found and re.fullmatch(r"[0-9a-f]{40}([0-9a-f]{24})?", found) else None


def public_url(address: str | None) -> str | None:
    """A repository address as the https address a reader can open, or None when it is not a public one.

    ``git@github.com:a/b.git`` and ``ssh://git@github.com/a/b.git`` give ``https://github.com/a/b``; a user
    name or token in an https address is dropped; a local path or ``file://`` address gives None.
    """
    address = (address or "").strip()
    scp = re.fullmatch(r"[\w.-]+@([\w.-]+):(?!//)/?(.+)", address)  # git@host:owner/name
    if scp:
        host, path = scp.groups()
    else:
        url = re.fullmatch(r"(https?|ssh|git|git\+ssh)://(?:[^@/]*@)?([\w.-]+)(?::\d+)?/(.+)", address)
        if not url:
            return None
        scheme, host, path = url.groups()
    scheme = "http" if not scp and scheme == "http" else "https"
    path = _strip(path)
    return f"{scheme}://{host}/{path}" if path and "." in host else None


def _strip(path: str) -> str:
    path = path.strip("/")
    return path[:-4] if path.endswith(".git") else path


def repository_url(root) -> str | None:
    """The repository's public address, by one rule, or None when it is not known.

    The ``repository-code`` field of ``root/CITATION.cff`` if present; else the environment variable
    ``MOVESIG_REPOSITORY_URL``; else ``git remote get-url origin`` of the checkout at ``root``, as https;
    else None. An address that is not a public one (a local path) counts as absent. Nothing is invented.
    """
    cff = Path(root) / "CITATION.cff"
    if cff.is_file():
        try:
            meta = yaml.safe_load(cff.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            meta = None
        found = public_url(meta.get("repository-code")) if isinstance(meta, dict) else None
        if found:
            return found
    found = public_url(os.environ.get(REPOSITORY_ENV))
    if found:
        return found
    return public_url(_git(root, "remote", "get-url", "origin"))


def dois(root) -> dict[str, str]:
    """Citation key -> DOI of every entry of ``root/references.bib`` that has one (the DOIs' one home)."""
    path = Path(root) / "references.bib"
    if not path.is_file():
        return {}
    from pybtex.database import parse_file  # the parser the book's bibliography uses (sphinxcontrib-bibtex)

    return {key: entry.fields["doi"] for key, entry in parse_file(str(path), "bibtex").entries.items()
            if entry.fields.get("doi")}


def data_terms(data: dict) -> str:
    """The licence and reuse terms of a run's data (``results.json``'s ``"data"``), from its card when unrecorded.

    Generated data: ``synthetic, generated by movesig (<its terms>); calibrated to <data> (<that data's
    licence>)``.
    """
    name = data.get("name")
    card = CARDS.get(name)
    licence = data.get("licence") or (card.licence if card else "") or "not recorded"
    if not (data.get("synthetic") or (card and card.source == "synthetic")):
        return licence
    terms = f"synthetic, generated by movesig ({licence})"
    source = CARDS.get(CALIBRATED_TO.get(name, ""))
    return terms + (f"; calibrated to {source.name} ({source.licence})" if source else "")


#: An absolute path inside a string: POSIX (``/a/b``, ``~/a``) or Windows (``C:\\a``), not part of a URL or
#: of a word (``and/or``, ``1/2``).
_PATH = re.compile(r"""(?<![\w.:/\\~-])(?:~?/|[A-Za-z]:\\)[^\s'"`,;()\[\]{}<>]+""")


def _last_part(match: re.Match) -> str:
    text = match.group(0).rstrip("/\\")
    pure = PureWindowsPath(text) if re.match(r"[A-Za-z]:\\", text) else PurePosixPath(text)
    return pure.name or "."


def public_results(record, *places) -> object:
    """A copy of a parsed ``results.json`` fit to publish: every path of the machine that built it reduced
    to its last part (``parameters.out_dir``, ``data_dir``, file names in notes); ``places`` (the run folder,
    the project root, ...) are removed wherever they still appear. The run's own record is not changed.
    """
    known = {str(Path(p)) for p in places if p} | {str(Path(p).resolve()) for p in places if p} | {str(Path.home())}
    known = [re.compile(rf"(?<![\w.-]){re.escape(k)}(?![\w.-])")
             for k in sorted(known, key=len, reverse=True) if len(k) > 1]

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        if not isinstance(value, str):
            return value
        value = _PATH.sub(_last_part, value)
        for place in known:
            value = place.sub(lambda m: Path(m.group(0)).name, value)
        return value

    return clean(record)


def book_config(root) -> dict:
    """The project's ``_config.yml`` as the build uses it: the licence at the foot of every page, and Jupyter Book's
    repository button (each page links to its source) where :func:`repository_url` knows the public address."""
    root = Path(root)
    config = _settings(root / "_config.yml", "title: movesig")
    html = config.setdefault("html", {})
    if not isinstance(html, dict):
        raise ParameterError(f"{root / '_config.yml'}: html must be a mapping (html: {{home_page_in_navbar: true}})")
    html["extra_footer"] = licence_html()
    url = repository_url(root)
    if url:
        config["repository"] = {**(config.get("repository") or {}), "url": url, "branch": "main"}
        html["use_repository_button"] = True
    return config


def repository_text(root) -> str:
    """Where the book's source is, for the front page: its public address at the commit, or the commit alone."""
    url, found = repository_url(root), commit(root)
    at = f" at commit `{found[:12]}`" if found else ""
    if url:
        where = f"{url}/tree/{found}" if found else url
        return f"Source: <{where}>{at} (code {CODE_LICENCE}; text and figures {BOOK_LICENCE})."
    return (f"This book was built{at} ({NO_ADDRESS}). Where the repository has a public address, "
            f"`repository-code` in `CITATION.cff` or `{REPOSITORY_ENV}` gives it, and every page then links to "
            "its source.")
