"""Sign-in rules that do not depend on the web framework: sessions, rate limit, masking.

- :class:`Session`: who is signed in, until when (the ``[access]`` settings), the
  unguessable token naming the folder their map layers are published to, and another one
  the browser keeps as a cookie.
- :class:`SessionBook`: the signed-in sessions of a server process by their cookie, so a
  reloaded tab stays signed in, and a sign-out ends the session in every tab.
- :class:`LoginGuard`: failed sign-ins per login name; after ``max_failed_logins`` in a
  row the name is refused for ``lockout_minutes``, whatever the password. The clock is
  injected, so tests never wait.
- :func:`mask_personal`: a copy of a ward whose personal fields
  (:attr:`pipelines.model.schema.Field.personal`: names of people, phone numbers) are
  replaced by :data:`MASK`, for viewers: every table, popup, download and map layer made
  from it is masked.
- :func:`log_login`: one line per sign-in attempt in the ward's ``dang-nhap.log``.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipelines.model.schema import get_layer
from pipelines.model.settings_access import AccessSection
from pipelines.model.store import Ward

MASK = "•••"
LOGIN_LOG = "dang-nhap.log"
Clock = Callable[[], float]


@dataclass(frozen=True)
class Session:
    """A signed-in user: name, role, when it ends (``time.time()`` seconds), the token of
    its layer folder and the token its browser keeps as a cookie (two tokens, so that a
    layer address seen in a log or a copied link never signs anyone in)."""

    user: str
    role: str
    expires_at: float
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    cookie: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    def expired(self, now: float) -> bool:
        return now >= self.expires_at

    @property
    def sees_personal(self) -> bool:
        return self.role in ("editor", "admin")


def start_session(user: str, role: str, settings: AccessSection, *, now: float) -> Session:
    """A new session for ``user`` lasting ``settings.session_minutes`` from ``now``."""
    return Session(user, role, now + 60.0 * settings.session_minutes)


class SessionBook:
    """The signed-in sessions of a server process, by cookie. Thread-safe.

    A reloaded tab is a new page session with the browser's cookies: :meth:`find` gives it
    back the session the cookie names until that session expires or is removed (sign-out,
    a role changed). Held in memory: a restarted server asks everyone to sign in again.
    """

    def __init__(self) -> None:
        self._by_cookie: dict[str, Session] = {}
        self._lock = threading.Lock()

    def add(self, session: Session) -> None:
        with self._lock:
            self._by_cookie[session.cookie] = session

    def find(self, cookie: str | None, now: float) -> Session | None:
        """The unexpired session whose cookie is ``cookie`` (expired ones are dropped)."""
        if not cookie:
            return None
        with self._lock:
            for key in [k for k, v in self._by_cookie.items() if v.expired(now)]:
                del self._by_cookie[key]
            return self._by_cookie.get(cookie)

    def holds(self, session: Session) -> bool:
        with self._lock:
            return self._by_cookie.get(session.cookie) is session

    def remove(self, session: Session) -> None:
        with self._lock:
            if self._by_cookie.get(session.cookie) is session:
                del self._by_cookie[session.cookie]


class LoginGuard:
    """Count failed sign-ins per login name and refuse a name for a while after too many.

    Shared by every session of a server process (thread-safe). ``clock`` gives seconds.
    """

    def __init__(self, clock: Clock = time.time):
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def locked_for(self, name: str) -> float:
        """Seconds left before ``name`` may try again (0 when it may now)."""
        with self._lock:
            return max(0.0, self._locked_until.get(name, 0.0) - self._clock())

    def failed(self, name: str, settings: AccessSection) -> bool:
        """Record a failed sign-in; return whether the name is now locked."""
        with self._lock:
            now = self._clock()
            fails = [*self._failures.get(name, []), now]
            if len(fails) >= settings.max_failed_logins:
                self._locked_until[name] = now + 60.0 * settings.lockout_minutes
                fails = []
            self._failures[name] = fails
            return name in self._locked_until and self._locked_until[name] > now

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)
            self._locked_until.pop(name, None)


def log_login(ward_dir: str | Path, name: str, outcome: str, client: str, *, now: float) -> None:
    """Append one sign-in attempt (UTC time, outcome, name, client address) to the log."""
    stamp = datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
    safe = name.replace("\n", " ").replace("\t", " ")[:64]
    with open(Path(ward_dir) / LOGIN_LOG, "a", encoding="utf-8") as handle:
        handle.write(f"{stamp}\t{outcome}\t{safe}\t{client}\n")


def _masked_frame(frame: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for name in names:
        if name in out.columns:
            column = out[name].astype(object)
            out[name] = column.where(column.isna() | (column == ""), MASK)
    return out


def mask_personal(ward: Ward) -> Ward:
    """A copy of ``ward`` whose personal fields show :data:`MASK` (empty ones stay empty)."""
    layers = {}
    for key, frame in ward.layers.items():
        personal = [f.name for f in get_layer(key).fields if f.personal]
        layers[key] = _masked_frame(frame, personal) if personal else frame
    return replace(ward, layers=layers)
