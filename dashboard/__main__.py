"""Start the dashboard: ``python -m dashboard [--ward DIR] [--port N] [--headless]``.

Runs ``streamlit run dashboard/app.py`` with the options the map needs (static file serving
for Leaflet, no usage statistics, no file watcher in production).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dashboard.state import DEFAULT_WARD_DIR, WARD_ENV

APP = Path(__file__).resolve().parent / "app.py"

SERVER_OPTIONS = (
    "--server.enableStaticServing=true",
    "--browser.gatherUsageStats=false",
    "--server.fileWatcherType=none",
    "--client.toolbarMode=minimal",
    "--theme.base=light",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Chạy Bản đồ PCCC / start the Bản đồ PCCC dashboard",
    )
    parser.add_argument(
        "--ward",
        type=Path,
        default=Path(os.environ.get(WARD_ENV) or DEFAULT_WARD_DIR),
        help="thư mục dữ liệu phường / ward folder (mặc định/default: geodata/sample)",
    )
    parser.add_argument("--port", type=int, default=8501, help="cổng / port (default 8501)")
    parser.add_argument(
        "--headless", action="store_true", help="không mở trình duyệt / do not open a browser"
    )
    args = parser.parse_args(argv)
    os.environ[WARD_ENV] = str(args.ward.resolve())
    from streamlit.web import cli as stcli

    sys.argv = [
        "streamlit",
        "run",
        str(APP),
        f"--server.port={args.port}",
        f"--server.headless={'true' if args.headless else 'false'}",
        *SERVER_OPTIONS,
    ]
    return stcli.main()


if __name__ == "__main__":
    sys.exit(main())
