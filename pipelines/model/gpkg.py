"""Low-level writes into one GeoPackage file: a layer written or appended, features deleted.

Used by :mod:`pipelines.model.store` on the temporary copy of ``ward.gpkg`` it then renames
over the store (the store holds the lock and does the atomic replace).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from pipelines.model.schema import get_layer


def write_layer_file(path: Path, name: str, frame: gpd.GeoDataFrame, *, append: bool) -> None:
    """Write (or append) a conformed frame to a GeoPackage layer through Arrow."""
    layer = get_layer(name)
    if layer.geometry is None:
        table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        pyogrio.write_dataframe(
            table, path, layer=name, driver="GPKG", append=append, use_arrow=True
        )
        return
    multi = layer.geometry == "Polygon"
    pyogrio.write_dataframe(
        frame,
        path,
        layer=name,
        driver="GPKG",
        geometry_type="MultiPolygon" if multi else layer.geometry,
        promote_to_multi=True if multi else None,
        append=append,
        use_arrow=True,
    )


def delete_fids(path: Path, name: str, fids: np.ndarray) -> None:
    """Delete features by fid (the GeoPackage's triggers keep its spatial index and counts)."""
    fid_column = pyogrio.read_info(path, layer=name)["fid_column"] or "fid"
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("CREATE TEMP TABLE pccc_drop (fid INTEGER PRIMARY KEY)")
        con.executemany("INSERT INTO pccc_drop VALUES (?)", ((int(f),) for f in fids))
        con.execute(f'DELETE FROM "{name}" WHERE "{fid_column}" IN (SELECT fid FROM pccc_drop)')
        con.commit()


def lacks_fields(path: Path, name: str) -> bool:
    """Whether the stored table lacks a field the schema now has (a store written by an
    older version): such a layer is written anew, which adds the columns."""
    stored = set(pyogrio.read_info(path, layer=name)["fields"])
    return not set(get_layer(name).field_names) <= stored
