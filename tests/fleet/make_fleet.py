#!/usr/bin/python3
"""Writes a sample fleet of SMS 2.0 machine images for smsscan's tests, demo and benchmark.

Each machine is a folder standing for its ADMIN$ share (the Windows directory);
the SMS client lives in MS/SMS/CORE/BIN. Executables and DLLs are real PE
images: copies of the mingw-built templates (tests/fixtures) with the COFF
Machine and TimeDateStamp patched and the last section grown to the exact size
of the file the state calls for, so that a truncated copy cuts into a section
just as it would on a real machine.

    make_fleet.py --templates BUILD/fixtures --out DIR [--machines N] [--states a,b] [--names ip|host]

Writes DIR/<name>/... for every machine and DIR/expected.csv (name, state,
expected status, expected platform). Site-system states add
DIR/<name>.shares/<SHARE>/... (the layout the Samba test fleet serves).
"""

import argparse
import calendar
import csv
import datetime
import os
import shutil
import struct
import sys

CLIENT_DIR = ("MS", "SMS", "CORE", "BIN")
INTEL, ALPHA = 0x14C, 0x184

# The SP1 rows of KB Q231399 (name, size, local date and time, platform).
SP1 = {
    ("Compver.ini", None): (67, "1999-06-08 18:12"),
    ("Mslmclin.dll", INTEL): (336224, "1999-06-08 18:09"),
    ("Abnwcli.dll", INTEL): (228704, "1999-04-06 18:11"),
    ("NdsCliN.dll", INTEL): (264544, "1999-06-08 11:52"),
    ("Mslmsvrn.dll", INTEL): (334176, "1999-06-08 18:09"),
    ("Clisvcl.exe", INTEL): (69488, "1999-05-19 13:03"),
    ("CCMCore.exe", INTEL): (1172311, "1999-06-08 18:12"),
    ("CliCore.exe", INTEL): (3118422, "1999-06-08 18:18"),
    ("Mslmclin.dll", ALPHA): (575248, "1999-06-08 18:10"),
    ("Abnwcli.dll", ALPHA): (403728, "1999-04-06 18:13"),
    ("Mslmsvrn.dll", ALPHA): (571152, "1999-06-08 18:10"),
    ("Clicore.exe", ALPHA): (4085128, "1999-06-08 18:18"),
    ("CCMCore.exe", ALPHA): (1667169, "1999-06-08 18:18"),
    ("Clisvcl.exe", ALPHA): (101648, "1999-05-19 13:03"),
}

# Builds and their file dates: RTM (before the fix), SP1, SP2 (later).
BUILDS = {
    "rtm": ("2.0.1239.0", "1999-02-19 16:40", 0.93),
    "sp1": ("2.0.1380.1000", None, 1.0),
    "sp2": ("2.0.1493.2000", "1999-12-02 00:17", 1.06),
}

# state -> (platform, build of each PE file, expected status, extra)
STATES = {
    "sp1": (INTEL, "sp1", "compliant"),
    "pre-sp1": (INTEL, "rtm", "needs-fix"),
    "sp2": (INTEL, "sp2", "compliant"),
    "mixed": (INTEL, "sp1", "needs-fix"),      # one stale file: Clisvcl.exe from RTM
    "no-client": (INTEL, None, "not-installed"),
    "alpha": (ALPHA, "sp1", "compliant"),
    "alpha-pre-sp1": (ALPHA, "rtm", "needs-fix"),
    "truncated": (INTEL, "sp1", "review"),     # CliCore.exe cut short: corrupt
    "review": (INTEL, "sp1", "review"),        # Compver.ini dated SP1 but 65 bytes
}

PLATFORM_NAME = {INTEL: "Intel", ALPHA: "Alpha"}


def pacific_to_utc(text):
    """'1999-06-08 18:12' in Redmond local time -> Unix seconds (US DST rules of 1987-2006)."""
    local = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M")
    year = local.year
    april = datetime.date(year, 4, 1)
    dst_start = april + datetime.timedelta(days=(6 - april.weekday()) % 7)
    october_end = datetime.date(year, 10, 31)
    dst_end = october_end - datetime.timedelta(days=(october_end.weekday() + 1) % 7)
    daylight = dst_start <= local.date() < dst_end
    return calendar.timegm(local.timetuple()) + (7 if daylight else 8) * 3600


class Template:
    """A PE template and where its header fields are."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = bytearray(f.read())
        pe = struct.unpack_from("<I", self.data, 0x3C)[0]
        if self.data[pe:pe + 4] != b"PE\0\0":
            raise SystemExit(f"{path}: not a PE image")
        self.machine_at = pe + 4
        self.stamp_at = pe + 8
        sections = struct.unpack_from("<H", self.data, pe + 6)[0]
        optional_size = struct.unpack_from("<H", self.data, pe + 20)[0]
        table = pe + 24 + optional_size
        self.last_raw_size_at = None
        last_end = 0
        for i in range(sections):
            entry = table + 40 * i
            raw_size, raw_pointer = struct.unpack_from("<II", self.data, entry + 16)
            if raw_pointer + raw_size >= last_end:
                last_end = raw_pointer + raw_size
                self.last_raw_size_at = entry + 16
        if last_end != len(self.data):
            raise SystemExit(f"{path}: the last section does not end the file")

    def image(self, machine, link_time, size):
        data = bytearray(self.data)
        if size < len(data):
            raise SystemExit(f"a PE file of {size} bytes is smaller than the template ({len(data)})")
        struct.pack_into("<H", data, self.machine_at, machine)
        struct.pack_into("<I", data, self.stamp_at, link_time)
        raw_size = struct.unpack_from("<I", data, self.last_raw_size_at)[0]
        struct.pack_into("<I", data, self.last_raw_size_at, raw_size + size - len(data))
        return bytes(data), size - len(data)


def write_file(path, content, padding, mtime):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content)
        if padding:
            f.truncate(len(content) + padding)  # sparse zeros: the grown last section
    os.utime(path, (mtime, mtime))


class Fleet:
    def __init__(self, templates_dir, out):
        self.out = out
        self.templates = {}
        for build, (version, _, _) in BUILDS.items():
            path = os.path.join(templates_dir, f"pe-template-{version}.dll")
            if not os.path.exists(path):
                raise SystemExit(f"missing PE template {path} (build the project with mingw-w64 first)")
            self.templates[build] = Template(path)
        self.cache = {}  # identical files are hard links of one copy

    def pe_file(self, name, machine, build, path, truncate=False):
        size, when = SP1[(name, machine)]
        version, build_when, factor = BUILDS[build]
        stamp = pacific_to_utc(build_when or when)
        if build == "sp1":
            stamp -= 240  # linked a few minutes before the file was written
            file_size = size
        else:
            file_size = int(size * factor)
        key = (name, machine, build, truncate)
        cached = self.cache.get(key)
        if cached:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.link(cached, path)
            return
        content, padding = self.templates[build].image(machine, stamp, file_size)
        if truncate:
            keep = file_size // 2
            content, padding = (content[:keep], 0) if keep < len(content) else (content, keep - len(content))
        write_file(path, content, padding, stamp + 240)
        self.cache[key] = path

    def compver(self, path, build, size=67):
        when = BUILDS[build][1] or SP1[("Compver.ini", None)][1]
        text = f"[Version]\r\nBuild={BUILDS[build][0]}\r\n".encode()
        text = (text + b" " * size)[:size - 2] + b"\r\n"
        write_file(path, text, 0, pacific_to_utc(when))

    def machine(self, name, state):
        platform, build, expected = STATES[state]
        root = os.path.join(self.out, name)
        os.makedirs(os.path.join(root, "system32"), exist_ok=True)
        if build is None:
            return expected, ""
        bin_dir = os.path.join(root, *CLIENT_DIR)
        names = [n for (n, m) in SP1 if m == platform]
        for file_name in names:
            file_build = build
            if state == "mixed" and file_name == "Clisvcl.exe":
                file_build = "rtm"
            self.pe_file(file_name, platform, file_build, os.path.join(bin_dir, file_name),
                         truncate=(state == "truncated" and file_name == "CliCore.exe"))
        self.compver(os.path.join(bin_dir, "Compver.ini"), build, 65 if state == "review" else 67)
        return expected, PLATFORM_NAME[platform]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", required=True, help="folder with pe-template-<version>.dll")
    parser.add_argument("--out", required=True, help="folder to write the fleet into (emptied first)")
    parser.add_argument("--states", default=",".join(STATES), help="comma-separated states, cycled over the machines")
    parser.add_argument("--machines", type=int, default=0, help="number of machines (default: one per state)")
    parser.add_argument("--names", choices=("host", "ip"), default="host",
                        help="machine folder names: pc001-STATE, or 127.0.x.y addresses for the Samba fleet")
    args = parser.parse_args()

    states = [s for s in args.states.split(",") if s]
    for state in states:
        if state not in STATES:
            raise SystemExit(f"unknown state {state!r}; known: {', '.join(STATES)}")
    count = args.machines or len(states)
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    fleet = Fleet(args.templates, args.out)
    rows = []
    for i in range(count):
        state = states[i % len(states)]
        if args.names == "ip":
            name = f"127.0.{1 + i // 250}.{1 + i % 250}"
        else:
            name = f"pc{i + 1:03d}-{state}"
        expected, platform = fleet.machine(name, state)
        rows.append((name, state, expected, platform))
    with open(os.path.join(args.out, "expected.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "state", "expected_status", "expected_platform"])
        writer.writerows(rows)
    print(f"{count} machines written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
