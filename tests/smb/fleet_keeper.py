#!/usr/bin/python3
"""The processes of a Samba test fleet that run inside its network namespace
(samba_fleet.py starts them with `ip netns exec`). Python 3 standard library only.

    fleet_keeper.py keeper SPEC.json   holds the silent listeners, runs the fleet's
                                       daemons (smbd, nmbd) as its children, reaps
                                       their orphans (child subreaper), prints
                                       "ready", and on SIGTERM ends them all
                                       (and, for the nt4 profile, answers NetBIOS
                                       node status queries for every machine)
    fleet_keeper.py probe ADDR:PORT... exits 0 once every ADDR:PORT accepts a
                                       TCP connection, 1 otherwise
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time


def _parse_silent(spec: str) -> tuple[str, int]:
    host, _, port = spec.rpartition(":")
    return host, int(port)

def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "r", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _node_status_reply(query: bytes, name: str, workgroup: str) -> bytes | None:
    """The answer an NT 4.0 machine's NetBIOS name service gives to a node status
    (NBSTAT) query (RFC 1002 4.2.17-18): its names NAME<00>, NAME<20> and
    WORKGROUP<00>. None for anything else."""
    if len(query) < 12 + 34 + 4 or query[2] & 0x80:  # too short, or a response
        return None
    question = query[12:12 + 34]
    qtype = int.from_bytes(query[12 + 34:12 + 36], "big")
    if qtype != 0x0021:
        return None
    entries = [(name, 0x00, 0x0400), (name, 0x20, 0x0400), (workgroup, 0x00, 0x8400)]  # active; group
    data = bytes([len(entries)])
    for entry_name, suffix, flags in entries:
        data += entry_name.upper().ljust(15)[:15].encode("ascii") + bytes([suffix]) + flags.to_bytes(2, "big")
    data += bytes(6) + bytes(40)  # unit id (MAC) and statistics, all zero
    header = query[0:2] + (0x8400).to_bytes(2, "big") + (0).to_bytes(2, "big") + (1).to_bytes(2, "big") + bytes(4)
    record = question + (0x0021).to_bytes(2, "big") + (1).to_bytes(2, "big") + bytes(4) + len(data).to_bytes(2, "big")
    return header + record + data


def _serve_node_status(machines: dict[str, str], workgroup: str) -> None:
    """Answers node status queries on ADDR:137 for every machine, as each NT 4.0
    machine's NetBT does (nmbd, the WINS server, answers only for its own address).
    Runs in a daemon thread of the keeper."""
    import select
    socks = {}
    for address, name in machines.items():
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, 137))
        socks[sock] = name
    while True:
        ready, _, _ = select.select(list(socks), [], [])
        for sock in ready:
            try:
                query, peer = sock.recvfrom(1500)
            except OSError:
                continue
            reply = _node_status_reply(query, socks[sock], workgroup)
            if reply:
                sock.sendto(reply, peer)


def _keeper_main(args: list[str]) -> int:
    """Runs inside the namespace: keeper SPEC.json ({"daemons": [{name, argv, output}],
    "silent": ["ADDR:PORT", ...], optional "node_status": {ADDR: NAME}, "workgroup"})."""
    import ctypes
    with open(args[0]) as f:
        config = json.load(f)
    specs = config["silent"]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans of smbd come to us
    class Stop(Exception):
        pass

    def on_term(*_):
        raise Stop()
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)

    status = 0
    socks = []
    try:
        for spec in specs:
            addr, port = _parse_silent(spec)
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((addr, port))
            sock.listen(128)  # the kernel completes handshakes; nobody ever accepts
            socks.append(sock)
        if config.get("node_status"):
            import threading
            threading.Thread(target=_serve_node_status, daemon=True,
                             args=(config["node_status"], config.get("workgroup", "WORKGROUP"))).start()
        daemons = []
        for daemon in config["daemons"]:
            with open(daemon["output"], "ab") as out:
                daemons.append(subprocess.Popen(daemon["argv"], stdin=subprocess.DEVNULL, stdout=out,
                                                stderr=subprocess.STDOUT))
        pids = {d.pid for d in daemons}
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        while True:
            try:
                pid, _ = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            if pid in pids:  # a daemon ended by itself: the fleet is dead
                status = 2
                break
    except Stop:
        pass
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Stop: TERM every child (smbd and orphans we adopted), reap, then KILL stragglers.
    for pid in _children(os.getpid()):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 5
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            continue
        if time.monotonic() > deadline:
            for pid in _children(os.getpid()):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + 5
        time.sleep(0.02)
    return status


def _probe_main(targets: list[str]) -> int:
    for target in targets:
        host, _, port = target.rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=1):
                pass
        except OSError as e:
            print(f"{target}: {e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "keeper":
        sys.exit(_keeper_main(sys.argv[2:]))
    if len(sys.argv) >= 2 and sys.argv[1] == "probe":
        sys.exit(_probe_main(sys.argv[2:]))
    print("usage: fleet_keeper.py keeper SPEC.json | probe ADDR:PORT...", file=sys.stderr)
    sys.exit(2)
