#!/usr/bin/python3
"""Fleet benchmark: smsscan against its peers on the same Samba fleet, in one run.

    bench/fleet_bench.py --build BUILD [--machines 200] [--rounds 3] [--profiles current,nt4]
                         [--rss-machines 2000] [--peer-jobs 8] [--jobs 16] [--threads 16]

For each fleet profile (tests/smb/fleet_profiles.py: "current" = port 445, SMB1 to
SMB3; "nt4" = port 139 only, SMB1 only) it builds a fleet of N machines in every
state (tests/fleet/make_fleet.py), serves it with Samba in a private network
namespace (tests/smb/samba_fleet.py) and runs, once per round and in this order:
  nmap       nmap's smb-ls script listing each machine's MS\\SMS\\CORE\\BIN (Debian
             nmap; listing only, no file read);
  smbclient  smbclient listing the same folder, --peer-jobs at a time (xargs -P);
  impacket   impacket + pefile reading each PE file's version, 16 threads
             (bench/impacket_peer.py, /usr/bin/python3);
  floor      bare libsmbclient doing smsscan's quick-mode work (a listing and an
             8 KiB read of each PE file), one reused context per process,
             --peer-jobs processes (bench/session_floor);
  smsscan    each transport (libcurl cannot reach port 139: not run on nt4),
             quick mode, --jobs, the machines given by bare address.
It prints the medians over the rounds (wall time, client CPU = user + system of
the command and all its children, peak RSS), whether smsscan's verdicts were all
right, the ratios against nmap and the smbclient loop with the goals of issue 13,
the largest number of bytes smsscan read of one file, what one bare libsmbclient
session costs with a fresh and with a reused context (one process, NT1 and
SMB3), and, with --rss-machines M, smsscan's peak RSS on M machines against N.
Needs root (network namespaces). Numbers, not assertions: never a timed test.
"""

import argparse
import csv
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "smb"))
import samba_fleet  # noqa: E402

PASSWORD = "Bench-Pw-1"
FOLDER = "MS\\SMS\\CORE\\BIN"


def make_fleet(build, out, machines):
    subprocess.run([sys.executable, os.path.join(ROOT, "tests/fleet/make_fleet.py"), "--templates",
                    os.path.join(build, "fixtures"), "--out", out, "--names", "ip", "--machines", str(machines)],
                   check=True, capture_output=True)
    with open(os.path.join(out, "expected.csv")) as f:
        return {row["name"]: row["expected_status"] for row in csv.DictReader(f)}


def timed(fleet, command, stdin=None):
    """Runs command in the namespace under GNU time: (wall s, cpu s, peak RSS KiB, CompletedProcess)."""
    env = dict(os.environ, SMSSCAN_PASSWORD=PASSWORD)
    started = time.monotonic()
    result = fleet.run(["/usr/bin/time", "-f", "TIME %U %S %M", *command], env=env, input=stdin)
    wall = time.monotonic() - started
    lines = [line for line in result.stderr.splitlines() if line.startswith("TIME ")]
    if not lines:
        raise RuntimeError(f"{command[0]} gave no timing: {result.stderr[-500:]}")
    fields = lines[-1].split()
    return wall, float(fields[1]) + float(fields[2]), int(fields[3]), result


class Runs:
    """The commands of one profile, and what each round measured."""

    def __init__(self, args, build, tmp, fleet, expected, profile):
        self.args, self.build, self.tmp, self.fleet = args, build, tmp, fleet
        self.expected, self.profile = expected, profile
        self.port = 139 if profile == "nt4" else 445
        self.addresses = sorted(expected, key=lambda a: tuple(int(p) for p in a.split(".")))
        self.hosts = os.path.join(tmp, f"hosts-{profile}")
        with open(self.hosts, "w") as f:
            f.write("\n".join(self.addresses) + "\n")
        self.results = {}  # label -> list of (wall, cpu, rss, note)

    def record(self, label, measured, note=""):
        wall, cpu, rss, _ = measured
        self.results.setdefault(label, []).append((wall, cpu, rss, note))

    def nmap(self):
        user = self.fleet.user
        script_args = (f"smbusername={user},smbpassword={PASSWORD},smbdomain={self.fleet.domain},"
                       f"share=ADMIN$,path={FOLDER},ls.maxfiles=0")
        measured = timed(self.fleet, ["nmap", "-Pn", "-n", f"-p{self.port}", "--script", "smb-ls",
                                      "--script-args", script_args, "-iL", self.hosts])
        listed = len(re.findall(r"(?im)^\|.*clicore\.exe", measured[3].stdout))
        self.record("nmap smb-ls (listing only)", measured, f"{listed} listings with CliCore.exe")

    def smbclient_loop(self):
        jobs = self.args.peer_jobs
        command = ["sh", "-c", f"xargs -P{jobs} -I@ smbclient -s {self.fleet.client_conf_path} //@/ADMIN$ "
                   f"-p {self.port} -U {self.fleet.user}%\"$SMSSCAN_PASSWORD\" -W {self.fleet.domain} -m NT1 "
                   f"-c 'ls {FOLDER}\\*' >/dev/null"]
        self.record(f"smbclient loop (listing only, xargs -P{jobs})",
                    timed(self.fleet, command, stdin="\n".join(self.addresses)))

    def impacket(self):
        script = os.path.join(ROOT, "bench", "impacket_peer.py")
        measured = timed(self.fleet, ["/usr/bin/python3", script, "--user", self.fleet.user, "--domain",
                                      self.fleet.domain, "--port", str(self.port), "--threads",
                                      str(self.args.threads), self.hosts])
        summary = [line for line in measured[3].stderr.splitlines() if "versions read" in line]
        self.record(f"impacket + pefile ({self.args.threads} threads)", measured, summary[-1] if summary else "failed")

    def floor(self):
        floor = os.path.join(self.build, "bench", "session_floor")
        measured = timed(self.fleet, [floor, "--jobs", str(self.args.peer_jobs), "--reuse", "--port", str(self.port),
                                      self.fleet.user, *self.addresses])
        self.record(f"floor: bare libsmbclient ({self.args.peer_jobs} processes)", measured,
                    "" if measured[3].returncode == 0 else "some machines failed")

    def smsscan(self, transport):
        details = os.path.join(self.tmp, f"details-{self.profile}-{transport}.csv")
        command = [os.path.join(self.build, "scanner", "smsscan"), "scan", "--quiet", "--transport", transport,
                   "--user", self.fleet.user, "--jobs", str(self.args.jobs), "--hosts", "-", "--csv", "-",
                   "--details", details]
        measured = timed(self.fleet, command, stdin="\n".join(self.addresses))
        rows = list(csv.DictReader(io.StringIO(measured[3].stdout)))
        wrong = [f"{r['target']} {r['status']} ({r['error'][:80]})" for r in rows
                 if r["status"] != self.expected.get(r["target"])]
        if len(rows) != len(self.addresses):
            wrong.append(f"{len(rows)} rows for {len(self.addresses)} machines")
        with open(details) as f:
            read = [int(d["bytes_read"]) for d in csv.DictReader(f) if d.get("bytes_read")]
        note = ("verdicts all right" if not wrong else f"WRONG ({len(wrong)}): {wrong[:3]}") + \
               (f", at most {max(read)} bytes read of a file" if read else "")
        self.record(f"smsscan --transport {transport}", measured, note)

    def round(self):
        self.nmap()
        self.smbclient_loop()
        self.impacket()
        self.floor()
        for transport in self.args.transports:
            if transport == "curl" and self.port == 139:
                continue  # libcurl sends no NetBIOS session request
            self.smsscan(transport)

    def medians(self, label):
        values = self.results[label]
        return (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values),
                statistics.median(v[2] for v in values), values[-1][3])


def print_profile(runs, n):
    print(f"\n## profile {runs.profile}: {n} machines, port {runs.port}, {len(next(iter(runs.results.values())))} "
          "rounds (medians)\n")
    print("| run | wall s | client CPU s | CPU ms/machine | peak RSS MiB | notes |")
    print("|---|---|---|---|---|---|")
    for label in runs.results:
        wall, cpu, rss, note = runs.medians(label)
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {1000 * cpu / n:.2f} | {rss / 1024:.1f} | {note} |")
    nmap = runs.medians("nmap smb-ls (listing only)")
    loop = runs.medians(next(k for k in runs.results if k.startswith("smbclient loop")))
    print()
    for label in runs.results:
        if not label.startswith("smsscan"):
            continue
        wall, cpu = runs.medians(label)[:2]
        goals = [("wall <= 0.95x nmap", wall <= 0.95 * nmap[0]), ("CPU <= 0.6x nmap", cpu <= 0.6 * nmap[1]),
                 ("3x faster than the loop", loop[0] >= 3 * wall), ("10x less CPU than the loop", loop[1] >= 10 * cpu)]
        print(f"- {label}: wall {wall / nmap[0]:.2f}x nmap's, CPU {cpu / nmap[1]:.2f}x nmap's; "
              f"{loop[0] / wall:.1f}x faster than the smbclient loop with {loop[1] / max(cpu, 1e-3):.1f}x less CPU; "
              + ", ".join(f"{goal}: {'met' if ok else 'NOT met'}" for goal, ok in goals))


def session_costs(args, build, fleet, runs):
    """One bare libsmbclient session per machine, one process: a fresh context each, or one reused."""
    floor = os.path.join(build, "bench", "session_floor")
    print(f"\nOne bare libsmbclient session (listing + 8 KiB of each PE file), one process, {len(runs.addresses)} "
          "machines in a row:")
    protocols = ["NT1"] if runs.port == 139 else ["NT1", "SMB3"]
    for protocol in protocols:
        for reuse in (False, True):
            command = [floor, "--jobs", "1", "--port", str(runs.port), "--protocol", protocol, *(["--reuse"] if reuse else []),
                       fleet.user, *runs.addresses]
            result = timed(fleet, command)[3]
            print("  " + (result.stdout.strip().splitlines() or ["failed"])[-1])


def run_profile(args, build, tmp, profile, machines):
    fleet_dir = os.path.join(tmp, f"fleet-{profile}-{machines}")
    expected = make_fleet(build, fleet_dir, machines)
    with samba_fleet.SambaFleet(fleet_dir, os.path.join(tmp, f"state-{profile}-{machines}"), password=PASSWORD,
                                profile=profile) as fleet:
        runs = Runs(args, build, tmp, fleet, expected, profile)
        if machines != args.machines:  # the memory run: smsscan alone, once
            runs.smsscan(args.transports[0])
            return runs
        for _ in range(args.rounds):
            runs.round()
        print_profile(runs, machines)
        session_costs(args, build, fleet, runs)
        return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--machines", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profiles", default="current,nt4")
    parser.add_argument("--rss-machines", type=int, default=0)
    parser.add_argument("--peer-jobs", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=16)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--transports", default="smbclient,curl")
    args = parser.parse_args()
    args.transports = [t for t in args.transports.split(",") if t]
    for tool in ("nmap", "smbclient", "/usr/bin/time"):
        if not shutil.which(tool):
            print(f"benchmark unavailable: {tool} is not installed")
            return 77
    build = os.path.abspath(args.build)
    tmp = tempfile.mkdtemp(prefix="smsscan-bench-")
    os.chmod(tmp, 0o755)
    smbd = subprocess.run(["smbd", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# smsscan fleet benchmark: {smbd}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the start")
    try:
        small = None
        for profile in [p for p in args.profiles.split(",") if p]:
            runs = run_profile(args, build, tmp, profile, args.machines)
            small = small or runs
        if args.rss_machines and small is not None:
            big = run_profile(args, build, tmp, small.profile, args.rss_machines)
            label = f"smsscan --transport {args.transports[0]}"
            small_rss = small.medians(label)[2]
            wall, _, big_rss, note = big.medians(label)
            print(f"\npeak RSS ({small.profile}, {label}): {args.machines} machines {small_rss / 1024:.1f} MiB, "
                  f"{args.rss_machines} machines {big_rss / 1024:.1f} MiB ({100.0 * (big_rss - small_rss) / small_rss:+.1f} %), "
                  f"{args.rss_machines} machines in {wall:.1f} s, {note}")
        print(f"\nload {os.getloadavg()[0]:.1f} at the end")
    except samba_fleet.FleetUnavailable as e:
        print(f"benchmark unavailable: {e}")
        return 77
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
