"""Map layers published as content-addressed files, and the sweep that bounds the folder."""

from __future__ import annotations

import os
import time

import pytest

from dashboard.components import map as map_component
from dashboard.components.map import _publish, _sweep


@pytest.fixture
def layers_dir(tmp_path, monkeypatch):
    """A published-layers folder inside a temporary static folder."""
    static = tmp_path / "static"
    monkeypatch.setattr(map_component, "STATIC_DIR", static)
    monkeypatch.setattr(map_component, "POOL_DIR", tmp_path / ".layer-pool")
    monkeypatch.setattr(map_component, "_SWEPT", {})
    return static / "layers"


def test_same_content_same_url_changed_content_new_file(layers_dir):
    first = _publish(layers_dir, '{"type": "FeatureCollection", "features": []}', '{"key": "a"}')
    again = _publish(layers_dir, '{"type": "FeatureCollection", "features": []}', '{"key": "a"}')
    assert first == again
    assert first.startswith("/app/static/layers/") and first.endswith(".json")
    files = sorted(layers_dir.glob("*.json"))
    assert len(files) == 1
    assert files[0].read_text(encoding="utf-8") == '{"type": "FeatureCollection", "features": []}'

    changed = _publish(layers_dir, '{"type": "FeatureCollection", "features": [1]}', '{"key": "a"}')
    restyled = _publish(layers_dir, '{"type": "FeatureCollection", "features": []}', '{"key": "b"}')
    assert len({first, changed, restyled}) == 3, "content or style changes give a new file"
    assert len(list(layers_dir.glob("*.json"))) == 3
    assert not [p for p in layers_dir.iterdir() if not p.name.endswith(".json")], "no temp left"


def test_republishing_marks_a_file_recently_used(layers_dir):
    url = _publish(layers_dir, "{}", "{}")
    path = layers_dir / url.rsplit("/", 1)[1]
    old = time.time() - 3600
    os.utime(path, (old, old))
    _publish(layers_dir, "{}", "{}")
    assert path.stat().st_mtime > old + 3000


def test_publishing_goes_through_atomic_write(layers_dir, monkeypatch):
    calls = []
    real = map_component.atomic_write

    def spy(path, data, **kwargs):
        calls.append(path)
        return real(path, data, **kwargs)

    monkeypatch.setattr(map_component, "atomic_write", spy)
    _publish(layers_dir, '{"a": 1}', "{}")
    _publish(layers_dir, '{"a": 1}', "{}")  # already there: not written again
    assert len(calls) == 1 and calls[0].parent == map_component.POOL_DIR


def test_sessions_share_one_copy_of_a_layer_and_none_is_served_from_the_pool(layers_dir):
    one, two = layers_dir / "phien-1", layers_dir / "phien-2"
    first = _publish(one, '{"a": 1}', "{}")
    second = _publish(two, '{"a": 1}', "{}")
    assert first.rsplit("/", 1)[1] == second.rsplit("/", 1)[1]
    a, b = one / first.rsplit("/", 1)[1], two / second.rsplit("/", 1)[1]
    assert a.stat().st_ino == b.stat().st_ino, "a hard link to the pool, not a second copy"
    assert a.read_text(encoding="utf-8") == '{"a": 1}'
    assert not map_component.POOL_DIR.is_relative_to(map_component.STATIC_DIR)
    # The pool swept meanwhile (or another file system): the session still gets its file.
    for pooled in map_component.POOL_DIR.glob("*.json"):
        pooled.unlink()
    third = layers_dir / "phien-3"
    url = _publish(third, '{"a": 1}', "{}")
    assert (third / url.rsplit("/", 1)[1]).read_text(encoding="utf-8") == '{"a": 1}'


def test_a_folder_is_swept_at_most_every_so_often(layers_dir, monkeypatch):
    swept = []
    monkeypatch.setattr(map_component, "_sweep", lambda folder, **kw: swept.append(folder))
    for n in range(5):
        _publish(layers_dir, f'{{"n": {n}}}', "{}")
    assert swept.count(layers_dir) == 1
    monkeypatch.setattr(map_component, "SWEEP_EVERY_S", 0.0)
    _publish(layers_dir, '{"n": 9}', "{}")
    assert swept.count(layers_dir) == 2


def _file(folder, name: str, size: int, age_s: float) -> object:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_bytes(b"x" * size)
    when = time.time() - age_s
    os.utime(path, (when, when))
    return path


def test_sweep_removes_files_older_than_the_keep_time(tmp_path):
    fresh = _file(tmp_path, "fresh", 10, 60)
    stale = _file(tmp_path, "stale", 10, 7200)
    other = tmp_path / "note.txt"
    other.write_text("not a layer", encoding="utf-8")
    removed = _sweep(tmp_path, keep_s=3600, max_bytes=10_000)
    assert removed == [stale]
    assert fresh.exists() and not stale.exists() and other.exists()


def test_sweep_keeps_the_newest_within_the_byte_budget(tmp_path):
    newest = _file(tmp_path, "a", 400, 10)
    second = _file(tmp_path, "b", 400, 20)
    third = _file(tmp_path, "c", 400, 30)
    oldest = _file(tmp_path, "d", 400, 40)
    removed = _sweep(tmp_path, keep_s=3600, max_bytes=1000)
    assert sorted(removed) == sorted([third, oldest])
    assert newest.exists() and second.exists()


def test_sweep_never_removes_the_newest_file(tmp_path):
    big = _file(tmp_path, "big", 5000, 99_999)
    assert _sweep(tmp_path, keep_s=1, max_bytes=10) == []
    assert big.exists()
