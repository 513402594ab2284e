#!/usr/bin/python3
"""Oracle test: pe_dump (smsscan's PE reader) against python3-pefile.

For every fixture DLL, and for copies patched the way the fleet generator
patches them (Machine = Alpha, TimeDateStamp changed, overlay padding), the
COFF Machine, TimeDateStamp and VS_FIXEDFILEINFO FileVersionMS/LS that
pe_dump prints must equal what pefile reads; the StringFileInfo FileVersion
must match too where pefile finds one.

Exit status: 0 pass, 1 mismatch, 77 skipped (no pefile, or no fixtures when
--require-fixtures is not given). Run with Debian's /usr/bin/python3.
"""

import argparse
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

SKIP = 77

try:
    import pefile
except ImportError as error:
    print(f"skipped: cannot import pefile ({error}); install python3-pefile and use /usr/bin/python3")
    sys.exit(SKIP)

MACHINE_ALPHA = 0x184


def coff_offset(data):
    """Offset of the COFF header (just after "PE\\0\\0")."""
    (e_lfanew,) = struct.unpack_from("<I", data, 0x3C)
    if data[e_lfanew:e_lfanew + 4] != b"PE\0\0":
        raise ValueError("no PE signature")
    return e_lfanew + 4


def patched(data, machine=None, timestamp=None, pad_to=None):
    data = bytearray(data)
    coff = coff_offset(data)
    if machine is not None:
        struct.pack_into("<H", data, coff, machine)
    if timestamp is not None:
        struct.pack_into("<I", data, coff + 4, timestamp)
    if pad_to is not None and pad_to > len(data):
        data.extend(b"\0" * (pad_to - len(data)))
    return bytes(data)


def make_variants(fixtures, workdir):
    """The fixtures themselves plus patched copies written to workdir."""
    files = list(fixtures)
    for path in fixtures:
        base = os.path.splitext(os.path.basename(path))[0]
        with open(path, "rb") as handle:
            data = handle.read()
        variants = {
            "alpha": patched(data, machine=MACHINE_ALPHA),
            "ts1999": patched(data, timestamp=0x3706C4A0),
            "ts0": patched(data, timestamp=0),
            "tsmax": patched(data, timestamp=0xFFFFFFFF),
            "alpha-ts-pad": patched(data, machine=MACHINE_ALPHA, timestamp=0x37A1B2C3, pad_to=1 << 20),
            "pad-odd": patched(data, pad_to=len(data) + 12345),
        }
        for name, content in variants.items():
            out = os.path.join(workdir, f"{base}-{name}.dll")
            with open(out, "wb") as handle:
                handle.write(content)
            files.append(out)
    return files


def pefile_view(path):
    pe = pefile.PE(path, fast_load=False)
    view = {
        "machine": pe.FILE_HEADER.Machine,
        "link_time": pe.FILE_HEADER.TimeDateStamp,
        "file_version": None,
        "version_string": None,
    }
    fixed = getattr(pe, "VS_FIXEDFILEINFO", None)
    if fixed:
        ms, ls = fixed[0].FileVersionMS, fixed[0].FileVersionLS
        view["file_version"] = f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"
    for group in getattr(pe, "FileInfo", None) or []:
        for info in group:
            if getattr(info, "Key", b"") != b"StringFileInfo":
                continue
            for table in info.StringTable[:1]:
                value = table.entries.get(b"FileVersion")
                if value is not None:
                    view["version_string"] = value.decode("ascii", "replace")
    pe.close()
    return view


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pe-dump", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--require-fixtures", action="store_true",
                        help="fail instead of skipping when no fixture is found")
    args = parser.parse_args()

    fixtures = sorted(glob.glob(os.path.join(args.fixtures, "pe-template-*.dll")))
    if not fixtures:
        message = f"no pe-template-*.dll in {args.fixtures}"
        if args.require_fixtures:
            print(f"FAIL: {message} (mingw-w64 was found, so the fixtures should have been built)")
            return 1
        print(f"skipped: {message}")
        return SKIP

    workdir = tempfile.mkdtemp(prefix="pe_oracle_")
    try:
        files = make_variants(fixtures, workdir)
        run = subprocess.run([args.pe_dump] + files, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            print(f"FAIL: pe_dump exited {run.returncode}: {run.stderr}")
            return 1
        lines = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
        if len(lines) != len(files):
            print(f"FAIL: pe_dump printed {len(lines)} lines for {len(files)} files")
            return 1
        failures = 0
        for path, ours in zip(files, lines):
            name = os.path.basename(path)
            theirs = pefile_view(path)
            problems = []
            if ours["file"] != path:
                problems.append(f"file {ours['file']!r} != {path!r}")
            if ours["outcome"] != "ok":
                problems.append(f"outcome {ours['outcome']} ({ours['reason']})")
            for key in ("machine", "link_time", "file_version"):
                if ours[key] != theirs[key]:
                    problems.append(f"{key}: pe_dump {ours[key]!r}, pefile {theirs[key]!r}")
            if theirs["file_version"] is None:
                problems.append("pefile found no VS_FIXEDFILEINFO in a fixture")
            if theirs["version_string"] is not None and ours["version_string"] != theirs["version_string"]:
                problems.append(f"version_string: pe_dump {ours['version_string']!r}, "
                                f"pefile {theirs['version_string']!r}")
            if problems:
                failures += 1
                print(f"FAIL {name}: " + "; ".join(problems))
            else:
                print(f"ok   {name}: machine {ours['machine']:#x} link_time {ours['link_time']} "
                      f"version {ours['file_version']} ({ours['version_string']}) "
                      f"read {ours['bytes_requested']} bytes")
        print(f"{len(files) - failures}/{len(files)} files agree with pefile {pefile.__version__}")
        return 1 if failures else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
