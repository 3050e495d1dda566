"""The HTTP side of `sync connect`: ask the 1C-Connect API for open requests and return the raw bytes.

Two kinds of address are understood: the SOAP service PartnerWebAPI2 (method
GetOpenedServiceTreatments, answered by a 1C ValueTable) and the REST list of open requests
(`GET …/v1/line/treatment/`, answered by JSON). Both use HTTP Basic auth; the token setting holds
«login:password» (anything else is sent as a bearer token). Nothing here touches the database.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlparse
from xml.sax.saxutils import escape

from core.directory import DirectoryEntry
from core.settings import SPECS
from importers.directory import read_directory_json
from importers.tabular import TableError

SOAP_ACTION = "GetOpenedServiceTreatments"
_ENVELOPE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:par="http://buhphone.com/PartnerWebAPI2" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema">'
    "<soap:Header/><soap:Body><par:{method}><par:Params>"
    '<Property xmlns="http://v8.1c.ru/8.1/data/core" name="OpenedFrom">'
    '<Value xsi:type="xs:dateTime">{opened_from}</Value></Property>'
    "</par:Params></par:{method}></soap:Body></soap:Envelope>"
)


class ConnectSyncError(Exception):
    """The API could not be reached or refused the request; `code` is network | http | auth | answer."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def is_soap_url(url: str) -> bool:
    """True for the SOAP service address (…/ws/PartnerWebAPI2), false for a REST address."""
    return urlparse(url).path.rstrip("/").lower().endswith("partnerwebapi2")


def soap_open_request(opened_from: datetime) -> bytes:
    """The SOAP 1.2 envelope asking for requests opened since a moment (the service's local time)."""
    stamp = escape(opened_from.strftime("%Y-%m-%dT%H:%M:%S"))
    return _ENVELOPE.format(method=SOAP_ACTION, opened_from=stamp).encode("utf-8")


def authorization(token: str) -> str | None:
    """The Authorization header for the token setting: Basic for «login:password», else Bearer."""
    if not token:
        return None
    if ":" in token:
        return "Basic " + base64.b64encode(token.encode("utf-8")).decode("ascii")
    return "Bearer " + token


def fetch_open_requests(
    url: str, token: str, opened_from: datetime, timeout: float = 30.0
) -> bytes:
    """Download the open-requests answer (SOAP XML or REST JSON) as bytes for the importer."""
    if urlparse(url).scheme not in ("http", "https"):
        raise ConnectSyncError("network", f"not an http(s) address: {url}")
    headers = {"User-Agent": "qc-dashboard-sync/1"}
    auth = authorization(token)
    if auth:
        headers["Authorization"] = auth
    if is_soap_url(url):
        headers["Content-Type"] = f'application/soap+xml; charset=utf-8; action="{SOAP_ACTION}"'
        request = urllib.request.Request(
            url, data=soap_open_request(opened_from), headers=headers, method="POST"
        )
    else:
        headers["Accept"] = "application/json"
        request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        code = "auth" if exc.code in (401, 403) else "http"
        raise ConnectSyncError(code, f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ConnectSyncError("network", str(reason)) from exc


# ---- the directory (issue 14): lines, specialists and clients by GUID ------------------------
# 1C-Connect's REST lists, as a public client of that API calls them and its recorded answers
# show (github.com/Suban05/1c-connect-api-ruby, the source of shared/realdata/1c_connect):
#   GET v1/line              [{line_id, name, allow_bot, hook_bot?}]
#   GET v1/line/specialists  [{user_id, name, surname, patronymic, post, phone, email, avatar_url}]
#   GET v1/line/subscribers  [{user_id, name, surname, patronymic, post, phone, email, avatar_url}]
# on https://push.1c-connect.com/ with HTTP Basic auth (the open requests: v1/line/treatment/).
# A subscriber is a client's person (the `user_id` of a request), not an organisation: no INN.
# The paths are settings (relative to the API root, or whole addresses). Each list is tried on
# its own; one the account may not read is skipped, so the open-request sync never fails
# because of a name.
DIRECTORY_SETTINGS = {
    "line": "connect_lines_path",
    "specialist": "connect_specialists_path",
    "client": "connect_clients_path",
}
LIST_PATHS = {kind: str(SPECS[key].default) for kind, key in DIRECTORY_SETTINGS.items()}


def directory_paths(settings: Mapping[str, Any]) -> dict[str, str]:
    """The list paths from the settings (a blank setting means the default)."""
    return {
        kind: str(settings.get(key) or LIST_PATHS[kind]) for kind, key in DIRECTORY_SETTINGS.items()
    }


def api_root(url: str) -> str | None:
    """The API root of a REST address (the part before /v1/, ending in /), None for SOAP."""
    if is_soap_url(url):
        return None
    parts = urlparse(url)
    marker = parts.path.find("/v1/")
    root = parts.path[: marker + 1] if marker >= 0 else parts.path.rsplit("/", 1)[0] + "/"
    return parts._replace(path=root, query="", fragment="").geturl()


def list_url(url: str, path: str) -> str | None:
    """Where one list is read: a whole address as it is, else the path under the API root."""
    if urlparse(path).scheme in ("http", "https"):
        return path
    root = api_root(url)
    return None if root is None else urljoin(root, path)


def fetch_directory(
    url: str, token: str, paths: Mapping[str, str] | None = None, timeout: float = 30.0
) -> list[DirectoryEntry]:
    """Every line, specialist and client the REST lists give (an unreadable list is skipped)."""
    headers = {"User-Agent": "qc-dashboard-sync/1", "Accept": "application/json"}
    auth = authorization(token)
    if auth:
        headers["Authorization"] = auth
    entries: list[DirectoryEntry] = []
    for kind, path in {**LIST_PATHS, **(paths or {})}.items():
        address = list_url(url, path)
        if address is None:
            continue
        request = urllib.request.Request(address, headers=headers, method="GET")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data = response.read()
            entries.extend(read_directory_json(data, kind).records)
        except (urllib.error.URLError, TimeoutError, OSError, TableError):
            continue
    return entries
