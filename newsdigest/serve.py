"""Local preview server: serves output/ under base_url's path, never a file outside it."""

from __future__ import annotations

import errno
import http.server
import posixpath
import sys
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsdigest.config import Config


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from the output folder, with the theme's 404 page and no caching."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".xml": "application/xml", ".json": "application/json", ".txt": "text/plain; charset=utf-8",
                      ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                      ".js": "text/javascript; charset=utf-8"}

    def __init__(self, *args, output_dir: Path, base_path: str, **kwargs):
        self.output_dir = output_dir.resolve()
        self.base_path = base_path
        super().__init__(*args, directory=str(self.output_dir), **kwargs)

    def translate_path(self, path: str) -> str:
        """Map a URL path to a file in output/, or to a path that does not exist when it would escape."""
        missing = str(self.output_dir / ".missing")
        url_path = unquote(urlsplit(path).path)
        if not url_path.startswith(self.base_path):
            return missing
        relative = url_path[len(self.base_path):]
        if "\\" in relative or "\x00" in relative:
            return missing
        parts = [p for p in posixpath.normpath("/" + relative).split("/") if p]
        if any(p in ("..", ".") for p in parts):
            return missing
        candidate = self.output_dir.joinpath(*parts)
        if not candidate.resolve().is_relative_to(self.output_dir):  # symlinks out of output/
            return missing
        result = str(candidate)
        return result + "/" if url_path.endswith("/") else result

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.output_dir / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # quieter than the default: errors only
        if args and str(args[1] if len(args) > 1 else "").startswith(("4", "5")):
            super().log_message(format, *args)


def make_server(config: Config, host: str, port: int) -> http.server.ThreadingHTTPServer:
    handler = partial(PreviewHandler, output_dir=config.output_dir, base_path=config.base_path)
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(config: Config, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve until Ctrl-C. Returns the exit status."""
    try:
        server = make_server(config, host, port)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            print(f"error: port {port} on {host} is already in use; try --port {port + 1}", file=sys.stderr)
            return 1
        raise
    print(f"Serving {config.output_dir} at http://{host}:{server.server_address[1]}{config.base_path} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        server.server_close()
    return 0
