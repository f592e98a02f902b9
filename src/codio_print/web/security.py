"""Who may use the interface, and from where: the rules every request passes before any page.

- **Host.** Only ``127.0.0.1:PORT``, ``localhost:PORT`` and ``[::1]:PORT`` (and the name
  given with ``--host``): a page elsewhere that points a name of its own at this computer
  (DNS rebinding) gets 400.
- **Token.** ``serve`` makes a secret token and a one-time token per run. The printed link
  ``/toegang?token=…`` (or the one-time link in the private file the browser is opened
  with) sets a cookie (``HttpOnly; SameSite=Strict``) holding a third secret, never the token
  itself; every other request needs that cookie. Other people on this computer can reach
  127.0.0.1 too, but not the token.
- **Cross-site requests.** A request that changes something (POST) must come from a page of
  this interface: ``Sec-Fetch-Site`` is ``same-origin`` or ``none``, or, without it, the
  ``Origin`` is this server's. A client that sends neither is no browser, and still needs
  the cookie.
- **Headers.** A strict Content-Security-Policy, no referrer, no sniffing, no caching.

A refused request gets a short Dutch page that says how to get back in (web/refusals.py).
The static files of the interface itself (CSS, the script) are served to anyone who passes
the Host rule: they hold nothing of the workspace. So are the files a quick preview names,
by a name that is itself the key (web/assets.py): the preview's sandboxed frame sends no
cookie.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

COOKIE = "codio_print_toegang"
LOGIN_PATH = "/toegang"
STATIC_PREFIX = "/static/"
ASSET_PREFIX = "/voorbeeldbestand/"  # web/assets.py: the name is the capability
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SAME_SITE = {"same-origin", "none"}
UI_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "object-src 'none'; base-uri 'none'; form-action 'self'; "
             "frame-ancestors 'self'; frame-src 'self'")
HEADERS = [(b"referrer-policy", b"no-referrer"), (b"x-content-type-options", b"nosniff"),
           (b"cache-control", b"no-store")]


def new_secret() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


@dataclass
class Keys:
    """The secrets of one run of ``serve``: the token of the printed link, the one-time
    token of the file the browser is opened with, and the cookie's value."""

    token: str = field(default_factory=new_secret)
    once: str | None = field(default_factory=new_secret)
    cookie: str = field(default_factory=new_secret)

    def admits(self, given: str) -> bool:
        """Whether ``given`` is the token, or the one-time token (then used up)."""
        if hmac.compare_digest(given.encode(), self.token.encode()):
            return True
        if self.once is not None and hmac.compare_digest(given.encode(), self.once.encode()):
            self.once = None
            return True
        return False

    def knows(self, cookie: str | None) -> bool:
        return cookie is not None and hmac.compare_digest(cookie.encode(), self.cookie.encode())


def allowed_hosts(port: int, extra: str | None = None) -> set[str]:
    names = {"127.0.0.1", "localhost", "[::1]"} | ({extra} if extra else set())
    return {f"{name}:{port}" for name in names}


class Guard:
    """The ASGI middleware that applies the rules above to every HTTP request."""

    def __init__(self, app, *, keys: Keys, hosts: set[str], refuse) -> None:
        self.app, self.keys, self.hosts, self.refuse = app, keys, hosts, refuse

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        why = self._refused(scope, headers)
        if why == "login":
            return await self._login(scope, send)
        if why:
            return await self.refuse(why)(scope, receive, send)
        return await self.app(scope, receive, _with_headers(send, scope["path"]))

    def _refused(self, scope, headers: dict[str, str]) -> str | None:
        """Why a request is refused ("host", "toegang", "herkomst"), "login" for the link
        that lets a browser in, or None."""
        if headers.get("host", "").lower() not in self.hosts:
            return "host"
        path = scope["path"]
        if path.startswith((STATIC_PREFIX, ASSET_PREFIX)) and scope["method"] in SAFE_METHODS:
            return None  # the interface's own files; a preview's, by a capability name
        if path == LOGIN_PATH and scope["method"] == "GET":
            return "login"
        if not self.keys.knows(_cookie(headers)):
            return "toegang"
        if scope["method"] not in SAFE_METHODS and not self._same_origin(headers):
            return "herkomst"
        return None

    def _same_origin(self, headers: dict[str, str]) -> bool:
        site = headers.get("sec-fetch-site")
        if site is not None:
            return site in SAME_SITE
        origin = headers.get("origin")
        if origin is None:
            return True  # no browser: the cookie alone decides
        return origin in {f"http://{host}" for host in self.hosts}

    async def _login(self, scope, send) -> None:
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.get("token") or [""])[0]
        if not given or not self.keys.admits(given):
            return await self.refuse("token")(scope, _nothing, send)
        cookie = (f"{COOKIE}={self.keys.cookie}; HttpOnly; SameSite=Strict; Path=/")
        await send({"type": "http.response.start", "status": 303, "headers": [
            (b"location", b"/"), (b"set-cookie", cookie.encode()), *HEADERS,
            (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


def _cookie(headers: dict[str, str]) -> str | None:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a cookie header no browser of ours sent
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else None


async def _nothing():
    return {"type": "http.disconnect"}


def _with_headers(send, path: str):
    """``send`` that adds the security headers to the response (the kit's own pages get
    their own policy from the route that serves them)."""
    async def sending(message):
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _v in message.get("headers", [])}
            extra = [h for h in HEADERS if h[0] not in names]
            if b"content-security-policy" not in names:
                extra.append((b"content-security-policy", UI_POLICY.encode()))
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)
    return sending
