#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small HTTP server for the network tests (Python standard library only).

Tests start it as a child process with a pipe on its stdin:

    test-server.py [--root DIR] [--route PREFIX=DIR]... [--routes FILE.json]
                   [--default-type TYPE] [--hapi PREFIX=CONFIG.json]...

It binds 127.0.0.1 on a free port (HTTPS with --tls), prints "PORT <n>" as its first line on
stdout, serves until its stdin closes (so a crashed test never leaves it
running) and then exits.

Files
-----
--root DIR           a URL path /a/b.json is DIR/a/b.json.
--route PREFIX=DIR   a URL path PREFIX/rest is DIR/rest (longest prefix wins).
--routes FILE.json   a list of exact routes, tried first, for URLs whose query
                     string selects the answer (HAPI, CDAS REST...):
    [{"path": "/hapi/info", "query": {"id": "X"}, "file": "info-X.json",
      "content_type": "application/json", "status": 200,
      "headers": {"X-Foo": "bar"}}, ...]
  "query" (optional) must be a subset of the request's query parameters;
  "file" is relative to the routes file's folder; "content_type" defaults to
  a guess from the file's extension; "status" defaults to 200.
  "files": ["a.json", "a.json", "b.json"] in place of "file" answers them in
  turn, one per request to that route, the last one from then on (a job
  that is "in progress" twice, then done); /_reset starts them over.

HAPI
----
--hapi PREFIX=CONFIG.json   an emulated HAPI server whose base URL is PREFIX
                     (tests/hapi_emulator.py says what CONFIG.json holds).

Files are sent with Content-Length, Content-Type (from the extension; for a
file with none, --default-type, else application/octet-stream), Last-Modified (the file's
modification time) and ETag (a hash of the content), and answer 304 to a
matching If-None-Match or to an If-Modified-Since not older than the file.
Any file URL prefixed with /gzip (/gzip/a/b.json) is sent gzip-compressed
(Content-Encoding: gzip) when the request accepts gzip.

Faults (all under /fault/)
--------------------------
/fault/status/CODE?retry_after=S&body=TEXT   that status (500, 503, 429, 404...)
/fault/flaky/KEY?fail=K&status=503&retry_after=S&file=PATH
      fails K times for KEY (per-key counter) then answers 200 with PATH (a
      file under --root) or with "ok KEY"
/fault/stall?seconds=N&length=L&sent=M   headers announcing L bytes, M bytes,
      then nothing for N seconds, then the connection is closed
/fault/truncate?length=L&sent=M          Content-Length L, M bytes, then close
/fault/garbage?size=N&type=TYPE          N random bytes labelled TYPE
/fault/redirect-loop                     302 to itself, forever
/fault/redirect?n=K&to=PATH              K redirects, then PATH
/fault/huge?size=N&chunk=C&length=0|1    N bytes streamed in C-byte chunks,
      with a Content-Length when length=1 (the default), chunked otherwise
/fault/slow?size=N&chunk=C&delay=MS      N bytes in C-byte pieces, MS apart
/fault/type?type=TYPE&body=TEXT          200 with the given Content-Type

A fault in front of any URL
---------------------------
/_faulty/SPEC/PATH?QUERY   answers PATH?QUERY with the fault SPEC: "KIND" for
      every request, "KINDxK" for the first K requests of this exact URL (then
      the normal answer). KIND: an HTTP status (503 and 429 with Retry-After: 1),
      stall (half the body, then nothing for 60 s), truncate (half the body, then
      close), garbage (random bytes, same length and type), type (the body as
      text/html), slow (the body in 8 pieces 100 ms apart), huge (64 MiB of its type),
      redirect-loop. So a provider's base URL
      http://127.0.0.1:P/_faulty/503x2/cdaweb sees two 503s per request first.

Log
---
/_log    JSON {"connections": n, "requests": [...]}: every request but those
         to /_log and /_reset, in order, each with "method", "path" (without
         the query), "query" (dict), "headers" (dict), "connection" (an id per
         TCP connection), "status", "bytes_sent" and "aborted" (true when the
         client closed the connection before the whole body was sent).
/_reset  clears the log, the connection count and the flaky counters.
"""

import argparse
import email.utils
import gzip
import hashlib
import json
import mimetypes
import os
import random
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import hapi_emulator

LOCK = threading.Lock()
LOG = []
CONNECTIONS = [0]
FLAKY = {}
CONFIG = {"root": None, "prefix_routes": [], "routes": [], "routes_dir": None,
          "default_type": None}


def guess_extensionless(fname):
    """The type of a file with no known extension: --default-type for one
    with no extension at all (REST answers stored under their URL path),
    else application/octet-stream."""
    if "." not in os.path.basename(fname) and CONFIG["default_type"]:
        return CONFIG["default_type"]
    return "application/octet-stream"


class ClientGone(Exception):
    pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PlasmascopeTestServer/1"

    def log_message(self, format, *args):  # quiet: tests read /_log instead
        pass

    def setup(self):
        super().setup()
        with LOCK:
            CONNECTIONS[0] += 1
            self.connection_id = CONNECTIONS[0]

    # -- helpers ------------------------------------------------------------

    def _entry(self, path, query):
        entry = {
            "method": self.command,
            "path": path,
            "query": query,
            "headers": {k: v for k, v in self.headers.items()},
            "connection": self.connection_id,
            "time": time.time(),
            "status": None,
            "bytes_sent": 0,
            "aborted": False,
        }
        with LOCK:
            LOG.append(entry)
        return entry

    def _write(self, data):
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            self.entry["aborted"] = True
            self.close_connection = True
            raise ClientGone()
        self.entry["bytes_sent"] += len(data)

    def _head(self, status, headers, length=None, close=False):
        self.entry["status"] = status
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if length is not None:
            self.send_header("Content-Length", str(length))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        try:
            self.end_headers()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.entry["aborted"] = True
            self.close_connection = True
            raise ClientGone()

    def _simple(self, status, body=b"", ctype="text/plain; charset=utf-8", headers=None):
        if isinstance(body, str):
            body = body.encode()
        h = {"Content-Type": ctype}
        if headers:
            h.update(headers)
        self._head(status, h, len(body))
        if self.command != "HEAD" and body:
            self._write(body)

    def _wait_closed(self, seconds):
        """Sleep up to SECONDS, returning early (and noting it) if the client
        closes the connection."""
        end = time.monotonic() + seconds
        sock = self.connection
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return False
            sock.settimeout(min(left, 0.05))
            try:
                data = sock.recv(1, socket.MSG_PEEK)
                if data == b"":
                    self.entry["aborted"] = True
                    return True
                time.sleep(min(left, 0.05))
            except socket.timeout:
                pass
            except OSError:
                self.entry["aborted"] = True
                return True
            finally:
                sock.settimeout(None)

    # -- dispatch -----------------------------------------------------------

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))

        if path == "/_log":
            with LOCK:
                body = json.dumps({"connections": CONNECTIONS[0], "requests": LOG})
            self.entry = {"bytes_sent": 0, "aborted": False, "status": None}
            self._simple(200, body, "application/json")
            return
        if path == "/_reset":
            with LOCK:
                LOG.clear()
                FLAKY.clear()
                CONNECTIONS[0] = 0
            self.entry = {"bytes_sent": 0, "aborted": False, "status": None}
            self._simple(200, "reset\n")
            return

        self.entry = self._entry(path, query)
        try:
            if path.startswith("/_faulty/"):
                self._faulty(path[len("/_faulty/"):], query)
            else:
                self._dispatch(path, query)
        except ClientGone:
            pass

    def _dispatch(self, path, query):
        if path.startswith("/fault/"):
            self._fault(path[len("/fault/"):], query)
        elif path.startswith("/gzip/"):
            self._file(path[len("/gzip"):], query, compress=True)
        elif hapi_emulator.owns(path):
            hapi_emulator.serve(self, path, query)
        else:
            self._file(path, query)

    # -- a fault in front of any URL -------------------------------------------

    def _faulty(self, what, query):
        spec, _, rest = what.partition("/")
        kind, _, times = spec.partition("x")
        rest = "/" + rest
        key = "faulty %s %s %s" % (spec, rest, sorted(query.items()))
        with LOCK:
            count = FLAKY.get(key, 0)
            FLAKY[key] = count + 1
        if times and count >= int(times):
            self._dispatch(rest, query)
            return
        if kind.isdigit():
            code = int(kind)
            headers = {"Retry-After": "1"} if code in (429, 503) else {}
            self._simple(code, "status %d for %s\n" % (code, rest), headers=headers)
            return
        if kind == "redirect-loop":
            self._head(302, {"Location": self.path, "Content-Type": "text/plain"}, 0)
            return
        if kind == "huge":
            fname, ctype, _, _ = self._resolve(rest, query)
            if fname is not None and ctype is None:
                ctype = mimetypes.guess_type(fname)[0] or guess_extensionless(fname)
            self._head(200, {"Content-Type": ctype or "application/octet-stream"}, 64 << 20)
            block = b"h" * 65536
            for _ in range(1024):
                self._write(block)
            return
        fname, ctype, _, _ = self._resolve(rest, query)
        if fname is None or not os.path.isfile(fname):
            self._simple(404, "Not found: %s\n" % rest)
            return
        with open(fname, "rb") as f:
            data = f.read()
        ctype = ctype or mimetypes.guess_type(fname)[0] or guess_extensionless(fname)
        if kind == "stall":
            self._head(200, {"Content-Type": ctype}, len(data), close=True)
            self._write(data[:len(data) // 2])
            self._wait_closed(60)
        elif kind == "truncate":
            self._head(200, {"Content-Type": ctype}, len(data), close=True)
            self._write(data[:len(data) // 2])
        elif kind == "garbage":
            rng = random.Random(len(data))
            self._simple(200, bytes(rng.getrandbits(8) for _ in range(len(data))), ctype)
        elif kind == "type":
            self._simple(200, data, "text/html; charset=utf-8")
        elif kind == "slow":
            self._head(200, {"Content-Type": ctype}, len(data))
            step = max(1, (len(data) + 7) // 8)
            for i in range(0, len(data), step):
                self._write(data[i:i + step])
                if i + step < len(data) and self._wait_closed(0.1):
                    self.close_connection = True
                    return
        else:
            self._simple(404, "unknown fault %s\n" % kind)

    # -- files --------------------------------------------------------------

    def _resolve(self, path, query):
        for number, route in enumerate(CONFIG["routes"]):
            if route.get("path") != path:
                continue
            want = route.get("query", {})
            if all(query.get(k) == str(v) for k, v in want.items()):
                if "files" in route:
                    with LOCK:
                        count = FLAKY.get(("route", number), 0)
                        FLAKY[("route", number)] = count + 1
                    name = route["files"][min(count, len(route["files"]) - 1)]
                else:
                    name = route["file"]
                return (os.path.join(CONFIG["routes_dir"], name),
                        route.get("content_type"), route.get("status", 200),
                        route.get("headers", {}))
        best = None
        for prefix, folder in CONFIG["prefix_routes"]:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                if best is None or len(prefix) > len(best[0]):
                    best = (prefix, folder)
        if best is not None:
            rest = path[len(best[0].rstrip("/")):].lstrip("/")
            return os.path.join(best[1], rest), None, 200, {}
        if CONFIG["root"] is not None:
            return os.path.join(CONFIG["root"], path.lstrip("/")), None, 200, {}
        return None, None, 404, {}

    def _file(self, path, query, compress=False):
        if ".." in path.split("/"):
            self._simple(403, "no\n")
            return
        fname, ctype, status, extra = self._resolve(path, query)
        if fname is None or not os.path.isfile(fname):
            self._simple(404, "Not found: %s\n" % path)
            return
        with open(fname, "rb") as f:
            data = f.read()
        mtime = int(os.path.getmtime(fname))
        etag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        if ctype is None:
            ctype = mimetypes.guess_type(fname)[0] or guess_extensionless(fname)
            if ctype.startswith("text/") or ctype == "application/json":
                ctype += "; charset=utf-8" if ctype.startswith("text/") else ""
        headers = {"Content-Type": ctype, "Last-Modified": last_modified, "ETag": etag}
        headers.update(extra)

        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        not_modified = False
        if inm is not None:
            not_modified = etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
                not_modified = mtime <= since
            except (TypeError, ValueError, IndexError):
                not_modified = False
        if not_modified and status == 200:
            self._head(304, {"Last-Modified": last_modified, "ETag": etag})
            return

        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if compress and accepts_gzip:
            data = gzip.compress(data)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self._head(status, headers, len(data))
        if self.command != "HEAD":
            self._write(data)

    # -- faults -------------------------------------------------------------

    def _fault(self, what, q):
        parts = what.split("/")
        kind = parts[0]
        if kind == "status":
            code = int(parts[1]) if len(parts) > 1 else 500
            headers = {}
            if "retry_after" in q:
                headers["Retry-After"] = q["retry_after"]
            self._simple(code, q.get("body", "status %d\n" % code), headers=headers)
        elif kind == "flaky":
            key = parts[1] if len(parts) > 1 else "default"
            fail = int(q.get("fail", "2"))
            with LOCK:
                count = FLAKY.get(key, 0)
                FLAKY[key] = count + 1
            if count < fail:
                headers = {}
                if "retry_after" in q:
                    headers["Retry-After"] = q["retry_after"]
                code = int(q.get("status", "503"))
                self._simple(code, "failure %d of %d for %s\n" % (count + 1, fail, key),
                             headers=headers)
            elif "file" in q:
                self._file("/" + q["file"].lstrip("/"), {})
            else:
                self._simple(200, "ok %s\n" % key)
        elif kind == "stall":
            seconds = float(q.get("seconds", "5"))
            length = int(q.get("length", "100"))
            sent = int(q.get("sent", "0"))
            self._head(200, {"Content-Type": "text/plain"}, length, close=True)
            if sent:
                self._write(b"s" * sent)
            self._wait_closed(seconds)
        elif kind == "truncate":
            length = int(q.get("length", "1000"))
            sent = int(q.get("sent", str(length // 2)))
            self._head(200, {"Content-Type": "text/plain"}, length, close=True)
            self._write(b"t" * sent)
        elif kind == "garbage":
            size = int(q.get("size", "256"))
            body = bytes(random.getrandbits(8) for _ in range(size))
            self._simple(200, body, q.get("type", "text/html"))
        elif kind == "type":
            self._simple(200, q.get("body", "hello\n"), q.get("type", "text/html"))
        elif kind == "redirect-loop":
            self._head(302, {"Location": "/fault/redirect-loop",
                             "Content-Type": "text/plain"}, 0)
        elif kind == "redirect":
            n = int(q.get("n", "1"))
            to = q.get("to", "/")
            if n > 0:
                loc = "/fault/redirect?" + urllib.parse.urlencode({"n": n - 1, "to": to})
            else:
                loc = to
            self._head(302, {"Location": loc, "Content-Type": "text/plain"}, 0)
        elif kind == "huge":
            size = int(q.get("size", str(64 << 20)))
            chunk = int(q.get("chunk", "65536"))
            with_length = q.get("length", "1") == "1"
            if with_length:
                self._head(200, {"Content-Type": "application/octet-stream"}, size)
            else:
                self._head(200, {"Content-Type": "application/octet-stream",
                                 "Transfer-Encoding": "chunked"})
            block = b"h" * chunk
            left = size
            while left > 0:
                n = min(chunk, left)
                if with_length:
                    self._write(block[:n])
                else:
                    self._write(b"%x\r\n" % n + block[:n] + b"\r\n")
                left -= n
            if not with_length:
                self._write(b"0\r\n\r\n")
        elif kind == "slow":
            size = int(q.get("size", "10000"))
            chunk = int(q.get("chunk", "1000"))
            delay = float(q.get("delay", "100")) / 1000.0
            self._head(200, {"Content-Type": "application/octet-stream"}, size)
            left = size
            while left > 0:
                n = min(chunk, left)
                self._write(b"w" * n)
                left -= n
                if left > 0 and self._wait_closed(delay):
                    self.close_connection = True
                    return
        else:
            self._simple(404, "unknown fault %s\n" % kind)


def watch_stdin():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except Exception:
        pass
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", help="folder served at /")
    parser.add_argument("--route", action="append", default=[],
                        help="PREFIX=DIR: serve DIR under the URL path PREFIX")
    parser.add_argument("--routes", help="JSON file of exact (path, query) routes")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"),
                        help="serve HTTPS with this certificate and key (PEM)")
    parser.add_argument("--default-type",
                        help="Content-Type of files without an extension (REST answers)")
    parser.add_argument("--hapi", action="append", default=[],
                        help="PREFIX=CONFIG.json: an emulated HAPI server under PREFIX")
    parser.add_argument("root_positional", nargs="?", help="same as --root")
    args = parser.parse_args()
    for spec in args.hapi:
        hapi_emulator.add(spec)
    CONFIG["default_type"] = args.default_type

    CONFIG["root"] = args.root or args.root_positional
    for r in args.route:
        prefix, _, folder = r.partition("=")
        CONFIG["prefix_routes"].append(("/" + prefix.strip("/"), folder))
    if args.routes:
        with open(args.routes) as f:
            CONFIG["routes"] = json.load(f)
        CONFIG["routes_dir"] = os.path.dirname(os.path.abspath(args.routes))

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    sys.stdout.write("PORT %d\n" % server.server_address[1])
    sys.stdout.flush()
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever(poll_interval=0.1)


if __name__ == "__main__":
    main()
