"""The base of every data-file schema: unknown fields are refused (a typo is an error, not an
ignored setting) and the loaded values are frozen."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Strict"]


class Strict(BaseModel):
    """A part of a data file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
