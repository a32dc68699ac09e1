"""Reading YAML data files with libyaml's safe loader when it is there (about 10× faster than
PyYAML's pure-Python one; the bot reads all its data at start)."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["load_yaml"]

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[misc]
    """The safe loader, refusing a key given twice in one mapping: YAML would keep the last
    silently, and a text or setting written twice is a mistake to be told about."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: the base class says so
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found the key {key!r} twice", key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """Parse ``text`` safely (no Python objects); raises ``yaml.YAMLError``, also for a key
    given twice in one mapping."""
    return yaml.load(text, Loader=_Loader)  # a safe loader, C or Python
