#!/usr/bin/python3
"""Account fleet: one smbd per site system, each with its own account
database, in a private network namespace, for `smsscan accounts` tests.
Python 3 standard library only; needs root, iproute2 and Debian's samba.
The namespace, process and logging helpers come from samba_fleet.py.

A SITE SYSTEM (SiteSystem) is an address 127.0.x.y on a veth interface in the
namespace (smbd's `interfaces` ignores loopback devices, so each instance is
bound to its own address with `bind interfaces only` and `<addr>/32`), with:
  accounts   name -> "active", "locked" (pdbedit [L]), "disabled" (pdbedit
             [D]) or "missing" (no account); names with & get a Unix user
             (useradd --badname), then an smbpasswd entry
  threshold  the account lockout threshold ("bad lockout attempt"); Samba's
             default duration and window are 30 minutes
  bad_logons name -> refused logons made with a wrong password after start
             (a real bad-password count; threshold of them lock it out)
  smb1_only  server max protocol = NT1 on port 139 only, with NetBIOS
             (an NT 4.0 server)
Each instance has its own private, state, lock, cache, pid and `ncalrpc`
dirs: Samba 4.17 serves SAMR through samba-dcerpcd, and without a separate
ncalrpc dir every instance's RPC would reach the first instance's database.
The scanning user (default smsscan-test) has the same password everywhere.

  unreachable  addresses on the interface with no server (connection refused)
  silent       ADDR:PORT listeners that complete the TCP handshake and never
               answer (held by the first instance's keeper)
  hosts        name -> address, written to /etc/netns/<netns>/hosts, which
               `ip netns exec` shows as /etc/hosts (removed at stop)

Every authentication is logged (auth_audit:3): failed_logons(user) lists the
addresses whose smbd logged a failed logon of that user.

PYTHON API
  from account_fleet import AccountFleet, SiteSystem
  with AccountFleet([SiteSystem("127.0.6.1", {"SMSCliToknAcct&": "locked"}, threshold=5)],
                    state_dir, password="pw") as fleet:
      fleet.run([...])          # inside the namespace (CompletedProcess)
      fleet.popen([...])
      fleet.failed_logons("smsscan-test")
  FleetUnavailable (skip) and FleetError as in samba_fleet.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import pwd
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import samba_fleet  # noqa: E402
from samba_fleet import FleetError, FleetUnavailable, SKIP_EXIT_CODE  # noqa: E402,F401

DOMAIN = samba_fleet.DOMAIN
INTERFACE = "sacc0"
PEER = "sacc1"
STATES = ("active", "locked", "disabled", "missing")
_counter = itertools.count(1)


@dataclasses.dataclass
class SiteSystem:
    address: str
    accounts: dict = dataclasses.field(default_factory=dict)
    threshold: int = 0
    bad_logons: dict = dataclasses.field(default_factory=dict)
    smb1_only: bool = False

    @property
    def port(self) -> int:
        return 139 if self.smb1_only else 445


def _ensure_account_user(name: str) -> None:
    """A Unix user for an account name (names with & need --badname)."""
    try:
        pwd.getpwnam(name)
        return
    except KeyError:
        pass
    cp = subprocess.run(["useradd", "-M", "--badname", "--shell", "/usr/sbin/nologin", name],
                        capture_output=True, text=True)
    try:  # another fleet may have created it at the same time
        pwd.getpwnam(name)
    except KeyError:
        raise FleetError(f"cannot create the local user {name}: {cp.stderr.strip()}") from None


def _run(cmd: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    return subprocess.run(list(cmd), **kwargs)


class AccountFleet:
    def __init__(self, systems: Iterable[SiteSystem], state: str | os.PathLike, *,
                 user: str = samba_fleet.DEFAULT_USER, password: str = samba_fleet.DEFAULT_PASSWORD,
                 unreachable: Iterable[str] = (), silent: Iterable[str] = (),
                 hosts: dict | None = None, start_timeout: float = 30.0):
        self.systems = list(systems)
        self.state = Path(state).resolve()
        self.user = user
        self.password = password
        self.domain = DOMAIN
        self.unreachable = list(unreachable)
        self.silent = list(silent)
        self.hosts = dict(hosts or {})
        self.start_timeout = start_timeout
        self.netns = ""
        self.start_seconds = 0.0
        self._keepers: list[subprocess.Popen] = []
        self._hosts_dir: Path | None = None
        for system in self.systems:
            if not samba_fleet._loopback_address(system.address):
                raise FleetError(f"{system.address}: not a loopback IPv4 address 127.x.y.z")
            for state_name in system.accounts.values():
                if state_name not in STATES:
                    raise FleetError(f"{system.address}: unknown account state {state_name}")
        if not self.systems:
            raise FleetError("no site systems")

    def __enter__(self) -> "AccountFleet":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- commands inside the namespace ------------------------------------

    @property
    def exec_prefix(self) -> list[str]:
        return ["ip", "netns", "exec", self.netns]

    def run(self, cmd: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
        if not any(k in kwargs for k in ("stdout", "stderr", "capture_output")):
            kwargs["capture_output"] = True
        kwargs.setdefault("text", True)
        return subprocess.run([*self.exec_prefix, *cmd], **kwargs)

    def popen(self, cmd: Sequence[str], **kwargs) -> subprocess.Popen:
        return subprocess.Popen([*self.exec_prefix, *cmd], **kwargs)

    def dir_of(self, system: SiteSystem) -> Path:
        return self.state / system.address

    def conf_of(self, system: SiteSystem) -> Path:
        return self.dir_of(system) / "smb.conf"

    def log_of(self, system: SiteSystem) -> Path:
        return self.dir_of(system) / "log.smbd"

    def failed_logons(self, user: str) -> list[str]:
        """Addresses whose smbd logged a failed logon of user (auth_audit)."""
        found = []
        pattern = re.compile(r"user \[[^\]]*\]\\\[" + re.escape(user) + r"\]")
        for system in self.systems:
            try:
                text = self.log_of(system).read_text(errors="replace")
            except OSError:
                continue
            for line in text.splitlines():
                if "Auth:" in line and "status [NT_STATUS_" in line and "NT_STATUS_OK" not in line \
                        and pattern.search(line):
                    found.append(system.address)
        return found

    def log_tail(self, lines: int = 20) -> str:
        paths = [p for system in self.systems for p in (self.log_of(system), self.dir_of(system) / "smbd.out")]
        return samba_fleet.tail_of_logs(paths, lines)

    # -- start / stop ------------------------------------------------------

    def start(self) -> "AccountFleet":
        started = time.monotonic()
        if os.geteuid() != 0:
            raise FleetUnavailable("the account fleet needs root (network namespaces)")
        for tool in ("ip", "smbd", "smbpasswd", "pdbedit", "smbclient", "useradd"):
            if not shutil.which(tool):
                raise FleetUnavailable(f"{tool} is not installed")
        if any(c in str(self.state) for c in "%\n\r"):
            raise FleetError(f"unusable state path for smb.conf: {self.state!r}")
        self.state.mkdir(parents=True, exist_ok=True)
        samba_fleet._ensure_unix_user(self.user)
        for system in self.systems:
            for name in system.accounts:
                _ensure_account_user(name)
        for system in self.systems:
            self._prepare(system)
        self.netns = f"smsscan-acc-{os.getpid()}-{next(_counter)}"
        cp = samba_fleet._ip("netns", "add", self.netns, check=False)
        if cp.returncode != 0:
            self.netns = ""
            raise FleetUnavailable(f"ip netns add failed: {cp.stderr.strip()}")
        try:
            self._network()
            self._write_hosts()
            for index, system in enumerate(self.systems):
                self._start_keeper(system, self.silent if index == 0 else [])
            self._wait_ready()
            self._make_bad_logons()
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        if self.netns:
            leader = self._keepers[0].pid if self._keepers else None
            samba_fleet._stop_netns(self.netns, leader)
            for proc in self._keepers:
                try:
                    proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            self._keepers.clear()
            self.netns = ""
        if self._hosts_dir is not None:
            shutil.rmtree(self._hosts_dir, ignore_errors=True)
            self._hosts_dir = None

    # -- internals ---------------------------------------------------------

    def _network(self) -> None:
        ns = ["ip", "-n", self.netns]
        steps = [[*ns, "link", "set", "lo", "up"],
                 [*ns, "link", "add", INTERFACE, "type", "veth", "peer", "name", PEER],
                 [*ns, "link", "set", INTERFACE, "up"], [*ns, "link", "set", PEER, "up"]]
        silent_addresses = [spec.partition(":")[0] for spec in self.silent]
        for address in [s.address for s in self.systems] + self.unreachable + silent_addresses:
            steps.append([*ns, "addr", "add", f"{address}/32", "dev", INTERFACE])
        for step in steps:
            cp = _run(step)
            if cp.returncode != 0:
                raise FleetUnavailable(f"{' '.join(step)} failed: {cp.stderr.strip()}")

    def _write_hosts(self) -> None:
        if not self.hosts:
            return
        self._hosts_dir = Path("/etc/netns") / self.netns
        self._hosts_dir.mkdir(parents=True, exist_ok=True)
        lines = ["127.0.0.1 localhost"] + [f"{a} {n}" for n, a in sorted(self.hosts.items())]
        (self._hosts_dir / "hosts").write_text("\n".join(lines) + "\n")

    def _prepare(self, system: SiteSystem) -> None:
        home = self.dir_of(system)
        if home.exists():
            shutil.rmtree(home)
        for sub in ("private", "lock", "state", "cache", "run", "ncalrpc"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        (home / "private").chmod(0o700)
        self.conf_of(system).write_text(self._server_conf(system))
        (home / "client.conf").write_text(self._client_conf(system))
        conf = str(self.conf_of(system))
        for name in [self.user] + [n for n, s in system.accounts.items() if s != "missing"]:
            cp = _run(["smbpasswd", "-a", "-s", "-c", conf, name],
                      input=f"{self.password}\n{self.password}\n")
            if cp.returncode != 0:
                raise FleetError(f"smbpasswd -a {name} failed: {cp.stdout.strip()} {cp.stderr.strip()}")
        for name, state_name in system.accounts.items():
            flag = {"locked": "[L]", "disabled": "[D]"}.get(state_name)
            if flag:
                cp = _run(["pdbedit", "-s", conf, "-c", flag, "-u", name])
                if cp.returncode != 0:
                    raise FleetError(f"pdbedit -c {flag} {name} failed: {cp.stderr.strip()}")
        cp = _run(["pdbedit", "-s", conf, "-P", "bad lockout attempt", "-C", str(system.threshold)])
        if cp.returncode != 0:
            raise FleetError(f"pdbedit -P 'bad lockout attempt' failed: {cp.stderr.strip()}")

    def _server_conf(self, system: SiteSystem) -> str:
        home = self.dir_of(system)
        lines = [
            "# Generated by tests/smb/account_fleet.py; rewritten at every start.",
            "[global]",
            "  server role = standalone server",
            f"  workgroup = {DOMAIN}",
            f"  netbios name = SITE{system.address.replace('.', '-')}",
            "  server min protocol = NT1",
            "  ntlm auth = ntlmv1-permitted",
            "  disable spoolss = yes",
            "  load printers = no",
            "  printing = bsd",
            "  printcap name = /dev/null",
            "  bind interfaces only = yes",
            f"  interfaces = {system.address}/32",
            f"  private dir = {home}/private",
            f"  lock directory = {home}/lock",
            f"  state directory = {home}/state",
            f"  cache directory = {home}/cache",
            f"  pid directory = {home}/run",
            f"  ncalrpc dir = {home}/ncalrpc",
            f"  passdb backend = tdbsam:{home}/private/passdb.tdb",
            f"  log file = {home}/log.smbd",
            "  log level = 1 auth_audit:3",
            "  max log size = 0",
            "  map to guest = Never",
            "  registry shares = no",
            "  usershare max shares = 0",
        ]
        if system.smb1_only:
            lines += ["  server max protocol = NT1", "  smb ports = 139", "  disable netbios = no"]
        else:
            lines += ["  smb ports = 445", "  disable netbios = yes"]
        return "\n".join(lines) + "\n"

    def _client_conf(self, system: SiteSystem) -> str:
        home = self.dir_of(system)
        return "\n".join([
            "[global]",
            f"  workgroup = {DOMAIN}",
            "  client min protocol = NT1",
            f"  lock directory = {home}/client-lock",
            f"  cache directory = {home}/client-cache",
            f"  state directory = {home}/client-state",
            f"  private dir = {home}/client-private",
            "  log level = 0",
            "",
        ])

    def _start_keeper(self, system: SiteSystem, silent: list[str]) -> None:
        """The fleet's keeper (fleet_keeper.py) runs this instance's smbd (and
        reaps its children) inside the namespace."""
        home = self.dir_of(system)
        spec = home / "keeper.json"
        spec.write_text(json.dumps({
            "daemons": [{"name": "smbd", "argv": ["smbd", "--foreground", "--no-process-group", "-s",
                                                  str(self.conf_of(system))],
                         "output": str(home / "smbd.out")}],
            "silent": silent}))
        proc = subprocess.Popen(
            [*self.exec_prefix, sys.executable, samba_fleet.KEEPER, "keeper", str(spec)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True)
        self._keepers.append(proc)
        assert proc.stdout is not None and proc.stderr is not None
        ready, _, _ = select.select([proc.stdout], [], [], 15)
        line = proc.stdout.readline() if ready else b""
        proc.stdout.close()
        if line.strip() != b"ready":
            err = proc.stderr.read() if proc.poll() is not None else b""
            proc.stderr.close()
            raise FleetError(f"the keeper of {system.address} did not start: {err.decode(errors='replace')}")
        proc.stderr.close()

    def _wait_ready(self) -> None:
        targets = [f"{s.address}:{s.port}" for s in self.systems]
        deadline = time.monotonic() + self.start_timeout
        last = ""
        while True:
            for proc, system in zip(self._keepers, self.systems):
                if proc.poll() is not None:
                    raise FleetError(f"smbd of {system.address} exited at start\n" + self.log_tail())
            cp = self.run([sys.executable, samba_fleet.KEEPER, "probe", *targets], timeout=20)
            if cp.returncode == 0:
                return
            last = cp.stderr.strip()
            if time.monotonic() > deadline:
                raise FleetError(f"smbd did not answer within {self.start_timeout:g} s ({last})\n"
                                 + self.log_tail())
            time.sleep(0.1)

    def _make_bad_logons(self) -> None:
        for system in self.systems:
            for name, count in system.bad_logons.items():
                for _ in range(count):
                    env = dict(os.environ, PASSWD="not-the-password")
                    cp = self.run(["smbclient", "-s", str(self.dir_of(system) / "client.conf"),
                                   f"//{system.address}/IPC$", "-p", str(system.port), "-m", "NT1",
                                   "-U", name, "-W", DOMAIN, "-c", "exit"], env=env, timeout=30)
                    if "NT_STATUS_LOGON_FAILURE" not in cp.stdout + cp.stderr \
                            and "NT_STATUS_ACCOUNT_LOCKED_OUT" not in cp.stdout + cp.stderr:
                        raise FleetError(f"a bad logon of {name} on {system.address} was not refused: "
                                         f"{cp.stdout} {cp.stderr}")
