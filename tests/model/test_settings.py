"""Settings: defaults carry sources; ward.toml round-trips; bad values name their key."""

from __future__ import annotations

import tomllib

import pytest

from pipelines.model.errors import ConfigError
from pipelines.model.settings import WardConfig, config_from_dict, describe_settings, dumps_config


def test_every_setting_has_a_label_and_a_source():
    rows = describe_settings("vi")
    assert len(rows) > 40
    for row in rows:
        assert row["label"], row
        assert row["source"], row


def test_domain_defaults_match_domain_md():
    t = WardConfig().thresholds
    assert t.truck_min_width_m == 3.5
    assert t.truck_min_clearance_m == 4.25
    assert t.deep_alley_min_m == 50
    assert t.public_point_radius_m == 100
    assert (t.safety_group_min_households, t.safety_group_max_households) == (5, 15)
    assert t.hydrant_spacing_max_m == 150


def test_dumped_toml_reads_back_identical_and_is_commented():
    config = WardConfig().replace("ward", name="Phường Đông", crs_metric="EPSG:9214")
    text = dumps_config(config)
    assert "# Nguồn: QCVN 06:2010 §5.2" in text
    assert config_from_dict(tomllib.loads(text)) == config


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({"thresholds": {"truck_min_width": 3}}, "thresholds.truck_min_width"),
        ({"thresholds": {"truck_min_width_m": "3,5"}}, "should be a number"),
        ({"thresholds": {"public_points_per_group_min": 1.5}}, "whole number"),
        ({"roads": {}}, "unknown section"),
        ({"ward": {"crs_metric": "EPSG:4326"}}, "projected CRS in metres"),
        ({"ward": {"crs_metric": "not a crs"}}, "should be a CRS"),
        ({"risk": {"category_base": {"karaoke": -1}}}, "non-negative"),
        ({"risk": {"category_base": {"disco": 5}}}, "has no key 'disco'"),
        ({"thresholds": {"safety_group_min_households": 20}}, "larger than"),
    ],
)
def test_bad_values_are_refused(data, match):
    with pytest.raises(ConfigError, match=match):
        config_from_dict(data)


def test_partial_tables_keep_other_defaults():
    config = config_from_dict({"risk": {"category_base": {"karaoke": 40}}})
    assert config.risk.category_base["karaoke"] == 40
    assert (
        config.risk.category_base["boarding_house"]
        == WardConfig().risk.category_base["boarding_house"]
    )
