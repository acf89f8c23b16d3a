"""Writers at the same time lose nothing: imports, stale previews, settings and mappings.

Every test runs its writers in separate processes (``spawn``: a fresh interpreter each,
as two ``pccc`` commands or a command beside the dashboard would be) on a private copy of
the sample ward, and checks the store afterwards: every row that went in is stored or
rejected, and nobody's saved work is gone.
"""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from pipelines.ingest import ImportOptions, commit_import, load_mapping, prepare_import
from pipelines.ingest.headers import save_mapping
from pipelines.model.store import layer_version, read_layer, update_config
from tests.conftest import REPO_ROOT

SPAWN = multiprocessing.get_context("spawn")
WAIT_S = 240
PER_FILE = 200


def premises_csv(
    path: Path, ward_dir: Path, prefix: str, *, n: int = PER_FILE, floors: int = 2
) -> Path:
    """Write ``n`` premises inside the ward's boundary, ids ``<prefix>-000`` …, to a CSV."""
    boundary = read_layer(ward_dir, "ward_boundary").geometry.iloc[0]
    rng = np.random.default_rng(abs(hash(prefix)) % 2**32)
    west, south, east, north = boundary.bounds
    points: list[tuple[float, float]] = []
    while len(points) < n:
        x, y = rng.uniform(west, east), rng.uniform(south, north)
        if shapely.contains_xy(boundary, x, y):
            points.append((x, y))
    pd.DataFrame(
        {
            "Mã cơ sở": [f"{prefix}-{i:03d}" for i in range(n)],
            "Tên cơ sở": [f"Cửa hàng {prefix} số {i}" for i in range(n)],
            "Loại hình": ["karaoke"] * n,
            "Số tầng": [floors] * n,
            "Vĩ độ": [round(p[1], 7) for p in points],
            "Kinh độ": [round(p[0], 7) for p in points],
        }
    ).to_csv(path, index=False)
    return path


def _summary(result) -> dict:
    c = result.counts
    return {
        "rows_in": c.rows_in,
        "new": c.new,
        "updated": c.updated,
        "unchanged": c.unchanged,
        "rejected": c.rejected,
        "written": result.written,
        "recomputed": result.recomputed,
    }


def _import_after_barrier(ward_dir: str, path: str, barrier, queue) -> None:
    """Preview, wait until every worker has previewed, then commit."""
    preview = prepare_import(path, ward_dir, ImportOptions(layer="premises"))
    barrier.wait(timeout=WAIT_S)
    queue.put((path, _summary(commit_import(preview))))


def _import_when_told(ward_dir: str, path: str, previewed, go, queue) -> None:
    """Preview, say so, wait for the go, then commit the (by then stale) preview."""
    preview = prepare_import(path, ward_dir, ImportOptions(layer="premises"))
    previewed.set()
    go.wait(timeout=WAIT_S)
    queue.put((path, _summary(commit_import(preview))))


def _save_settings(ward_dir: str, section: str, key: str, values: list, barrier) -> None:
    barrier.wait(timeout=WAIT_S)
    for value in values:
        update_config(ward_dir, section, {key: value})


def _save_mapping(ward_dir: str, columns: dict[str, str], barrier) -> None:
    barrier.wait(timeout=WAIT_S)
    for column, target in columns.items():  # one save per column: many read-merge-writes
        save_mapping(ward_dir, "premises", columns={column: target})


def _run(processes: list) -> None:
    for p in processes:
        p.start()
    for p in processes:
        p.join(WAIT_S)
    for p in processes:
        if p.is_alive():
            p.kill()
            p.join()
    assert [p.exitcode for p in processes] == [0] * len(processes)


def _results(queue, n: int) -> dict[str, dict]:
    return dict(queue.get(timeout=WAIT_S) for _ in range(n))


@pytest.mark.slow
def test_three_imports_committing_together_lose_nothing(sample_ward_copy: Path, tmp_path: Path):
    ward = sample_ward_copy
    before = len(read_layer(ward, "premises"))
    files = [premises_csv(tmp_path / f"{p}.csv", ward, p) for p in ("A", "B", "C")]
    barrier, queue = SPAWN.Barrier(len(files)), SPAWN.Queue()
    _run(
        [
            SPAWN.Process(target=_import_after_barrier, args=(str(ward), str(f), barrier, queue))
            for f in files
        ]
    )
    results = _results(queue, len(files))
    stored = read_layer(ward, "premises")
    for result in results.values():  # rows in = rows stored + rejected, for each of them
        assert result["rows_in"] == PER_FILE
        assert (
            result["new"] + result["updated"] + result["unchanged"] + result["rejected"]
            == (result["rows_in"])
        )
        assert (result["new"], result["written"], result["rejected"]) == (PER_FILE, PER_FILE, 0)
    # every preview was made before any commit: all but the first writer saw a moved layer
    assert sum(r["recomputed"] for r in results.values()) >= len(files) - 1
    assert len(stored) == before + len(files) * PER_FILE
    assert stored["id"].is_unique
    for prefix in ("A", "B", "C"):
        assert stored["id"].str.startswith(f"{prefix}-").sum() == PER_FILE


@pytest.mark.slow
def test_pccc_import_commands_at_the_same_time_lose_nothing(sample_ward_copy: Path, tmp_path: Path):
    ward = sample_ward_copy
    before = len(read_layer(ward, "premises"))
    files = [premises_csv(tmp_path / f"{p}.csv", ward, p) for p in ("D", "E", "F")]
    code = "import sys; from pipelines.cli import main; sys.exit(main())"
    commands = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                code,
                "import",
                str(f),
                "--layer",
                "premises",
                "--ward",
                str(ward),
            ],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    outputs = [c.communicate(timeout=WAIT_S) for c in commands]
    for command, (out, err) in zip(commands, outputs, strict=True):
        assert command.returncode == 0, err
        assert "Đã ghi / written: 200 đối tượng" in out
        assert re.search(r"Khi ghi / at the write: 200 — mới / new 200,", out), out
    assert len(read_layer(ward, "premises")) == before + 3 * PER_FILE


@pytest.mark.slow
def test_a_stale_preview_is_recounted_against_what_another_process_stored(
    sample_ward_copy: Path, tmp_path: Path
):
    """Both files carry the same ids; the second commits a preview made before the first
    wrote: its rows are updated (different values) or unchanged (same values), never
    duplicated."""
    ward = sample_ward_copy
    before = len(read_layer(ward, "premises"))
    first = premises_csv(tmp_path / "first.csv", ward, "S", floors=2)
    second = tmp_path / "second.csv"
    table = pd.read_csv(first)
    table.loc[:49, "Số tầng"] = 5  # 50 rows differ from the first file, 150 are the same
    table.to_csv(second, index=False)
    previewed, go, queue = SPAWN.Event(), SPAWN.Event(), SPAWN.Queue()
    worker = SPAWN.Process(
        target=_import_when_told, args=(str(ward), str(second), previewed, go, queue)
    )
    worker.start()
    try:
        assert previewed.wait(WAIT_S), "the worker never finished its preview"
        mine = commit_import(prepare_import(first, ward, ImportOptions(layer="premises")))
        assert (mine.counts.new, mine.recomputed) == (PER_FILE, False)
    finally:
        go.set()
        worker.join(WAIT_S)
    assert worker.exitcode == 0
    ((_, stale),) = _results(queue, 1).items()
    assert stale["recomputed"] is True
    assert (stale["new"], stale["updated"], stale["unchanged"]) == (0, 50, 150)
    assert stale["written"] == 50
    stored = read_layer(ward, "premises").set_index("id")
    assert len(stored) == before + PER_FILE
    assert stored.loc["S-000", "floors"] == 5 and stored.loc["S-199", "floors"] == 2


@pytest.mark.slow
def test_an_import_beside_settings_saves_keeps_both(sample_ward_copy: Path, tmp_path: Path):
    ward = sample_ward_copy
    before = len(read_layer(ward, "premises"))
    path = premises_csv(tmp_path / "g.csv", ward, "G")
    barrier, queue = SPAWN.Barrier(2), SPAWN.Queue()
    radii = [float(r) for r in range(101, 121)]
    _run(
        [
            SPAWN.Process(
                target=_import_after_barrier, args=(str(ward), str(path), barrier, queue)
            ),
            SPAWN.Process(
                target=_save_settings,
                args=(str(ward), "thresholds", "public_point_radius_m", radii, barrier),
            ),
        ]
    )
    result = _results(queue, 1)[str(path)]
    assert result["new"] == PER_FILE
    assert len(read_layer(ward, "premises")) == before + PER_FILE
    from pipelines.model.store import open_ward

    assert open_ward(ward).config.thresholds.public_point_radius_m == radii[-1]


@pytest.mark.slow
def test_two_sections_saved_at_the_same_time_both_survive(sample_ward_copy: Path):
    ward = sample_ward_copy
    barrier = SPAWN.Barrier(2)
    radii = [float(r) for r in range(101, 131)]
    provinces = [f"Tỉnh số {i}" for i in range(30)]
    _run(
        [
            SPAWN.Process(
                target=_save_settings,
                args=(str(ward), "thresholds", "public_point_radius_m", radii, barrier),
            ),
            SPAWN.Process(
                target=_save_settings, args=(str(ward), "ward", "province", provinces, barrier)
            ),
        ]
    )
    from pipelines.model.store import open_ward

    config = open_ward(ward).config
    assert config.thresholds.public_point_radius_m == radii[-1]
    assert config.ward.province == provinces[-1]


@pytest.mark.slow
def test_two_mapping_saves_at_the_same_time_merge(sample_ward_copy: Path):
    ward = sample_ward_copy
    barrier = SPAWN.Barrier(2)
    left = {f"Cột trái {i}": "name" for i in range(15)}
    right = {f"Cột phải {i}": "address" for i in range(15)}
    _run(
        [
            SPAWN.Process(target=_save_mapping, args=(str(ward), left, barrier)),
            SPAWN.Process(target=_save_mapping, args=(str(ward), right, barrier)),
        ]
    )
    saved = load_mapping(ward, "premises")
    assert saved is not None
    assert sum(v == "name" for v in saved.columns.values()) == len(left)
    assert sum(v == "address" for v in saved.columns.values()) == len(right)


def test_the_version_of_a_layer_moves_only_with_its_content(sample_ward_copy: Path, tmp_path):
    ward = sample_ward_copy
    path = premises_csv(tmp_path / "h.csv", ward, "H", n=5)
    premises, households = layer_version(ward, "premises"), layer_version(ward, "households")
    preview = prepare_import(path, ward, ImportOptions(layer="premises"))
    assert preview.based_on == premises
    commit_import(preview)
    assert layer_version(ward, "premises") != premises
    assert layer_version(ward, "households") == households
    again = commit_import(prepare_import(path, ward, ImportOptions(layer="premises")))
    assert (again.written, again.counts.unchanged, again.backup) == (0, 5, None)
