from __future__ import annotations

import stat
from dataclasses import replace
from datetime import timedelta

from kizashi.clock import Clock
from kizashi.config import Settings
from kizashi.web.session import MAX_AGE_SECONDS, Session, SessionCodec, key_path, load_or_create_key


def test_a_cookie_round_trips_and_refuses_tampering(clock: Clock) -> None:
    codec = SessionCodec(b"k" * 32, clock=clock)
    session = replace(codec.fresh(lang="en"), token="kzs_u1", purpose="case 2026-041 review")
    cookie = codec.dump(session)
    assert codec.load(cookie) == session
    body, mac = cookie.split(".")
    forged = SessionCodec(b"k" * 32, clock=clock).dump(replace(session, token="kzs_admin"))
    assert codec.load(forged.split(".")[0] + "." + mac) is None
    assert codec.load(body + "." + mac[:-2] + "AA") is None
    assert SessionCodec(b"x" * 32, clock=clock).load(cookie) is None
    assert codec.load("garbage") is None and codec.load(None) is None


def test_a_session_expires_after_a_shift() -> None:
    codec = SessionCodec(b"k" * 32)
    session = Session(token="kzs_u1", issued=1_000_000)
    assert codec.load(codec.dump(session), now=1_000_000 + MAX_AGE_SECONDS - 1) is not None
    assert codec.load(codec.dump(session), now=1_000_000 + MAX_AGE_SECONDS + 1) is None


def test_a_cookie_s_age_is_read_on_the_codec_s_clock(clock: Clock) -> None:
    # The app's clock, not the wall clock: a cookie issued at the tests' instant is fresh then,
    # and stale a shift later on the same clock.
    now = clock()
    codec = SessionCodec(b"k" * 32, clock=lambda: now)
    cookie = codec.dump(codec.fresh(lang="en"))
    opened = codec.load(cookie)
    assert opened is not None and opened.lang == "en" and opened.issued == int(now.timestamp())
    later = SessionCodec(b"k" * 32, clock=lambda: now + timedelta(seconds=MAX_AGE_SECONDS + 1))
    assert later.load(cookie) is None


def test_signing_in_changes_the_csrf_token() -> None:
    before = Session(issued=1_000_000)
    after = before.signed_in("kzs_u1", issued=1_000_060)
    assert after.csrf != before.csrf and after.token == "kzs_u1" and after.issued == 1_000_060
    assert after.csrf_ok(after.csrf) and not after.csrf_ok(before.csrf) and not after.csrf_ok(None)


def test_the_key_is_made_once_and_private(sqlite_settings: Settings) -> None:
    first = load_or_create_key(sqlite_settings)
    assert load_or_create_key(sqlite_settings) == first and len(first) == 32
    assert stat.S_IMODE(key_path(sqlite_settings).stat().st_mode) == 0o600
