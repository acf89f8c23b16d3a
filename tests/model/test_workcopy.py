"""The dashboard opens the tracked sample ward as a working copy, never the sample itself."""

from __future__ import annotations

import shutil

import pytest

from pipelines.model import workcopy
from tests.conftest import SAMPLE_WARD


@pytest.fixture
def tracked(tmp_path, monkeypatch):
    """A stand-in for geodata/sample, and a working-copy folder, both temporary."""
    sample = tmp_path / "repo" / "geodata" / "sample"
    sample.mkdir(parents=True)
    for name in workcopy.FILES:
        shutil.copyfile(SAMPLE_WARD / name, sample / name)
    monkeypatch.setattr(workcopy, "TRACKED_SAMPLE", sample)
    monkeypatch.setenv(workcopy.WORK_DIR_ENV, str(tmp_path / "var" / "wards"))
    return sample


def _bytes(folder):
    return {name: (folder / name).read_bytes() for name in workcopy.FILES}


def test_the_sample_opens_as_a_copy_made_once(tracked, tmp_path):
    before = _bytes(tracked)
    copy = workcopy.working_ward(tracked)
    assert copy == (tmp_path / "var" / "wards" / "sample").resolve()
    assert _bytes(copy) == before
    assert workcopy.is_working_copy(copy) and not workcopy.is_working_copy(tracked)
    assert workcopy.working_ward(tracked) == copy
    assert _bytes(tracked) == before


def test_other_wards_open_as_they_are(tracked, tmp_path):
    other = tmp_path / "phuong-khac"
    other.mkdir()
    assert workcopy.working_ward(other) == other.resolve()
    assert not (tmp_path / "var").exists()


def test_a_copy_someone_worked_in_is_kept_when_the_sample_changes(tracked):
    copy = workcopy.working_ward(tracked)
    (copy / "ward.toml").write_text(
        (copy / "ward.toml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    (tracked / "ward.toml").write_text(
        (tracked / "ward.toml").read_text(encoding="utf-8") + "\n# regenerated\n",
        encoding="utf-8",
    )
    workcopy.working_ward(tracked)
    text = (copy / "ward.toml").read_text(encoding="utf-8")
    assert "# edited" in text and "# regenerated" not in text


def test_an_untouched_copy_follows_a_regenerated_sample(tracked):
    copy = workcopy.working_ward(tracked)
    (tracked / "ward.toml").write_text(
        (tracked / "ward.toml").read_text(encoding="utf-8") + "\n# regenerated\n",
        encoding="utf-8",
    )
    workcopy.working_ward(tracked)
    assert "# regenerated" in (copy / "ward.toml").read_text(encoding="utf-8")


def test_a_deleted_copy_is_made_again(tracked):
    copy = workcopy.working_ward(tracked)
    shutil.rmtree(copy)
    assert workcopy.working_ward(tracked) == copy
    assert _bytes(copy) == _bytes(tracked)
