"""The HTTP shell: Streamlit app plus /login, /logout, /healthz and /hooks/1c-connect (DESIGN §2, §4).

Run with `streamlit run server.py`. The routes use db/ and core/ only, never a page. The middleware
(outermost first): SecurityHeaders on every answer, AllowedHosts against DNS rebinding,
GuardStreamlitEndpoints (uploads, media downloads and metrics only with a valid session, uploads
held to the upload-limit setting), LoginRequired (an app page without a session goes to /login),
AppBaseInPage (the app's page names its server's base, so that it connects without guessing).
"""

from __future__ import annotations

import hmac
import html
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote, urlsplit

import streamlit as st
from sqlite_utils import Database
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit import config as st_config

from core.demo import DEMO_PASSWORD, ROLE_STAFF
from db.connection import connect, db_path
from db.settings import get_settings
from db.users import (
    actor_for_login,
    authenticate,
    create_session,
    end_session,
    forget_old_failures,
    logout_token,
    resolve_session,
)
from ui import texts
from ui.nav import PAGES
from ui.texts import security as ST
from webhook import MAX_BODY, SECRET_HEADER, check_secret, handle_connect_hook, too_large
from worker import start_worker, stop_worker

SESSION_COOKIE = "qc_session"
CSRF_COOKIE = "qc_csrf"
OPEN_PREFIXES = ("/login", "/logout", "/healthz", "/hooks/", "/_stcore/", "/static/", "/media/",
                 "/component/", "/app/static/", "/favicon")  # fmt: skip
LOGIN_PROBLEMS = {
    "bad_credentials": texts.LOGIN_BAD_CREDENTIALS,
    "throttled": ST.LOGIN_THROTTLED,
    "disabled": texts.LOGIN_DISABLED,
    "csrf": texts.LOGIN_BAD_CSRF,
}
# Streamlit's own endpoints that hand out or take in data: only for a valid session.
GUARDED_PREFIXES = ("/_stcore/upload_file", "/media/", "/_stcore/metrics")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file itself
SETTINGS_TTL_S = 5.0
log = logging.getLogger("qc.server")

_PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title} — {app}</title>
<style>
body{{font-family:"Source Sans Pro",system-ui,sans-serif;background:#f3f5f9;margin:0;
display:flex;align-items:center;justify-content:center;min-height:100vh;color:#262730}}
form{{background:#fff;padding:2.5rem 3rem;border-radius:12px;box-shadow:0 4px 24px #0002;width:360px;
max-width:calc(100vw - 8rem)}}
h1{{margin:0 0 .25rem;font-size:1.8rem}} p.sub{{margin:0 0 1.5rem;color:#666}}
label{{display:block;margin:.8rem 0 .3rem;font-weight:600}}
input{{width:100%;box-sizing:border-box;padding:.6rem .7rem;font-size:1rem;border:1px solid #ccd;
border-radius:6px}}
button{{margin-top:1.4rem;width:100%;padding:.7rem;font-size:1.05rem;background:#d9363e;color:#fff;
border:0;border-radius:6px;cursor:pointer}} button:hover{{background:#b92d34}}
input:focus{{outline:none;border-color:#d9363e;box-shadow:0 0 0 3px #d9363e33}}
.err{{background:#fdecea;color:#8a1c1c;padding:.6rem .8rem;border-radius:6px;margin-bottom:.5rem}}
.ok{{background:#e8f5e9;color:#1b5e20;padding:.6rem .8rem;border-radius:6px;margin-bottom:.5rem}}
.hint{{margin-top:1.2rem;color:#666;font-size:.9rem}}
</style></head><body>
<form method="post" action="/login">
<h1>{title}</h1><p class="sub">{subtitle}</p>{message}
<input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="next" value="{next}">
<label for="login">{login_label}</label>
<input id="login" name="login" autocomplete="username" required autofocus value="{login}">
<label for="password">{password_label}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">{submit}</button>{hint}
</form></body></html>"""


_local = threading.local()
_settings_cache: dict[str, Any] = {}


def _db() -> Database:
    """One connection per worker thread, reused across requests (never shared between threads)."""
    path = str(db_path())
    if getattr(_local, "path", None) != path:
        _local.db, _local.path = connect(path), path
    return _local.db


def _settings() -> dict[str, Any]:
    """Settings for the middleware, re-read at most every SETTINGS_TTL_S (every request asks)."""
    path = str(db_path())
    now = time.monotonic()
    if (
        _settings_cache.get("path") != path
        or now - _settings_cache.get("at", -1e9) > SETTINGS_TTL_S
    ):
        _settings_cache.update(values=get_settings(_db()), at=now, path=path)
        _apply_streamlit_options(_settings_cache["values"])
    return _settings_cache["values"]


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/") and not value.startswith("//"):
        return value
    return "/"


def client_address(request: Request) -> str:
    """The address failed logins are counted against. Behind a reverse proxy on this machine
    (the peer is loopback) it is the last X-Forwarded-For hop, the one the proxy itself added;
    from anywhere else the header is ignored, so a client cannot pick its own address."""
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for", "")
    if peer in LOOPBACK_HOSTS and forwarded:
        return forwarded.split(",")[-1].strip()[:64]
    return peer


# ---- /login, /logout, /healthz -------------------------------------------------------------


def _render_login(
    request: Request,
    problem: str | None = None,
    login: str = "",
    status: int = 200,
    retry_after: int = 0,
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(24)
    settings = get_settings(_db())
    if problem == "logged_out":
        message = f'<div class="ok">{html.escape(texts.LOGIN_LOGGED_OUT)}</div>'
    elif problem:
        text = LOGIN_PROBLEMS[problem].format(seconds=retry_after)
        message = f'<div class="err" role="alert">{html.escape(text)}</div>'
    else:
        message = ""
    hint = ""
    if settings.get("demo_mode"):
        demo = texts.LOGIN_DEMO_HINT.format(logins=", ".join(ROLE_STAFF), password=DEMO_PASSWORD)
        hint = f'<p class="hint">{html.escape(demo)}</p>'
    body = _PAGE.format(
        title=html.escape(texts.LOGIN_TITLE),
        app=html.escape(texts.APP_SHORT),
        subtitle=html.escape(texts.LOGIN_SUBTITLE),
        message=message,
        csrf=csrf,
        next=html.escape(_safe_next(request.query_params.get("next"))),
        login_label=html.escape(texts.LOGIN_LOGIN),
        password_label=html.escape(texts.LOGIN_PASSWORD),
        login=html.escape(login),
        submit=html.escape(texts.LOGIN_SUBMIT),
        hint=hint,
    )
    response = HTMLResponse(body, status_code=status)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    response.set_cookie(
        CSRF_COOKIE, csrf, httponly=True, samesite="strict", secure=_secure(request), path="/login"
    )
    return response


async def login(request: Request) -> Response:
    """GET shows the Russian login form; POST checks it and opens a session."""
    if request.method == "GET":
        problem = "logged_out" if request.query_params.get("out") else None
        return await run_in_threadpool(_render_login, request, problem)
    form = await request.form()
    login_name = str(form.get("login", ""))[:100]
    password = str(form.get("password", ""))[:200]
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, str(form.get("csrf", ""))):
        return await run_in_threadpool(_render_login, request, "csrf", login_name, 400)
    address = client_address(request)

    def check() -> tuple[str | None, str | None, int]:
        db = _db()
        result = authenticate(db, login_name, password, address=address)
        if result.actor is None:
            return None, result.problem, result.retry_after
        forget_old_failures(db)
        return create_session(db, result.actor, request.headers.get("user-agent", "")), None, 0

    token, problem, wait = await run_in_threadpool(check)
    if token is None:
        status = 429 if problem == "throttled" else 401
        return await run_in_threadpool(_render_login, request, problem, login_name, status, wait)
    response = RedirectResponse(_safe_next(str(form.get("next", "/"))), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/"
    )
    response.delete_cookie(CSRF_COOKIE, path="/login")
    return response


_LOGOUT_PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family:system-ui,sans-serif;display:flex;justify-content:center;margin-top:20vh">
<form method="post" action="/logout"><p>{question}</p>
<input type="hidden" name="csrf" value="{csrf}"><button type="submit">{submit}</button></form>
</body></html>"""


async def logout(request: Request) -> Response:
    """POST with the form's token ends the session; GET only shows that form (a link or an image
    elsewhere cannot log anyone out)."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if request.method == "GET":
        if not token:
            return RedirectResponse("/login", status_code=303)
        page = _LOGOUT_PAGE.format(
            title=html.escape(texts.LOGOUT),
            question=html.escape(ST.LOGOUT_CONFIRM),
            csrf=logout_token(token),
            submit=html.escape(texts.LOGOUT),
        )
        return HTMLResponse(page)
    form = await request.form()
    if token and not hmac.compare_digest(logout_token(token), str(form.get("csrf", ""))):
        return HTMLResponse(html.escape(ST.LOGOUT_BAD_CSRF), status_code=403)
    await run_in_threadpool(end_session, _db(), token or None)
    response = RedirectResponse("/login?out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


async def healthz(request: Request) -> Response:
    """Liveness and database check for monitoring and the reverse proxy."""

    def probe() -> bool:
        return _db().execute("SELECT 1").fetchone()[0] == 1

    try:
        ok = await run_in_threadpool(probe)
    except Exception:
        ok = False
    return JSONResponse({"status": "ok" if ok else "error"}, status_code=200 if ok else 503)


# ---- who is asking: shared by the middleware -----------------------------------------------


def _proxy_header() -> str:
    return os.environ.get("QC_PROXY_HEADER") or str(_settings().get("proxy_header") or "")


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def _oidc_email(request: Request) -> str:
    """The e-mail in Streamlit's signed st.login cookie ('' when absent or forged)."""
    try:
        from streamlit.auth_util import get_cookie_with_chunks
        from streamlit.web.server.server_util import get_cookie_secret
        from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value
        from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME

        def one(name: str) -> bytes | None:
            value = request.cookies.get(name)
            if value is None:
                return None
            return decode_signed_value(get_cookie_secret(), name, value.encode("latin-1"))

        raw = get_cookie_with_chunks(one, USER_COOKIE_NAME)
        return str(json.loads(raw or b"{}").get("email") or "") if raw else ""
    except Exception:  # a changed Streamlit internal must fail closed, never open
        log.exception("cannot read the st.login cookie")
        return ""


def has_valid_session(request: Request) -> bool:
    """True when the request carries a live session of an active user, in whichever mode the
    app runs (local login, trusted proxy header, st.login). Blocking: call in a thread."""
    db = _db()
    settings = _settings()
    if header := _proxy_header():
        login_name = request.headers.get(header, "")
        return bool(login_name) and actor_for_login(db, login_name) is not None
    if _oidc_configured():
        email = _oidc_email(request)
        return bool(email) and actor_for_login(db, email) is not None
    actor = resolve_session(
        db,
        request.cookies.get(SESSION_COOKIE),
        int(settings["session_idle_minutes"]),
        max_age_days=float(settings.get("session_max_days") or 7),
    )
    return actor is not None


# ---- middleware ----------------------------------------------------------------------------


def _apply_streamlit_options(settings: dict[str, Any]) -> None:
    """Streamlit's own limits follow the settings: uploads (read per request by Streamlit) and
    the hosts a WebSocket may name."""
    st_config.set_option("server.maxUploadSize", upload_cap_mb(settings))
    st_config.set_option("server.allowedHosts", allowed_hosts(settings))


def upload_cap_mb(settings: dict[str, Any]) -> int:
    """The largest upload accepted at all: twice the upload-limit setting (as the pages' own
    uploaders allow), so a file somewhat over the limit still reaches the page, which refuses it
    in Russian; anything bigger never gets read (Streamlit's own cap is 1 GB)."""
    return min(1024, 2 * int(settings.get("upload_limit_mb") or 50))


def _hide_error_details() -> None:
    """Users see a generic error; the type, message and traceback go to the server log."""
    st_config.set_option("client.showErrorDetails", "none")


def allowed_hosts(settings: dict[str, Any]) -> list[str]:
    """Host names the app answers to: loopback, the `allowed_hosts` setting (comma-separated,
    `*.example.ru` for subdomains, `*` for any), QC_ALLOWED_HOSTS, and the host of the app's public address `app_url`."""
    hosts = list(LOOPBACK_HOSTS)
    for source in (
        str(settings.get("allowed_hosts") or ""),
        os.environ.get("QC_ALLOWED_HOSTS", ""),
    ):
        hosts += [h.strip().lower() for h in source.replace(";", ",").split(",") if h.strip()]
    public = str(settings.get("app_url") or settings.get("public_url") or "")
    if public and (name := urlsplit(public).hostname):
        hosts.append(name.lower())
    return hosts


def host_allowed(host_header: str, hosts: list[str]) -> bool:
    """Whether a Host header (port ignored) names one of `hosts`."""
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8501
        host = host[1 : host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.split(":")[0]
    if not host:
        return False
    for allowed in hosts:
        if allowed == "*" or host == allowed:
            return True
        if allowed.startswith("*.") and host.endswith(allowed[1:]):
            return True
    return False


class SecurityHeaders:
    """Anti-framing, no MIME sniffing and no full referrer on every HTTP answer."""

    HEADERS = (
        (b"x-frame-options", b"SAMEORIGIN"),
        (b"content-security-policy", b"frame-ancestors 'self'"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class AllowedHosts:
    """Answer only to the configured host names (DNS rebinding): 400 for HTTP, a closed socket
    for a WebSocket."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            hosts = await run_in_threadpool(lambda: allowed_hosts(_settings()))
            if not host_allowed(host, hosts):
                log.warning("refused unknown host %r", host[:100])
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1008})
                    return
                answer = JSONResponse({"error": "unknown_host", "message": ST.UNKNOWN_HOST}, 400)
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


class GuardStreamlitEndpoints:
    """Uploads, media downloads and metrics only for a valid session (401 otherwise); an upload
    bigger than upload_cap_mb is refused (413) before its body is read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(GUARDED_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.method != "OPTIONS" and not await run_in_threadpool(has_valid_session, request):
            answer = JSONResponse({"error": "no_session", "message": ST.NO_SESSION}, 401)
            await answer(scope, receive, send)
            return
        if path.startswith("/_stcore/upload_file") and request.method == "PUT":
            limit = upload_cap_mb(_settings()) * 1024 * 1024 + UPLOAD_OVERHEAD
            length = request.headers.get("content-length", "")
            if not length.isdigit() or int(length) > limit:
                status, code = (413, "too_large") if length.isdigit() else (411, "no_length")
                answer = JSONResponse({"error": code, "message": ST.UPLOAD_TOO_LARGE}, status)
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


class AppBaseInPage:
    """Tell Streamlit's page where its server is, so that a page opened by its address starts at
    once. Without it the browser guesses the server's base from the address: for
    `/request_stats` it first asks `/request_stats/_stcore/health` (a 404), waits its 100 ms
    back-off and only then asks `/_stcore/health` — about 0.1 s lost on every load, reload and
    shared link of any page but the overview (the statistics page opened its WebSocket at
    0.25 s, now at 0.14 s). The base is read from the address in the browser (app_base_script),
    so a proxy's path prefix works as before."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "/")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or path.startswith(OPEN_PREFIXES)
            or b"text/html" not in dict(scope.get("headers", [])).get(b"accept", b"")
        ):
            await self.app(scope, receive, send)
            return
        # the page itself (a few kB) unzipped, so that the script can go in
        scope = {
            **scope,
            "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"],
        }
        start: dict[str, Any] | None = None
        body = b""

        async def rewrite(message: dict[str, Any]) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                html_page = headers.get(b"content-type", b"").startswith(b"text/html")
                if (
                    message.get("status") == 200
                    and html_page
                    and b"content-encoding" not in headers
                ):
                    start = message  # held until the whole page is read
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body += message.get("body", b"")
            if message.get("more_body", False):
                return
            page = with_app_base(body, APP_BASE_SCRIPT)
            start["headers"] = [
                (k, str(len(page)).encode() if k.lower() == b"content-length" else v)
                for k, v in start.get("headers", [])
            ]
            await send(start)
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app(scope, receive, rewrite)


# The base is what the address holds before the page's own name: `/request_stats` -> `/`, and
# behind a proxy that serves the app under a prefix, `/qc/request_stats` -> `/qc/` (a prefix the
# app may not know: the proxy can strip it). An address that ends in no page's name is left to
# Streamlit's own guessing, which then shows its «page not found».
_APP_BASE_JS = """<script>(() => {
  const pages = %s;
  const path = location.pathname.replace(/\\/+$/, "");
  const cut = path.lastIndexOf("/");
  if (!pages.includes(path.slice(cut + 1))) return;
  const base = location.origin + path.slice(0, cut) + "/";
  window.__streamlit = Object.assign({}, window.__streamlit, {BACKEND_BASE_URL: base});
})();</script>"""


def app_base_script(page_paths: Iterable[str]) -> bytes:
    """The script that names the server's base address from the page's address."""
    return (_APP_BASE_JS % json.dumps(sorted(page_paths))).encode()


# the app's pages are fixed: the script is made once, not on every page load
APP_BASE_SCRIPT = app_base_script(spec.key for spec in PAGES)


def with_app_base(page: bytes, script: bytes) -> bytes:
    """Streamlit's index page with the script first in its head (unchanged without one)."""
    head = page.find(b"<head>")
    if head < 0:
        return page
    at = head + len(b"<head>")
    return page[:at] + script + page[at:]


class LoginRequired:
    """Send a browser asking for an app page to /login when it has no valid session cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and await self._must_login(Request(scope)):
            path = scope.get("path", "/")
            target = "/login" + (f"?next={quote(path)}" if path != "/" else "")
            await RedirectResponse(target, status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _must_login(self, request: Request) -> bool:
        if request.method != "GET" or request.url.path.startswith(OPEN_PREFIXES):
            return False
        if "text/html" not in request.headers.get("accept", ""):
            return False

        def check() -> bool:
            if _proxy_header() or _oidc_configured():
                return False  # the app's own prompt explains what is missing in those modes
            return not has_valid_session(request)

        return await run_in_threadpool(check)


# ---- /hooks/1c-connect ---------------------------------------------------------------------


async def connect_hook(request: Request) -> Response:
    """1C-Connect pushes events here; a shared secret (header X-QC-Secret or ?secret=) is required."""
    provided = request.headers.get(SECRET_HEADER) or request.query_params.get("secret")
    refused = await run_in_threadpool(lambda: check_secret(_db(), provided))
    if refused is None:
        length = request.headers.get("content-length", "")
        body = b""
        if length.isdigit() and int(length) > MAX_BODY:
            refused = too_large()
        else:
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BODY:
                    refused = too_large()
                    break
    if refused is not None:
        return JSONResponse(refused.payload, status_code=refused.status)
    answer = await run_in_threadpool(lambda: handle_connect_hook(_db(), provided, body))
    return JSONResponse(answer.payload, status_code=answer.status)


ROUTES = [
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["GET", "POST"]),
    Route("/healthz", healthz, methods=["GET"]),
    Route("/hooks/1c-connect", connect_hook, methods=["POST"]),
]

MIDDLEWARE = [
    Middleware(SecurityHeaders),
    Middleware(AllowedHosts),
    Middleware(GuardStreamlitEndpoints),
    Middleware(LoginRequired),
    Middleware(AppBaseInPage),
]


@asynccontextmanager
async def run_background_worker(_app: object) -> AsyncIterator[None]:
    """Start the background jobs with the app and stop them with it (issue 10); QC_WORKER=0 leaves
    them to another process (`python worker.py`, or `cli.py jobs run NAME` from cron)."""
    started = os.environ.get("QC_WORKER", "1") != "0"
    if started:
        start_worker(db_path())
    try:
        yield
    finally:
        if started:
            stop_worker(db_path())


_hide_error_details()
app = st.App("dashboard.py", routes=ROUTES, middleware=MIDDLEWARE, lifespan=run_background_worker)
