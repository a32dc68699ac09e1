"""Finds the data folders (dialogs/, knowledge/, manifest/) in a wheel or in a checkout.

A non-editable wheel carries them as ``strategibot/_data/<name>`` (see pyproject's
force-include); an editable install or a plain checkout has them at the repository's top level.
A path in Settings overrides both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from strategibot.errors import DataNotFound

__all__ = ["DataName", "data_dir"]

DataName = Literal["dialogs", "knowledge", "manifest"]


def data_dir(name: DataName, override: Path | None = None) -> Path:
    """Return the folder ``name``: the override, else the packaged copy, else the checkout's."""
    if override is not None:
        if override.is_dir():
            return override
        raise DataNotFound(f"{name}: {override} is not a folder")
    here = Path(__file__).resolve().parents[1]  # the strategibot package
    packaged = here / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = here.parents[1] / name
    if checkout.is_dir():
        return checkout
    raise DataNotFound(f"{name}: neither {packaged} nor {checkout} exists")
