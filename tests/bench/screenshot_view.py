"""Open a graph.html in headless Chromium, offline, and save a screenshot.

Not a test: a script for a person to look at the view as a user first sees
it. It also holds the small Chrome DevTools Protocol client that the browser
test (``tests/test_view.py``) and ``bench_view.py`` use: Chromium is started
with ``--remote-debugging-pipe`` (JSON messages on file descriptors 3 and 4),
so no driver package and no port are needed::

    python tests/bench/screenshot_view.py out/graph.html -o view.png [--search 力帆] [--click 力帆]

Needs Debian's ``chromium`` (``apt-get install chromium``) or ``$CHROMIUM``.
"""
from __future__ import annotations

import argparse
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--disable-default-apps", "--mute-audio", "--hide-scrollbars")


def find_chromium() -> str | None:
    """The Chromium executable: ``$CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if Path(env).exists() else shutil.which(env)
    return shutil.which("chromium") or shutil.which("chromium-browser")


class BrowserError(RuntimeError):
    """The browser failed, answered with an error, or did not answer in time."""


class Browser:
    """Headless Chromium driven over the DevTools protocol (pipe transport).

    ``errors`` collects uncaught exceptions, ``console.error`` calls and
    error log entries (a blocked request included) of every page opened.
    """

    def __init__(self, executable: str | None = None, width: int = 1400, height: int = 900):
        exe = executable or find_chromium()
        if exe is None:
            raise BrowserError("no chromium on PATH (apt-get install chromium, or set $CHROMIUM)")
        self.width, self.height = width, height
        self.profile = tempfile.mkdtemp(prefix="zhkg-chromium-")
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        # keep the child's ends above 4 so that dup2 onto 3 and 4 never clobbers them
        to_r2 = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
        from_w2 = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_r)
        os.close(from_w)

        def child() -> None:
            os.dup2(to_r2, 3)
            os.dup2(from_w2, 4)

        args = [exe, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
                "--remote-debugging-pipe", "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=child, close_fds=False, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r2)
        os.close(from_w2)
        self._w, self._r = to_w, from_r
        self._next = 0
        self._lock = threading.Lock()
        self._replies: dict[int, dict] = {}
        self._cond = threading.Condition()
        self.events: list[dict] = []
        self.errors: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session: str | None = None

    # -- transport
    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._r, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._replies[-1] = {"error": {"message": "browser closed the pipe"}}
                    self._cond.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self._cond:
                    if "id" in msg:
                        self._replies[msg["id"]] = msg
                    else:
                        self._event(msg)
                    self._cond.notify_all()

    def _event(self, msg: dict) -> None:
        self.events.append(msg)
        method, p = msg.get("method"), msg.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.errors.append("exception: " + (d.get("exception", {}).get("description") or d.get("text", "")))
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console.error: " + " ".join(str(a.get("value", a.get("description", "")))
                                                           for a in p.get("args", [])))
        elif method == "Log.entryAdded" and p["entry"].get("level") == "error":
            self.errors.append(f"log: {p['entry'].get('text', '')} {p['entry'].get('url', '')}".strip())

    def send(self, method: str, params: dict | None = None, timeout: float = 30.0, session: bool = True) -> dict:
        """Send one command and wait for its result."""
        with self._lock:
            self._next += 1
            mid = self._next
        msg = {"id": mid, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._cond:
            while mid not in self._replies and -1 not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BrowserError(f"{method}: no answer in {timeout:g} s")
                self._cond.wait(left)
            reply = self._replies.pop(mid, None) or self._replies[-1]
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def wait_event(self, method: str, timeout: float = 30.0, start: int = 0) -> dict:
        """The first event ``method`` at or after index ``start`` of ``events``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for ev in self.events[start:]:
                    if ev.get("method") == method:
                        return ev
                left = deadline - time.monotonic()
                if left <= 0 or -1 in self._replies:
                    raise BrowserError(f"no {method} event in {timeout:g} s")
                self._cond.wait(left)

    # -- pages
    def open(self, path: Path, timeout: float = 60.0) -> None:
        """Open a local file in a fresh tab with the network switched off; wait for its load event."""
        if self.session is None:
            target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                     session=False)["sessionId"]
            for m in ("Runtime.enable", "Log.enable", "Page.enable", "Network.enable"):
                self.send(m)
            self.send("Network.emulateNetworkConditions",
                      {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
            self.send("Emulation.setDeviceMetricsOverride",
                      {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        mark = len(self.events)
        self.send("Page.navigate", {"url": Path(path).resolve().as_uri()})
        self.wait_event("Page.loadEventFired", timeout, start=mark)

    def eval(self, expression: str, timeout: float = 30.0):
        """Evaluate a JavaScript expression in the page (promises awaited) and return its value."""
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in res:
            d = res["exceptionDetails"]
            raise BrowserError(f"{expression[:60]}: {d.get('exception', {}).get('description') or d.get('text')}")
        return res["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0, every: float = 0.05):
        """Poll ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"{expression!r} still false after {timeout:g} s")
            time.sleep(every)

    def screenshot(self, path: Path) -> Path:
        """Save the viewport as PNG."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def close(self) -> None:
        """Close the browser and remove its profile."""
        try:
            self.send("Browser.close", session=False, timeout=5)
        except BrowserError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._w, self._r):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("html", type=Path, help="a graph.html written by zhkg")
    ap.add_argument("-o", "--output", type=Path, default=Path("view.png"), help="PNG to write")
    ap.add_argument("--size", default="1400x900", help="viewport WIDTHxHEIGHT")
    ap.add_argument("--search", default=None, help="type this into the search box first")
    ap.add_argument("--click", default=None, help="open the side panel of this entity (searched)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for the layout")
    args = ap.parse_args(argv)
    width, height = (int(x) for x in args.size.split("x"))
    with Browser(width=width, height=height) as b:
        b.open(args.html)
        ms = b.wait_for("window.zhkg && window.zhkg.ready", timeout=args.timeout)
        if args.search:
            b.eval(f"document.getElementById('zhkg-search').value = {json.dumps(args.search)};"
                   "document.getElementById('zhkg-go').click()")
        if args.click:
            b.eval(f"(function(){{var id = zhkg.search({json.dumps(args.click)});"
                   "network.selectNodes([id]); network.body.emitter.emit('click', {nodes: [id], edges: []});})()")
        time.sleep(0.5)
        b.screenshot(args.output)
        drawn = b.eval("zhkg.drawn()")
        print(f"{args.output}: {drawn} nodes drawn, layout frozen {ms / 1000:.2f} s after navigation start",
              file=sys.stderr)
        for e in b.errors:
            print(f"page error: {e}", file=sys.stderr)
        return 1 if b.errors else 0


if __name__ == "__main__":
    sys.exit(main())
