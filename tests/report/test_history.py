#!/usr/bin/python3
"""Scan history end to end: `smsscan scan --history`, `history list`, `history diff`.

    test_history.py --smsscan BUILD/scanner/smsscan --templates BUILD/fixtures --source REPO

Two scans of a fleet of real machine images (tests/fleet/make_fleet.py) with
machines fixed, regressed, removed and added in between give exactly those
lines; a scan interrupted with SIGINT while a silent SMB host (a real Samba
namespace, tests/smb/samba_fleet.py) holds it is recorded as interrupted and
left out of the default diff; two scans writing one history at once both
land whole; a damaged file, another program's database and a history of a
newer smsscan are refused with a clear message before any report is
truncated; a history of schema 1 is upgraded. Files are checked with
Python's own sqlite3 module.

Exits 77 (skipped) without the PE templates; the interrupt test is skipped
without root or Samba.
"""

import contextlib
import csv
import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_support as rs  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import script_main  # noqa: E402

ARGS = None


def read(path, mode="r"):
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
        return f.read()


def database(path):
    """A connection that is closed (and its log folded back) when the with block ends."""
    return contextlib.closing(sqlite3.connect(path))


def lines_after_heading(stdout):
    lines = stdout.splitlines()
    return lines[0], sorted(" ".join(line.split()) for line in lines[1:])


class History(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="smsscan-history-")
        cls.fleet = os.path.join(cls.tmp, "fleet")
        cls.expected = rs.make_fleet(ARGS.source, ARGS.templates, cls.fleet, machines=12)
        cls.names = [row["name"] for row in cls.expected]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def scan(self, history, names, *extra, fleet=None):
        hosts = "".join(f"./{n}, client, {'ABC' if i % 2 else 'XYZ'}\n" for i, n in enumerate(names))
        return rs.run(ARGS.smsscan, "scan", "--quiet", "--hosts", "-", "--history", history, *extra,
                      cwd=fleet or self.fleet, stdin=hosts)

    def smsscan(self, *args):
        return rs.run(ARGS.smsscan, *args)

    def test_diff_lists_exactly_the_machines_that_changed(self):
        fleet = self.path("diff-fleet")
        shutil.copytree(self.fleet, fleet, copy_function=os.link)
        history = self.path("diff.history")
        first = [n for n in self.names]
        result = self.scan(history, first, fleet=fleet)
        self.assertEqual(result.returncode, 1, result.stderr)
        by_state = {row["state"]: row["name"] for row in self.expected}
        fixed, regressed, removed = by_state["pre-sp1"], by_state["sp2"], by_state["no-client"]
        sp1 = by_state["sp1"]
        # Fixed: the pre-SP1 machine now has SP1's files; regressed: the SP2 machine got RTM files back.
        shutil.rmtree(os.path.join(fleet, fixed))
        shutil.copytree(os.path.join(self.fleet, sp1), os.path.join(fleet, fixed), copy_function=os.link)
        shutil.rmtree(os.path.join(fleet, regressed))
        shutil.copytree(os.path.join(self.fleet, by_state["alpha-pre-sp1"]), os.path.join(fleet, regressed),
                        copy_function=os.link)
        # Removed from the host list, and a new machine added to it.
        shutil.copytree(os.path.join(self.fleet, sp1), os.path.join(fleet, "pc100-new"), copy_function=os.link)
        second = [n for n in first if n != removed] + ["pc100-new"]
        page = self.path("diff.html")
        result = self.scan(history, second, "--html", page, fleet=fleet)
        self.assertEqual(result.returncode, 1, result.stderr)

        listed = self.smsscan("history", "list", "--history", history)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        rows = listed.stdout.splitlines()
        self.assertEqual(rows[0].split()[:3], ["SCAN", "STARTED", "(UTC)"])
        self.assertEqual([r.split()[0] for r in rows[1:]], ["1", "2"])
        for row in rows[1:]:
            self.assertIn(" complete ", row)
            self.assertIn(" Q231399 ", row)
            self.assertEqual(row.split()[5], "12", row)

        diff = self.smsscan("history", "diff", "--history", history)
        self.assertEqual(diff.returncode, 0, diff.stderr)
        heading, changes = lines_after_heading(diff.stdout)
        self.assertIn("From scan 1", heading)
        self.assertIn("to scan 2", heading)
        self.assertIn("4 machines changed", heading)
        self.assertEqual(changes, sorted([
            f"fixed ./{fixed} needs-fix -> compliant",
            f"regressed ./{regressed} compliant -> needs-fix",
            f"gone ./{removed} not-installed -> (none)",
            "new ./pc100-new (none) -> compliant",
        ]))
        as_csv = self.smsscan("history", "diff", "--history", history, "--csv", "-")
        self.assertEqual(as_csv.returncode, 0, as_csv.stderr)
        records = list(csv.reader(io.StringIO(as_csv.stdout)))
        self.assertEqual(records[0], ["target", "before", "after", "change"])
        self.assertEqual(sorted(map(tuple, records[1:])), sorted([
            (f"./{fixed}", "needs-fix", "compliant", "fixed"),
            (f"./{regressed}", "compliant", "needs-fix", "regressed"),
            (f"./{removed}", "not-installed", "", "gone"),
            ("./pc100-new", "", "compliant", "new"),
        ]))
        out = self.path("diff.csv")
        both = self.smsscan("history", "diff", "--history", history, "1", "2", "--csv", out)
        self.assertEqual(both.returncode, 0, both.stderr)
        self.assertEqual(lines_after_heading(both.stdout)[1], changes)
        self.assertEqual(list(csv.reader(io.StringIO(read(out)))), records)
        # The second scan's page lists the same changes.
        html = read(page)
        changed = rs.PageStructure(html).sections["changes"]
        self.assertEqual(sorted((r[0], r[3]) for r in changed[1:]),
                         sorted([(f"./{fixed}", "fixed"), (f"./{regressed}", "regressed"),
                                 (f"./{removed}", "gone"), ("./pc100-new", "new")]))
        # What the file holds, read by another SQLite.
        with database(history) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            self.assertEqual(db.execute("PRAGMA user_version").fetchone()[0], 2)
            sites = dict(db.execute("SELECT target, site FROM machines WHERE scan_id = 2"))
            self.assertEqual(sites["./pc100-new"], "ABC" if len(second) % 2 == 0 else "XYZ")
            files = db.execute("SELECT count(*) FROM files WHERE scan_id = 1 AND verdict = 'outdated'").fetchone()[0]
            self.assertGreater(files, 0)
        # Unknown scans and too few scans are refused clearly.
        bad = self.smsscan("history", "diff", "--history", history, "1", "7")
        self.assertEqual(bad.returncode, 64)
        self.assertIn("has no scan 7; its scans are 1 to 2", bad.stderr)

    def test_a_diff_needs_two_complete_scans(self):
        history = self.path("one.history")
        self.assertEqual(self.scan(history, self.names[:2]).returncode, 1)
        diff = self.smsscan("history", "diff", "--history", history)
        self.assertEqual(diff.returncode, 66)
        self.assertIn("fewer than two complete scans", diff.stderr)
        missing = self.smsscan("history", "list", "--history", self.path("never.history"))
        self.assertEqual(missing.returncode, 66)
        self.assertIn("never.history: cannot open the history: No such file or directory", missing.stderr)
        self.assertFalse(os.path.exists(self.path("never.history")), "reading never creates a history")

    def test_two_scans_writing_one_history_at_once(self):
        fleet = self.path("big-fleet")
        rs.make_fleet(ARGS.source, ARGS.templates, fleet, machines=600)
        names = sorted(d for d in os.listdir(fleet) if os.path.isdir(os.path.join(fleet, d)))
        history = self.path("shared.history")
        hosts = self.path("big-fleet.txt")
        with open(hosts, "w") as f:
            f.write("\n".join("./" + n for n in names))
        scans = [subprocess.Popen([ARGS.smsscan, "scan", "--quiet", "--hosts", hosts, "--history", history, "--csv",
                                   self.path(f"shared{i}.csv")], cwd=fleet, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for i in range(2)]
        # A reader at the same time.
        while any(proc.poll() is None for proc in scans):
            listed = self.smsscan("history", "list", "--history", history)
            self.assertIn(listed.returncode, (0, 66), listed.stderr)
            if listed.returncode == 66:  # only while the first scan creates the file
                self.assertRegex(listed.stderr, "No such file|holds no scans yet")
        for proc in scans:
            _, stderr = proc.communicate(timeout=300)
            self.assertEqual(proc.returncode, 1, stderr)
        with database(history) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            self.assertEqual(db.execute("SELECT id, state FROM scans ORDER BY id").fetchall(),
                             [(1, "complete"), (2, "complete")])
            self.assertEqual(db.execute("SELECT scan_id, count(*) FROM machines GROUP BY scan_id").fetchall(),
                             [(1, 600), (2, 600)])
        diff = self.smsscan("history", "diff", "--history", history)
        self.assertEqual(diff.returncode, 0, diff.stderr)
        self.assertIn("0 machines changed", diff.stdout)

    def test_damaged_and_foreign_files_are_refused_before_any_report_is_truncated(self):
        report = self.path("kept.csv")
        damaged = self.path("damaged.history")
        with open(damaged, "wb") as f:
            f.write(b"SQLite format 3\x00" + os.urandom(8192))
        foreign = self.path("contacts.db")
        with database(foreign) as db:
            db.execute("CREATE TABLE contacts(name TEXT)")
            db.commit()
        newer = self.path("newer.history")
        self.assertEqual(self.scan(newer, self.names[:1]).returncode, 0)
        with database(newer) as db:
            db.execute("PRAGMA user_version=9")
            db.commit()
        cut = self.path("cut.history")
        self.assertEqual(self.scan(cut, self.names).returncode, 1)
        with open(cut, "r+b") as f:
            f.seek(4096 * 2)
            f.write(b"\x00" * 4096 * 3)
        for path, words in ((damaged, "not an SQLite database"), (foreign, "an SQLite database of another program"),
                            (newer, "written by a newer smsscan (history schema 9"),
                            (cut, "the history is damaged (")):
            with self.subTest(path=os.path.basename(path)):
                with open(report, "w") as f:
                    f.write("last week's report\n")
                before = read(path, "rb")
                result = self.scan(path, self.names[:2], "--csv", report)
                self.assertEqual(result.returncode, 66, result.stderr)
                self.assertIn(f"--history {path}: ", result.stderr)
                self.assertIn(words, result.stderr)
                self.assertEqual(read(report), "last week's report\n", "no report truncated")
                self.assertEqual(read(path, "rb"), before, "the file is left as it was")
                listed = self.smsscan("history", "list", "--history", path)
                self.assertEqual(listed.returncode, 66)
                self.assertIn(words, listed.stderr)
        usage = self.scan("-", self.names[:1])
        self.assertEqual(usage.returncode, 64)
        self.assertIn("--history needs a file, not standard output", usage.stderr)
        clash = self.scan(self.path("same"), self.names[:1], "--csv", self.path("same"))
        self.assertEqual(clash.returncode, 64)
        self.assertIn("--csv and --history name the same file", clash.stderr)

    def test_a_history_of_schema_1_is_upgraded(self):
        history = self.path("old.history")
        with database(history) as db:
            db.executescript("""
                CREATE TABLE scans(id INTEGER PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER,
                  state TEXT NOT NULL CHECK (state IN ('running', 'interrupted', 'complete')), kb TEXT NOT NULL,
                  fix TEXT NOT NULL, manifest TEXT NOT NULL, options TEXT NOT NULL, generator TEXT NOT NULL,
                  planned INTEGER NOT NULL);
                CREATE TABLE machines(scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
                  position INTEGER NOT NULL, target TEXT NOT NULL, identity TEXT NOT NULL, status TEXT NOT NULL,
                  platform TEXT NOT NULL, scanned_at INTEGER NOT NULL, error TEXT NOT NULL,
                  PRIMARY KEY (scan_id, position));
                CREATE TABLE files(scan_id INTEGER NOT NULL, position INTEGER NOT NULL, share TEXT NOT NULL,
                  folder TEXT NOT NULL, file TEXT NOT NULL, verdict TEXT NOT NULL, version TEXT NOT NULL,
                  size INTEGER NOT NULL, date INTEGER, date_source TEXT NOT NULL, reason TEXT NOT NULL,
                  FOREIGN KEY (scan_id, position) REFERENCES machines(scan_id, position) ON DELETE CASCADE);
                PRAGMA application_id = 1397576531;
                PRAGMA user_version = 1;
            """)
            identity = "local:" + os.path.join(os.path.realpath(self.fleet), self.names[0])
            db.execute("INSERT INTO scans VALUES (1, 1000, 1060, 'complete', 'Q231399', 'SMS 2.0 Service Pack 1', "
                       "'built-in', '', 'smsscan 0.0.9', 1)")
            db.execute("INSERT INTO machines VALUES (1, 0, ?, ?, 'needs-fix', 'Intel', 1030, '')",
                       ("./" + self.names[0], identity))
            db.commit()
        listed = self.smsscan("history", "list", "--history", history)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn("written by an older smsscan (schema 1); upgraded it to schema 2", listed.stderr)
        self.assertIn("1970-01-01 00:16", listed.stdout)
        self.assertEqual(self.scan(history, self.names[:1]).returncode, 0)  # pc001-sp1: compliant
        diff = self.smsscan("history", "diff", "--history", history)
        self.assertEqual(diff.returncode, 0, diff.stderr)
        self.assertEqual(lines_after_heading(diff.stdout)[1], [f"fixed ./{self.names[0]} needs-fix -> compliant"])
        with database(history) as db:
            self.assertEqual(db.execute("PRAGMA user_version").fetchone()[0], 2)
            self.assertEqual(db.execute("SELECT site FROM machines ORDER BY scan_id").fetchall(), [("",), ("XYZ",)])

    def test_an_interrupted_scan_is_recorded_as_such_and_left_out_of_the_default_diff(self):
        history = self.path("interrupted.history")
        # Two complete scans with one change between them.
        self.assertEqual(self.scan(history, self.names[:3]).returncode, 1)
        self.assertEqual(self.scan(history, self.names[:4]).returncode, 1)
        before = [f"./{n}" for n in self.names[:5]]
        after = [f"./{n}" for n in self.names[5:]]
        with rs.silent_host(ARGS.source, ARGS.templates, self.path("samba")) as (fleet, silent):
            report = self.path("interrupted.csv")
            page = self.path("interrupted.html")
            targets = before + [silent] + after
            proc = fleet.popen([ARGS.smsscan, "scan", "--quiet", "--timeout", "60", "--history", history, "--csv",
                                report, "--html", page, *targets], cwd=self.fleet, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
            # The machines before the silent host are written; it holds the rest for a minute.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None:
                if os.path.exists(report) and len(read(report).splitlines()) == 1 + len(before):
                    break
                time.sleep(0.05)
            self.assertIsNone(proc.poll(), "the scan is still waiting for the silent host")
            proc.send_signal(signal.SIGINT)
            _, stderr = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 130, stderr)
        self.assertIn("interrupted", stderr)
        self.assertEqual([r["target"] for r in rs.read_csv(report)], before)
        with database(history) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            self.assertEqual(db.execute("SELECT state, planned FROM scans WHERE id = 3").fetchone(),
                             ("interrupted", len(targets)))
            self.assertEqual([t for (t,) in db.execute("SELECT target FROM machines WHERE scan_id = 3 "
                                                       "ORDER BY position")], before)
        listed = self.smsscan("history", "list", "--history", history)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        last = listed.stdout.splitlines()[-1].split()
        self.assertEqual((last[0], last[3], last[5]), ("3", "interrupted", f"5/{len(targets)}"))
        diff = self.smsscan("history", "diff", "--history", history)
        self.assertEqual(diff.returncode, 0, diff.stderr)
        self.assertIn("From scan 1", diff.stdout)
        self.assertIn("to scan 2", diff.stdout)
        status = [row["expected_status"] for row in self.expected]
        self.assertEqual(lines_after_heading(diff.stdout)[1], [f"new ./{self.names[3]} (none) -> {status[3]}"])
        # Asked for by number, the interrupted scan claims nothing about the machines it did not reach.
        partial = self.smsscan("history", "diff", "--history", history, "2", "3")
        self.assertEqual(partial.returncode, 0, partial.stderr)
        self.assertIn("did not finish", partial.stderr)
        self.assertEqual(lines_after_heading(partial.stdout)[1], [f"new ./{self.names[4]} (none) -> {status[4]}"])
        # The page is whole and says it is incomplete.
        html = read(page)
        self.assertTrue(html.rstrip().endswith("</html>"))
        self.assertIn(f"Incomplete: the scan was interrupted after 5 of {len(targets)} machines.", html)
        self.assertEqual(sorted(r[0] for r in rs.PageStructure(html).sections["machines"][1:]), sorted(before))


if __name__ == "__main__":
    sys.exit(script_main.run_suite(globals()))
