"""The fast indented JSON writer writes what json.dumps(indent=2) writes, byte for byte."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.io.notes.jsonout import dumps_indented

values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**80), max_value=2**80) | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=5)
        | st.tuples(children, children)
        | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=500)
@given(values)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_keys_that_are_not_text_are_written_as_json_writes_them() -> None:
    value = {1: "a", 2.5: [], None: {}, False: [1, {"x": None}]}
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
