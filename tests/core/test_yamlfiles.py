"""Data files: a key given twice in one mapping is an error, not a silent override."""

from __future__ import annotations

import pytest
import yaml

from strategibot.core.yamlfiles import load_yaml


def test_a_key_given_twice_is_refused_with_its_line() -> None:
    with pytest.raises(yaml.YAMLError) as refused:
        load_yaml("reasons:\n  number: a\n  range: b\n  number: c\n")
    assert "found the key 'number' twice" in str(refused.value)
    assert "line 4" in str(refused.value)


def test_merge_keys_and_ordinary_files_still_load() -> None:
    assert load_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n") == {
        "base": {"x": 1}, "other": {"x": 1, "y": 2}}
