# SPDX-License-Identifier: GPL-3.0-or-later
"""An emulated HAPI server for the network tests (Python standard library only).

tests/test-server.py serves one under a URL prefix for each

    --hapi PREFIX=CONFIG.json

so that http://127.0.0.1:PORT/PREFIX is a HAPI server's base URL (the part
up to and including ".../hapi"). It behaves like hapi-server/server-nodejs:
it answers about, capabilities, catalog (depth=all too, when offered), info
and data, cuts the records to [start, stop), encodes them in the format
asked for (csv, binary: isotime and string as fixed-length ASCII, doubles
8 bytes and integers 4 bytes little-endian; json), with include=header, and
answers errors with a HAPI status object and the HTTP status of the
specification's table (1201 with HTTP 200 and an empty body when there are
no records, 1401 unknown request parameter, 1402/1403 bad times, 1404,
1405 outside the coverage, 1406 unknown dataset, 1407 unknown parameter,
1408 more records than allowed, 1409 unsupported format, 1411 order,
1413 unsupported depth). As the specification recommends, the HAPI status
is also put in the HTTP reason phrase ("404 Not Found; HAPI 1406 ...").

CONFIG.json (paths relative to its folder):

    {
      "HAPI": "3.3",                 the version: "2.0" takes only id,
                                     time.min and time.max and has no about;
                                     3.x also takes dataset, start and stop
      "formats": ["csv", "binary", "json"],   what capabilities offers
      "depth_all": false,            catalog?depth=all offered; "broken":
                                     offered, but answered with 1413
      "max_rows": null,              more records in a request: 1408
      "http_reason": true,           the HAPI status in the reason phrase
      "datasets": [
        {"server_nodejs": "metadata_TestData3.3.json",
         "data": "metadata_TestData3.3.csv"},  every dataset of a
                                     server-nodejs configuration, with the
                                     CSV its data comes from
        {"id": "AC_H2_MFI", "title": "...",
         "response": "HAPI_sample_csv_multiple_vars.csv",  a recorded data
                                     response with its "#" header (binary
                                     when the file name ends in .binary)
         "info": {"startDate": "...", "stopDate": "..."},  added to the info
         "max_rows": 20}             a limit for this dataset only
      ]
    }

A CONFIG.json that is itself a server-nodejs configuration (it has
"catalog_inline") serves its datasets from the CSV of the same name.
"""

import calendar
import copy
import email.utils
import hashlib
import json
import os
import re
import struct

SERVERS = []  # (prefix, Server), longest prefix first

STATUS = {
    1200: (200, "OK"),
    1201: (200, "OK - no data for time range"),
    1400: (400, "Bad request - user input error"),
    1401: (400, "Bad request - unknown API parameter name"),
    1402: (400, "Bad request - syntax error in start time"),
    1403: (400, "Bad request - syntax error in stop time"),
    1404: (400, "Bad request - start equal to or after stop"),
    1405: (400, "Bad request - start < startDate and/or stop > stopDate"),
    1406: (404, "Bad request - unknown dataset id"),
    1407: (404, "Bad request - unknown dataset parameter"),
    1408: (400, "Bad request - too much time or data requested"),
    1409: (400, "Bad request - unsupported output format"),
    1410: (400, "Bad request - unsupported include value"),
    1411: (400, "Bad request - out-of-order or duplicate parameters"),
    1413: (400, "Bad request - unsupported depth value"),
    1500: (500, "Internal server error"),
}
OLD_NAMES = {"id": "dataset", "time.min": "start", "time.max": "stop"}
NEW_NAMES = set(OLD_NAMES.values())
HTTP_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}

_TIME = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-(\d{3}))?"
                   r"(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?)?Z?$")


def parse_time(text):
    """HAPI's restricted ISO 8601 (truncated, day-of-year) → ns since 1970."""
    m = _TIME.match(text.strip())
    if m is None:
        raise ValueError("bad time %r" % text)
    year, month, day, doy, hour, minute, second, frac = m.groups()
    if doy is not None:
        days = calendar.timegm((int(year), 1, 1, 0, 0, 0)) // 86400 + int(doy) - 1
    else:
        days = calendar.timegm((int(year), int(month or 1), int(day or 1), 0, 0, 0)) // 86400
    seconds = days * 86400 + int(hour or 0) * 3600 + int(minute or 0) * 60 + int(second or 0)
    ns = int((frac or "0")[:9].ljust(9, "0"))
    return seconds * 10**9 + ns


def components(param):
    n = 1
    for k in param.get("size") or [1]:
        n *= k
    return n


class HapiError(Exception):
    def __init__(self, code, detail=None):
        super().__init__(code)
        self.code = code
        self.detail = detail


class Dataset:
    def __init__(self, id, title, info, rows, mtime, max_rows=None):
        self.id = id
        self.title = title
        self.info = info          # without HAPI and status
        self.rows = rows          # [(ns, [time text, field texts...])], in time order
        self.mtime = mtime
        self.max_rows = max_rows
        self.start = parse_time(info["startDate"])
        self.stop = parse_time(info["stopDate"])


def read_csv_rows(lines):
    rows = []
    for line in lines:
        line = line.strip()
        if line:
            fields = line.split(",")
            rows.append((parse_time(fields[0]), fields))
    return rows


def read_binary_rows(data, params):
    rows = []
    layout = []
    for p in params:
        n = components(p)
        if p["type"] in ("isotime", "string"):
            layout.append((p["type"], p["length"], n))
        else:
            layout.append((p["type"], 8 if p["type"] == "double" else 4, n))
    size = sum(width * n for _, width, n in layout)
    for start in range(0, len(data) - size + 1, size):
        pos = start
        fields = []
        for kind, width, n in layout:
            for _ in range(n):
                raw = data[pos:pos + width]
                pos += width
                if kind == "double":
                    fields.append(repr(struct.unpack("<d", raw)[0]))
                elif kind == "integer":
                    fields.append(str(struct.unpack("<i", raw)[0]))
                else:
                    fields.append(raw.rstrip(b"\0").decode("ascii"))
        rows.append((parse_time(fields[0]), fields))
    return rows


def read_response(path):
    """A recorded data response: its "#" header (the info) and its rows."""
    with open(path, "rb") as f:
        data = f.read()
    header = []
    pos = 0
    while data[pos:pos + 1] == b"#":
        end = data.index(b"\n", pos)
        header.append(data[pos + 1:end].decode("utf-8"))
        pos = end + 1
    info = json.loads("\n".join(header))
    for key in ("HAPI", "status", "format"):
        info.pop(key, None)
    body = data[pos:]
    if path.endswith(".binary"):
        rows = read_binary_rows(body, info["parameters"])
    else:
        rows = read_csv_rows(body.decode("utf-8").splitlines())
    return info, rows


class Server:
    def __init__(self, config_path):
        folder = os.path.dirname(os.path.abspath(config_path))
        with open(config_path) as f:
            config = json.load(f)
        if "catalog_inline" in config:
            config = {"HAPI": config.get("server", {}).get("HAPI", "3.3"),
                      "datasets": [{"server_nodejs": os.path.basename(config_path),
                                    "data": os.path.splitext(os.path.basename(config_path))[0] + ".csv"}]}
        self.version = config.get("HAPI", "3.3")
        self.v3 = not self.version.startswith("2.")
        self.formats = config.get("formats", ["csv", "binary", "json"])
        self.depth_all = config.get("depth_all", False)
        self.max_rows = config.get("max_rows")
        self.http_reason = config.get("http_reason", True)
        self.datasets = {}
        self.order = []
        for entry in config.get("datasets", []):
            if "server_nodejs" in entry:
                self._add_server_nodejs(folder, entry)
            else:
                self._add_response(folder, entry)

    def _add(self, dataset):
        self.datasets[dataset.id] = dataset
        self.order.append(dataset.id)

    def _add_server_nodejs(self, folder, entry):
        path = os.path.join(folder, entry["server_nodejs"])
        with open(path) as f:
            meta = json.load(f)
        data_path = os.path.join(folder, entry["data"])
        with open(data_path) as f:
            rows = read_csv_rows(f.read().splitlines())
        for item in meta["catalog_inline"]:
            self._add(Dataset(item["id"], item.get("title"), copy.deepcopy(item["info"]), rows,
                              os.path.getmtime(data_path), entry.get("max_rows")))

    def _add_response(self, folder, entry):
        path = os.path.join(folder, entry["response"])
        info, rows = read_response(path)
        info.update(entry.get("info", {}))
        self._add(Dataset(entry["id"], entry.get("title"), info, rows, os.path.getmtime(path),
                          entry.get("max_rows")))

    # -- helpers ----------------------------------------------------------

    def _json(self, obj, code=1200):
        body = dict(HAPI=self.version, status={"code": code, "message": STATUS[code][1]})
        body.update(obj)
        return json.dumps(body, indent=1).encode()

    def _names(self, query, allowed):
        """The request parameters under their HAPI 3 names: a HAPI 3 server
        takes the HAPI 2 names too, a HAPI 2 server only those (1401)."""
        out = {}
        for key, value in query.items():
            name = OLD_NAMES.get(key, key)
            if name not in allowed or (not self.v3 and key in NEW_NAMES):
                raise HapiError(1401, key)
            out[name] = value
        return out

    def _dataset(self, q):
        if q.get("dataset") not in self.datasets:
            raise HapiError(1406, q.get("dataset"))
        return self.datasets[q["dataset"]]

    def _parameters(self, dataset, q):
        """The requested parameters in info order (the time first)."""
        params = dataset.info["parameters"]
        text = q.get("parameters", "")
        if text == "":
            return list(range(len(params)))
        names = [p["name"] for p in params]
        wanted = text.split(",")
        indexes = []
        for name in wanted:
            if name not in names:
                raise HapiError(1407, name)
            indexes.append(names.index(name))
        if indexes != sorted(set(indexes)):
            raise HapiError(1411)
        if indexes[0] != 0:
            indexes.insert(0, 0)
        return indexes

    def _info(self, dataset, indexes):
        info = copy.deepcopy(dataset.info)
        info["parameters"] = [dataset.info["parameters"][i] for i in indexes]
        return info

    # -- endpoints --------------------------------------------------------

    def respond(self, endpoint, query):
        """(HAPI code, content type, body, headers)"""
        try:
            if endpoint == "about" and self.v3:
                self._names(query, [])
                return 1200, "application/json", self._json({"id": "emulated", "title": "Emulated HAPI server"}), {}
            if endpoint == "capabilities":
                self._names(query, [])
                caps = {"outputFormats": self.formats}
                if self.depth_all:
                    caps["catalogDepthOptions"] = ["dataset", "all"]
                return 1200, "application/json", self._json(caps), {}
            if endpoint == "catalog":
                q = self._names(query, ["depth"] if self.v3 else [])
                depth = q.get("depth", "dataset")
                if depth not in ("dataset", "all") or (depth == "all" and self.depth_all is not True):
                    raise HapiError(1413, depth)
                catalog = []
                for id in self.order:
                    entry = {"id": id}
                    if self.datasets[id].title is not None:
                        entry["title"] = self.datasets[id].title
                    if depth == "all":
                        entry["info"] = self.datasets[id].info
                    catalog.append(entry)
                return 1200, "application/json", self._json({"catalog": catalog}), {}
            if endpoint == "info":
                q = self._names(query, ["dataset", "parameters"])
                dataset = self._dataset(q)
                body = self._json(self._info(dataset, self._parameters(dataset, q)))
                return 1200, "application/json", body, self._validators(dataset, body)
            if endpoint == "data":
                return self._data(query)
            raise HapiError(1400, endpoint)
        except HapiError as e:
            return e.code, "application/json", self._json({}, e.code), {}

    def _validators(self, dataset, body):
        return {"Last-Modified": email.utils.formatdate(int(dataset.mtime), usegmt=True),
                "ETag": '"%s"' % hashlib.sha1(body).hexdigest()[:16]}

    def _data(self, query):
        q = self._names(query, ["dataset", "parameters", "start", "stop", "format", "include"])
        dataset = self._dataset(q)
        indexes = self._parameters(dataset, q)
        try:
            start = parse_time(q["start"])
        except (KeyError, ValueError):
            raise HapiError(1402)
        try:
            stop = parse_time(q["stop"])
        except (KeyError, ValueError):
            raise HapiError(1403)
        if start >= stop:
            raise HapiError(1404)
        if start < dataset.start or stop > dataset.stop:
            raise HapiError(1405)
        fmt = q.get("format", "csv")
        if fmt not in self.formats:
            raise HapiError(1409, fmt)
        include = q.get("include")
        if include not in (None, "header"):
            raise HapiError(1410, include)

        rows = [fields for t, fields in dataset.rows if start <= t < stop]
        limit = dataset.max_rows if dataset.max_rows is not None else self.max_rows
        if limit is not None and len(rows) > limit:
            raise HapiError(1408)
        code = 1200 if rows else 1201

        params = dataset.info["parameters"]
        columns = []  # per requested parameter: its field indexes
        first = 0
        for i, p in enumerate(params):
            n = components(p)
            if i in indexes:
                columns.append((p, list(range(first, first + n))))
            first += n

        info = self._info(dataset, indexes)
        if fmt == "json":
            data = [[self._json_value(p, [fields[k] for k in ks]) for p, ks in columns] for fields in rows]
            info["format"] = "json"
            info["data"] = data
            body = self._json(info, code)
            return code, "application/json", body, self._validators(dataset, body)

        if fmt == "csv":
            body = b"".join((",".join(fields[k] for _, ks in columns for k in ks) + "\n").encode()
                            for fields in rows)
            ctype = "text/csv"
        else:
            body = b"".join(self._binary_row(columns, fields) for fields in rows)
            ctype = "application/octet-stream"
        if include == "header":
            info["format"] = fmt
            header = self._json(info, code).decode()
            body = "".join("#" + line + "\n" for line in header.splitlines()).encode() + body
        return code, ctype, body, self._validators(dataset, body)

    @staticmethod
    def _number(p, text):
        return int(text) if p["type"] == "integer" else float(text)

    def _json_value(self, p, texts):
        if p["type"] in ("isotime", "string"):
            values = texts
        else:
            values = [self._number(p, t) for t in texts]
        size = p.get("size")
        if not size:
            return values[0]

        def nest(flat, dims):
            if len(dims) == 1:
                return flat
            step = len(flat) // dims[0]
            return [nest(flat[i * step:(i + 1) * step], dims[1:]) for i in range(dims[0])]
        return nest(values, size)

    @staticmethod
    def _binary_row(columns, fields):
        out = []
        for p, ks in columns:
            for k in ks:
                if p["type"] == "double":
                    out.append(struct.pack("<d", float(fields[k])))
                elif p["type"] == "integer":
                    out.append(struct.pack("<i", int(fields[k])))
                else:
                    out.append(fields[k].encode("ascii").ljust(p["length"], b"\0")[:p["length"]])
        return b"".join(out)


def add(spec):
    """PREFIX=CONFIG.json, from test-server.py's --hapi."""
    prefix, _, config = spec.partition("=")
    SERVERS.append(("/" + prefix.strip("/"), Server(config)))
    SERVERS.sort(key=lambda s: -len(s[0]))


def find(path):
    """The server and endpoint of a URL path, or None."""
    for prefix, server in SERVERS:
        if path.startswith(prefix + "/"):
            return server, path[len(prefix) + 1:].strip("/")
    return None


def owns(path):
    return find(path) is not None


def serve(handler, path, query):
    """Answers a request of test-server.py's handler (logged like any)."""
    server, endpoint = find(path)
    code, ctype, body, headers = server.respond(endpoint, query)
    http, message = STATUS[code]
    reason = HTTP_REASONS[http]
    if server.http_reason and code != 1200:
        reason += "; HAPI %d %s" % (code, message)
    handler.entry["status"] = http
    try:
        handler.send_response(http, reason)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.end_headers()
    except OSError:
        handler.entry["aborted"] = True
        handler.close_connection = True
        return
    if handler.command != "HEAD" and body:
        handler._write(body)
