"""Where a dataset came from: the files read and the facts every page and ``results.json`` print."""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["Provenance", "SourceFile"]


@dataclass(frozen=True)
class SourceFile:
    """One file a dataset was read from.

    Parameters
    ----------
    name : str
        File name (no directory).
    sha256 : str
        SHA-256 of the file's bytes, or ``""`` when not computed.
    """

    name: str
    sha256: str = ""


@dataclass(frozen=True)
class Provenance:
    """Where a dataset came from, for the book's pages and ``results.json``.

    Parameters
    ----------
    name : str
        Short identifier, e.g. ``"gaitrec"``.
    title : str
        One line describing the data.
    citation : str
        How to cite the source.
    doi : str
        DOI of the source publication (``""`` for synthetic data).
    licence : str
        Licence or terms of use of the data.
    files : tuple of SourceFile
        Files read, with their SHA-256.
    synthetic : bool
        True for generated data: every page using it must say so.
    notes : tuple of str
        Anything a reader must know (inferred task labels, de-duplication, ...).
    """

    name: str
    title: str
    citation: str = ""
    doi: str = ""
    licence: str = ""
    files: tuple[SourceFile, ...] = ()
    synthetic: bool = False
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Plain-JSON form (lists and dicts only)."""
        d = asdict(self)
        d["files"] = [asdict(f) for f in self.files]
        d["notes"] = list(self.notes)
        return d

    @property
    def source(self) -> str:
        """Comma-separated file names, or the dataset name when there are none."""
        return ", ".join(f.name for f in self.files) or self.name
