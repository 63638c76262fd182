"""Preview server: serves output/ under base_url's path with live reload. A thin piece beside the build.

The live-reload script is added to HTML responses as they are served; files in output/ never
contain it. Paths are resolved so that nothing outside output/ is ever served: no '..', no
encoded traversal, no symlink pointing out. Requests whose Host header could come from a
DNS-rebinding page are refused (see `host_allowed`).
"""

from __future__ import annotations

import errno
import http.server
import ipaddress
import json
import mimetypes
import re
import socket
import sys
import threading
from functools import partial
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from newsdigest.config import Config, load_config
from newsdigest.dev.live_reload import EVENTS_PATH, HEARTBEAT_SECONDS, LIVE_RELOAD_SCRIPT, LiveReload
from newsdigest.lifetime import sigterm_as_interrupt

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".xml": "application/xml; charset=utf-8", ".json": "application/json", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".ico": "image/x-icon", ".woff2": "font/woff2", ".opml": "text/x-opml; charset=utf-8",
    # what a theme's files may be, as static hosts send them: sent as octet-stream with nosniff, a browser
    # refuses a module script or WebAssembly and downloads a PDF
    ".mjs": "text/javascript; charset=utf-8", ".wasm": "application/wasm", ".map": "application/json",
    ".webmanifest": "application/manifest+json", ".avif": "image/avif", ".woff": "font/woff", ".ttf": "font/ttf",
    ".otf": "font/otf", ".pdf": "application/pdf", ".mp4": "video/mp4", ".webm": "video/webm", ".mp3": "audio/mpeg",
    ".rss": "application/rss+xml; charset=utf-8", ".atom": "application/atom+xml; charset=utf-8",
    ".csv": "text/csv; charset=utf-8", ".ics": "text/calendar; charset=utf-8", ".md": "text/markdown; charset=utf-8",
}

# "name[:port]" or "[IPv6]:port"; anything else (userinfo, spaces, several colons) is not a host.
_HOST_HEADER = re.compile(r"(?:\[(?P<ipv6>[0-9a-f:.]+(?:%25[\w.~-]+)?)\]|(?P<name>[\w.-]+))(?::[0-9]{0,5})?",
                          re.ASCII)

HOST_REFUSED = (b"Forbidden: this preview server answers only requests for localhost, *.localhost, an IP address "
                b"or the name given to --host (a guard against DNS rebinding).\n")


def host_allowed(host_header: str | None, bound_host: str) -> bool:
    """Whether a request's Host header may be answered: the guard against DNS rebinding.

    A page on evil.example can point evil.example's DNS at 127.0.0.1 once loaded, and then read
    this server (drafts, the error stream) as its own origin; its requests still say
    `Host: evil.example`. So only names nobody else can point at this machine are answered:
    `localhost` and `*.localhost` (browsers resolve those to loopback themselves), any IP address
    (a browser sends an IP as Host only after connecting to that very IP, so rebinding needs a DNS
    name), and the name the server was bound to (`--host laptop.local`). This holds for every bind
    address, 0.0.0.0 and :: included. The port is not compared: it adds nothing against rebinding.
    """
    match = _HOST_HEADER.fullmatch((host_header or "").strip().lower())
    if not match:
        return False
    if match["ipv6"]:
        return _is_ip_address(match["ipv6"].replace("%25", "%"))
    name = match["name"].removesuffix(".")
    if name == "localhost" or name.endswith(".localhost") or _is_ip_address(name):
        return True
    return bool(name) and name == bound_host.strip("[]").lower().removesuffix(".")


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def decoded_path(raw_path: str) -> str:
    """A request's path percent-decoded once, as UTF-8 (UnicodeDecodeError when it is not UTF-8).

    http.server reads the request line as Latin-1, so a path sent as raw UTF-8 bytes is read back as them too.
    """
    url_path = urlsplit(raw_path).path
    try:
        raw = url_path.encode("latin-1")
    except UnicodeEncodeError:  # not from a request line: already text
        raw = url_path.encode("utf-8")
    return unquote_to_bytes(raw).decode("utf-8")


def resolve_request_path(output_dir: Path, base_path: str, raw_path: str) -> Path | None:
    """The file or folder in output_dir a request path names, or None if it names nothing servable.

    The path is percent-decoded once and compared with the base path decoded, so a base path beyond ASCII
    ('/für-dich/', which browsers ask for as '/f%C3%BCr-dich/') is found; any '..' segment, backslash, NUL,
    or a symlink resolving outside output_dir is refused, so '/%2e%2e/', '..%2f' and friends all end here.
    """
    path, base = decoded_path(raw_path), unquote(base_path)
    if not path.startswith(base) and path + "/" != base:
        return None
    decoded = path[len(base):] if path != base[:-1] else ""
    if "\\" in decoded or "\x00" in decoded:
        return None
    parts = decoded.split("/")
    if any(part in ("..", ".") for part in parts):
        return None
    candidate = output_dir.joinpath(*[p for p in parts if p])
    try:
        if not candidate.resolve().is_relative_to(output_dir):
            return None
    except (OSError, RuntimeError):
        return None
    return candidate


def read_inside(output_dir: Path, path: Path) -> bytes | None:
    """The bytes of the regular file at `path`, or None when there is none or it resolves outside output_dir.

    resolve_request_path checks the path a request names; a folder's index.html and the 404 page are
    looked up after that, and either may be a symlink pointing out just as well.
    """
    try:
        inside = path.resolve().is_relative_to(output_dir)
    except RuntimeError:  # a symlink loop (Python 3.11 says so with RuntimeError): nothing to serve
        return None
    return path.read_bytes() if inside and path.is_file() else None


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """GET/HEAD of files in output/, the theme's 404 page, no caching, and the live-reload event stream."""

    server_version = "newsdigest-preview"
    protocol_version = "HTTP/1.1"
    timeout = 60  # a client that stops reading cannot hold its thread forever

    def __init__(self, *args, live: LiveReload | None, bound_host: str, **kwargs):
        self.live = live
        self.bound_host = bound_host
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        # Where the site is now (`PreviewServer.site`), for each request: a config edit while serving may move it,
        # and a browser's kept-alive connection was served the old folder after the move
        self.output_dir, self.base_path = self.server.site
        if not host_allowed(self.headers.get("Host"), self.bound_host):  # before anything, the event stream too
            return self._send(403, HOST_REFUSED, CONTENT_TYPES[".txt"], send_body)
        parts = urlsplit(self.path)
        url_path, query = parts.path, f"?{parts.query}" if parts.query else ""
        try:
            if self.live and decoded_path(self.path) == unquote(self.base_path) + EVENTS_PATH:
                return self._event_stream(send_body)
            if url_path == "/" and self.base_path != "/":   # the site is under a path: the address typed is the host
                return self._send(302, b"", "text/plain", send_body, {"Location": self.base_path + query})
            target = resolve_request_path(self.output_dir, self.base_path, self.path)
            if target is not None and target.is_dir():
                if not url_path.endswith("/"):
                    return self._send(301, b"", "text/plain", send_body, {"Location": url_path + "/" + query})
                target = target / "index.html"
            elif decoded_path(self.path).endswith("/"):
                # A file name with a slash after it ('/x/index.html/') names nothing on a static host: 404 there too.
                target = None
            data = read_inside(self.output_dir, target) if target is not None else None
        except (UnicodeDecodeError, OSError):
            # Invalid UTF-8, or a path the file system refuses to look at (a name over 255 bytes gives
            # ENAMETOOLONG, an unreadable folder EACCES): either way nothing here to serve.
            data = None
        if data is None:
            return self._not_found(send_body)
        content_type = CONTENT_TYPES.get(target.suffix.lower()) or _guessed_type(target.name)
        self._send(200, self._with_live_reload(data, content_type), content_type, send_body)

    def _not_found(self, send_body: bool) -> None:
        try:
            data = read_inside(self.output_dir, self.output_dir / "404.html")
        except OSError:  # unreadable, or gone between the check and the read
            data = None
        if data is None:
            data = b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>"
        self._send(404, self._with_live_reload(data, CONTENT_TYPES[".html"]), CONTENT_TYPES[".html"], send_body)

    def _with_live_reload(self, data: bytes, content_type: str) -> bytes:
        if not self.live or not content_type.startswith("text/html"):
            return data
        # The build this page came from: if the stream reports a newer one, the page reloads.
        state = self.live.state
        script = (LIVE_RELOAD_SCRIPT % {"events": json.dumps(self.base_path + EVENTS_PATH), "build": state["build"],
                                        "run": json.dumps(state["run"])}).encode()
        index = data.rfind(b"</body>")
        return data[:index] + script + data[index:] if index >= 0 else data + script

    def _send(self, status: int, data: bytes, content_type: str, send_body: bool, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _event_stream(self, send_body: bool) -> None:
        """Server-sent events: the current state at once, then each new build's state (HEAD: the headers only)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if not send_body:
            return
        version, state = self.live.wait(-1, 0)
        try:
            while not self.live.closed:
                self.wfile.write(f"event: state\ndata: {json.dumps(state)}\n\n".encode())
                self.wfile.flush()
                while True:
                    new_version, state = self.live.wait(version, HEARTBEAT_SECONDS)
                    if self.live.closed:
                        return
                    if new_version != version:
                        version = new_version
                        break
                    self.wfile.write(b": heartbeat\n\n")  # finds clients that went away
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            return

    def log_message(self, format: str, *args) -> None:
        if len(args) > 1 and str(args[1]).startswith(("4", "5")) and str(args[1]) != "404":
            super().log_message(format, *args)


def _loopback(host: str) -> bool:
    """Whether `host` is an address of this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guessed_type(name: str) -> str:
    """The type the system's table gives a file name (text with its charset), else application/octet-stream."""
    guessed, encoding = mimetypes.guess_type(name, strict=False)
    if guessed is None or encoding is not None:   # ("x.tar.gz" is a gzip file, not a tar file, as sent)
        return "application/octet-stream"
    return guessed + "; charset=utf-8" if guessed.startswith("text/") else guessed


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True  # one thread per client: a slow client never blocks the others
    allow_reuse_address = True
    site: tuple[Path, str] = (Path("output"), "/")   # (output folder, base path) served: see `follow`

    def follow(self, config: Config) -> bool:
        """Serve the output folder and base path of `config` from the next request on; whether they changed."""
        site = (config.output_dir.resolve(), config.base_path)
        changed, self.site = site != self.site, site
        return changed

    def handle_error(self, request, client_address) -> None:
        """Say nothing when a client went away or stopped reading mid-response (a closed tab, a
        reload, a stalled connection timing out); print any other error with its traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def follows_good_build(server: PreviewServer, config: Config, ok: bool) -> bool:
    """After a build: whether the preview moved to where `config` puts the site (a config edit changed
    `output_dir` or base_url's path). A failed build wrote nothing there: the last good site stays served."""
    return ok and server.follow(config)


class PreviewServerIPv6(PreviewServer):
    address_family = socket.AF_INET6


def make_server(config: Config, host: str = "127.0.0.1", port: int = 8000,
                live: LiveReload | None = None) -> PreviewServer:
    """A preview server bound to host:port (an IPv6 address such as '::1' or '::' too); not yet serving."""
    handler = partial(PreviewHandler, live=live, bound_host=host)
    server_class = PreviewServerIPv6 if ":" in host else PreviewServer
    server = server_class((host.strip("[]"), port), handler)
    server.follow(config)
    return server


def serve(config_path: Path, *, host: str = "127.0.0.1", port: int = 8000, overrides: dict | None = None,
          include_drafts: bool = False) -> int:
    """Build, watch and serve with live reload until Ctrl-C. Returns the exit status."""
    from newsdigest.dev.watch import DevSession

    host = host.strip("[]")  # "--host [::1]" as in a URL
    live = LiveReload()
    try:
        server = make_server(load_config(config_path, overrides), host, port, live)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            in_clone = f" (make serve PORT={port + 1})" if Path("Makefile").is_file() else ""
            print(f"error: port {port} on {host} is already in use; stop the other server, or pick another port: "
                  f"--port {port + 1}{in_clone}", file=sys.stderr)
            return 1
        # An address this machine does not have, or a name that does not resolve: one line, no traceback.
        print(f"error: cannot serve on {host} port {port}: {err.strerror or err}", file=sys.stderr)
        return 1
    try:
        # Bound first: a base_url on this machine then names the port really served (`--port 0`: any free one).
        session = DevSession(config_path, overrides=overrides, include_drafts=include_drafts,
                             on_build=lambda outcome: built(outcome), preview_port=server.server_address[1],
                             preview_host=host)
    except BaseException:
        server.server_close()
        raise
    shown_host = f"[{host}]" if ":" in host else host

    def built(outcome) -> None:
        if follows_good_build(server, session.config, outcome.ok):
            print(f"Serving {session.config.output_dir} at http://{shown_host}:{server.server_address[1]}"
                  f"{session.config.base_path} now", flush=True)
        live.publish(outcome.number, outcome.ok, outcome.message)

    # Requests are answered while the first build runs (the last build's pages, or the 404 page), and the open
    # page reloads when it is done: a large site's first build kept the browser waiting for a minute.
    serving = threading.Thread(target=server.serve_forever, name="newsdigest-preview", daemon=True)
    with sigterm_as_interrupt():
        try:  # (everything from here: Ctrl-C may come at any point, and always stops cleanly)
            _say_setup_warnings(session.config, session.config_path)
            serving.start()
            if not _loopback(host):
                print(f"warning: serving on {host}: other machines on the network can read the preview",
                      file=sys.stderr)
            print(f"Serving {session.config.output_dir} at http://{shown_host}:{server.server_address[1]}"
                  f"{session.config.base_path} with live reload (Ctrl-C stops)", flush=True)
            session.start()
            while serving.is_alive():
                serving.join(0.5)
        except KeyboardInterrupt:
            print("\nStopping.", file=sys.stderr)
        finally:
            live.close()
            session.stop()
            if serving.is_alive():   # (shutdown waits for a serving loop: one never started would never answer)
                server.shutdown()
            server.server_close()
    return 0


def _say_setup_warnings(config, config_path: Path) -> None:
    """What serve tells before it starts: the setup's problems worth a word for a preview on this machine, and a
    published build in the output folder that the preview will replace."""
    from newsdigest.check import is_local_url, setup_warnings

    # serving=True: a preview on this machine expects a local base_url; only missing content is worth a word.
    for problem in setup_warnings(config, config_path, serving=True):
        print(f"warning: {problem}", file=sys.stderr)
    published = built_for(config.output_dir)
    if published and published != config.base_url and not is_local_url(published):
        print(f"warning: {config.output_dir} holds a build for {published}, which this preview replaces with "
              f"pages for {config.base_url}: build again before publishing it (or preview into a folder of "
              "its own: serve -o preview/)", file=sys.stderr)


def built_for(output_dir: Path) -> str:
    """The address the site in `output_dir` was built for (its robots.txt names the sitemap under it); ""
    when there is none to read."""
    try:
        text = (output_dir / "robots.txt").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    found = re.search(r"(?m)^Sitemap:\s*(\S+?)sitemap(?:-index)?\.xml\s*$", text)
    return found[1] if found else ""
