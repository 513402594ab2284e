#!/usr/bin/python3
"""Samba test fleet: serves a fleet directory with a real smbd inside a
private network namespace, for smsscan's integration tests and benchmarks.
Python 3 standard library only; needs root, iproute2 and Debian's samba.

FLEET LAYOUT (the --fleet DIR; every machine is a loopback address 127.x.y.z)
  DIR/<addr>/...                  the machine's ADMIN$ (its Windows folder),
                                  e.g. DIR/127.0.1.1/MS/SMS/CORE/BIN/CliCore.exe
  DIR/<addr>.shares/<SHARE>/...   another share of that machine, e.g. SMS_ABC.
                                  Every SHARE name found under any machine becomes
                                  a share [SHARE] served as DIR/%i.shares/SHARE; a
                                  machine without that folder answers
                                  NT_STATUS_BAD_NETWORK_NAME (curl: 78). Spell a
                                  share name the same way on every machine.
  DIR/<addr>.conf                 optional share-level smb.conf lines (no section
                                  headers) included at the END of every share of
                                  that machine, so they override the defaults.
                                  "valid users = nobody" makes the machine refuse
                                  its shares after a good logon
                                  (NT_STATUS_ACCESS_DENIED, curl: 9).
  DIR/<addr>.global.conf          optional [global] lines for connections to that
                                  machine, e.g. "ntlm auth = disabled" (libcurl's
                                  logon is refused, curl: 67) or
                                  "server min protocol = SMB2_02" (no SMB1).
  Both includes use Samba's %i (the server address the client connected to).
  smbd re-reads its configuration, with includes re-substituted, for every new
  connection, and notices changed include files then: editing <addr>.conf
  while the fleet runs affects the next connection. A missing include file is
  fine (smbd logs a warning).

ADDRESSING
  Fleet machines: every <addr> found at start (folders <addr>, <addr>.shares,
    files <addr>.conf, <addr>.global.conf) plus --extra addresses. smbd binds
    exactly these addresses on port 445 ("bind interfaces only"), so the whole
    fleet is served by one smbd; machines added to DIR later are not served.
  Silent hosts: --silent ADDR[:PORT] (PORT defaults to 445) starts a listener
    that lets the kernel complete the TCP handshake (listen backlog) but never
    accepts or answers: an SMB client connects and then times out. ADDR must
    not be a fleet machine (smbd owns ADDR:445).
  No listener: any other address, e.g. 127.0.9.9 (connection refused on 445),
    or 127.0.0.1:1.
  Everything lives in the namespace's own loopback: run clients with
  fleet.run([...]) / `samba_fleet.py exec`, i.e. `ip netns exec NETNS ...`.

PROCESSES
  Inside the namespace a keeper (fleet_keeper.py) holds the silent
  listeners, runs smbd (--foreground --no-process-group) as its child and
  reaps smbd's orphans (child subreaper). Stopping sends SIGTERM to the
  keeper, then ends whatever is left in the namespace (all of it ours) and
  deletes the namespace. The namespace is named smsscan-<pid>-<n>; STATE/
  fleet.json records it, and a start with a STATE whose fleet is still
  recorded (a crashed run) stops that one first.

PROFILES (fleet_profiles.py)
  profile="current" (default): one smbd on port 445, SMB1 (NT1) to SMB3, no
  NetBIOS. profile="nt4": port 139 only, SMB1 only, NetBIOS names known to a
  real WINS server (nmbd) at fleet_profiles.WINS_ADDRESS; fleet.profile.names
  maps each address to its name (127.0.2.5 -> PC02005). A profile decides the
  ports, protocols, daemons and network; see fleet_profiles.py to add one.

SERVER
  SMB1 (NT1) allowed, LM/NTLMv1 accepted (libcurl sends nothing else),
  signing allowed but not required, standalone, workgroup FLEET (NTLM logons
  with any domain name map to the local user). The user (default smsscan-test)
  is a local Unix user (created with useradd when missing) with an smbpasswd
  entry in STATE/passdb.tdb. Shares are read-only with "force user = root",
  so the fleet needs no permission changes. All of Samba's files (private,
  lock, state, cache, pid dirs, log) live in STATE; nothing touches /etc/samba
  or /var/lib/samba. Logs: STATE/log.smbd (and STATE/smbd.out).
  STATE/client.conf is a client smb.conf for smbclient that allows NT1:
    smbclient -s STATE/client.conf //127.0.1.1/ADMIN$ -U user%pw -m NT1 -c 'ls'

PYTHON API
  from samba_fleet import SambaFleet, FleetUnavailable, FleetError, SKIP_EXIT_CODE
  try:
      with SambaFleet(fleet_dir, state_dir, user="smsscan-test", password="pw",
                      silent=["127.0.9.1"], extra=[]) as fleet:
          cp = fleet.run(["smsscan", ...], env=...)  # CompletedProcess; text and
                                                     # captured output unless overridden
          fleet.popen([...])                         # Popen inside the namespace
          fleet.smbclient("127.0.1.1", "ADMIN$", "ls")  # CompletedProcess
          fleet.netns, fleet.exec_prefix, fleet.addresses, fleet.silent,
          fleet.user, fleet.password, fleet.domain, fleet.conf_path, fleet.profile,
          fleet.client_conf_path, fleet.log_path, fleet.log_tail()
  except FleetUnavailable as e:   # not root, no `ip netns add`, no smbd: skip
      sys.exit(SKIP_EXIT_CODE)    # 77
  FleetError: smbd did not start or answer in time (message has the log tail).
  start()/stop() work without `with`; stop() is idempotent and also runs at
  interpreter exit. Inside `with` (main thread), SIGTERM becomes SystemExit
  so that the clean-up runs; KeyboardInterrupt and exceptions clean up too.
  stop_state(state_dir) stops a fleet started by another process.

COMMAND LINE
  samba_fleet.py start --fleet DIR --state DIR [--user NAME] [--password PW]
                       [--silent ADDR[:PORT] ...] [--extra ADDR ...] [--profile current|nt4]
      starts smbd and listeners, prints the namespace name, returns; the
      password defaults to $SMSSCAN_PASSWORD, else DEFAULT_PASSWORD.
  samba_fleet.py stop --state DIR
  samba_fleet.py exec --state DIR -- CMD ARGS...   (a command in the namespace)
  samba_fleet.py run --fleet DIR --state DIR [options] -- CMD ARGS...
      start, run CMD in the namespace, stop; exits with CMD's status.
  Exit status 77 = unavailable (skip), 1 = error.
"""

from __future__ import annotations

import argparse
import atexit
import ipaddress
import itertools
import json
import os
import pwd
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterable, Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fleet_profiles  # noqa: E402
from fleet_profiles import Profile, ProfileError, make_profile  # noqa: E402

SKIP_EXIT_CODE = 77
DEFAULT_USER = "smsscan-test"
DEFAULT_PASSWORD = "Fleet-Pw-1"
DOMAIN = "FLEET"
SMB_PORT = 445
STATE_FILE = "fleet.json"
KEEPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fleet_keeper.py")

_netns_counter = itertools.count(1)


def tail_of_logs(paths, lines: int) -> str:
    """The last lines of each log that exists and is not empty, each under its
    path, for a failing test's output."""
    chunks = []
    for path in paths:
        try:
            text = Path(path).read_text(errors="replace").splitlines()
        except OSError:
            continue
        if text:
            chunks.append(f"--- {path} ---\n" + "\n".join(text[-lines:]))
    return "\n".join(chunks) or "(no log)"


class FleetUnavailable(Exception):
    """The fleet cannot run here (not root, no network namespaces, no smbd): skip."""


class FleetError(Exception):
    """The fleet was expected to start but did not (bad fleet, smbd failure)."""


# ---------------------------------------------------------------------------
# Fleet directory scanning


def _loopback_address(text: str) -> str | None:
    try:
        addr = ipaddress.IPv4Address(text)
    except ValueError:
        return None
    return str(addr) if addr.is_loopback and str(addr) == text else None


def fleet_addresses(fleet: Path) -> list[str]:
    """The machine addresses a fleet directory describes, sorted."""
    found = set()
    for entry in fleet.iterdir():
        name = entry.name
        for suffix in (".global.conf", ".conf", ".shares"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        addr = _loopback_address(name)
        if addr:
            found.add(addr)
    return sorted(found, key=lambda a: ipaddress.IPv4Address(a))


def fleet_site_shares(fleet: Path) -> list[str]:
    """Share names found as DIR/<addr>.shares/<SHARE>/ (first spelling wins)."""
    seen: dict[str, str] = {}
    for holder in sorted(fleet.glob("*.shares")):
        if not holder.is_dir() or not _loopback_address(holder.name[: -len(".shares")]):
            continue
        for share in sorted(holder.iterdir()):
            if share.is_dir():
                key = share.name.upper()
                if key in ("ADMIN$", "IPC$", "GLOBAL", "HOMES", "PRINTERS"):
                    continue
                seen.setdefault(key, share.name)
    return sorted(seen.values(), key=str.upper)


def _parse_silent(spec: str) -> tuple[str, int]:
    host, _, port_text = spec.partition(":")
    addr = _loopback_address(host)
    if not addr:
        raise FleetError(f"--silent {spec}: not a loopback IPv4 address 127.x.y.z")
    port = SMB_PORT
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise FleetError(f"--silent {spec}: bad port")
        port = int(port_text)
    return addr, port


# ---------------------------------------------------------------------------
# Small helpers


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check)


def _netns_exists(name: str) -> bool:
    return Path("/run/netns", name).exists()


def _netns_pids(name: str) -> list[int]:
    cp = _ip("netns", "pids", name, check=False)
    if cp.returncode != 0:
        return []
    return [int(p) for p in cp.stdout.split() if p.isdigit()]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat", "r", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _stop_netns(name: str, leader: int | None = None, grace: float = 5.0) -> None:
    """Ends every process inside our namespace (all started by us), then deletes
    it. The leader (the keeper) goes first: it stops smbd and reaps the rest."""
    if not name or not _netns_exists(name):
        return
    if leader and leader in _netns_pids(name):
        try:
            os.kill(leader, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(_pid_alive(p) for p in _netns_pids(name)):
            time.sleep(0.02)
    pids = _netns_pids(name)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        pids = [p for p in _netns_pids(name) if _pid_alive(p)]
        if not pids:
            break
        time.sleep(0.05)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _ip("netns", "del", name, check=False)


def _ensure_unix_user(user: str) -> None:
    try:
        pwd.getpwnam(user)
        return
    except KeyError:
        pass
    cp = subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user],
        capture_output=True, text=True)
    try:  # another fleet may have created it at the same time
        pwd.getpwnam(user)
    except KeyError:
        raise FleetError(f"cannot create the local user {user}: {cp.stderr.strip()}") from None


def stop_state(state: str | os.PathLike) -> bool:
    """Stops the fleet recorded in STATE/fleet.json; False if there was none."""
    path = Path(state) / STATE_FILE
    try:
        info = json.loads(path.read_text())
    except (OSError, ValueError):
        return False
    pids = info.get("pids") or [None]
    _stop_netns(info.get("netns", ""), pids[0])
    try:
        path.unlink()
    except OSError:
        pass
    return True


def _read_state(state: str | os.PathLike) -> dict:
    path = Path(state) / STATE_FILE
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        raise FleetError(f"no running fleet recorded in {path}") from None


# ---------------------------------------------------------------------------
# The fleet


class SambaFleet:
    def __init__(self, fleet: str | os.PathLike, state: str | os.PathLike, *,
                 user: str = DEFAULT_USER, password: str = DEFAULT_PASSWORD,
                 silent: Iterable[str] = (), extra: Iterable[str] = (),
                 start_timeout: float = 30.0, profile: Profile | str = "current"):
        self.fleet = Path(fleet).resolve()
        self.state = Path(state).resolve()
        self.user = user
        self.password = password
        self.domain = DOMAIN
        self.start_timeout = start_timeout
        self.profile = make_profile(profile)
        self._silent_specs = list(silent)
        self._extra = list(extra)
        self.netns = ""
        self.addresses: list[str] = []
        self.shares: list[str] = []
        self.silent: list[str] = []  # "ADDR:PORT"
        self.conf_path = self.state / "smb.conf"
        self.client_conf_path = self.state / "client.conf"
        self.log_path = self.state / "log.smbd"
        self._daemons: list[fleet_profiles.Daemon] = []
        self._procs: list[subprocess.Popen] = []
        self._keeper: subprocess.Popen | None = None
        self._running = False
        self._old_sigterm = None

    # -- context manager -------------------------------------------------

    def __enter__(self) -> "SambaFleet":
        if threading.current_thread() is threading.main_thread():
            if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
                self._old_sigterm = signal.SIG_DFL
                signal.signal(signal.SIGTERM, _sigterm_to_exit)
        try:
            self.start()
        except BaseException:
            self._restore_sigterm()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.stop()
        finally:
            self._restore_sigterm()

    def _restore_sigterm(self) -> None:
        if self._old_sigterm is not None:
            signal.signal(signal.SIGTERM, self._old_sigterm)
            self._old_sigterm = None

    # -- commands inside the namespace ------------------------------------

    @property
    def exec_prefix(self) -> list[str]:
        return ["ip", "netns", "exec", self.netns]

    def run(self, cmd: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
        """Runs cmd inside the namespace (output captured as text unless overridden)."""
        if not self.netns:
            raise FleetError("the fleet is not running")
        if not any(k in kwargs for k in ("stdout", "stderr", "capture_output")):
            kwargs["capture_output"] = True
        kwargs.setdefault("text", True)
        return subprocess.run([*self.exec_prefix, *cmd], **kwargs)

    def popen(self, cmd: Sequence[str], **kwargs) -> subprocess.Popen:
        if not self.netns:
            raise FleetError("the fleet is not running")
        return subprocess.Popen([*self.exec_prefix, *cmd], **kwargs)

    def smbclient(self, addr: str, share: str, commands: str, *, user: str | None = None,
                  password: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        """smbclient //addr/share -c commands over NT1 (password passed via the environment)."""
        env = dict(os.environ)
        env["PASSWD"] = self.password if password is None else password
        return self.run(["smbclient", "-s", str(self.client_conf_path), f"//{addr}/{share}",
                         *self.profile.smbclient_options(),
                         "-m", "NT1", "-U", user or self.user, "-W", self.domain,
                         "-c", commands], env=env, timeout=timeout)

    def log_tail(self, lines: int = 30) -> str:
        paths = [Path(p) for d in self._daemons for p in (d.log, d.output) if p]
        return tail_of_logs(paths or [self.log_path, self.state / "smbd.out"], lines)

    # -- start / stop ------------------------------------------------------

    def start(self) -> "SambaFleet":
        if self._running:
            return self
        if os.geteuid() != 0:
            raise FleetUnavailable("the Samba fleet needs root (network namespaces)")
        for tool in ("ip", "smbd", "smbpasswd", *(["nmbd"] if self.profile.netbios else [])):
            if not shutil.which(tool):
                raise FleetUnavailable(f"{tool} is not installed")
        if not self.fleet.is_dir():
            raise FleetError(f"fleet directory {self.fleet} does not exist")
        for text in (str(self.fleet), str(self.state)):
            if any(c in text for c in "%\n\r"):
                raise FleetError(f"unusable path for smb.conf (contains % or a newline): {text!r}")

        self.addresses = fleet_addresses(self.fleet)
        for addr in self._extra:
            if not _loopback_address(addr):
                raise FleetError(f"--extra {addr}: not a loopback IPv4 address 127.x.y.z")
            if addr not in self.addresses:
                self.addresses.append(addr)
        if not self.addresses:
            raise FleetError(f"no machines (127.x.y.z folders) in {self.fleet}")
        self.shares = fleet_site_shares(self.fleet)
        try:
            self.profile.check(self)
        except ProfileError as e:
            raise FleetError(str(e)) from None
        silent = [_parse_silent(s) for s in self._silent_specs]
        for addr, port in silent:
            if port in self.profile.smb_ports and addr in self.addresses:
                raise FleetError(f"--silent {addr}: that address is a fleet machine")
        self.silent = [f"{a}:{p}" for a, p in silent]

        self.state.mkdir(parents=True, exist_ok=True)
        stop_state(self.state)  # a fleet left over from a crashed run
        for sub in ("private", "lock", "state", "cache", "run", "run/ncalrpc", "bind-dns", "usershares"):
            (self.state / sub).mkdir(parents=True, exist_ok=True)
        (self.state / "private").chmod(0o700)
        for stale in ("passdb.tdb", "smbd.out", "nmbd.out"):
            try:
                (self.state / stale).unlink()
            except FileNotFoundError:
                pass
        self._daemons = self.profile.daemons(self)  # writes smb.conf
        self.profile.prepare(self)
        self.client_conf_path.write_text(self._client_conf())
        _ensure_unix_user(self.user)
        cp = subprocess.run(["smbpasswd", "-a", "-s", "-c", str(self.conf_path), self.user],
                            input=f"{self.password}\n{self.password}\n",
                            capture_output=True, text=True)
        if cp.returncode != 0:
            raise FleetError(f"smbpasswd -a {self.user} failed: {cp.stdout.strip()} {cp.stderr.strip()}")

        name = f"smsscan-{os.getpid()}-{next(_netns_counter)}"
        if _netns_exists(name):
            _stop_netns(name)
        cp = _ip("netns", "add", name, check=False)
        if cp.returncode != 0:
            raise FleetUnavailable(f"ip netns add {name} failed: {cp.stderr.strip()}")
        self.netns = name
        self._running = True
        atexit.register(self.stop)
        try:
            self._write_state()
            cp = _ip("netns", "exec", name, "ip", "link", "set", "lo", "up", check=False)
            if cp.returncode != 0:
                raise FleetUnavailable(f"cannot bring up lo in {name}: {cp.stderr.strip()}")
            for command in self.profile.network_commands(self):
                cp = _ip("netns", "exec", name, *command, check=False)
                if cp.returncode != 0:
                    raise FleetUnavailable(f"{' '.join(command)} failed in {name}: {cp.stderr.strip()}")
            self._start_keeper()
            self._write_state()
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        try:
            atexit.unregister(self.stop)
        except Exception:
            pass
        _stop_netns(self.netns, self._procs[0].pid if self._procs else None)
        for proc in self._procs:
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._procs.clear()
        try:
            (self.state / STATE_FILE).unlink()
        except OSError:
            pass
        self.netns = ""

    # -- internals ---------------------------------------------------------

    def _write_state(self) -> None:
        info = {
            "netns": self.netns, "fleet": str(self.fleet), "user": self.user,
            "domain": self.domain, "addresses": self.addresses, "silent": self.silent,
            "shares": self.shares, "pids": [p.pid for p in self._procs],
            "conf": str(self.conf_path), "client_conf": str(self.client_conf_path),
            **self.profile.info(),
        }
        tmp = self.state / (STATE_FILE + ".tmp")
        tmp.write_text(json.dumps(info, indent=1) + "\n")
        tmp.replace(self.state / STATE_FILE)

    def write_server_conf(self, addresses: Sequence[str], instance: str = "") -> Path:
        """Writes the smb.conf of one smbd serving addresses and returns its path.
        instance "" is the fleet's smbd (STATE/smb.conf, Samba's folders in STATE);
        another name gives an smbd of its own, with STATE/<instance>/smb.conf and
        its own folders (pid, lock, state, ...) under STATE/<instance>."""
        base = self.state / instance if instance else self.state
        for sub in ("private", "lock", "state", "cache", "run", "run/ncalrpc", "bind-dns", "usershares"):
            (base / sub).mkdir(parents=True, exist_ok=True)
        (base / "private").chmod(0o700)
        path = base / "smb.conf" if instance else self.conf_path
        path.write_text(self._server_conf(addresses, base))
        return path

    def _server_conf(self, addresses: Sequence[str], s: Path) -> str:
        f = self.fleet
        interfaces = " ".join(f"{a}/8" for a in addresses)
        lines = [
            "# Generated by tests/smb/samba_fleet.py; rewritten at every start.",
            "[global]",
            "  server role = standalone server",
            f"  workgroup = {DOMAIN}",
            "  netbios name = SMSSCAN-FLEET",
            "  server string = smsscan test fleet",
            *self.profile.server_globals(self),
            "  ntlm auth = ntlmv1-permitted",
            "  server signing = auto",
            "  disable spoolss = yes",
            "  load printers = no",
            "  printing = bsd",
            "  printcap name = /dev/null",
            "  bind interfaces only = yes",
            f"  interfaces = {interfaces}",
            f"  private dir = {s}/private",
            f"  lock directory = {s}/lock",
            f"  state directory = {s}/state",
            f"  cache directory = {s}/cache",
            f"  pid directory = {s}/run",
            f"  ncalrpc dir = {s}/run/ncalrpc",
            f"  binddns dir = {s}/bind-dns",
            f"  usershare path = {s}/usershares",
            "  usershare max shares = 0",
            "  registry shares = no",
            f"  passdb backend = tdbsam:{self.state}/passdb.tdb",
            f"  log file = {s}/log.smbd",
            "  log level = 1",
            "  max log size = 2000",
            "  map to guest = Never",
            "  idmap config * : backend = tdb",
            "  idmap config * : range = 3000-7999",
            "  store dos attributes = no",
            "  unix extensions = no",
            "  # per-machine global overrides (Samba substitutes %i per connection)",
            f"  include = {f}/%i.global.conf",
            "",
        ]

        def share(name: str, path: str, comment: str) -> None:
            lines.extend([
                f"[{name}]",
                f"  comment = {comment}",
                f"  path = {path}",
                "  read only = yes",
                "  browseable = no",
                "  force user = root",
                "  # per-machine share overrides, last so that they win",
                f"  include = {f}/%i.conf",
                "",
            ])

        share("ADMIN$", f"{f}/%i", "Remote Admin")
        for name in self.shares:
            share(name, f"{f}/%i.shares/{name}", "site share")
        return "\n".join(lines)

    def _client_conf(self) -> str:
        s = self.state
        return "\n".join([
            "# smbclient configuration for the fleet (SMB1 allowed).",
            "[global]",
            f"  workgroup = {DOMAIN}",
            "  client min protocol = NT1",
            "  client max protocol = NT1",
            f"  lock directory = {s}/client-lock",
            f"  cache directory = {s}/client-cache",
            f"  state directory = {s}/client-state",
            f"  private dir = {s}/client-private",
            *([f"  wins server = {self.profile.wins_address}"] if self.profile.netbios else []),
            "  log level = 0",
            "",
        ])

    def _start_keeper(self) -> None:
        """Starts the keeper inside the namespace: it binds the silent listeners,
        runs the profile's daemons (smbd, nmbd) as its children and reaps every
        orphan (child subreaper), so that stopping leaves no zombies behind."""
        spec = self.state / "keeper.json"
        spec.write_text(json.dumps({"daemons": [d.__dict__ for d in self._daemons], "silent": self.silent,
                                    **self.profile.keeper_extras(self)}))
        proc = subprocess.Popen(
            [*self.exec_prefix, sys.executable, KEEPER, "keeper", str(spec)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True)
        self._procs.append(proc)
        self._keeper = proc
        assert proc.stdout is not None and proc.stderr is not None
        ready, _, _ = select.select([proc.stdout], [], [], 15)
        line = proc.stdout.readline() if ready else b""
        proc.stdout.close()
        if line.strip() != b"ready":
            err = b""
            if proc.poll() is not None:
                err = proc.stderr.read()
            proc.stderr.close()
            raise FleetError(f"the fleet keeper did not start: {err.decode(errors='replace').strip()}")
        proc.stderr.close()

    def _wait_ready(self) -> None:
        targets = self.profile.probe_targets(self)
        deadline = time.monotonic() + self.start_timeout
        last = ""
        while True:
            assert self._keeper is not None
            if self._keeper.poll() is not None:
                raise FleetError(f"a fleet daemon exited at start (keeper status {self._keeper.returncode})\n"
                                 + self.log_tail())
            try:
                cp = self.run([sys.executable, KEEPER, "probe", *targets],
                              timeout=10)
                if cp.returncode == 0:
                    return
                last = cp.stderr.strip()
            except subprocess.TimeoutExpired:
                last = "probe timed out"
            if time.monotonic() > deadline:
                raise FleetError(f"the fleet did not answer on {targets[:1]} within "
                                 f"{self.start_timeout:g} s ({last})\n" + self.log_tail())
            time.sleep(0.1)


def _sigterm_to_exit(signum, frame):  # noqa: ARG001
    raise SystemExit(128 + signum)


# ---------------------------------------------------------------------------
# Command line


def _add_start_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--fleet", required=True, help="fleet directory")
    p.add_argument("--state", required=True, help="directory for Samba's files and logs")
    p.add_argument("--user", default=DEFAULT_USER)
    p.add_argument("--password", default=None,
                   help="default: $SMSSCAN_PASSWORD, else " + DEFAULT_PASSWORD)
    p.add_argument("--silent", action="append", default=[], metavar="ADDR[:PORT]",
                   help="a listener that accepts TCP connections and never answers")
    p.add_argument("--extra", action="append", default=[], metavar="ADDR",
                   help="serve this address too, even without files in the fleet")
    p.add_argument("--timeout", type=float, default=30.0, help="start timeout in seconds")
    p.add_argument("--profile", default="current", choices=sorted(fleet_profiles.PROFILES),
                   help="what the machines imitate (fleet_profiles.py): current (port 445, SMB1-3) or "
                        "nt4 (port 139, SMB1 only, NetBIOS names in a WINS server)")


def _fleet_from_args(args) -> SambaFleet:
    password = args.password
    if password is None:
        password = os.environ.get("SMSSCAN_PASSWORD", DEFAULT_PASSWORD)
    return SambaFleet(args.fleet, args.state, user=args.user, password=password,
                      silent=args.silent, extra=args.extra, start_timeout=args.timeout,
                      profile=args.profile)


def _command(rest: list[str]) -> list[str]:
    if rest and rest[0] == "--":
        rest = rest[1:]
    if not rest:
        raise FleetError("no command given (after --)")
    return rest


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv

    parser = argparse.ArgumentParser(description="Samba test fleet in a network namespace")
    sub = parser.add_subparsers(dest="cmd", required=True)
    _add_start_options(sub.add_parser("start", help="start the fleet and return"))
    p = sub.add_parser("stop", help="stop a fleet started with start")
    p.add_argument("--state", required=True)
    p = sub.add_parser("exec", help="run a command inside a started fleet's namespace")
    p.add_argument("--state", required=True)
    p.add_argument("command", nargs=argparse.REMAINDER)
    p = sub.add_parser("run", help="start, run a command inside the namespace, stop")
    _add_start_options(p)
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)

    try:
        if args.cmd == "start":
            fleet = _fleet_from_args(args)
            fleet.start()
            # Leave it running: forget it so that exit does not stop it.
            atexit.unregister(fleet.stop)
            print(fleet.netns)
            return 0
        if args.cmd == "stop":
            if not stop_state(args.state):
                print(f"samba_fleet: no fleet recorded in {args.state}", file=sys.stderr)
            return 0
        if args.cmd == "exec":
            info = _read_state(args.state)
            cmd = _command(args.command)
            return subprocess.run(["ip", "netns", "exec", info["netns"], *cmd]).returncode
        if args.cmd == "run":
            cmd = _command(args.command)
            with _fleet_from_args(args) as fleet:
                return fleet.run(cmd, stdout=None, stderr=None).returncode
    except FleetUnavailable as e:
        print(f"samba_fleet: skipped: {e}", file=sys.stderr)
        return SKIP_EXIT_CODE
    except FleetError as e:
        print(f"samba_fleet: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 1


if __name__ == "__main__":
    sys.exit(main())
