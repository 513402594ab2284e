#!/usr/bin/python3
"""Real PE images of any version, for the tests of variant rows.

make_fleet.py writes SMS 2.0 machines from the mingw-built templates, whose
version resources are the three SMS 2.0 builds. Tests of articles with one
table per product line need files of other lines (4.2.x and 5.0.x of a web
server, 6.0.x of a later one): this copies a template, patches Machine,
TimeDateStamp and the size as make_fleet does, and rewrites the version in
the VS_FIXEDFILEINFO block (FileVersionMS/LS and ProductVersionMS/LS).

    write_pe(template, path, machine, version, link_time, size)
"""

import os
import struct

import make_fleet

FIXED_FILE_INFO_SIGNATURE = struct.pack("<I", 0xFEEF04BD)


def set_version(data, version):
    """Rewrites the fixed file info of a PE image's version resource in place."""
    parts = [int(p) for p in version.split(".")]
    if len(parts) != 4 or any(not 0 <= p <= 0xFFFF for p in parts):
        raise SystemExit(f"not a four-part version: {version}")
    at = data.find(FIXED_FILE_INFO_SIGNATURE)
    if at < 0 or data.find(FIXED_FILE_INFO_SIGNATURE, at + 1) >= 0:
        raise SystemExit("the template has no single VS_FIXEDFILEINFO")
    ms = (parts[0] << 16) | parts[1]
    ls = (parts[2] << 16) | parts[3]
    struct.pack_into("<IIII", data, at + 8, ms, ls, ms, ls)


def write_pe(template, path, machine, version, link_time, size):
    """A PE file at path: the template with the machine, link time, size and version given."""
    content, padding = make_fleet.Template(template).image(machine, link_time, size)
    data = bytearray(content)
    set_version(data, version)
    make_fleet.write_file(path, bytes(data), padding, link_time + 240)
    return path


def image_folder(root, machine_name, *folder):
    path = os.path.join(root, machine_name, *folder)
    os.makedirs(path, exist_ok=True)
    return path
