"""Fleet profiles: which kind of Windows machines a Samba test fleet (samba_fleet.py)
imitates. Python 3 standard library only.

A profile decides the server side of every machine: the SMB ports and protocols,
NetBIOS, the daemons that run in the namespace besides smbd, and the namespace's
network. SambaFleet calls these hooks, in this order, while it starts:

  check(fleet)              refuse addresses the profile cannot serve (FleetError)
  server_globals(fleet)     the [global] lines of smb.conf that differ per profile
  prepare(fleet)            write the profile's own files into fleet.state
  network_commands(fleet)   commands run inside the namespace once lo is up
  daemons(fleet)            the processes the keeper runs (smbd first); a daemon
                            that exits by itself stops the fleet
  probe_targets(fleet)      ADDR:PORT that must accept connections before the
                            fleet counts as started
  keeper_extras(fleet)      more work for the keeper (fleet_keeper.py), e.g.
                            answering NetBIOS node status queries
  info()                    extra facts recorded in STATE/fleet.json

Profiles here:
  current   Windows 2000 style, today's fleet: one smbd on port 445 for every
            machine, SMB1 (NT1) up to SMB3, no NetBIOS.
  nt4       NT 4.0 style: port 139 only, SMB1 only (server max protocol = NT1),
            NetBIOS on; every machine has a NetBIOS name (netbios_name()), answers
            node status queries on UDP 137 with it (the keeper does, as NT 4.0's
            NetBT would), and a real WINS server knows it: nmbd with "wins support = yes" on a veth pair
            carrying WINS_ADDRESS/24 (nmbd needs an interface that is not a
            loopback device), its wins.dat preloaded with NAME#20 and NAME#00 of
            every machine (TTL 0: permanent). No fleet machine may use an address
            in WINS_ADDRESS's /24.

Adding a profile (e.g. one smbd per machine, for the account-lockout check):
subclass Profile, override daemons() to return one Daemon per smbd (use
fleet.write_server_conf(addresses, instance) for each one's smb.conf and state
folders), and register the class in PROFILES.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field


class ProfileError(Exception):
    """The fleet cannot be served with this profile (samba_fleet turns it into FleetError)."""


@dataclass
class Daemon:
    name: str              # "smbd", "nmbd": for messages
    argv: list[str]        # run by the keeper inside the namespace
    output: str            # file for its stdout and stderr
    log: str = ""          # its log file, for log_tail()


class Profile:
    name = "current"
    smb_ports: tuple[int, ...] = (445,)
    netbios = False

    def check(self, fleet) -> None:
        pass

    def server_globals(self, fleet) -> list[str]:
        ports = " ".join(str(p) for p in self.smb_ports)
        return [
            "  server min protocol = NT1",
            "  disable netbios = yes",
            f"  smb ports = {ports}",
        ]

    def prepare(self, fleet) -> None:
        pass

    def network_commands(self, fleet) -> list[list[str]]:
        return []

    def daemons(self, fleet) -> list[Daemon]:
        conf = fleet.write_server_conf(fleet.addresses)
        return [Daemon("smbd", ["smbd", "--foreground", "--no-process-group", "-s", str(conf)],
                       str(fleet.state / "smbd.out"), str(fleet.log_path))]

    def probe_targets(self, fleet) -> list[str]:
        return [f"{a}:{self.smb_ports[0]}" for a in fleet.addresses]

    def keeper_extras(self, fleet) -> dict:
        """More for the keeper's spec (fleet_keeper.py): e.g. "node_status"."""
        return {}

    def smbclient_options(self) -> list[str]:
        return ["-p", str(self.smb_ports[0])]

    def info(self) -> dict:
        return {"profile": self.name}


WINS_ADDRESS = "127.0.3.1"
WINS_LINK = "nbv0"
WINS_PEER = "nbv1"


def netbios_name(address: str) -> str:
    """The NetBIOS name of a fleet machine in the nt4 profile: 127.0.C.D -> PC<CC><DDD>
    (127.0.2.5 -> PC02005), at most 15 characters as NetBIOS allows."""
    parts = [int(p) for p in address.split(".")]
    return f"PC{parts[2]:02d}{parts[3]:03d}"


@dataclass
class Nt4Profile(Profile):
    name = "nt4"
    smb_ports = (139,)
    netbios = True
    wins_address: str = WINS_ADDRESS
    names: dict[str, str] = field(default_factory=dict)  # address -> NetBIOS name
    unregistered: tuple[str, ...] = ()  # machines WINS does not know

    def check(self, fleet) -> None:
        wins_net = ipaddress.IPv4Network(f"{self.wins_address}/24", strict=False)
        clash = [a for a in fleet.addresses if ipaddress.IPv4Address(a) in wins_net]
        if clash:
            raise ProfileError(f"nt4 profile: fleet addresses {clash[:3]} are in the WINS server's "
                               f"network {wins_net}; use other addresses")
        self.names = {a: netbios_name(a) for a in fleet.addresses}

    def server_globals(self, fleet) -> list[str]:
        return [
            "  server min protocol = NT1",
            "  server max protocol = NT1",
            "  disable netbios = no",
            "  smb ports = 139",
            f"  wins server = {self.wins_address}",
        ]

    def prepare(self, fleet) -> None:
        s = fleet.state / "nmbd"
        for sub in ("private", "lock", "state", "cache", "run"):
            (s / sub).mkdir(parents=True, exist_ok=True)
        (s / "nmbd.conf").write_text("\n".join([
            "# Generated by tests/smb/fleet_profiles.py: the fleet's WINS server.",
            "[global]",
            "  netbios name = FLEETWINS",
            "  workgroup = FLEET",
            "  server role = standalone server",
            "  wins support = yes",
            "  dns proxy = no",
            "  local master = no",
            "  domain master = no",
            "  preferred master = no",
            "  disable netbios = no",
            f"  interfaces = {WINS_LINK}",
            "  bind interfaces only = yes",
            f"  private dir = {s}/private",
            f"  lock directory = {s}/lock",
            f"  state directory = {s}/state",
            f"  cache directory = {s}/cache",
            f"  pid directory = {s}/run",
            f"  log file = {fleet.state}/log.nmbd",
            "  log level = 1",
            "",
        ]))
        lines = ["VERSION 1 0"]
        for address, name in sorted(self.names.items()):
            if address in self.unregistered:
                continue
            for suffix in ("20", "00"):
                lines.append(f'"{name}#{suffix}" 0 {address} 66R')
        (s / "state" / "wins.dat").write_text("\n".join(lines) + "\n")

    def network_commands(self, fleet) -> list[list[str]]:
        return [
            ["ip", "link", "add", WINS_LINK, "type", "veth", "peer", "name", WINS_PEER],
            ["ip", "addr", "add", f"{self.wins_address}/24", "dev", WINS_LINK],
            ["ip", "link", "set", WINS_LINK, "up"],
            ["ip", "link", "set", WINS_PEER, "up"],
        ]

    def daemons(self, fleet) -> list[Daemon]:
        nmbd_conf = fleet.state / "nmbd" / "nmbd.conf"
        return super().daemons(fleet) + [
            Daemon("nmbd", ["nmbd", "--foreground", "--no-process-group", "-s", str(nmbd_conf)],
                   str(fleet.state / "nmbd.out"), str(fleet.state / "log.nmbd"))]

    def keeper_extras(self, fleet) -> dict:
        # Every NT 4.0 machine answers NetBIOS node status queries on UDP 137
        # (nmap asks them for the machine's name before a session on 139).
        return {"node_status": {a: n for a, n in self.names.items() if a not in self.unregistered},
                "workgroup": "FLEET"}

    def info(self) -> dict:
        return {"profile": self.name, "wins": self.wins_address, "names": self.names}


PROFILES = {"current": Profile, "nt4": Nt4Profile}


def make_profile(spec) -> Profile:
    """A Profile from a name in PROFILES, or the profile object itself."""
    if isinstance(spec, Profile):
        return spec
    if spec not in PROFILES:
        raise ProfileError(f"unknown fleet profile {spec!r} ({', '.join(PROFILES)})")
    return PROFILES[spec]()
