"""The premises table says how each point was placed and its estimated error."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from pipelines.network.tables import _placement_columns


def test_placement_columns_follow_the_ids() -> None:
    analysis = SimpleNamespace(
        premises=pd.DataFrame(
            {
                "id": ["CS1", "CS2"],
                "location_source": ["address_alley", None],
                "location_error_m": [12.4, np.nan],
            }
        ),
        households=pd.DataFrame(
            {"id": ["H1"], "location_source": ["coordinates"], "location_error_m": [np.nan]}
        ),
    )
    cols = _placement_columns(analysis, pd.Series(["CS2", "H1", "CS1"]), "vi")
    assert list(cols) == ["Cách định vị", "Sai số ước tính (m)"]
    source = list(cols["Cách định vị"])
    assert pd.isna(source[0])
    assert source[1:] == ["Tọa độ trong danh sách", "Theo địa chỉ, trên ngõ"]
    assert np.isnan(cols["Sai số ước tính (m)"][0]) and cols["Sai số ước tính (m)"][2] == 12.0
    english = _placement_columns(analysis, pd.Series(["CS1"]), "en")
    assert list(english["Placed by"]) == ["Address, on the alley"]
