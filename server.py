"""The HTTP shell: Streamlit app plus /login, /logout, /healthz and /hooks/1c-connect (DESIGN §2, §4).

Run with `streamlit run server.py`. The routes use db/ and core/ only, never a page.
"""

from __future__ import annotations

import hmac
import html
import os
import secrets
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

import streamlit as st
from sqlite_utils import Database
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from core.demo import DEMO_PASSWORD, ROLE_STAFF
from db.connection import connect, db_path
from db.settings import get_settings
from db.users import authenticate, create_session, end_session, resolve_session
from ui import texts
from webhook import MAX_BODY, SECRET_HEADER, check_secret, handle_connect_hook, too_large
from worker import start_worker, stop_worker

SESSION_COOKIE = "qc_session"
CSRF_COOKIE = "qc_csrf"
OPEN_PREFIXES = ("/login", "/logout", "/healthz", "/hooks/", "/_stcore/", "/static/", "/media/",
                 "/component/", "/app/static/", "/favicon")  # fmt: skip
LOGIN_PROBLEMS = {
    "bad_credentials": texts.LOGIN_BAD_CREDENTIALS,
    "locked": texts.LOGIN_LOCKED,
    "disabled": texts.LOGIN_DISABLED,
    "csrf": texts.LOGIN_BAD_CSRF,
}

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


def _db() -> Database:
    """One connection per worker thread, reused across requests (never shared between threads)."""
    path = str(db_path())
    if getattr(_local, "path", None) != path:
        _local.db, _local.path = connect(path), path
    return _local.db


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _safe_next(value: str | None) -> str:
    if value and value.startswith("/") and not value.startswith("//"):
        return value
    return "/"


def _render_login(
    request: Request, problem: str | None = None, login: str = "", status: int = 200
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(24)
    settings = get_settings(_db())
    if problem == "logged_out":
        message = f'<div class="ok">{html.escape(texts.LOGIN_LOGGED_OUT)}</div>'
    elif problem:
        message = f'<div class="err" role="alert">{html.escape(LOGIN_PROBLEMS[problem])}</div>'
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

    def check() -> tuple[str | None, str | None]:
        db = _db()
        result = authenticate(db, login_name, password)
        if result.actor is None:
            return None, result.problem
        return create_session(db, result.actor, request.headers.get("user-agent", "")), None

    token, problem = await run_in_threadpool(check)
    if token is None:
        return await run_in_threadpool(_render_login, request, problem, login_name, 401)
    response = RedirectResponse(_safe_next(str(form.get("next", "/"))), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/"
    )
    response.delete_cookie(CSRF_COOKIE, path="/login")
    return response


async def logout(request: Request) -> Response:
    """End the session and go back to the login form."""
    await run_in_threadpool(end_session, _db(), request.cookies.get(SESSION_COOKIE))
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
            db = _db()
            settings = get_settings(db)
            if (
                os.environ.get("QC_PROXY_HEADER")
                or settings.get("proxy_header")
                or _oidc_configured()
            ):
                return False
            token = request.cookies.get(SESSION_COOKIE)
            return resolve_session(db, token, int(settings["session_idle_minutes"])) is None

        return await run_in_threadpool(check)


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:
        return False


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


app = st.App(
    "dashboard.py",
    routes=ROUTES,
    middleware=[Middleware(LoginRequired)],
    lifespan=run_background_worker,
)
