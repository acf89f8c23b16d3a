"""The road graph and everything measured along it: truck access, coverage, risk, gaps.

:func:`analyze_ward` runs it all on a ward; :mod:`.tables` and :mod:`.layers` turn the
result into tables and map layers.
"""

from pipelines.network.analysis import WardAnalysis, analyze_ward

__all__ = ["WardAnalysis", "analyze_ward"]
