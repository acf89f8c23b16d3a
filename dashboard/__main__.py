"""Start the dashboard: ``python -m dashboard [--ward DIR] [--port N] [--public] [--headless]
[--no-warm]``.

The server listens on 127.0.0.1 only (this machine); ``--public`` makes it listen on every
address (the office network), and then anyone not on this machine must sign in
(:mod:`dashboard.access`).

Runs ``streamlit run dashboard/app.py`` with the options the map needs (static file serving
for Leaflet, no usage statistics, no file watcher) and none that waits for a person: no
first-run e-mail prompt, and no browser opened when there is no terminal or no display
(``nohup make run </dev/null &``, a service manager). The tracked sample ward is opened as
its working copy (:mod:`pipelines.model.workcopy`). While the server starts, a background thread
fills the caches the first pages need (:mod:`dashboard.warm`), so the first visitor does
not wait for the ward to be read and analysed.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from dashboard.state import DEFAULT_WARD_DIR, PUBLIC_ENV, WARD_ENV
from pipelines.model.workcopy import is_tracked_sample, working_ward

APP = Path(__file__).resolve().parent / "app.py"

SERVER_OPTIONS = (
    "--server.enableStaticServing=true",
    "--server.showEmailPrompt=false",
    "--browser.gatherUsageStats=false",
    "--server.fileWatcherType=none",
    # Streamlit collects every generation of garbage after each page run: with a ward's
    # frames and layers in memory that took as long as the page itself (py-spy, one
    # viewer); Python's own collector runs when it is due.
    "--runner.postScriptGC=false",
    "--client.toolbarMode=minimal",
    "--theme.base=light",
)


def interactive() -> bool:
    """Whether a person started us at a terminal with a display to open a browser on."""
    try:
        tty = sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):
        tty = False
    display = sys.platform != "linux" or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    return tty and display


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Chạy Bản đồ PCCC / start the Bản đồ PCCC dashboard",
    )
    parser.add_argument(
        "--ward",
        type=Path,
        default=Path(os.environ.get(WARD_ENV) or DEFAULT_WARD_DIR),
        help="thư mục dữ liệu phường / ward folder (mặc định/default: geodata/sample, "
        "mở bản sao làm việc var/wards/sample / opened as its working copy var/wards/sample)",
    )
    parser.add_argument("--port", type=int, default=8501, help="cổng / port (default 8501)")
    parser.add_argument(
        "--public",
        action="store_true",
        help="nghe trên mạng của cơ quan (mọi địa chỉ), bắt buộc đăng nhập; mặc định chỉ máy "
        "này (127.0.0.1) / listen on the office network (every address) and require a "
        "sign-in; by default this machine only (127.0.0.1)",
    )
    parser.add_argument(
        "--headless",
        action="store_true",
        help="không mở trình duyệt / do not open a browser (tự động khi không có terminal "
        "hoặc màn hình / automatic without a terminal or a display)",
    )
    parser.add_argument(
        "--no-warm",
        action="store_true",
        help="không nạp sẵn dữ liệu khi khởi động / do not fill the caches at start",
    )
    args = parser.parse_args(argv)
    ward_dir = working_ward(args.ward)
    if is_tracked_sample(args.ward):
        print(
            f"Phường mẫu: làm việc trên bản sao {ward_dir} (geodata/sample không bị sửa)\n"
            f"Sample ward: working on the copy {ward_dir} (geodata/sample stays unchanged)",
            flush=True,
        )
    os.environ[WARD_ENV] = str(ward_dir)
    os.environ[PUBLIC_ENV] = "1" if args.public else "0"
    address = "0.0.0.0" if args.public else "127.0.0.1"
    if args.public:
        where = (
            f"mọi địa chỉ của máy, cổng {args.port}; cần đăng nhập / every address of this "
            f"machine, port {args.port}; sign-in required"
        )
    else:
        where = (
            f"http://localhost:{args.port} (chỉ máy này, 127.0.0.1 / this machine only, 127.0.0.1)"
        )
    print(f"Bản đồ PCCC: {where}", flush=True)
    from dashboard.access import sweep_layer_folders

    # Sessions do not survive a restart, so no tab folder is in use: remove them all. This
    # also keeps static/ under the 1 GB above which Streamlit turns static serving off at
    # start-up (each tab's folder holds its copy of the layers, ~10 MB on the sample).
    sweep_layer_folders(0.0)
    headless = args.headless or not interactive()
    from streamlit.web import cli as stcli

    if not args.no_warm:
        from dashboard.warm import warm_caches

        threading.Thread(
            target=warm_caches, args=(ward_dir,), name="pccc-warm", daemon=True
        ).start()
    sys.argv = [
        "streamlit",
        "run",
        str(APP),
        f"--server.port={args.port}",
        f"--server.address={address}",
        f"--server.headless={'true' if headless else 'false'}",
        *SERVER_OPTIONS,
    ]
    return stcli.main()


if __name__ == "__main__":
    sys.exit(main())
