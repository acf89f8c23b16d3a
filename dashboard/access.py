"""Who is using this tab: sign-in ("Đăng nhập"), roles, and the tab's private layer folder.

:func:`require_access` runs first on every page run (``app.py``). It returns the tab's
:class:`Access` or shows the sign-in form and stops the page:

- a signed-in session is used until it expires (``[access] session_minutes``); the browser
  keeps it in a cookie (``pccc_phien``, :class:`pipelines.model.access.SessionBook`), so a
  reloaded or new tab of that browser stays signed in, and signing out in one tab signs
  every tab of the session out;
- a ward with no users, reached from this machine (the server listens on 127.0.0.1 unless
  started with ``--public``; with it, a loopback peer), opens as the local admin, with a
  banner saying so;
- anyone else signs in. Failed sign-ins are counted per name
  (:class:`pipelines.model.access.LoginGuard`) and every attempt is logged in the ward's
  ``dang-nhap.log``.

Map layers are published as files a browser fetches (``dashboard/components/map.py``);
each tab gets its own folder ``static/layers/<unguessable token>/``, made on first use and
removed at sign-out or expiry, so the files are readable only by the tab that received
the token, and a viewer's (masked) layers are never an editor's files.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import cache, state
from dashboard.texts import literal, t
from pipelines.model.access import Session, log_login, start_session
from pipelines.model.settings_access import AccessSection
from pipelines.model.users import read_users, verify_password

LAYERS_ROOT = Path(__file__).resolve().parent / "static" / "layers"
LAYER_TOKEN = "pccc_layer_token"  # the local admin's folder token
NOTICE = "pccc_access_notice"  # a text key shown on the sign-in form (session expired…)
COOKIE = "pccc_phien"  # the browser's cookie naming its session
COOKIE_PENDING = "pccc_cookie_pending"  # (value, max-age s) to send on this run
LOCAL_ADMIN = "local-admin"


def now() -> float:
    """The clock sessions are measured with (replaced in tests)."""
    return time.time()


@dataclass(frozen=True)
class Access:
    """The tab's user: name, role, and the session (``None`` for the local admin)."""

    user: str
    role: str
    session: Session | None = None

    @property
    def sees_personal(self) -> bool:
        return self.role in ("editor", "admin")

    @property
    def can_edit(self) -> bool:
        """Imports and settings: editors and admins."""
        return self.role in ("editor", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def local(self) -> bool:
        return self.session is None


def public() -> bool:
    return os.environ.get(state.PUBLIC_ENV) == "1"


def _peer() -> str:
    """The TCP peer address of this tab's connection ("" when unknown)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not runtime.exists():
        return ""
    client = runtime.get_instance().get_client(ctx.session_id)
    context = getattr(client, "client_context", None)
    return str(getattr(context, "remote_ip", "") or "")


def from_this_machine() -> bool:
    """Whether the tab is on the server's own machine: always when the server listens on
    127.0.0.1 only; with ``--public``, when the connection's peer is a loopback address."""
    if not public():
        return True
    try:
        return ipaddress.ip_address(_peer()).is_loopback
    except ValueError:
        return False


def current() -> Access:
    """The tab's access, as :func:`require_access` established it on this run."""
    access = st.session_state.get(state.ACCESS)
    if access is None:
        raise RuntimeError("require_access() has not run on this page run")
    return access


def _settings() -> AccessSection:
    try:
        return cache.access_settings(str(state.server_ward_dir()))
    except Exception:  # settings that cannot be read: the page says why; sign-in still works
        return AccessSection()


def _remove_layers(token: str) -> None:
    shutil.rmtree(LAYERS_ROOT / token, ignore_errors=True)


def sweep_layer_folders(max_age_s: float) -> None:
    """Remove tab folders not used for ``max_age_s`` seconds, and any layer file outside
    a tab folder (published by an older version, readable without a token)."""
    if not LAYERS_ROOT.is_dir():
        return
    limit = time.time() - max_age_s
    for path in LAYERS_ROOT.iterdir():
        with contextlib.suppress(OSError):
            if path.is_file():
                path.unlink()
            elif path.stat().st_mtime < limit:
                shutil.rmtree(path, ignore_errors=True)


def _book():
    return cache.session_book(str(state.server_ward_dir()))


def _send_cookie() -> None:
    """Set (or clear) the session cookie in the browser, once, from the sidebar (an
    invisible script: Streamlit's server cannot set cookies on its websocket)."""
    pending = st.session_state.pop(COOKIE_PENDING, None)
    if pending is None:
        return
    value, max_age = pending
    st.sidebar.html(
        f"<script>document.cookie='{COOKIE}={value}; path=/; max-age={int(max_age)}; "
        "samesite=strict'</script>",
        unsafe_allow_javascript=True,
    )


def _session_from_cookie() -> Session | None:
    try:
        cookie = st.context.cookies.get(COOKIE)
    except Exception:  # no browser connection (AppTest): no cookie
        return None
    return _book().find(cookie, now())


def sign_out(notice: str = "") -> None:
    """End the tab's session in every tab that shares it: its layer folder goes, the
    browser's cookie is cleared, the sign-in form shows next."""
    access = st.session_state.pop(state.ACCESS, None)
    if access is not None and access.session is not None:
        _book().remove(access.session)
        _remove_layers(access.session.token)
        st.session_state[COOKIE_PENDING] = ("", 0)
    if notice:
        st.session_state[NOTICE] = notice


def layer_dir() -> Path:
    """This tab's private folder for published map layers (made on first use, touched on
    each use so the sweep keeps it)."""
    access = st.session_state.get(state.ACCESS)
    if access is not None and access.session is not None:
        token = access.session.token
    else:
        token = st.session_state.setdefault(LAYER_TOKEN, secrets.token_urlsafe(24))
    folder = LAYERS_ROOT / token
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.utime(folder)
    return folder


def _client() -> str:
    return _peer() or "127.0.0.1"


def _try_sign_in(name: str, password: str, settings: AccessSection, lang: str) -> None:
    ward_dir = state.server_ward_dir()
    guard = cache.login_guard(str(ward_dir))
    when = now()
    name = name.strip()
    if guard.locked_for(name) > 0:
        log_login(ward_dir, name, "locked", _client(), now=when)
        st.error(t("login_locked", lang))
        return
    user = verify_password(ward_dir, name, password)
    if user is None:
        log_login(ward_dir, name, "failed", _client(), now=when)
        guard.failed(name, settings)
        st.error(t("login_failed", lang))
        return
    guard.succeeded(name)
    log_login(ward_dir, name, "ok", _client(), now=when)
    sweep_layer_folders(60.0 * settings.session_minutes)
    session = start_session(user.name, user.role, settings, now=when)
    _book().add(session)
    st.session_state[state.ACCESS] = Access(user.name, user.role, session)
    st.session_state[COOKIE_PENDING] = (session.cookie, session.expires_at - when)
    st.session_state.pop(NOTICE, None)
    st.rerun()


def _sign_in_form(lang: str, *, has_users: bool) -> None:
    settings = _settings()
    _send_cookie()
    st.title(t("login_title", lang))
    notice = st.session_state.get(NOTICE)
    if notice:
        st.warning(t(notice, lang))
    if not has_users:
        st.info(t("login_no_users", lang))
    with st.form("pccc_login"):
        name = st.text_input(t("login_name", lang), key="pccc_login_name")
        password = st.text_input(t("login_password", lang), type="password")
        submitted = st.form_submit_button(t("login_button", lang), type="primary")
    if submitted:
        _try_sign_in(name, password, settings, lang)


def require_access(lang: str) -> Access:
    """The tab's access; shows the sign-in form and stops the page run when there is none."""
    access: Access | None = st.session_state.get(state.ACCESS)
    if access is not None and access.session is not None:
        if access.session.expired(now()):
            sign_out("login_expired")
            access = None
        elif not _book().holds(access.session):  # signed out in another tab
            sign_out("login_ended")
            access = None
    if access is None:
        restored = _session_from_cookie()
        if restored is not None:
            access = Access(restored.user, restored.role, restored)
            st.session_state[state.ACCESS] = access
    users = {u.name: u.role for u in read_users(state.server_ward_dir())}
    if access is not None and access.session is not None:
        if users.get(access.user) == access.role:
            _send_cookie()
            return access
        sign_out("login_changed")  # removed, or given another role, by an admin
        access = None
    has_users = bool(users)
    if not has_users and from_this_machine():
        access = Access(LOCAL_ADMIN, "admin")
        st.session_state[state.ACCESS] = access
        return access
    st.session_state.pop(state.ACCESS, None)
    _sign_in_form(lang, has_users=has_users)
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def sidebar(access: Access, lang: str) -> None:
    """Who is signed in, with the sign-out button; the local admin's banner."""
    if access.local:
        st.warning(t("local_admin_banner", lang), icon=":material/admin_panel_settings:")
        return
    role = t(f"role_{access.role}", lang)
    st.caption(t("signed_in_as", lang).format(user=literal(access.user), role=role))
    if st.button(t("logout_button", lang), icon=":material/logout:", key="pccc_logout"):
        sign_out()
        st.rerun()
