#!/usr/bin/python3
"""End to end: an article with one table per product line, imported with
`manifest import --report`, drives a scan of machine images whose files are
real PE images of several version lines; each file is judged against the row
of its own line, and a file of no row's line is review. Also: the shipped
Q231399 manifest's build floor holds for SMS 2.0 files only.

    test_variant_scan.py --smsscan BIN --templates BUILD/fixtures --source REPO
"""

import calendar
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import script_main  # noqa: E402

ARGS = None
INTEL, ALPHA = 0x14C, 0x184
FOLDER = ("system32", "inetsrv")


def run(*args):
    return subprocess.run([ARGS.smsscan, *args], capture_output=True, text=True, timeout=600)


def utc(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%d %H:%M"))


class VariantScan(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        sys.path.insert(0, os.path.join(ARGS.source, "tests", "fleet"))
        import versioned_images  # noqa: E402 (the fleet folder is only on the path now)

        cls.images = versioned_images
        cls.template = os.path.join(ARGS.templates, "pe-template-2.0.1380.1000.dll")
        cls.tmp = tempfile.mkdtemp(prefix="smsscan-variants-")
        cls.article = os.path.join(ARGS.source, "tests/kb/synthetic-sectioned-hotfix.txt")
        cls.manifest = os.path.join(cls.tmp, "Q900456.xml")
        cls.imported = run("manifest", "import", cls.article, "-o", cls.manifest, "--report")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def machine(self, name, files):
        """A machine image with W3SVC.DLL and friends in system32\\inetsrv: (name, machine, version, size, time)."""
        folder = self.images.image_folder(self.tmp, name, *FOLDER)
        for file_name, machine, version, size, when in files:
            self.images.write_pe(self.template, os.path.join(folder, file_name), machine, version, utc(when), size)
        return os.path.join(self.tmp, name)

    def test_report_says_what_was_read(self):
        self.assertEqual(self.imported.returncode, 0, self.imported.stderr)
        self.assertIn("Q900456: 2 tables, 6 rows, 3 variants: Example Web Server 5.0; Example Web Server 4.0;",
                      self.imported.stderr)
        self.assertIn("0 lines skipped", self.imported.stderr)
        shown = run("manifest", "show", self.manifest)
        self.assertEqual(shown.returncode, 0, shown.stderr)
        rows = [line for line in shown.stdout.splitlines() if line.startswith("W3svc.dll")]
        self.assertEqual(len(rows), 3)
        self.assertTrue(rows[0].rstrip().endswith("28  Example Web Server 5.0"), rows[0])
        self.assertTrue(rows[2].rstrip().endswith("41  Example Web Server 4.0"), rows[2])
        self.assertIn("Remediation: Install the fix of Q900456 for each product listed here", shown.stdout)

    def test_rows_are_chosen_by_version_line(self):
        images = [
            self.machine("web5", [("W3SVC.DLL", INTEL, "5.0.2195.4051", 353552, "2001-08-07 00:10"),
                                  ("INFOCOMM.DLL", INTEL, "5.0.2195.4051", 245520, "2001-08-07 00:10")]),
            self.machine("web4-old", [("W3SVC.DLL", INTEL, "4.2.739.1", 228112, "2000-06-01 10:00"),
                                      ("INFOCOMM.DLL", INTEL, "4.2.769.1", 185792, "2001-08-10 19:45")]),
            self.machine("web4-alpha", [("W3SVC.DLL", ALPHA, "4.2.769.1", 386128, "2001-08-10 19:47"),
                                        ("INFOCOMM.DLL", ALPHA, "4.2.769.1", 301072, "2001-08-10 19:47")]),
            self.machine("web6", [("W3SVC.DLL", INTEL, "6.0.2600.0", 300000, "2001-10-25 10:00"),
                                  ("INFOCOMM.DLL", INTEL, "5.0.2195.4051", 245520, "2001-08-07 00:10")]),
        ]
        details = os.path.join(self.tmp, "details.csv")
        result = run("scan", "--manifest", self.manifest, "--location", "ADMIN$:system32\\inetsrv", *images,
                     "--csv", "-", "--details", details)
        self.assertEqual(result.returncode, 1, result.stderr)  # one machine needs the fix
        status = {os.path.basename(r["target"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
        self.assertEqual(status["web5"]["status"], "compliant")
        self.assertEqual(status["web4-alpha"]["status"], "compliant")
        self.assertEqual(status["web4-old"]["status"], "needs-fix")
        self.assertIn("version 4.2.739.1 is older than 4.2.769.1", status["web4-old"]["outdated"])
        self.assertEqual(status["web6"]["status"], "review")
        self.assertIn("version 6.0.x matches no row of this article", status["web6"]["review"])

        with open(details, newline="") as f:
            rows = {(os.path.basename(r["target"]), r["file"].upper()): r for r in csv.DictReader(f)}
        # Each file points back to the article row it was judged against.
        self.assertEqual(rows[("web5", "W3SVC.DLL")]["variant"], "Example Web Server 5.0")
        self.assertEqual(rows[("web5", "W3SVC.DLL")]["article_line"], "28")
        self.assertEqual(rows[("web4-old", "W3SVC.DLL")]["variant"], "Example Web Server 4.0")
        self.assertEqual(rows[("web4-old", "W3SVC.DLL")]["article_line"], "39")
        self.assertEqual(rows[("web4-old", "W3SVC.DLL")]["expected_version"], "4.2.769.1")
        self.assertEqual(rows[("web4-alpha", "W3SVC.DLL")]["article_line"], "41")
        self.assertEqual(rows[("web4-alpha", "INFOCOMM.DLL")]["article_line"], "42")
        self.assertEqual(rows[("web6", "W3SVC.DLL")]["verdict"], "review")
        self.assertEqual(rows[("web6", "INFOCOMM.DLL")]["verdict"], "current")

    def test_build_floor_holds_for_its_own_version_line(self):
        fleet = os.path.join(self.tmp, "sms")
        subprocess.run([sys.executable, os.path.join(ARGS.source, "tests/fleet/make_fleet.py"), "--templates",
                        ARGS.templates, "--out", fleet, "--states", "sp1"], check=True, capture_output=True)
        machine = os.path.join(fleet, sorted(d for d in os.listdir(fleet) if d.startswith("pc"))[0])
        clicore = os.path.join(machine, "MS", "SMS", "CORE", "BIN", "CliCore.exe")
        size = os.path.getsize(clicore)
        os.unlink(clicore)
        # Another product's version resource on an SMS 2.0 file: not "later than build 1380".
        self.images.write_pe(self.template, clicore, INTEL, "5.0.2195.1", utc("1999-06-09 01:14"), size)
        result = run("scan", machine, "--csv", "-")
        row = next(csv.DictReader(io.StringIO(result.stdout)))
        self.assertEqual(row["status"], "review", result.stdout)
        self.assertIn("version 5.0.x matches no row of this article (its build floor is for 2.0.x)", row["review"])


if __name__ == "__main__":
    sys.exit(script_main.run_suite(globals()))
