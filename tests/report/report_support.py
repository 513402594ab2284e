"""Helpers shared by the report script tests: running smsscan, writing a fleet
with tests/fleet/make_fleet.py, rendering a page in headless Chromium and
reading the screenshot (PNG) with the standard library, and terminals in tmux.

Python 3 standard library only.
"""

import csv
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

SKIP = 77


def run(smsscan, *args, cwd=None, stdin=None, timeout=600):
    return subprocess.run([smsscan, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout)


def make_fleet(source, templates, out, machines=0, states=None, names="host"):
    """Writes a fleet with the project's generator; returns expected.csv's rows."""
    command = [sys.executable, os.path.join(source, "tests/fleet/make_fleet.py"), "--templates", templates,
               "--out", out, "--names", names]
    if machines:
        command += ["--machines", str(machines)]
    if states:
        command += ["--states", ",".join(states)]
    subprocess.run(command, check=True, capture_output=True)
    with open(os.path.join(out, "expected.csv"), newline="") as f:
        return list(csv.DictReader(f))


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


# --- Chromium -----------------------------------------------------------------

def chromium_binary():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(page, *, screenshot=None, pdf=None, width=1280, height=1600):
    """Renders page (a file) headless, offline, with a fresh profile; returns the CompletedProcess."""
    profile = tempfile.mkdtemp(prefix="smsscan-chromium-")
    try:
        command = [chromium_binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                   "--no-first-run", "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}",
                   f"--window-size={width},{height}"]
        if screenshot:
            command.append(f"--screenshot={screenshot}")
        if pdf:
            command += [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"]
        command.append("file://" + os.path.abspath(page))
        return subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class Png:
    """An 8-bit RGB or RGBA PNG, decoded with zlib (no other library)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        if data[:8] != b"\x89PNG\r\n\x1a\n":
            raise ValueError(f"{path}: not a PNG file")
        at, idat = 8, []
        while at < len(data):
            length, kind = struct.unpack(">I4s", data[at:at + 8])
            body = data[at + 8:at + 8 + length]
            if kind == b"IHDR":
                self.width, self.height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
                if depth != 8 or colour not in (2, 6) or interlace:
                    raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {colour})")
                self.channels = 3 if colour == 2 else 4
            elif kind == b"IDAT":
                idat.append(body)
            at += 12 + length
        raw = zlib.decompress(b"".join(idat))
        stride = self.width * self.channels
        self.rows = []
        previous = bytearray(stride)
        for y in range(self.height):
            start = y * (stride + 1)
            row = bytearray(raw[start + 1:start + 1 + stride])
            self._unfilter(raw[start], row, previous)
            self.rows.append(row)
            previous = row

    def _unfilter(self, kind, row, previous):
        bpp = self.channels
        if kind == 0:
            return
        if kind == 1:
            for i in range(bpp, len(row)):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif kind == 2:
            for i in range(len(row)):
                row[i] = (row[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(len(row)):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(len(row)):
                a = row[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + predictor) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter {kind}")

    def pixel(self, x, y):
        at = x * self.channels
        return tuple(self.rows[y][at:at + 3])

    def pixels(self, step=1):
        for y in range(0, self.height, step):
            row = self.rows[y]
            for x in range(0, self.width, step):
                at = x * self.channels
                yield row[at], row[at + 1], row[at + 2]


def near(colour, wanted, tolerance=24):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted))


def hex_colour(text):
    return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5))


# --- tmux ----------------------------------------------------------------------

class Tmux:
    """A private tmux server (its own socket) with one detached session of a given size."""

    _count = 0

    def __init__(self, name, width, height=60, prefix=()):
        Tmux._count += 1  # a socket per server: a stopped one may still be going away
        self.socket = f"smsscan-{os.getpid()}-{Tmux._count}-{name}"
        self.width, self.height = width, height
        self.prefix = list(prefix)  # e.g. `ip netns exec NS`: where the session's commands run

    def tmux(self, *args, inside=False):
        command = (self.prefix if inside else []) + ["tmux", "-u", "-L", self.socket, *args]
        env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("TMUX", None)
        return subprocess.run(command, capture_output=True, text=True, timeout=30, env=env)

    def start(self, shell_command):
        """Runs shell_command in the session; the pane then stays (a shell sleeping) until stop()."""
        result = self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(self.width), "-y",
                           str(self.height), shell_command + "; sleep 3600", inside=True)
        if result.returncode != 0:
            raise RuntimeError(f"tmux new-session failed: {result.stderr}")

    def capture(self):
        return self.tmux("capture-pane", "-p", "-t", "t").stdout.splitlines()

    def wait_for(self, predicate, timeout):
        """Captures the pane until predicate(lines) holds; returns the lines (None at the deadline)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self.capture()
            if predicate(lines):
                return lines
            time.sleep(0.05)
        return None

    def stop(self):
        self.tmux("kill-server")


# --- HTML structure --------------------------------------------------------------

from html.parser import HTMLParser  # noqa: E402 (kept with the code that uses it)


class PageStructure(HTMLParser):
    """Every tag with its attributes, and the rows (cell texts) of each section's tables."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []            # (tag, {attribute: value})
        self.sections = {}        # section id -> list of rows (lists of cell texts)
        self.text = []
        self._section = None
        self._row = None
        self._cell = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self._section = attributes.get("id")
            self.sections.setdefault(self._section, [])
        elif tag == "tr" and self._section is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.sections[self._section].append(self._row)
            self._row = None
        elif tag == "section":
            self._section = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


# --- A machine that keeps a scan waiting ----------------------------------------

import contextlib  # noqa: E402
import unittest  # noqa: E402


@contextlib.contextmanager
def silent_host(source, templates, root):
    """A real Samba namespace (tests/smb/samba_fleet.py) with a silent host: a TCP listener that never
    answers, so that an SMB target there keeps its machine in flight until --timeout, deterministically.
    Yields (fleet, "ADDR"); run smsscan with fleet.popen/fleet.run or fleet.exec_prefix. Raises
    unittest.SkipTest when the namespace cannot be made (not root, no smbd)."""
    sys.path.insert(0, os.path.join(source, "tests", "smb"))
    import samba_fleet  # noqa: E402 (the Samba suite's own module)
    served = os.path.join(root, "samba-fleet")
    make_fleet(source, templates, served, machines=1, names="ip")
    try:
        with samba_fleet.SambaFleet(served, os.path.join(root, "samba-state"), silent=["127.0.9.1"]) as fleet:
            yield fleet, "127.0.9.1"
    except samba_fleet.FleetUnavailable as e:
        raise unittest.SkipTest(f"no Samba namespace for a slow machine: {e}")
