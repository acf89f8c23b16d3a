"""The synthetic sample ward: a deterministic generator, ×1 for the demo, ×10/×100 for benchmarks."""

from pipelines.sample.ward import build_sample_ward, generate_ward

__all__ = ["build_sample_ward", "generate_ward"]
