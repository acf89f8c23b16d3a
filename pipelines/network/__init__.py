"""The road graph and everything measured along it: truck access, coverage, risk, gaps.

:func:`analyze_ward` runs it all on a ward, on a :class:`NetworkBase` (the road graph and the
snapped layers, built once by :func:`network_base` and reused by a warm re-analysis);
:mod:`.tables`, :mod:`.layers` and :mod:`.results` turn the result into tables, map layers
and files.
"""

from pipelines.network.analysis import WardAnalysis, analyze_ward
from pipelines.network.base import NetworkBase, network_base

__all__ = ["NetworkBase", "WardAnalysis", "analyze_ward", "network_base"]
