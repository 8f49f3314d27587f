"""Wild layouts, round 5 (tests/layouts_wild5.py), read person by person by both readers."""

from __future__ import annotations

import pytest
from layouts_wild import found_and_planted, mismatches, read_layout
from layouts_wild3 import place_mismatches
from layouts_wild4 import extra_mismatches
from layouts_wild5 import LAYOUTS, build


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("liar5")
    return {name: build(name, folder) for name in LAYOUTS}


@pytest.mark.parametrize("reader", ["arrow", "calamine"])
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_officer_is_read_with_its_values(built, name, reader, monkeypatch):
    path, truth = built[name]
    frame = read_layout(path, reader, monkeypatch).df
    assert (mismatches(frame, truth) + place_mismatches(frame, truth)
            + extra_mismatches(frame, truth)) == []
    assert len(frame) == len(truth.people)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_exactly_the_planted_findings(built, name):
    found, planted = found_and_planted(*built[name])
    assert found == planted


@pytest.mark.parametrize("name", [n for n, (suffix, _) in LAYOUTS.items() if suffix == "xlsx"])
def test_the_annotated_copy_checks_exactly_like_its_original(built, name, tmp_path):
    from test_layouts import assert_annotated_copy_checks_the_same

    path, truth = built[name]
    found = assert_annotated_copy_checks_the_same(path, tmp_path)
    assert len(found) == len(truth.planted)
