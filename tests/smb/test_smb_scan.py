#!/usr/bin/python3
"""SMB integration suite: smsscan against real Samba in a private network namespace.

    test_smb_scan.py --smsscan BUILD/scanner/smsscan --templates BUILD/fixtures --source REPO --transport curl|smbclient

Every 127.0.x.y address in the namespace is its own machine (tests/smb/samba_fleet.py).
Exits 77 (skipped) when it cannot run: not root, no network namespaces, no smbd, no PE templates.
"""

import argparse
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import samba_fleet  # noqa: E402

ARGS = None
FLEET = None  # the running SambaFleet
TMP = None
EXPECTED = {}  # address -> (state, status, platform)
PASSWORD = "Fleet-Pw-1"
NO_LISTENER = "127.0.9.9"
SILENT = "127.0.9.1"
REFUSING = "127.0.3.1"
SITE = "127.0.3.2"
HOSTILE = "127.0.3.3"


def scan(*args, password=PASSWORD, stdin=None, timeout=300):
    env = dict(os.environ)
    env.pop("SMSSCAN_PASSWORD", None)
    if password is not None:
        env["SMSSCAN_PASSWORD"] = password
    return FLEET.run([ARGS.smsscan, "scan", "--transport", ARGS.transport, "--user", "FLEET\\" + FLEET.user,
                      *args], env=env, input=stdin, timeout=timeout)


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def auth_failures_in_log():
    """Failed authentications the server logged (auth_audit), by server address."""
    failures = []
    with open(FLEET.log_path, errors="replace") as log:
        for line in log:
            if "status [NT_STATUS_" in line and "NT_STATUS_OK" not in line and "Auth:" in line:
                local = re.search(r"local host \[ipv4:([0-9.]+):", line)
                failures.append(local.group(1) if local else "?")
    return failures


class SmbScan(unittest.TestCase):
    def test_every_state_over_smb(self):
        machines = sorted(EXPECTED)
        result = scan(*machines, "--csv", "-", "--json", os.path.join(TMP, "fleet.jsonl"))
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = rows_of(result.stdout)
        self.assertEqual([r["target"] for r in rows], machines)
        for row in rows:
            state, status, platform = EXPECTED[row["target"]]
            self.assertEqual(row["status"], status, f"{row['target']} ({state}): {row}")
            self.assertEqual(row["platform"], platform, f"{row['target']} ({state})")
        objects = [json.loads(line) for line in open(os.path.join(TMP, "fleet.jsonl"))]
        self.assertEqual([o["target"] for o in objects], machines)
        sp1 = next(o for o in objects if EXPECTED[o["target"]][0] == "sp1")
        self.assertTrue(all(f["version"].startswith("2.0.1380.") for f in sp1["files"] if f["file"].endswith((".exe", ".dll"))))
        self.assertNotIn(PASSWORD, result.stdout + result.stderr)

    def test_unreachable_silent_and_refusing_machines(self):
        sp1 = next(a for a, e in EXPECTED.items() if e[0] == "sp1")
        started = time.monotonic()
        result = scan(sp1, NO_LISTENER, SILENT, REFUSING, "--timeout", "3", "--csv", "-")
        elapsed = time.monotonic() - started
        self.assertEqual(result.returncode, 2, result.stderr)
        statuses = [r["status"] for r in rows_of(result.stdout)]
        self.assertEqual(statuses, ["compliant", "unreachable", "unreachable", "access-denied"])
        self.assertLess(elapsed, 30, "a silent host is bounded by --timeout")

    def test_site_roles_over_smb(self):
        result = scan("--hosts", "-", "--csv", "-", stdin=f"{SITE}, client;cap, ABC\n")
        self.assertEqual(result.returncode, 1, result.stderr)
        row = rows_of(result.stdout)[0]
        self.assertEqual(row["status"], "needs-fix")
        self.assertIn("CAP_ABC\\clicomp.box\\base\\I386\\CliCore.exe", row["outdated"])
        self.assertNotIn("MS\\SMS", row["outdated"], "the client itself is SP1")

    def test_wrong_password_stops_after_three_machines(self):
        machines = sorted(EXPECTED)
        before = len(auth_failures_in_log())
        result = scan(*machines, "--jobs", "16", "--csv", "-", password="wrong-password")
        self.assertEqual(result.returncode, 2)
        rows = rows_of(result.stdout)
        self.assertEqual(len(rows), len(machines))
        statuses = [r["status"] for r in rows]
        self.assertEqual(statuses.count("auth-failed"), 3, statuses)
        self.assertEqual(statuses.count("skipped"), len(machines) - 3, statuses)
        self.assertIn("stopped using them", result.stderr)
        self.assertNotIn("wrong-password", result.stdout + result.stderr)
        time.sleep(0.5)  # let smbd write its log
        failed = auth_failures_in_log()[before:]
        if failed:  # auth_audit logging is on for every fleet machine
            self.assertLessEqual(len(set(failed)), 3, failed)

    def test_folder_and_case_twins_over_smb_are_review(self):
        result = scan(HOSTILE, "--csv", "-")
        row = rows_of(result.stdout)[0]
        if ARGS.transport == "curl":
            # libcurl lists nothing: it opens the name as given and the server's
            # case rules pick the file (a Windows server has no case twins).
            # A folder in place of a file is still not evidence.
            self.assertNotEqual(row["status"], "compliant", row)
            return
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(row["status"], "review", row)
        self.assertIn("several names that differ only in case: CLICORE.EXE, CliCore.exe", row["review"])
        self.assertIn("Clisvcl.exe is a folder, not a regular file", row["review"])

    def test_bad_host_list_line(self):
        sp1 = next(a for a, e in EXPECTED.items() if e[0] == "sp1")
        hosts = f"# lab\n{sp1}\nnot a host!\n{sp1}\n{NO_LISTENER}:445\n"
        result = scan("--hosts", "-", "--csv", "-", "--timeout", "3", stdin=hosts)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("standard input:3:", result.stderr)
        self.assertEqual([r["target"] for r in rows_of(result.stdout)], [sp1, f"{NO_LISTENER}:445"])

    def test_no_session_outlives_its_machine(self):
        """One worker scans two machines, then waits on a silent host: by then the
        server must hold no session of the first two (the worker's libsmbclient
        context is reused, its connections are not)."""
        machines = sorted(EXPECTED)[:2]
        out = os.path.join(TMP, "sessions.csv")
        env = dict(os.environ, SMSSCAN_PASSWORD=PASSWORD)
        proc = FLEET.popen([ARGS.smsscan, "scan", "--transport", ARGS.transport, "--user", FLEET.user, "--jobs", "1",
                            "--timeout", "8", "--csv", out, *machines, SILENT], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if os.path.exists(out) and open(out).read().count("\n") >= 3:
                    break
                time.sleep(0.05)
            time.sleep(0.3)  # the worker is on the silent host now
            status = FLEET.run(["smbstatus", "-s", str(FLEET.conf_path), "-b"], timeout=30)
            self.assertEqual(status.returncode, 0, status.stderr)
            sessions = [line for line in status.stdout.splitlines() if re.match(r"^\d+\s", line)]
            self.assertEqual(sessions, [], status.stdout)
        finally:
            proc.communicate(timeout=60)
        rows = list(csv.DictReader(open(out, newline="")))
        self.assertEqual([r["status"] for r in rows][2], "unreachable")

    def test_ctrl_c_leaves_a_valid_csv(self):
        machines = sorted(EXPECTED)
        # A silent host first holds the ordered writer; the rest finish behind it.
        targets = [machines[0], machines[1], SILENT] + machines[2:]
        out = os.path.join(TMP, "interrupted.csv")
        env = dict(os.environ, SMSSCAN_PASSWORD=PASSWORD)
        proc = FLEET.popen([ARGS.smsscan, "scan", "--transport", ARGS.transport, "--user", FLEET.user, "--timeout",
                            "20", "--jobs", "4", "--csv", out, *targets], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if os.path.exists(out) and open(out).read().count("\n") >= 3:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 130, stderr)
        rows = list(csv.DictReader(open(out, newline="")))
        self.assertGreaterEqual(len(rows), 2)
        self.assertLess(len(rows), len(targets))
        self.assertEqual([r["target"] for r in rows], targets[:len(rows)])
        self.assertTrue(all(r["scanned_at"].endswith("Z") for r in rows), "every written row is complete")


def build_fleet(root):
    fleet = os.path.join(root, "fleet")
    states = "sp1,pre-sp1,sp2,mixed,no-client,alpha,alpha-pre-sp1,truncated,review"
    subprocess.run([sys.executable, os.path.join(ARGS.source, "tests/fleet/make_fleet.py"), "--templates",
                    ARGS.templates, "--out", fleet, "--names", "ip", "--states", states, "--machines", "18"],
                   check=True, capture_output=True)
    with open(os.path.join(fleet, "expected.csv")) as f:
        for row in csv.DictReader(f):
            EXPECTED[row["name"]] = (row["state"], row["expected_status"], row["expected_platform"])
    # A machine that refuses its shares after a good logon.
    shutil.copytree(os.path.join(fleet, "127.0.1.1"), os.path.join(fleet, REFUSING))
    with open(os.path.join(fleet, REFUSING + ".conf"), "w") as f:
        f.write("valid users = nobody\n")
    # A client access point whose client is SP1 but whose CAP still serves RTM files.
    shutil.copytree(os.path.join(fleet, "127.0.1.1"), os.path.join(fleet, SITE))
    rtm = next(a for a, e in EXPECTED.items() if e[0] == "pre-sp1")
    shutil.copytree(os.path.join(fleet, rtm, "MS", "SMS", "CORE", "BIN"),
                    os.path.join(fleet, SITE + ".shares", "CAP_ABC", "clicomp.box", "base", "I386"))
    # An SP1 client with a pre-SP1 CLICORE.EXE beside its CliCore.exe, and a
    # folder where Clisvcl.exe should be.
    shutil.copytree(os.path.join(fleet, "127.0.1.1"), os.path.join(fleet, HOSTILE))
    hostile_bin = os.path.join(fleet, HOSTILE, "MS", "SMS", "CORE", "BIN")
    shutil.copy2(os.path.join(fleet, rtm, "MS", "SMS", "CORE", "BIN", "CliCore.exe"),
                 os.path.join(hostile_bin, "CLICORE.EXE"))
    os.unlink(os.path.join(hostile_bin, "Clisvcl.exe"))
    os.mkdir(os.path.join(hostile_bin, "Clisvcl.exe"))
    # Log every authentication, so the suite can count failed logons per machine.
    for address in list(EXPECTED) + [REFUSING, SITE, HOSTILE]:
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
    TMP = tempfile.mkdtemp(prefix="smsscan-smb-")
    os.chmod(TMP, 0o755)
    try:
        fleet = build_fleet(TMP)
        try:
            with samba_fleet.SambaFleet(fleet, os.path.join(TMP, "state"), password=PASSWORD,
                                        silent=[SILENT]) as running:
                FLEET = running
                program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
                if not program.result.wasSuccessful():
                    print("--- smbd log tail ---\n" + running.log_tail(40))
                return 0 if program.result.wasSuccessful() else 1
        except samba_fleet.FleetUnavailable as e:
            print(f"skipped: {e}")
            return 77
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
