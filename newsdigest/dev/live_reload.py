"""Live reload for the preview: the script added to served pages, and the latest build state it listens to.

The script opens a server-sent event stream (`EVENTS_PATH` under the base path) while its tab is shown, reloads
the page after a good build that it does not show yet, and shows a failed build's message over the page, as
text. `LiveReload` holds the state each stream sends, and lets the stream handlers wait for the next one.
"""

from __future__ import annotations

import secrets
import threading

EVENTS_PATH = "__newsdigest/events"
HEARTBEAT_SECONDS = 15.0

# Reloads the page after each good build and shows build errors over the page; text only, never HTML.
LIVE_RELOAD_SCRIPT = """<script>(function () {
  var shown = %(build)d, run = %(run)s, source = null, box = null;
  function overlay(text) {
    if (!box) { box = document.createElement("pre"); box.id = "newsdigest-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1rem;" +
        "background:#2b0d0d;color:#ffd7d7;font:14px/1.4 monospace;white-space:pre-wrap;z-index:2147483647";
      document.body.appendChild(box); }
    box.textContent = text;
  }
  function connect() {
    source = new EventSource(%(events)s);
    source.addEventListener("state", function (event) {
      var state = JSON.parse(event.data);
      if (!state.ok) { overlay(state.message); return; }
      if (state.build !== shown || state.run !== run) { location.reload(); return; }
      if (box) { box.remove(); box = null; }
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && source) { source.close(); source = null; }
    else if (!document.hidden && !source) { connect(); }
  });
  if (!document.hidden) { connect(); }
})();</script>
"""


class LiveReload:
    """The latest build state, and a way for event-stream handlers to wait for the next one."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self.version = 0
        # This serve's own id: builds are numbered from 1 again by the next one, whose build 1 is not a page's
        self.run = secrets.token_hex(6)
        self.state = {"build": 0, "run": self.run, "ok": True, "message": ""}
        self.closed = False

    def publish(self, build: int, ok: bool, message: str = "") -> None:
        with self._condition:
            self.version += 1
            self.state = {"build": build, "run": self.run, "ok": ok, "message": message}
            self._condition.notify_all()

    def wait(self, seen_version: int, timeout: float) -> tuple[int, dict]:
        with self._condition:
            self._condition.wait_for(lambda: self.version != seen_version or self.closed, timeout)
            return self.version, dict(self.state)

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()

