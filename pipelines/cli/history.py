"""``pccc history``: print the ward's audit trail (who changed what, when, how)."""

from __future__ import annotations

import argparse
import datetime as dt

from pipelines.cli.common import EXIT_OK, EXIT_UNUSABLE, add_ward_argument
from pipelines.model import audit, store
from pipelines.model.schema import LAYER_NAMES, get_layer
from pipelines.text.formats import LOCAL_OFFSET, format_moment, format_number
from pipelines.text.labels import AUDIT_HOW, AUDIT_LABELS, pick


def _since(text: str) -> dt.datetime:
    """``dd/mm/yyyy`` (or ``yyyy-mm-dd``) → the start of that day in Vietnam, in UTC."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return day.replace(tzinfo=dt.timezone(LOCAL_OFFSET)).astimezone(dt.UTC)
    raise argparse.ArgumentTypeError(f"ngày không hợp lệ / invalid date: '{text}' (dd/mm/yyyy)")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "history",
        help="lịch sử thay đổi / audit trail",
        description=(
            "In lịch sử thay đổi dữ liệu và cài đặt của phường (ai, khi nào, lớp, đối tượng, "
            "trường, cũ → mới, cách). Giờ Việt Nam.\n"
            "Print the ward's audit trail (who, when, layer, feature, field, old → new, how). "
            "Times in Vietnam time."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_ward_argument(p)
    p.add_argument("--since", type=_since, metavar="DATE", help="từ ngày / from date (dd/mm/yyyy)")
    p.add_argument(
        "--layer",
        choices=(*LAYER_NAMES, audit.SETTINGS_LAYER),
        metavar="L",
        help="chỉ lớp này / only this layer (settings: cài đặt)",
    )
    p.add_argument("--feature", metavar="ID", help="chỉ đối tượng này / only this feature id")
    p.set_defaults(func=run)


def _layer_text(layer: str) -> str:
    if layer == audit.SETTINGS_LAYER:
        return pick(AUDIT_LABELS["settings"], "vi")
    try:
        return get_layer(layer).label("vi")
    except (KeyError, ValueError):
        return layer


def _change_text(row) -> str:
    if row.field is None or row.field != row.field:  # a whole feature
        key = "created" if row.new == audit.CREATED else "deleted"
        return pick(AUDIT_LABELS[key], "vi")
    old = "–" if row.old is None or row.old != row.old else row.old
    new = "–" if row.new is None or row.new != row.new else row.new
    return f"{row.field}: {old} → {new}"


def run(args: argparse.Namespace) -> int:
    store_path = store.gpkg_path(args.ward)
    if not store_path.is_file():
        print(f"Lỗi: không có dữ liệu phường trong {args.ward} / no ward in {args.ward}")
        return EXIT_UNUSABLE
    entries = audit.read_entries(
        store_path, since=args.since, layer=args.layer, feature_id=args.feature
    )
    if entries.empty:
        print(" / ".join(AUDIT_LABELS["none"]))
        return EXIT_OK
    for row in entries.itertuples(index=False):
        how = pick(AUDIT_HOW.get(row.how, (row.how, row.how)), "vi")
        feature = f" {row.feature_id}" if row.feature_id else ""
        print(
            f"{format_moment(row.at)}  {row.user}  {how}  {_layer_text(row.layer)}{feature}  "
            f"{_change_text(row)}"
        )
    print(f"{format_number(len(entries))} {pick(AUDIT_LABELS['count'], 'vi')}")
    return EXIT_OK
