#!/usr/bin/env python3
"""Independent reference implementation ("oracle") of /work/shared/spec/SEMANTICS.md.

Python 3.11, standard library only.  Bounded (file) semantics: every event lands in its
window, results do not depend on record order.

Usage:
  python3 oracle.py FILE [FILE...] [--ports 7844,...] [--window-size-min 60] [--window-offset-min 50]
                    [--no-time-range]
      rows (JSON lines, sorted by window_start then JSON text) on stdout,
      dead letters {"origin": "FILE:LINE", "reason": CODE} on stderr,
      counts JSON as the last stderr line.
  python3 oracle.py --regen
      regenerates testdata/expected/* from every file in testdata/events/ (default settings), and
      expected/<case>.no-time-range.* for the cases in NO_TIME_RANGE_CASES.

Limits (spec section 7) at the job's defaults: 1 MiB records, JSON and XML depth 64, at most 2^20 fields
(JSON object members at any depth; XML elements, attributes and namespace declarations) and
2^20 UTF-16 characters per field name or value, and event times from 2000-01-01T00:00:00Z to one
day past the wall clock (time-out-of-range; --no-time-range lifts both bounds, like the job's
tunnelwatch.limits.min-event-time=none and max-event-time-ahead=none).
"""
import json
import os
import re
import sys
import time
import xml.parsers.expat as expat

# Ports and epoch times may be written with any number of digits (a 1 MiB record can hold a million);
# Python's default cap on int() of long digit strings would crash on them.
sys.set_int_max_str_digits(0)

MAX_RECORD_BYTES = 1048576
MAX_JSON_DEPTH = 64
MAX_XML_DEPTH = 64
MAX_FIELDS = 1 << 20
MAX_FIELD_CHARS = 1 << 20
MIN_EVENT_MS = 946684800000     # 2000-01-01T00:00:00.000Z
MAX_AHEAD_MS = 86400000         # one day past the wall clock
NO_TIME_RANGE_CASES = ("extreme-windows", "time-range")
WS = " \t\r\n"

MIN_MS = 0                      # 1970-01-01T00:00:00.000Z
MAX_MS = 253402300799999        # 9999-12-31T23:59:59.999Z

SYSMON_FIELDS = ("Image", "DestinationHostname", "DestinationIp", "DestinationPort", "Initiated",
                 "SourceHostname", "SourceIp", "SourcePort", "Protocol", "User",
                 "DestinationIsIpv6", "UtcTime")
CIM_FIELDS = ("action", "app", "dest", "dest_ip", "dest_port", "direction", "dvc", "protocol",
              "protocol_version", "src", "src_ip", "src_port", "transport", "user",
              "vendor_product")
BY_FIELDS = tuple(f for f in CIM_FIELDS if f != "src_port")
ROW_KEYS = CIM_FIELDS + ("count", "firstTime", "lastTime", "window_start", "window_end")


class DeadLetter(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------------------------
# JSON: own strict RFC 8259 parser (keeps number literal text, duplicate keys, tracks depth and
# unpaired surrogates).  Values: ("obj", [(k, v), ...]) ("arr", [...]) ("str", s) ("num", text)
# ("bool", "true"/"false") ("null", None)
# --------------------------------------------------------------------------------------------
_NUM_RE = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_HEX = set("0123456789abcdefABCDEF")
_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class _JsonParser:
    def __init__(self, text):
        self.s = text
        self.i = 0
        self.depth = 0
        self.surrogate = False
        self.fields = 0

    def fail(self):
        raise DeadLetter("malformed-json")

    def ws(self):
        s, i, n = self.s, self.i, len(self.s)
        while i < n and s[i] in WS:
            i += 1
        self.i = i

    def value(self):
        self.ws()
        if self.i >= len(self.s):
            self.fail()
        c = self.s[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c == '"':
            return ("str", self.string())
        if c == "t" and self.s.startswith("true", self.i):
            self.i += 4
            return ("bool", "true")
        if c == "f" and self.s.startswith("false", self.i):
            self.i += 5
            return ("bool", "false")
        if c == "n" and self.s.startswith("null", self.i):
            self.i += 4
            return ("null", None)
        m = _NUM_RE.match(self.s, self.i)
        if m and m.end() > self.i:
            self.i = m.end()
            check_chars(m.group(0))
            # a digit right after the literal (e.g. 07844 -> "0" then "7844") is caught by the
            # caller as a missing separator
            return ("num", m.group(0))
        self.fail()  # NaN, Infinity, garbage

    def push(self):
        self.depth += 1
        if self.depth > MAX_JSON_DEPTH:
            raise DeadLetter("nesting-too-deep")

    def obj(self):
        self.push()
        self.i += 1
        pairs = []
        self.ws()
        if self.i < len(self.s) and self.s[self.i] == "}":
            self.i += 1
            self.depth -= 1
            return ("obj", pairs)
        while True:
            self.ws()
            if self.i >= len(self.s) or self.s[self.i] != '"':
                self.fail()
            k = self.string()
            self.fields += 1
            if self.fields > MAX_FIELDS:
                raise DeadLetter("too-many-fields")
            self.ws()
            if self.i >= len(self.s) or self.s[self.i] != ":":
                self.fail()
            self.i += 1
            v = self.value()
            pairs.append((k, v))
            self.ws()
            if self.i >= len(self.s):
                self.fail()
            c = self.s[self.i]
            self.i += 1
            if c == ",":
                continue
            if c == "}":
                self.depth -= 1
                return ("obj", pairs)
            self.fail()

    def arr(self):
        self.push()
        self.i += 1
        items = []
        self.ws()
        if self.i < len(self.s) and self.s[self.i] == "]":
            self.i += 1
            self.depth -= 1
            return ("arr", items)
        while True:
            items.append(self.value())
            self.ws()
            if self.i >= len(self.s):
                self.fail()
            c = self.s[self.i]
            self.i += 1
            if c == ",":
                continue
            if c == "]":
                self.depth -= 1
                return ("arr", items)
            self.fail()

    def string(self):
        s, n = self.s, len(self.s)
        i = self.i + 1
        units = []  # list of code points; surrogates from \u escapes kept as-is, paired later
        while True:
            if i >= n:
                self.fail()
            c = s[i]
            if c == '"':
                i += 1
                break
            if c == "\\":
                if i + 1 >= n:
                    self.fail()
                e = s[i + 1]
                if e in _ESC:
                    units.append(ord(_ESC[e]))
                    i += 2
                elif e == "u":
                    h = s[i + 2:i + 6]
                    if len(h) != 4 or any(ch not in _HEX for ch in h):
                        self.fail()
                    units.append(int(h, 16))
                    i += 6
                else:
                    self.fail()
                continue
            if ord(c) < 0x20:
                self.fail()
            units.append(ord(c))
            i += 1
        self.i = i
        out = []
        j = 0
        while j < len(units):
            u = units[j]
            if 0xD800 <= u <= 0xDBFF and j + 1 < len(units) and 0xDC00 <= units[j + 1] <= 0xDFFF:
                out.append(chr(0x10000 + ((u - 0xD800) << 10) + (units[j + 1] - 0xDC00)))
                j += 2
                continue
            if 0xD800 <= u <= 0xDFFF:
                self.surrogate = True
                out.append("\ufffd")
            else:
                out.append(chr(u))
            j += 1
        out = "".join(out)
        check_chars(out)
        return out


def u16len(s):
    """Length in UTF-16 code units, as the job counts characters."""
    return len(s) + sum(1 for c in s if ord(c) > 0xFFFF)


def check_chars(s):
    if len(s) > MAX_FIELD_CHARS // 2 and u16len(s) > MAX_FIELD_CHARS:
        raise DeadLetter("field-too-long")


def parse_json(text):
    p = _JsonParser(text)
    v = p.value()
    p.ws()
    if p.i != len(text):
        raise DeadLetter("malformed-json")
    if v[0] != "obj":
        raise DeadLetter("malformed-json")
    if p.surrogate:
        raise DeadLetter("unpaired-surrogate")
    return v


# --------------------------------------------------------------------------------------------
# XML via expat (namespaces on, DTD refused, XML declaration version must be 1.x)
# --------------------------------------------------------------------------------------------
class _Node:
    __slots__ = ("local", "attrs", "children", "text")

    def __init__(self, local, attrs):
        self.local = local
        self.attrs = attrs
        self.children = []
        self.text = []


_XMLDECL_RE = re.compile(r"<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(['\"])([^'\"]*)\1")


class _Refused(Exception):
    pass


class _Limit(Exception):
    """A limit broken inside an expat handler (a DeadLetter there would be wrapped by expat)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def prolog_doctype(s):
    """Index of a <!DOCTYPE after the prolog's declaration, comments, PIs and whitespace, or -1."""
    i = 0
    while i < len(s):
        if s[i] in WS:
            i += 1
        elif s.startswith("<?", i):
            e = s.find("?>", i + 2)
            if e < 0:
                return -1
            i = e + 2
        elif s.startswith("<!--", i):
            e = s.find("-->", i + 4)
            if e < 0:
                return -1
            i = e + 3
        else:
            return i if s.startswith("<!DOCTYPE", i) else -1
    return -1


def well_formed(s):
    p = expat.ParserCreate(encoding="UTF-8", namespace_separator="\x01")
    try:
        p.Parse(s.encode("utf-8"), True)
        return True
    except expat.ExpatError:
        return False


def parse_xml(text):
    if text.startswith("<?xml"):
        m = _XMLDECL_RE.match(text)
        if m and not re.fullmatch(r"1\.[0-9]+", m.group(2)):
            raise DeadLetter("malformed-xml")
    d = prolog_doctype(text)
    if d >= 0 and well_formed(text[:d] + "<Event/>"):
        # a DOCTYPE where the prolog allows one is a DTD, whatever follows it (even cut short)
        raise DeadLetter("dtd-refused")
    p = expat.ParserCreate(encoding="UTF-8", namespace_separator="\x01")
    p.buffer_text = True
    p.namespace_prefixes = True  # names arrive as uri\x01local\x01prefix: their written length is known
    try:
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    except Exception:
        pass
    stack = []
    root = []
    fields = [0]

    def count(n):
        fields[0] += n
        if fields[0] > MAX_FIELDS:
            raise _Limit("too-many-fields")

    def chars(s):
        try:
            check_chars(s)
        except DeadLetter as d:
            raise _Limit(d.reason)

    def written(name):
        parts = name.split("\x01")
        if len(parts) == 3:
            return parts[2] + ":" + parts[1]
        return parts[-1]

    def ns_decl(prefix, uri):
        count(1)
        chars("xmlns" + (":" + prefix if prefix else ""))
        chars(uri or "")

    def start(name, attrs):
        if len(stack) >= MAX_XML_DEPTH:
            raise _Limit("nesting-too-deep")
        parts = name.split("\x01")
        local = parts[1] if len(parts) > 1 else parts[0]
        count(1 + len(attrs))
        chars(written(name))
        a = {}
        for k, v in attrs.items():
            # namespaced attributes come as "uri\x01local[\x01prefix]": they are not Name / SystemTime
            chars(written(k))
            chars(v)
            a[k] = v
        n = _Node(local, a)
        if stack:
            stack[-1].children.append(n)
        else:
            root.append(n)
        stack.append(n)

    def end(name):
        chars("".join(stack.pop().text))

    def char_data(d):
        if stack:
            stack[-1].text.append(d)

    def doctype(*a):
        raise _Refused()

    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = char_data
    p.StartDoctypeDeclHandler = doctype
    p.StartNamespaceDeclHandler = ns_decl
    try:
        p.Parse(text.encode("utf-8"), True)
    except _Refused:
        raise DeadLetter("dtd-refused")
    except _Limit as e:
        raise DeadLetter(e.reason)
    except expat.ExpatError:
        raise DeadLetter("malformed-xml")
    if not root:
        raise DeadLetter("malformed-xml")
    return root[0]


# --------------------------------------------------------------------------------------------
# Field access helpers.  A field value is ("val", str) for a scalar, ("bad", None) for
# array/object / XML element with child elements, or None for absent.
# --------------------------------------------------------------------------------------------
def jscalar(v):
    t = v[0]
    if t == "str" or t == "num" or t == "bool":
        return v[1]
    if t == "null":
        return ""
    return None  # array / object


def is_empty(s):
    return s is None or s == ""


class Fields:
    """Collects the read fields of a record, detecting duplicates and non-scalars."""

    def __init__(self):
        self.dup = False
        self.notscalar = False
        self.vals = {}

    def put_json(self, name, pairs, key):
        hits = [v for k, v in pairs if k == key]
        if len(hits) > 1:
            self.dup = True
        if hits:
            s = jscalar(hits[0])
            if s is None:
                self.notscalar = True
                s = ""
            self.vals[name] = s
        else:
            self.vals.setdefault(name, None)

    def get(self, name):
        return self.vals.get(name)


def jobj(pairs, key, fields_for_dup):
    """A container key (winlog, event, host, event_data, EventData): duplicate check, and its
    value if it is an object, else None (non-objects count as absent)."""
    hits = [v for k, v in pairs if k == key]
    if len(hits) > 1:
        fields_for_dup.dup = True
    for v in hits:
        if v[0] == "obj":
            return v[1]
    return None


def has_key(pairs, key):
    return any(k == key for k, _ in pairs)


def first_nonempty(*vals):
    for v in vals:
        if not is_empty(v):
            return v
    return None


# --------------------------------------------------------------------------------------------
# Scalars
# --------------------------------------------------------------------------------------------
_DIGITS = re.compile(r"[0-9]+")


def as_int(s):
    """Integer per section 4: ASCII digits, surrounding whitespace ignored. None otherwise."""
    if s is None:
        return None
    t = s.strip(WS)
    if _DIGITS.fullmatch(t):
        return int(t)
    return None


def ascii_lower(s):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def ieq(a, b):
    return ascii_lower(a) == ascii_lower(b)


_TS_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})"
                    r"(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2})?")
_EPOCH_RE = re.compile(r"([0-9]+)(?:\.([0-9]+))?")


def days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z):
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return (y + (m <= 2), m, d)


def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def parse_ts(s):
    """Timestamp string -> epoch ms (truncated), or None if unparsable.  No range check."""
    if s is None:
        return None
    m = _TS_RE.fullmatch(s.strip(WS))
    if not m:
        return None
    y, mo, d, hh, mi, ss = (int(m.group(i)) for i in range(1, 7))
    frac, zone = m.group(7), m.group(8)
    if not (1 <= mo <= 12):
        return None
    mdays = [31, 29 if _leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
    if not (1 <= d <= mdays) or hh > 23 or mi > 59 or ss > 59:
        return None
    off = 0
    if zone and zone != "Z":
        oh, om = int(zone[1:3]), int(zone[4:6])
        if oh > 23 or om > 59:
            return None
        off = (oh * 60 + om) * 60000 * (1 if zone[0] == "+" else -1)
    ms = int((frac or "").ljust(3, "0")[:3])
    return ((days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss) * 1000 + ms) - off


def parse_epoch(s):
    if s is None:
        return None
    m = _EPOCH_RE.fullmatch(s.strip(WS))
    if not m:
        return None
    return int(m.group(1)) * 1000 + int((m.group(2) or "").ljust(3, "0")[:3])


def in_range(ms):
    return ms is not None and MIN_MS <= ms <= MAX_MS


def fmt_instant(ms):
    """Like java.time.Instant.toString for whole-second instants (window bounds)."""
    days, rem = divmod(ms // 1000, 86400)
    y, mo, d = civil_from_days(days)
    hh, rem = divmod(rem, 3600)
    mi, ss = divmod(rem, 60)
    ys = ("+%d" % y) if y > 9999 else ("%04d" % y)
    s = "%s-%02d-%02dT%02d:%02d:%02d" % (ys, mo, d, hh, mi, ss)
    frac = ms % 1000
    if frac:
        s += ".%03d" % frac
    return s + "Z"


def fmt_ctime(ms):
    days, rem = divmod(ms // 1000, 86400)
    y, mo, d = civil_from_days(days)
    hh, rem = divmod(rem, 3600)
    mi, ss = divmod(rem, 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d" % (y, mo, d, hh, mi, ss)


# --------------------------------------------------------------------------------------------
# Record decoding
# --------------------------------------------------------------------------------------------
def user_rule(u):
    if is_empty(u) or u == "-":
        return None
    # (.*)\\(.+)$ -> group 2: the text after the last backslash that is followed by >= 1 char
    idx = u.rfind("\\", 0, len(u) - 1)
    if idx >= 0:
        return u[idx + 1:]
    return u


def map_sysmon(f):
    """f: dict name -> str or None (Sysmon field values).  Returns the CIM dict (strings)."""
    def nz(v, default):
        return default if is_empty(v) else v
    dh, dip = f.get("DestinationHostname"), f.get("DestinationIp")
    dest = dh if (not is_empty(dh) and dh != "-") else dip
    sh, sip = f.get("SourceHostname"), f.get("SourceIp")
    if not is_empty(sh) and sh != "-":
        src = sh
    elif not is_empty(sip) and sip != "-":
        src = sip
    else:
        src = None
    dp, sp = as_int(f.get("DestinationPort")), as_int(f.get("SourcePort"))
    proto = f.get("Protocol")
    init, v6 = f.get("Initiated"), f.get("DestinationIsIpv6")
    return {
        "action": "allowed",
        "app": nz(f.get("Image"), "null"),
        "dest": nz(dest, "unknown"),
        "dest_ip": nz(dip, "null"),
        "dest_port": dp if dp is not None else 0,
        "direction": "outbound" if (init is not None and ieq(init, "true")) else "inbound",
        "dvc": nz(f.get("Computer"), "unknown"),
        "protocol": "ip",
        "protocol_version": "ipv6" if (v6 is not None and ieq(v6, "true")) else "ipv4",
        "src": nz(src, "unknown"),
        "src_ip": nz(sip, "null"),
        "src_port": sp if sp is not None else 0,
        "transport": "unknown" if is_empty(proto) else ascii_lower(proto),
        "user": nz(user_rule(f.get("User")), "unknown"),
        "vendor_product": "Microsoft Sysmon",
    }


CIM_DEFAULTS = {"action": "unknown", "dest": "unknown", "dvc": "unknown", "src": "unknown",
                "transport": "unknown", "user": "unknown", "vendor_product": "unknown"}


def map_cim(f):
    out = {}
    for k in CIM_FIELDS:
        v = f.get(k)
        if k in ("dest_port", "src_port"):
            n = as_int(v)
            out[k] = n if n is not None else 0
        elif is_empty(v):
            out[k] = CIM_DEFAULTS.get(k, "null")
        elif k == "transport":
            out[k] = ascii_lower(v)
        else:
            out[k] = v
    return out


def sysmon_time(utc, fallbacks):
    """UtcTime first (parses but out of range -> dead letter), then fallbacks in order."""
    t = parse_ts(utc)
    if t is not None:
        if not in_range(t):
            raise DeadLetter("no-usable-time")
        return t
    for fb in fallbacks:
        t = parse_ts(fb)
        if in_range(t):
            return t
    raise DeadLetter("no-usable-time")


def is_sysmon(provider, channel):
    if not is_empty(provider):
        return ieq(provider, "Microsoft-Windows-Sysmon")
    if not is_empty(channel):
        return ieq(channel, "Microsoft-Windows-Sysmon/Operational")
    return True


def is_eid3(v, json_num=False):
    if v is None:
        return False
    if json_num:
        return re.fullmatch(r"-?[0-9]+", v) is not None and int(v) == 3
    n = as_int(v)
    return n == 3


def decode_xml(text):
    """-> ("skip", None) or ("event", (cim, time_ms))"""
    root = parse_xml(text)
    if root.local != "Event":
        raise DeadLetter("unrecognised-record")
    dup = notscalar = False
    sys_vals = {}
    counts = {}

    def take(key, node_list, attr=None):
        nonlocal dup, notscalar
        hits = []
        for n in node_list:
            if attr is None:
                hits.append(n)
            elif attr in n.attrs:
                hits.append(n)
        if len(hits) > 1:
            dup = True
        if not hits:
            sys_vals[key] = None
            return
        n = hits[0]
        if attr is not None:
            sys_vals[key] = n.attrs[attr]
        else:
            if any(c for c in n.children):
                notscalar = True
            sys_vals[key] = "".join(n.text)

    systems = [c for c in root.children if c.local == "System"]
    sys_children = [c for s in systems for c in s.children]
    take("EventID", [c for c in sys_children if c.local == "EventID"])
    take("Computer", [c for c in sys_children if c.local == "Computer"])
    take("Channel", [c for c in sys_children if c.local == "Channel"])
    take("Provider", [c for c in sys_children if c.local == "Provider"], "Name")
    take("TimeCreated", [c for c in sys_children if c.local == "TimeCreated"], "SystemTime")
    data = [d for ed in root.children if ed.local == "EventData"
            for d in ed.children if d.local == "Data" and "Name" in d.attrs]
    f = {}
    for name in SYSMON_FIELDS:
        hits = [d for d in data if d.attrs["Name"] == name]
        if len(hits) > 1:
            dup = True
        if hits:
            if hits[0].children:
                notscalar = True
            f[name] = "".join(hits[0].text)
        else:
            f[name] = None
    if dup:
        raise DeadLetter("duplicate-field")
    if notscalar:
        raise DeadLetter("not-a-scalar")
    if not is_sysmon(sys_vals["Provider"], sys_vals["Channel"]) or not is_eid3(sys_vals["EventID"]):
        return ("skip", None)
    t = sysmon_time(f["UtcTime"], [sys_vals["TimeCreated"]])
    f["Computer"] = sys_vals["Computer"]
    return ("event", (map_sysmon(f), t))


def decode_json(text):
    top = parse_json(text)[1]
    fl = Fields()
    winlog_probe = [v for k, v in top if k == "winlog" and v[0] == "obj"]
    if winlog_probe:
        # ---------------- Winlogbeat
        winlog = jobj(top, "winlog", fl)
        event = jobj(top, "event", fl)
        host = jobj(top, "host", fl)
        ed = jobj(winlog, "event_data", fl)
        fl.put_json("event_id", winlog, "event_id")
        fl.put_json("computer_name", winlog, "computer_name")
        fl.put_json("provider_name", winlog, "provider_name")
        fl.put_json("channel", winlog, "channel")
        fl.put_json("code", event or [], "code")
        fl.put_json("host.name", host or [], "name")
        fl.put_json("@timestamp", top, "@timestamp")
        for name in SYSMON_FIELDS:
            fl.put_json("ed." + name, ed or [], name)
        if fl.dup:
            raise DeadLetter("duplicate-field")
        if fl.notscalar:
            raise DeadLetter("not-a-scalar")
        eid_raw = [("winlog", "event_id"), ("event", "code")]
        eid, eid_num = None, False
        for (cont, key), name in zip(eid_raw, ("event_id", "code")):
            v = fl.get(name)
            if not is_empty(v):
                eid = v
                src_obj = winlog if cont == "winlog" else (event or [])
                eid_num = [x for k, x in src_obj if k == key][0][0] == "num"
                break
        if not is_sysmon(fl.get("provider_name"), fl.get("channel")) or not is_eid3(eid, eid_num):
            return ("skip", None)
        f = {n: fl.get("ed." + n) for n in SYSMON_FIELDS}
        t = sysmon_time(f["UtcTime"], [fl.get("@timestamp")])
        f["Computer"] = first_nonempty(fl.get("computer_name"), fl.get("host.name"))
        return ("event", (map_sysmon(f), t))

    edata_probe = [v for k, v in top if k == "EventData" and v[0] == "obj"]
    is_flat = (has_key(top, "EventID") or has_key(top, "EventCode") or has_key(top, "DestinationPort")
               or any(has_key(v[1], "DestinationPort") for v in edata_probe))
    if is_flat:
        # ---------------- flat Sysmon JSON (NXLog & co)
        ed = jobj(top, "EventData", fl)
        loc = ed if ed is not None else top
        for k in ("EventID", "EventCode", "Computer", "Hostname", "SourceName", "ProviderName",
                  "Provider", "Channel", "TimeCreated", "@timestamp", "_time"):
            fl.put_json(k, top, k)
        for name in SYSMON_FIELDS:
            fl.put_json("f." + name, loc, name)
        if fl.dup:
            raise DeadLetter("duplicate-field")
        if fl.notscalar:
            raise DeadLetter("not-a-scalar")
        eid, eid_num = None, False
        for key in ("EventID", "EventCode"):
            v = fl.get(key)
            if not is_empty(v):
                eid = v
                eid_num = [x for k, x in top if k == key][0][0] == "num"
                break
        provider = first_nonempty(fl.get("SourceName"), fl.get("ProviderName"), fl.get("Provider"))
        if not is_sysmon(provider, fl.get("Channel")) or not is_eid3(eid, eid_num):
            return ("skip", None)
        f = {n: fl.get("f." + n) for n in SYSMON_FIELDS}
        # "else" means "when the first is empty" (spec section 2): the first non-empty of the
        # three is the fallback, and if it is unusable there is no usable time.
        t = sysmon_time(f["UtcTime"], [first_nonempty(fl.get("TimeCreated"), fl.get("@timestamp"), fl.get("_time"))])
        f["Computer"] = first_nonempty(fl.get("Computer"), fl.get("Hostname"))
        return ("event", (map_sysmon(f), t))

    if has_key(top, "_time") or has_key(top, "dest_port") or any(k.startswith("All_Traffic.") for k, _ in top):
        # ---------------- CIM JSON
        for k in CIM_FIELDS:
            fl.put_json("p." + k, top, "All_Traffic." + k)
            fl.put_json(k, top, k)
        fl.put_json("_time", top, "_time")
        if fl.dup:
            raise DeadLetter("duplicate-field")
        if fl.notscalar:
            raise DeadLetter("not-a-scalar")
        f = {k: first_nonempty(fl.get("p." + k), fl.get(k)) for k in CIM_FIELDS}
        tv = fl.get("_time")
        t = parse_ts(tv)
        if t is None:
            t = parse_epoch(tv)
        if not in_range(t):
            raise DeadLetter("no-usable-time")
        return ("event", (map_cim(f), t))

    raise DeadLetter("unrecognised-record")


def decode_record(raw, time_range=True, now_ms=None):
    """raw: bytes of one record (line end and file BOM removed).
    -> ("skip", None) | ("event", (cim, t)) ; raises DeadLetter.
    The time range applies to the time picked, once the record would otherwise be accepted."""
    kind, ev = decode_text(raw)
    if kind == "event" and time_range:
        t = ev[1]
        if now_ms is None:
            now_ms = time.time_ns() // 1000000
        if t < MIN_EVENT_MS or t - now_ms > MAX_AHEAD_MS:
            raise DeadLetter("time-out-of-range")
    return kind, ev


def decode_text(raw):
    if len(raw) > MAX_RECORD_BYTES:
        raise DeadLetter("record-too-large")
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        raise DeadLetter("invalid-utf8")
    stripped = text.lstrip(WS)
    if stripped.startswith("{"):
        return decode_json(text)
    if stripped.startswith("<"):
        return decode_xml(text)
    raise DeadLetter("unrecognised-record")


# --------------------------------------------------------------------------------------------
# Files, aggregation
# --------------------------------------------------------------------------------------------
def records(data):
    """Yield (line_no, bytes) for non-blank lines of a file's bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for i, line in enumerate(lines, 1):
        if line.endswith(b"\r"):
            line = line[:-1]
        if line.strip(b" \t\r\n") == b"":
            continue
        yield i, line


def run(paths, ports, size_ms=3600000, offset_ms=3000000, time_range=True):
    counts = {"read": 0, "matched": 0, "not_matching": 0, "skipped": 0, "dead_lettered": 0, "rows": 0}
    dead = []
    groups = {}
    for path in paths:
        with open(path, "rb") as fh:
            data = fh.read()
        for ln, raw in records(data):
            counts["read"] += 1
            try:
                kind, ev = decode_record(raw, time_range)
            except DeadLetter as d:
                counts["dead_lettered"] += 1
                dead.append((path, ln, d.reason))
                continue
            if kind == "skip":
                counts["skipped"] += 1
                continue
            cim, t = ev
            if cim["dest_port"] not in ports:
                counts["not_matching"] += 1
                continue
            counts["matched"] += 1
            ws = (t - offset_ms) // size_ms * size_ms + offset_ms
            key = (ws,) + tuple(str(cim[k]) for k in BY_FIELDS)
            g = groups.get(key)
            if g is None:
                g = groups[key] = {"count": 0, "min": t, "max": t, "ports": set()}
            g["count"] += 1
            g["min"] = min(g["min"], t)
            g["max"] = max(g["max"], t)
            g["ports"].add(str(cim["src_port"]))
    rows = []
    for key, g in groups.items():
        ws = key[0]
        row = dict(zip(BY_FIELDS, key[1:]))
        row["src_port"] = sorted(g["ports"])
        row["count"] = g["count"]
        row["firstTime"] = fmt_ctime(g["min"])
        row["lastTime"] = fmt_ctime(g["max"])
        row["window_start"] = fmt_instant(ws)
        row["window_end"] = fmt_instant(ws + size_ms)
        ordered = {k: row[k] for k in ROW_KEYS}
        rows.append((ws, json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))))
    rows.sort()
    counts["rows"] = len(rows)
    return [r for _, r in rows], dead, counts


def parse_ports(s):
    out = set()
    for p in s.split(","):
        n = as_int(p)
        if n is None:
            raise SystemExit("bad port: %r" % p)
        out.add(n)
    return out


def write_expected(exdir, name, result):
    rows, dead, counts = result
    with open(os.path.join(exdir, name + ".rows.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write("".join(r + "\n" for r in rows))
    with open(os.path.join(exdir, name + ".dead-letters.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        for _, ln, reason in sorted(dead, key=lambda d: d[1]):
            fh.write(json.dumps({"line": ln, "reason": reason}) + "\n")
    with open(os.path.join(exdir, name + ".counts.json"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(json.dumps(counts) + "\n")
    print("%-46s %s" % (name, json.dumps(counts)))


def regen():
    here = os.path.dirname(os.path.abspath(__file__))
    base = os.path.dirname(here)
    evdir, exdir = os.path.join(base, "events"), os.path.join(base, "expected")
    os.makedirs(exdir, exist_ok=True)
    stems = set()
    for name in sorted(os.listdir(evdir)):
        path = os.path.join(evdir, name)
        if not os.path.isfile(path):
            continue
        stem = name.rsplit(".", 1)[0]
        if stem in stems:
            raise SystemExit("duplicate case name " + stem)
        stems.add(stem)
        write_expected(exdir, stem, run([path], {7844}))
        if stem in NO_TIME_RANGE_CASES:
            write_expected(exdir, stem + ".no-time-range", run([path], {7844}, time_range=False))
    # drop expected files of cases (and variants) that no longer exist
    variants = {"": stems, ".no-time-range": set(NO_TIME_RANGE_CASES) & stems}
    for name in sorted(os.listdir(exdir)):
        stem, rest = name.split(".", 1)
        variant = ".no-time-range" if rest.startswith("no-time-range.") else ""
        if stem not in variants[variant]:
            os.remove(os.path.join(exdir, name))


def main(argv):
    if argv == ["--regen"]:
        regen()
        return 0
    ports = {7844}
    size_min, offset_min = 60, 50
    time_range = True
    files = []
    it = iter(argv)
    for a in it:
        if a == "--ports":
            ports = parse_ports(next(it))
        elif a.startswith("--ports="):
            ports = parse_ports(a.split("=", 1)[1])
        elif a == "--window-size-min":
            size_min = int(next(it))
        elif a == "--window-offset-min":
            offset_min = int(next(it))
        elif a == "--no-time-range":
            time_range = False
        else:
            files.append(a)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    rows, dead, counts = run(files, ports, size_min * 60000, offset_min * 60000, time_range)
    out = sys.stdout
    for r in rows:
        out.write(r + "\n")
    out.flush()
    for path, ln, reason in dead:
        sys.stderr.write(json.dumps({"origin": "%s:%d" % (path, ln), "reason": reason}) + "\n")
    sys.stderr.write(json.dumps(counts) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
