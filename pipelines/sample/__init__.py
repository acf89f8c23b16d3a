"""The synthetic sample ward: a deterministic generator, ×1 for the demo, ×10/×100 for benchmarks."""

from pipelines.sample.ward import (
    AS_OF,
    CRS_METRIC,
    DEFAULT_SEED,
    WARD_NAME,
    build_sample_ward,
    generate_ward,
)

__all__ = ["AS_OF", "CRS_METRIC", "DEFAULT_SEED", "WARD_NAME", "build_sample_ward", "generate_ward"]
