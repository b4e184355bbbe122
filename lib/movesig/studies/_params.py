"""Typed study parameters: declared once per chapter, checked before any kernel starts, one line per mistake."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from numbers import Integral, Real

__all__ = ["ParameterError", "StudyParameters", "param"]


class ParameterError(ValueError):
    """An unknown chapter or parameter, or a value outside what the parameter allows."""


_VALUE_TYPES = ("int", "float", "str", "bool", "id", "list[int]", "list[float]", "list[str]", "list[id]")


def param(default, help: str, value_type: str, *, choices=None, low=None, high=None, low_open: bool = False,
          optional: bool = False, min_len: int = 0):
    """A study parameter: its default, one line of help, and what values it allows.

    Parameters
    ----------
    default : object
        Default value (lists are copied for every instance).
    help : str
        What the parameter means, as the chapter's parameters cell says it.
    value_type : {"int", "float", "str", "bool", "id", "list[int]", "list[float]", "list[str]", "list[id]"}
        ``"id"``: a person id, text or a whole number.
    choices : collection, optional
        Allowed values (of every item, for lists); a callable returning them is read late.
    low, high : float, optional
        Bounds of a number (of every item, for lists); ``low`` is excluded when ``low_open``.
    optional : bool
        None is allowed.
    min_len : int
        Fewest items of a list.
    """
    if value_type not in _VALUE_TYPES:
        raise ValueError(f"unknown parameter type {value_type!r}")
    meta = {"help": help, "value_type": value_type, "choices": choices, "low": low, "high": high, "low_open": low_open,
            "optional": optional, "min_len": min_len}
    if isinstance(default, list):
        return dataclasses.field(default_factory=lambda: list(default), metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def _allowed(meta) -> str:
    parts = []
    if meta["choices"] is not None:
        parts.append("one of " + ", ".join(repr(c) for c in _choices(meta)))
    if meta["low"] is not None or meta["high"] is not None:
        low = "" if meta["low"] is None else f"{meta['low']} {'<' if meta['low_open'] else '<='} "
        high = "" if meta["high"] is None else f" <= {meta['high']}"
        parts.append(f"{low}value{high}")
    value_type = meta["value_type"]
    parts.insert(0, ("a list of " + value_type[5:-1] + "s" if value_type.startswith("list") else f"a {value_type}")
                 + (" or null" if meta["optional"] else ""))
    return "; ".join(parts)


def _choices(meta):
    c = meta["choices"]
    return tuple(c() if callable(c) else c)


def _check_scalar(value, value_type, meta) -> str | None:
    """Why ``value`` is not a valid scalar of ``value_type``, or None."""
    if value_type == "bool":
        return None if isinstance(value, bool) else "is not true or false"
    if value_type == "id":  # a person id: text or a whole number
        if isinstance(value, bool) or not isinstance(value, (str, Integral)):
            return "is not a person id (text or a whole number)"
    elif value_type == "str":
        if not isinstance(value, str):
            return "is not a text"
    elif value_type == "int":
        if isinstance(value, bool) or not isinstance(value, Integral):
            return "is not a whole number"
    elif value_type == "float":
        if isinstance(value, bool) or not isinstance(value, Real):
            return "is not a number"
        if not math.isfinite(value):
            return "is not finite"
    if meta["choices"] is not None and value not in _choices(meta):
        return "is not allowed"
    if value_type in ("int", "float"):
        low, high = meta["low"], meta["high"]
        if low is not None and (value <= low if meta["low_open"] else value < low):
            return "is out of range"
        if high is not None and value > high:
            return "is out of range"
    return None


@dataclasses.dataclass(frozen=True)
class StudyParameters:
    """Base of every study's parameters: a frozen dataclass whose fields are made by :func:`param`."""

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def defaults(cls) -> dict:
        return dataclasses.asdict(cls())

    @classmethod
    def validated(cls, values: Mapping | None = None, chapter: str = "chapter"):
        """Parameters from ``values`` (missing ones default), every value checked.

        Raises
        ------
        ParameterError
            One line naming the parameter, the value and what is allowed.
        """
        values = dict(values or {})
        fields = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - set(fields))
        if unknown:
            raise ParameterError(f"{chapter} has no parameter(s) {', '.join(unknown)}; parameters: "
                                 f"{', '.join(fields)}")
        for name, value in values.items():
            meta = fields[name].metadata
            if value is None:
                if not meta["optional"]:
                    raise ParameterError(f"parameter {name}: null is not allowed; expected {_allowed(meta)}")
                continue
            value_type = meta["value_type"]
            if value_type.startswith("list"):
                if not isinstance(value, (list, tuple)) or len(value) < meta["min_len"]:
                    raise ParameterError(f"parameter {name}: {value!r} is not a list of at least "
                                         f"{max(meta['min_len'], 0)} item(s); expected {_allowed(meta)}")
                for item in value:
                    why = _check_scalar(item, value_type[5:-1], meta)
                    if why:
                        raise ParameterError(f"parameter {name}: item {item!r} {why}; expected {_allowed(meta)}")
                values[name] = list(value)
            else:
                why = _check_scalar(value, value_type, meta)
                if why:
                    raise ParameterError(f"parameter {name}: {value!r} {why}; expected {_allowed(meta)}")
        params = cls(**values)
        why = params.check()
        if why:
            raise ParameterError(f"{chapter}: {why}")
        return params

    def check(self) -> str | None:
        """Checks across parameters (subclasses): why the combination is invalid, or None."""
        return None

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)
