#!/usr/bin/python3
"""NT 4.0 integration suite: smsscan against a fleet served as NT 4.0 serves it (port 139
only, SMB1 only, NetBIOS names known to a real WINS server), in a private network namespace.

    test_nt4_scan.py --smsscan BUILD/scanner/smsscan --templates BUILD/fixtures --source REPO --transport curl|smbclient

The fleet is tests/smb/samba_fleet.py with profile "nt4" (fleet_profiles.py): every
127.0.1.x address is a machine named PC01xxx in the WINS server nmbd runs at 127.0.3.1.
With --transport curl only what libcurl can do on such a fleet is checked (it cannot
reach port 139 and must say so). Exits 77 (skipped) when it cannot run.
"""

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fleet_profiles  # noqa: E402
import samba_fleet  # noqa: E402

ARGS = None
FLEET = None
TMP = None
EXPECTED = {}  # address -> (state, status, platform)
PASSWORD = "Nt4-Pw-1"
UNREGISTERED = "127.0.1.18"  # a fleet machine WINS does not know
WINS = fleet_profiles.WINS_ADDRESS


def scan(*args, password=PASSWORD, stdin=None, timeout=300):
    env = dict(os.environ)
    env.pop("SMSSCAN_PASSWORD", None)
    if password is not None:
        env["SMSSCAN_PASSWORD"] = password
    return FLEET.run([ARGS.smsscan, "scan", "--transport", ARGS.transport, "--user", "FLEET\\" + FLEET.user,
                      *args], env=env, input=stdin, timeout=timeout)


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def name_of(address):
    return FLEET.profile.names[address]


def audit_lines():
    """Authentications the server logged (auth_audit): (status, auth type, server address)."""
    found = []
    with open(FLEET.log_path, errors="replace") as log:
        for line in log:
            match = re.search(r"Auth:.* with \[(\w+)\] status \[(NT_STATUS_\w+)\].*local host \[ipv4:([0-9.]+):", line)
            if match:
                found.append((match.group(2), match.group(1), match.group(3)))
    return found


def registered():
    return sorted(a for a in EXPECTED if a != UNREGISTERED)


def needs_smbclient(test):
    """Runs the test with --transport smbclient only (libcurl cannot reach port 139)."""
    def run(self):
        if ARGS.transport != "smbclient":
            self.skipTest("libsmbclient only: libcurl cannot reach port 139")
        return test(self)
    run.__name__ = test.__name__
    run.__doc__ = test.__doc__
    return run


class Nt4Scan(unittest.TestCase):
    def verdicts(self, result, addresses):
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = rows_of(result.stdout)
        self.assertEqual(len(rows), len(addresses), result.stdout)
        for row, address in zip(rows, addresses):
            state, status, platform = EXPECTED[address]
            self.assertEqual(row["status"], status, f"{row['target']} ({state}): {row}")
            self.assertEqual(row["platform"], platform, f"{row['target']} ({state})")
        return rows

    def connections(self, details_path):
        with open(details_path, newline="") as f:
            return {d["target"]: d["connection"] for d in csv.DictReader(f)}

    @needs_smbclient
    def test_every_state_by_netbios_name_through_wins(self):
        machines = registered()
        names = [name_of(a) for a in machines]
        details = os.path.join(TMP, "by-name.csv")
        result = scan("--wins", WINS, *names, "--csv", "-", "--details", details)
        rows = self.verdicts(result, machines)
        self.assertEqual([r["target"] for r in rows], names, "the target column holds the target as given")
        seen = self.connections(details)
        for address, name in zip(machines, names):
            self.assertEqual(seen[name], f"{address}:139 ({name} via WINS {WINS})")
        self.assertNotIn(PASSWORD, result.stdout + result.stderr)

    @needs_smbclient
    def test_every_state_by_bare_address_falls_back_from_445_to_139(self):
        machines = sorted(EXPECTED)
        details = os.path.join(TMP, "by-address.csv")
        json_path = os.path.join(TMP, "by-address.jsonl")
        result = scan(*machines, "--csv", "-", "--details", details, "--json", json_path)
        self.verdicts(result, machines)
        seen = self.connections(details)
        for address in machines:
            self.assertEqual(seen[address], f"{address}:139")
        with open(json_path) as f:
            objects = [json.loads(line) for line in f]
        self.assertEqual([o["connection"] for o in objects], [f"{a}:139" for a in machines])

    @needs_smbclient
    def test_every_state_by_cidr_block_and_range_with_unreachable_addresses(self):
        machines = sorted(EXPECTED, key=lambda a: int(a.rsplit(".", 1)[1]))  # 127.0.1.1 .. 127.0.1.18
        started = time.monotonic()
        result = scan("127.0.1.0/27", "--csv", "-", "--timeout", "10")
        elapsed = time.monotonic() - started
        self.assertEqual(result.returncode, 2, result.stderr)  # unreachable addresses: unscanned
        rows = rows_of(result.stdout)
        self.assertEqual([r["target"] for r in rows], [f"127.0.1.{i}" for i in range(1, 31)])
        for row in rows:
            if row["target"] in EXPECTED:
                self.assertEqual(row["status"], EXPECTED[row["target"]][1], row)
            else:
                self.assertEqual(row["status"], "unreachable", row)
                self.assertIn("Connection refused", row["error"])
                self.assertIn("on port 445, then on port 139", row["error"])
        self.assertLess(elapsed, 20, "twelve unreachable addresses are quick")

        result = scan("--hosts", "-", "--csv", "-", stdin="127.0.1.1-18, client\n")
        self.verdicts(result, machines)

    @needs_smbclient
    def test_a_port_given_is_the_only_port_tried(self):
        sp1 = next(a for a in registered() if EXPECTED[a][0] == "sp1")
        result = scan(f"{sp1}:139", f"{sp1}:445", "--csv", "-", "--timeout", "5")
        self.assertEqual(result.returncode, 2, result.stderr)
        rows = rows_of(result.stdout)
        self.assertEqual([r["status"] for r in rows], ["compliant", "unreachable"])
        self.assertIn("Connection refused", rows[1]["error"])
        self.assertNotIn("port 139", rows[1]["error"])

    @needs_smbclient
    def test_lmhosts_file(self):
        sp1 = next(a for a in registered() if EXPECTED[a][0] == "sp1")
        lmhosts = os.path.join(TMP, "lmhosts")
        with open(lmhosts, "w") as f:
            f.write(f"# the lab\n{sp1}  LABPC  #PRE\n")
        details = os.path.join(TMP, "lmhosts.csv")
        result = scan("--lmhosts", lmhosts, "--wins", WINS, "LABPC", "--csv", "-", "--details", details)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(rows_of(result.stdout)[0]["status"], "compliant")
        self.assertEqual(self.connections(details)["LABPC"], f"{sp1}:139 (LABPC via lmhosts)")

    def test_names_wins_does_not_know(self):
        result = scan("--wins", WINS, "PCNOSUCH", name_of(UNREGISTERED), "--csv", "-", "--timeout", "10")
        self.assertEqual(result.returncode, 2, result.stderr)
        for row in rows_of(result.stdout):
            self.assertEqual(row["status"], "unreachable", row)
            self.assertIn(f"cannot resolve {row['target']}: WINS {WINS}: the name does not exist; DNS: ",
                          row["error"])

    @needs_smbclient
    def test_wrong_password_stops_after_three_machines_and_names_ntlmv1(self):
        machines = registered()
        before = len(audit_lines())
        result = scan("--wins", WINS, *[name_of(a) for a in machines], "--jobs", "16", "--csv", "-",
                      password="wrong-password")
        self.assertEqual(result.returncode, 2)
        rows = rows_of(result.stdout)
        statuses = [r["status"] for r in rows]
        self.assertEqual(statuses.count("auth-failed"), 3, statuses)
        self.assertEqual(statuses.count("skipped"), len(machines) - 3, statuses)
        for row in rows:
            if row["status"] == "auth-failed":
                self.assertIn("--ntlmv1", row["error"])
        self.assertNotIn("wrong-password", result.stdout + result.stderr)
        time.sleep(0.5)  # let smbd write its log
        failed = [a for status, _, a in audit_lines()[before:] if status != "NT_STATUS_OK"]
        self.assertTrue(failed, "the audit log records failed logons")
        self.assertLessEqual(len(set(failed)), 3, failed)
        self.assertEqual(len(failed), len(set(failed)), "one failed logon per machine, whatever the ports")

    @needs_smbclient
    def test_ntlmv1_only_when_asked(self):
        sp1 = next(a for a in registered() if EXPECTED[a][0] == "sp1")
        for flags, kind in (((), "NTLMv2"), (("--ntlmv1",), "NTLMv1")):
            before = len(audit_lines())
            result = scan(*flags, sp1, "--csv", "-")
            self.assertEqual(result.returncode, 0, result.stderr)
            time.sleep(0.5)
            logons = [(status, auth) for status, auth, a in audit_lines()[before:] if a == sp1]
            self.assertTrue(logons)
            self.assertEqual(set(logons), {("NT_STATUS_OK", kind)})

    def test_curl_says_what_it_cannot_do_on_port_139(self):
        if ARGS.transport != "curl":
            self.skipTest("libcurl only")
        sp1 = next(a for a in registered() if EXPECTED[a][0] == "sp1")
        result = scan(f"{sp1}:139", sp1, "--wins", WINS, name_of(sp1), "--csv", "-", "--timeout", "5")
        self.assertEqual(result.returncode, 2, result.stderr)
        rows = rows_of(result.stdout)
        self.assertEqual([r["status"] for r in rows], ["unreachable"] * 3)
        self.assertIn("which libcurl cannot send: use --transport smbclient", rows[0]["error"])
        for row in rows[1:]:
            self.assertIn("port 445", row["error"])
            self.assertIn("NT 4.0 machines answer on port 139 only", row["error"])
            self.assertIn("--transport smbclient", row["error"])
        self.assertIn(f"to {sp1} port 445", rows[2]["error"], "the name was resolved through WINS")


def build_fleet(root):
    fleet = os.path.join(root, "fleet")
    states = "sp1,pre-sp1,sp2,mixed,no-client,alpha,alpha-pre-sp1,truncated,review"
    subprocess.run([sys.executable, os.path.join(ARGS.source, "tests/fleet/make_fleet.py"), "--templates",
                    ARGS.templates, "--out", fleet, "--names", "ip", "--states", states, "--machines", "18"],
                   check=True, capture_output=True)
    with open(os.path.join(fleet, "expected.csv")) as f:
        for row in csv.DictReader(f):
            EXPECTED[row["name"]] = (row["state"], row["expected_status"], row["expected_platform"])
    for address in EXPECTED:  # every authentication in the log, with its type and port
        with open(os.path.join(fleet, address + ".global.conf"), "w") as f:
            f.write("log level = 1 auth_audit:3\n")
    return fleet


def main():
    global ARGS, FLEET, TMP
    parser = argparse.ArgumentParser()
    parser.add_argument("--smsscan", required=True)
    parser.add_argument("--templates", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--transport", required=True, choices=("curl", "smbclient"))
    ARGS, rest = parser.parse_known_args()
    ARGS.smsscan = os.path.abspath(ARGS.smsscan)
    if not os.path.exists(os.path.join(ARGS.templates, "pe-template-2.0.1380.1000.dll")):
        print("skipped: no PE templates (mingw-w64 missing at build time)")
        return 77
    TMP = tempfile.mkdtemp(prefix="smsscan-nt4-")
    os.chmod(TMP, 0o755)
    try:
        fleet = build_fleet(TMP)
        profile = fleet_profiles.Nt4Profile(unregistered=(UNREGISTERED,))
        try:
            with samba_fleet.SambaFleet(fleet, os.path.join(TMP, "state"), password=PASSWORD,
                                        profile=profile) as running:
                FLEET = running
                program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
                if not program.result.wasSuccessful():
                    print("--- log tail ---\n" + running.log_tail(40))
                return 0 if program.result.wasSuccessful() else 1
        except samba_fleet.FleetUnavailable as e:
            print(f"skipped: {e}")
            return 77
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
