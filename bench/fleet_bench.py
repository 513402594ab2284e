#!/usr/bin/python3
"""Fleet benchmark: smsscan against the smbclient peer on the same Samba fleet, in one run.

    bench/fleet_bench.py --build BUILD [--machines 200] [--rss-machines 2000] [--peer-jobs 8] [--jobs 16]

Builds a fleet of N machines (tests/fleet/make_fleet.py, every state), serves it
with Samba in a private network namespace (tests/smb/samba_fleet.py), then runs,
one after the other:
  peer       smbclient listing each machine's MS\\SMS\\CORE\\BIN, --peer-jobs at a
             time with xargs -P (what an administrator scripts today);
  floor      bare libsmbclient sessions (bench/session_floor): one listing and a
             stat per file, no PE reading, no verdicts;
  smsscan    each transport (smbclient, curl), quick mode;
and prints wall time, client CPU (user + system, per machine), peak RSS, bytes
read per file, the ratios peer/smsscan, and whether every verdict was right.
With --rss-machines M it also scans a fleet of M machines with the default
transport and compares its peak RSS with the N-machine run.
Needs root (network namespace). Not a test: numbers, not assertions.
"""

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "smb"))
import samba_fleet  # noqa: E402

PASSWORD = "Bench-Pw-1"


def make_fleet(build, out, machines):
    subprocess.run([sys.executable, os.path.join(ROOT, "tests/fleet/make_fleet.py"), "--templates",
                    os.path.join(build, "fixtures"), "--out", out, "--names", "ip", "--machines", str(machines)],
                   check=True, capture_output=True)
    with open(os.path.join(out, "expected.csv")) as f:
        return {row["name"]: row["expected_status"] for row in csv.DictReader(f)}


def timed(fleet, command, stdin=None):
    """Runs command in the namespace under GNU time: (wall s, cpu s, peak RSS KiB, stdout)."""
    env = dict(os.environ, SMSSCAN_PASSWORD=PASSWORD)
    started = time.monotonic()
    result = fleet.run(["/usr/bin/time", "-f", "TIME %U %S %M", *command], env=env, input=stdin)
    wall = time.monotonic() - started
    line = [l for l in result.stderr.splitlines() if l.startswith("TIME ")][-1].split()
    return wall, float(line[1]) + float(line[2]), int(line[3]), result


def run_all(args, build, tmp, machines):
    fleet_dir = os.path.join(tmp, f"fleet{machines}")
    expected = make_fleet(build, fleet_dir, machines)
    addresses = sorted(expected)
    smsscan = os.path.join(build, "scanner", "smsscan")
    results = {}
    with samba_fleet.SambaFleet(fleet_dir, os.path.join(tmp, f"state{machines}"), password=PASSWORD) as fleet:
        user = fleet.user
        if machines == args.machines:
            peer = ["sh", "-c", f"xargs -P{args.peer_jobs} -I@ smbclient -s {fleet.client_conf_path} "
                    f"//@/ADMIN$ -U {user}%\"$SMSSCAN_PASSWORD\" -m NT1 -c 'ls MS\\SMS\\CORE\\BIN\\*' >/dev/null"]
            results["peer (smbclient, xargs -P%d)" % args.peer_jobs] = timed(fleet, peer, stdin="\n".join(addresses))
            floor = os.path.join(build, "bench", "session_floor")
            if os.path.exists(floor):
                floor_run = timed(fleet, [floor, "--jobs", str(args.peer_jobs), user, *addresses])
                if floor_run[3].returncode != 0:
                    print("floor failed:", floor_run[3].stdout[-500:], floor_run[3].stderr[-500:])
                results["floor (bare libsmbclient sessions, %d processes)" % args.peer_jobs] = floor_run
        for transport in args.transports:
            label = f"smsscan --transport {transport}"
            wall, cpu, rss, result = timed(fleet, [smsscan, "scan", "--quiet", "--transport", transport, "--user",
                                                   user, "--jobs", str(args.jobs), "--hosts", "-", "--csv", "-",
                                                   "--details", os.path.join(tmp, f"details-{transport}.csv")],
                                           stdin="\n".join(addresses))
            rows = list(csv.DictReader(io.StringIO(result.stdout)))
            wrong = [r["target"] for r in rows if r["status"] != expected[r["target"]]]
            if len(rows) != len(addresses):
                wrong.append(f"{len(rows)} rows for {len(addresses)} machines")
            with open(os.path.join(tmp, f"details-{transport}.csv")) as f:
                details = [d for d in csv.DictReader(f) if d["verdict"] != "missing"]
            results[label] = (wall, cpu, rss, result, wrong, details)
            if machines != args.machines:
                break
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--machines", type=int, default=200)
    parser.add_argument("--rss-machines", type=int, default=0)
    parser.add_argument("--peer-jobs", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=16)
    parser.add_argument("--transports", default="smbclient,curl")
    args = parser.parse_args()
    args.transports = [t for t in args.transports.split(",") if t]
    build = os.path.abspath(args.build)
    tmp = tempfile.mkdtemp(prefix="smsscan-bench-")
    os.chmod(tmp, 0o755)
    try:
        results = run_all(args, build, tmp, args.machines)
        n = args.machines
        print(f"\n{n} machines, Samba {subprocess.run(['smbd', '--version'], capture_output=True, text=True).stdout.strip()}"
              f", {os.cpu_count()} cores\n")
        print(f"{'run':42} {'wall s':>8} {'cpu s':>8} {'cpu ms/machine':>15} {'peak RSS MiB':>13}  verdicts")
        peer = next(v for k, v in results.items() if k.startswith("peer"))
        for label, value in results.items():
            wall, cpu, rss = value[:3]
            verdicts = ""
            if len(value) > 4:
                verdicts = "all right" if not value[4] else f"WRONG: {value[4][:5]}"
            print(f"{label:42} {wall:8.2f} {cpu:8.2f} {1000 * cpu / n:15.1f} {rss / 1024:13.1f}  {verdicts}")
        print()
        for label, value in results.items():
            if label.startswith("smsscan"):
                wall, cpu = value[0], value[1]
                pe_reads = [int(d["bytes_read"]) for d in value[5] if d.get("bytes_read")]
                print(f"{label}: peer/smsscan wall {peer[0] / wall:.2f}x, peer/smsscan CPU {peer[1] / max(cpu, 1e-3):.1f}x"
                      + (f", max bytes read per file {max(pe_reads)}" if pe_reads else ""))
        if args.rss_machines:
            big = run_all(argparse.Namespace(**{**vars(args), "machines": args.machines}), build, tmp,
                          args.rss_machines)
            label = f"smsscan --transport {args.transports[0]}"
            small_rss = results[label][2]
            big_wall, _, big_rss = big[label][:3]
            print(f"\npeak RSS: {args.machines} machines {small_rss / 1024:.1f} MiB, {args.rss_machines} machines "
                  f"{big_rss / 1024:.1f} MiB ({100.0 * (big_rss - small_rss) / small_rss:+.1f}%), "
                  f"{args.rss_machines} machines took {big_wall:.1f} s, verdicts "
                  + ("all right" if not big[label][4] else f"WRONG: {big[label][4][:5]}"))
    except samba_fleet.FleetUnavailable as e:
        print(f"benchmark unavailable: {e}")
        return 77
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
