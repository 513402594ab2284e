#!/usr/bin/python3
"""`smsscan accounts` against real Samba: one smbd per site system, each with
its own account database (tests/smb/account_fleet.py), in a private network
namespace.

    test_accounts.py --smsscan BUILD/scanner/smsscan --source REPO

Exits 77 (skipped) when it cannot run: not root, no network namespaces, no smbd.
"""

import argparse
import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import account_fleet  # noqa: E402
from account_fleet import AccountFleet, SiteSystem  # noqa: E402

ARGS = None
FLEET = None
TMP = None
PASSWORD = "Acct-Pw-7"
TOKN = "SMSCliToknAcct&"
SVC = "SMSCliSvcAcct&"
SITE_ACCOUNT = "SMS&_DC01"
UNREACHABLE = "127.0.6.50"
SILENT = "127.0.6.51"

# address -> (site system, expected {account: (state, bad-password count)})
SYSTEMS = [
    (SiteSystem("127.0.6.1", {TOKN: "locked", SVC: "active"}, threshold=5, bad_logons={SVC: 2}),
     {TOKN: ("locked", "0"), SVC: ("active", "2"), SITE_ACCOUNT: ("missing", "")}),
    # Locked out by real bad logons: threshold 3, three wrong passwords.
    (SiteSystem("127.0.6.2", {TOKN: "active", SVC: "active"}, threshold=3, bad_logons={TOKN: 3, SVC: 1}),
     {TOKN: ("locked", "3"), SVC: ("active", "1"), SITE_ACCOUNT: ("missing", "")}),
    # The article's workaround: lockout disabled (Samba then counts no bad passwords).
    (SiteSystem("127.0.6.3", {TOKN: "active", SVC: "active"}, threshold=0, bad_logons={SVC: 2}),
     {TOKN: ("active", "0"), SVC: ("active", "0"), SITE_ACCOUNT: ("missing", "")}),
    (SiteSystem("127.0.6.4", {TOKN: "disabled"}, threshold=3),
     {TOKN: ("disabled", "0"), SVC: ("missing", ""), SITE_ACCOUNT: ("missing", "")}),
    # A domain controller: no SMSCliSvcAcct&, the client service's SMS&_<server> instead.
    (SiteSystem("127.0.6.5", {TOKN: "active", SITE_ACCOUNT: "active"}, threshold=5),
     {TOKN: ("active", "0"), SVC: ("missing", ""), SITE_ACCOUNT: ("active", "0")}),
    # An NT 4.0 server: SMB1 only, on port 139.
    (SiteSystem("127.0.6.6", {TOKN: "locked", SVC: "disabled"}, threshold=0, smb1_only=True),
     {TOKN: ("locked", "0"), SVC: ("disabled", "0"), SITE_ACCOUNT: ("missing", "")}),
]
THRESHOLDS = {s.address: str(s.threshold) for s, _ in SYSTEMS}
ADDRESSES = [s.address for s, _ in SYSTEMS]


def accounts(*args, password=PASSWORD, user=None, stdin=None, timeout=120, extra_env=None):
    env = dict(os.environ, **(extra_env or {}))
    env.pop("SMSSCAN_PASSWORD", None)
    if password is not None:
        env["SMSSCAN_PASSWORD"] = password
    cmd = [ARGS.smsscan, "accounts", "--user", user or "FLEET\\" + FLEET.user, *args]
    return FLEET.run(cmd, env=env, input=stdin, timeout=timeout)


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


class Accounts(unittest.TestCase):
    def test_every_state_and_threshold(self):
        jsonl = os.path.join(TMP, "accounts.jsonl")
        started = time.monotonic()
        result = accounts(*ADDRESSES, UNREACHABLE, "--account", SITE_ACCOUNT, "--csv", "-", "--json", jsonl)
        elapsed = time.monotonic() - started
        print(f"\n  {len(ADDRESSES) + 1} machines queried in {elapsed:.2f} s", file=sys.stderr)
        self.assertEqual(result.returncode, 2, result.stderr)  # a machine could not be queried: 2 before 1
        rows = rows_of(result.stdout)
        self.assertEqual(len(rows), 3 * (len(ADDRESSES) + 1))
        self.assertEqual([r["target"] for r in rows[::3]], ADDRESSES + [UNREACHABLE])
        for system, expected in SYSTEMS:
            mine = [r for r in rows if r["target"] == system.address]
            self.assertEqual([r["account"] for r in mine], [TOKN, SVC, SITE_ACCOUNT])
            for row in mine:
                state, bad = expected[row["account"]]
                self.assertEqual(row["state"], state, row)
                self.assertEqual(row["bad_password_count"], bad, row)
                self.assertEqual(row["lockout_threshold"], THRESHOLDS[system.address], row)
                self.assertEqual(row["lockout_duration"], "1800", row)
                self.assertEqual(row["lockout_window"], "1800", row)
                self.assertEqual(row["status"], "queried", row)
                self.assertEqual(row["error"], "", row)
        gone = [r for r in rows if r["target"] == UNREACHABLE]
        self.assertTrue(all(r["status"] == "unreachable" and r["state"] == "" for r in gone), gone)
        self.assertIn("NT_STATUS_CONNECTION_REFUSED", gone[0]["error"])
        with open(jsonl) as f:
            objects = [json.loads(line) for line in f]
        self.assertEqual([o["target"] for o in objects], ADDRESSES + [UNREACHABLE])
        self.assertEqual(objects[2]["lockout"]["enabled"], False)
        self.assertEqual(objects[0]["lockout"]["threshold"], 5)
        self.assertEqual(objects[1]["accounts"][0], {"account": TOKN, "state": "locked", "bad_password_count": 3,
                                                     "last_logon": None, "error": ""})
        self.assertIsNone(objects[-1]["lockout"])
        self.assertNotIn(PASSWORD, result.stdout + result.stderr)

    def test_table_summary_and_exit_1(self):
        result = accounts(*ADDRESSES)
        self.assertEqual(result.returncode, 1, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), len(ADDRESSES) + 1, result.stdout)
        self.assertIn("lockout 5 (30 min, window 30 min)", lines[0])
        self.assertIn(f"{TOKN} locked (3 bad passwords)", lines[1])
        self.assertIn("lockout off (threshold 0)", lines[2])
        self.assertEqual(lines[-1], f"{TOKN} is locked out on 3 of 6 site systems; lockout is enabled on 4 of them: "
                                    "install SMS 2.0 Service Pack 1 on the clients, or disable account lockout "
                                    "until then")

    def test_nothing_locked_is_exit_0(self):
        result = accounts("127.0.6.3", "127.0.6.4")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("No account is locked out on the 2 site systems queried; lockout is enabled on 1 of them",
                      result.stdout)

    def test_samba_environment_credentials_are_never_used(self):
        # Samba's credential guess reads USER, PASSWD and KRB5CCNAME; the
        # query uses only its own credentials, with NTLM.
        before = len(FLEET.failed_logons("intruder"))
        result = accounts("127.0.6.3", extra_env={"USER": "intruder", "LOGNAME": "intruder", "PASSWD": "bad",
                                                  "KRB5CCNAME": "FILE:/nonexistent/ccache"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(FLEET.failed_logons("intruder")), before)
        self.assertEqual(accounts("127.0.6.3", password=None, stdin="",
                                  extra_env={"PASSWD": PASSWORD}).returncode, 78)

    def test_smb1_only_site_system_on_port_139(self):
        for target in ("127.0.6.6", "127.0.6.6:139", "\\\\127.0.6.6\\ADMIN$", "nt4-cap"):
            result = accounts(target, "--csv", "-")
            self.assertEqual(result.returncode, 1, f"{target}: {result.stderr}")
            rows = rows_of(result.stdout)
            self.assertEqual([(r["account"], r["state"]) for r in rows], [(TOKN, "locked"), (SVC, "disabled")])
            self.assertEqual(rows[0]["lockout_threshold"], "0")

    def test_wrong_password_reaches_at_most_max_auth_failures_machines(self):
        for limit in (3, 1):
            before = FLEET.failed_logons(FLEET.user)
            result = accounts(*ADDRESSES, "--jobs", "16", "--csv", "-", "--max-auth-failures", str(limit),
                              password="wrong-password")
            self.assertEqual(result.returncode, 2, result.stderr)
            statuses = [r["status"] for r in rows_of(result.stdout)][::2]
            self.assertEqual(statuses.count("auth-failed"), limit, statuses)
            self.assertEqual(statuses.count("skipped"), len(ADDRESSES) - limit, statuses)
            self.assertIn("stopped using them", result.stderr)
            self.assertNotIn("wrong-password", result.stdout + result.stderr)
            time.sleep(0.5)  # let smbd write its log
            failed = FLEET.failed_logons(FLEET.user)[len(before):]
            self.assertEqual(len(failed), limit, f"one refused logon per machine, {limit} machines: {failed}")
            self.assertEqual(len(set(failed)), limit, failed)

    def test_host_list_names_and_a_bad_line(self):
        hosts = "# site systems\ncap-locked\nnot a host!\n127.0.6.3, cap, ABC\n"
        result = accounts("--hosts", "-", "--csv", "-", stdin=hosts)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("standard input:3:", result.stderr)
        rows = rows_of(result.stdout)
        self.assertEqual([r["target"] for r in rows[::2]], ["cap-locked", "127.0.6.3"])
        self.assertEqual(rows[0]["state"], "locked")

    def test_netbios_names_through_lmhosts_and_the_ntlmv1_option(self):
        # The NetBIOS lookup (lmhosts, then WINS) is scan's, on the scanner's
        # side; the worker gets the address it found.
        lmhosts = os.path.join(TMP, "lmhosts")
        with open(lmhosts, "w") as f:
            f.write("127.0.6.2  SITE02\n127.0.6.6  NT4CAP  #PRE\n")
        result = accounts("--lmhosts", lmhosts, "--csv", "-", "SITE02", "nt4cap", "--ntlmv1")
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = rows_of(result.stdout)
        self.assertEqual([r["target"] for r in rows[::2]], ["SITE02", "nt4cap"])
        self.assertEqual(rows[0]["state"], "locked")
        self.assertEqual(rows[0]["lockout_threshold"], "3")
        self.assertEqual(rows[2]["state"], "locked")
        self.assertEqual(rows[2]["lockout_threshold"], "0")
        unknown = accounts("--lmhosts", lmhosts, "--csv", "-", "NOSUCH42", "--timeout", "5")
        self.assertEqual(unknown.returncode, 2, unknown.stderr)
        self.assertIn("cannot resolve NOSUCH42", rows_of(unknown.stdout)[0]["error"])

    def test_silent_machine_is_bounded_by_timeout(self):
        started = time.monotonic()
        result = accounts(SILENT, "127.0.6.3", "--timeout", "2", "--csv", "-")
        elapsed = time.monotonic() - started
        self.assertEqual(result.returncode, 2, result.stderr)
        rows = rows_of(result.stdout)
        self.assertEqual(rows[0]["status"], "unreachable")
        self.assertIn("timed out after 2 s", rows[0]["error"])
        self.assertEqual(rows[2]["status"], "queried")
        self.assertLess(elapsed, 15)

    def test_usage_input_and_credential_errors(self):
        self.assertEqual(accounts().returncode, 64)
        bad = os.path.join(TMP, "bad.xml")
        with open(bad, "w") as f:
            f.write("<manifest")
        self.assertEqual(accounts("--manifest", bad, ADDRESSES[0]).returncode, 65)
        self.assertEqual(accounts("--hosts", os.path.join(TMP, "absent.txt")).returncode, 66)
        result = accounts(ADDRESSES[0], password=None, stdin="")
        self.assertEqual(result.returncode, 78, result.stderr)  # no password and no terminal to ask

    def test_ctrl_c_leaves_a_valid_csv(self):
        out = os.path.join(TMP, "interrupted.csv")
        env = dict(os.environ, SMSSCAN_PASSWORD=PASSWORD)
        proc = FLEET.popen([ARGS.smsscan, "accounts", "--user", FLEET.user, "--timeout", "30", "--jobs", "2",
                            "--csv", out, ADDRESSES[0], SILENT, *ADDRESSES[1:]], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if os.path.exists(out):
                with open(out) as f:
                    if f.read().count("\n") >= 3:
                        break
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 130, stderr)
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["target"] for r in rows], [ADDRESSES[0]] * 2, "the silent machine holds the rest back")
        self.assertTrue(all(r["queried_at"].endswith("Z") for r in rows))


def main():
    global ARGS, FLEET, TMP
    parser = argparse.ArgumentParser()
    parser.add_argument("--smsscan", required=True)
    parser.add_argument("--source", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.smsscan = os.path.abspath(ARGS.smsscan)
    TMP = tempfile.mkdtemp(prefix="smsscan-accounts-")
    os.chmod(TMP, 0o755)
    try:
        try:
            started = time.monotonic()
            with AccountFleet([s for s, _ in SYSTEMS], os.path.join(TMP, "state"), password=PASSWORD,
                              unreachable=[UNREACHABLE], silent=[f"{SILENT}:445"],
                              hosts={"cap-locked": "127.0.6.1", "nt4-cap": "127.0.6.6"}) as running:
                FLEET = running
                print(f"account fleet: {len(SYSTEMS)} smbd instances up in {running.start_seconds:.2f} s",
                      file=sys.stderr)
                program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
                if not program.result.wasSuccessful():
                    print("--- smbd log tails ---\n" + running.log_tail(15))
                ok = program.result.wasSuccessful()
            print(f"account fleet: whole run {time.monotonic() - started:.2f} s", file=sys.stderr)
            return 0 if ok else 1
        except account_fleet.FleetUnavailable as e:
            print(f"skipped: {e}")
            return 77
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
