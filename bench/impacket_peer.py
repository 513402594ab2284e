#!/usr/bin/python3
"""The impacket + pefile peer: what a Python administrator would write to read the file
version of every SMS client binary on a fleet. For each machine (16 threads): log on
with impacket, list ADMIN$\\MS\\SMS\\CORE\\BIN, read each .exe/.dll whole and let
pefile read its version resource.

    impacket_peer.py --user USER --domain DOMAIN [--port 445|139] [--threads 16] HOSTS_FILE

Password from SMSSCAN_PASSWORD. Prints one line per machine (address, versions
found) and a summary. Needs Debian's python3-impacket and python3-pefile
(/usr/bin/python3).
"""

import argparse
import concurrent.futures
import io
import os
import sys

import pefile
from impacket import smb
from impacket.smb3structs import FILE_OPEN, FILE_READ_DATA, FILE_SHARE_READ
from impacket.smbconnection import SMBConnection

FOLDER = "MS\\SMS\\CORE\\BIN"


def file_version(data):
    pe = pefile.PE(data=data, fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]])
    for info in getattr(pe, "VS_FIXEDFILEINFO", None) or []:
        ms, ls = info.FileVersionMS, info.FileVersionLS
        return f"{ms >> 16}.{ms & 0xffff}.{ls >> 16}.{ls & 0xffff}"
    return ""


def open_for_reading(connection, tid, path):
    """impacket's SMB1 open asks for a batch oplock. The test fleet's machines share
    hard-linked files, so the server breaks those oplocks as soon as two machines
    read the same file, and impacket's SMB1 client cannot take an oplock break
    (it fails with "Unexpected answer from server"): open without one."""
    if connection.getDialect() != smb.SMB_DIALECT:
        return connection.openFile(tid, path, desiredAccess=FILE_READ_DATA)
    server = connection.getSMBServer()
    flags2 = server.get_flags()[1]
    name = path.encode("utf-16le") if flags2 & smb.SMB.FLAGS2_UNICODE else path
    create = smb.SMBCommand(smb.SMB.SMB_COM_NT_CREATE_ANDX)
    create["Parameters"] = smb.SMBNtCreateAndX_Parameters()
    create["Data"] = smb.SMBNtCreateAndX_Data(flags=flags2)
    create["Parameters"]["FileNameLength"] = len(name)
    create["Parameters"]["CreateFlags"] = 0x10  # extended response, no oplock
    create["Parameters"]["AccessMask"] = FILE_READ_DATA
    create["Parameters"]["CreateOptions"] = 0x40
    create["Parameters"]["ShareAccess"] = FILE_SHARE_READ
    create["Parameters"]["Disposition"] = FILE_OPEN
    create["Data"]["FileName"] = name
    if flags2 & smb.SMB.FLAGS2_UNICODE:
        create["Data"]["Pad"] = 0
    return server.nt_create_andx(tid, path, cmd=create)


def read_whole(connection, tid, path, size):
    """The whole file, one read at a time."""
    fid = open_for_reading(connection, tid, path)
    try:
        buffer = io.BytesIO()
        while buffer.tell() < size:
            chunk = connection.readFile(tid, fid, buffer.tell(), min(61440, size - buffer.tell()))
            if not chunk:
                break
            buffer.write(chunk)
        return buffer.getvalue()
    finally:
        connection.closeFile(tid, fid)


def scan(host, args, password):
    name = "*SMBSERVER" if args.port == 139 else host
    connection = SMBConnection(name, host, sess_port=args.port, timeout=30)
    try:
        connection.login(args.user, password, args.domain)
        try:
            entries = connection.listPath("ADMIN$", FOLDER + "\\*")
        except Exception:
            return host, []  # no client folder
        tid = connection.connectTree("ADMIN$")
        versions = []
        for entry in entries:
            file_name = entry.get_longname()
            if entry.is_directory() or not file_name.lower().endswith((".exe", ".dll")):
                continue
            versions.append((file_name, file_version(read_whole(connection, tid, FOLDER + "\\" + file_name,
                                                                 entry.get_filesize()))))
        return host, versions
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", required=True)
    parser.add_argument("--domain", default="")
    parser.add_argument("--port", type=int, default=445)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("hosts")
    args = parser.parse_args()
    password = os.environ.get("SMSSCAN_PASSWORD", "")
    with open(args.hosts) as f:
        hosts = [line.strip() for line in f if line.strip()]
    failed = 0
    files = 0
    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        futures = [pool.submit(scan, host, args, password) for host in hosts]
        for future in futures:
            try:
                host, versions = future.result()
            except Exception as e:  # noqa: BLE001 - a peer script reports and goes on
                failed += 1
                print(f"failed: {e}", file=sys.stderr)
                continue
            files += sum(1 for _, v in versions if v)
            print(host, " ".join(f"{n}={v}" for n, v in versions))
    print(f"{len(hosts)} machines, {files} versions read, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
