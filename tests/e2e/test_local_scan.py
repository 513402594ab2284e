#!/usr/bin/python3
"""End-to-end tests: the built smsscan binary on machine images it has never seen.

    test_local_scan.py --smsscan BUILD/scanner/smsscan --templates BUILD/fixtures --source REPO

The fleet is generated afresh (tests/fleet/make_fleet.py) from the mingw-built
PE templates; without them the suite exits 77 (skipped).
"""

import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import script_main  # noqa: E402

ARGS = None


def run(*args, cwd=None, stdin=None):
    return subprocess.run([ARGS.smsscan, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=600)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


class Fleet(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="smsscan-e2e-")
        cls.fleet = os.path.join(cls.tmp, "fleet")
        subprocess.run([sys.executable, os.path.join(ARGS.source, "tests/fleet/make_fleet.py"), "--templates",
                        ARGS.templates, "--out", cls.fleet], check=True, capture_output=True)
        cls.expected = read_csv(os.path.join(cls.fleet, "expected.csv"))
        cls.names = [row["name"] for row in cls.expected]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def out(self, name):
        return os.path.join(self.tmp, name)

    def test_every_state_gets_its_status_and_platform(self):
        targets = ["./" + n for n in self.names]
        result = run("scan", *targets, "--csv", self.out("r.csv"), "--json", self.out("r.json"),
                     "--details", self.out("d.csv"), cwd=self.fleet)
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = read_csv(self.out("r.csv"))
        self.assertEqual([r["target"] for r in rows], targets, "one row per target, in the order given")
        for row, want in zip(rows, self.expected):
            self.assertEqual(row["status"], want["expected_status"], f"{want['name']}: {row}")
            self.assertEqual(row["platform"], want["expected_platform"], want["name"])
        by_name = {r["target"][2:]: r for r in rows}
        self.assertIn("Clisvcl.exe", by_name["pc004-mixed"]["outdated"])
        self.assertNotIn("CliCore.exe", by_name["pc004-mixed"]["outdated"])
        self.assertIn("CliCore.exe", by_name["pc008-truncated"]["review"])
        self.assertIn("corrupt", by_name["pc008-truncated"]["review"])
        self.assertIn("Compver.ini", by_name["pc009-review"]["review"])
        self.assertIn("SMS 2.0 Service Pack 1", result.stdout)
        self.assertIn("3 of 9 machines still need", result.stdout)
        for row in rows:
            self.assertRegex(row["scanned_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

        lines = open(self.out("r.json")).read().splitlines()
        self.assertEqual(len(lines), len(targets))
        objects = [json.loads(line) for line in lines]
        self.assertEqual([o["status"] for o in objects], [w["expected_status"] for w in self.expected])

        details = read_csv(self.out("d.csv"))
        sp1_pe = [d for d in details if d["target"] in ("./pc001-sp1", "./pc006-alpha")
                  and d["verdict"] != "missing" and not d["file"].lower().endswith(".ini")]
        self.assertEqual(len(sp1_pe), 7 + 6)
        for d in sp1_pe:
            self.assertTrue(d["version"].startswith("2.0.1380."), d)
            self.assertEqual(d["platform"], "Alpha" if "alpha" in d["target"] else "Intel", d)
            self.assertEqual(d["date_source"], "pe-link-time", d)
            self.assertEqual(d["verdict"], "current", d)
        truncated = [d for d in details if d["target"] == "./pc008-truncated" and d["file"] == "CliCore.exe"]
        self.assertEqual([d["verdict"] for d in truncated], ["corrupt"])

    def test_compliant_and_not_installed_exit_zero(self):
        result = run("scan", "pc001-sp1", "pc003-sp2", "pc005-no-client", "pc006-alpha", cwd=self.fleet)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("0 of 4 machines still need", result.stdout)

    def test_missing_image_is_unscanned(self):
        result = run("scan", "./pc001-sp1", "./no-such-machine", "--csv", "-", cwd=self.fleet)
        self.assertEqual(result.returncode, 2)
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        self.assertEqual([r["status"] for r in rows], ["compliant", "unreachable"])
        self.assertIn("no-such-machine", rows[1]["error"])

    def test_malformed_manifest_is_refused_with_name_and_line(self):
        manifest = open(os.path.join(ARGS.source, "manifests/Q231399.xml")).read()
        bad = manifest.replace('size="69488"', 'size="69,488"')
        path = self.out("bad.xml")
        open(path, "w").write(bad)
        line = bad[:bad.index('size="69,488"')].count("\n") + 1
        result = run("scan", "--manifest", path, "./pc001-sp1", "--csv", self.out("never.csv"), cwd=self.fleet)
        self.assertEqual(result.returncode, 65)
        self.assertIn(f"bad.xml:{line}:", result.stderr)
        self.assertIn("69,488", result.stderr)
        self.assertFalse(os.path.exists(self.out("never.csv")), "refused before any scan")
        impossible = manifest.replace('date="1999-05-19" time="13:03" platform="Intel"',
                                      'date="1999-02-30" time="13:03" platform="Intel"')
        open(path, "w").write(impossible)
        result = run("scan", "--manifest", path, "./pc001-sp1", cwd=self.fleet)
        self.assertEqual(result.returncode, 65)
        self.assertIn("1999-02-30", result.stderr)
        open(path, "w").write(manifest[:len(manifest) // 2])
        result = run("manifest", "check", path)
        self.assertEqual(result.returncode, 65)
        self.assertIn("bad.xml", result.stderr)

    def test_bad_host_list_line_is_reported_and_skipped(self):
        hosts = "# fleet\n./pc001-sp1\n\n./pc002-pre-sp1, client, ABC\nbad host name!\n./pc001-sp1\n./pc004-mixed\n"
        result = run("scan", "--hosts", "-", "--csv", self.out("h.csv"), cwd=self.fleet, stdin=hosts)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("standard input:5:", result.stderr)
        rows = read_csv(self.out("h.csv"))
        self.assertEqual([r["target"] for r in rows], ["./pc001-sp1", "./pc002-pre-sp1", "./pc004-mixed"])
        self.assertEqual([r["status"] for r in rows], ["compliant", "needs-fix", "needs-fix"])

    def test_site_roles_on_images(self):
        share = os.path.join(self.tmp, "cap_share")
        src = os.path.join(self.fleet, "pc002-pre-sp1", "MS", "SMS", "CORE", "BIN")
        os.makedirs(os.path.join(share, "clicomp.box", "base"), exist_ok=True)
        shutil.copytree(src, os.path.join(share, "clicomp.box", "base", "i386"))
        result = run("scan", "--roles", "client,cap", "./pc001-sp1", cwd=self.fleet)
        self.assertEqual(result.returncode, 64, "a site role needs a site code")
        result = run("scan", "--roles", "client,cap", "--site-code", "ABC", "./pc001-sp1", cwd=self.fleet)
        self.assertEqual(result.returncode, 64, "an image needs its CAP share mapped")
        self.assertIn("CAP_ABC", result.stderr)
        result = run("scan", "--roles", "client,cap", "--site-code", "ABC", "--share", f"CAP_ABC={share}",
                     "./pc001-sp1", "--csv", "-", cwd=self.fleet)
        self.assertEqual(result.returncode, 1, result.stderr)
        row = next(csv.DictReader(io.StringIO(result.stdout)))
        self.assertEqual(row["status"], "needs-fix")
        self.assertIn("CAP_ABC\\clicomp.box\\base\\I386\\CliCore.exe", row["outdated"])

    def test_deep_mode_hashes_whole_files(self):
        import hashlib
        result = run("scan", "./pc001-sp1", "--deep", "--details", self.out("deep.csv"), cwd=self.fleet)
        self.assertEqual(result.returncode, 0, result.stderr)
        found = [d for d in read_csv(self.out("deep.csv")) if d["verdict"] != "missing"]
        self.assertEqual(len(found), 8)
        for d in found:
            path = os.path.join(self.fleet, "pc001-sp1", "MS", "SMS", "CORE", "BIN", d["file"])
            self.assertEqual(d["sha256"], hashlib.sha256(open(path, "rb").read()).hexdigest(), d["file"])
            self.assertGreaterEqual(int(d["bytes_read"]), os.path.getsize(path), d["file"])
        quick = run("scan", "./pc001-sp1", "--details", self.out("quick.csv"), cwd=self.fleet)
        self.assertEqual(quick.returncode, 0)
        for d in read_csv(self.out("quick.csv")):
            if d["verdict"] != "missing":
                self.assertEqual(d["sha256"], "")
                self.assertLessEqual(int(d["bytes_read"]), 64 * 1024, d["file"])

    def test_imported_article_drives_a_scan(self):
        article = os.path.join(ARGS.source, "tests/kb/synthetic-sms-hotfix.txt")
        manifest = self.out("Q900123.xml")
        result = run("manifest", "import", article, "-o", manifest)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(run("manifest", "check", manifest).returncode, 0)
        image = os.path.join(self.tmp, "hotfix-image")
        folder = os.path.join(image, "system32", "example")
        os.makedirs(folder)
        # A real PE image of version 2.0.1493.2000: older than the fix (3004).
        shutil.copy(os.path.join(ARGS.templates, "pe-template-2.0.1493.2000.dll"), os.path.join(folder, "EXMPSVC.EXE"))
        result = run("scan", "--manifest", manifest, image)
        self.assertEqual(result.returncode, 64, "an imported manifest without locations asks for --location")
        self.assertIn("--location", result.stderr)
        result = run("scan", "--manifest", manifest, "--location", "ADMIN$:system32\\example", image, "--csv", "-")
        self.assertEqual(result.returncode, 1, result.stderr)
        row = next(csv.DictReader(io.StringIO(result.stdout)))
        self.assertEqual(row["status"], "needs-fix")
        self.assertIn("EXMPSVC.EXE", row["outdated"])
        self.assertIn("2.0.1493.3004", row["outdated"])

    def test_article_without_a_table_is_refused(self):
        article = self.out("no-table.txt")
        open(article, "w").write("Article: Q900999\nProduct(s): Example\n\nSYMPTOMS\n========\nNothing here.\n")
        out = self.out("never.xml")
        result = run("manifest", "import", article, "-o", out)
        self.assertEqual(result.returncode, 65)
        self.assertIn("no-table.txt", result.stderr)
        self.assertFalse(os.path.exists(out), "never a half-written output file")

    def test_usage_and_manifest_show(self):
        self.assertEqual(run("scan", "--no-such-flag").returncode, 64)
        self.assertEqual(run().returncode, 64)
        self.assertEqual(run("scan", "--password", "x", "host").returncode, 64, "no password option exists")
        version = run("--version")
        self.assertEqual(version.returncode, 0)
        self.assertIn("smsscan", version.stdout)
        self.assertRegex(version.stdout, r"transports: local \(machine images and mounted shares\), .*curl")
        builtin = run("manifest", "show")
        shipped = run("manifest", "show", os.path.join(ARGS.source, "manifests/Q231399.xml"))
        self.assertEqual(builtin.returncode, 0)
        self.assertEqual(builtin.stdout, shipped.stdout, "the built-in manifest is the shipped file")
        self.assertEqual(sum(1 for line in builtin.stdout.splitlines() if "1999-" in line), 15)

    def test_bit_flipped_dlls_never_crash_the_scan(self):
        fleet = os.path.join(self.tmp, "flipped")
        subprocess.run([sys.executable, os.path.join(ARGS.source, "tests/fleet/make_fleet.py"), "--templates",
                        ARGS.templates, "--out", fleet, "--machines", "200", "--states", "sp1,alpha"],
                       check=True, capture_output=True)
        rng = random.Random(231399)
        machines = sorted(d for d in os.listdir(fleet) if d.startswith("pc"))
        for machine in machines:
            folder = os.path.join(fleet, machine, "MS", "SMS", "CORE", "BIN")
            for name in os.listdir(folder):
                path = os.path.join(folder, name)
                data = bytearray(open(path, "rb").read(8192))
                for _ in range(rng.randint(1, 40)):
                    bit = rng.randrange(len(data) * 8)
                    data[bit // 8] ^= 1 << (bit % 8)
                size = os.path.getsize(path)
                os.unlink(path)  # break the hard link shared with other machines
                with open(path, "wb") as f:
                    f.write(data)
                    f.truncate(size)
        result = run("scan", *machines, "--jobs", "4", "--csv", self.out("flip.csv"), "--details",
                     self.out("flip-d.csv"), cwd=fleet)
        self.assertIn(result.returncode, (0, 1), result.stderr[-2000:])
        rows = read_csv(self.out("flip.csv"))
        self.assertEqual([r["target"] for r in rows], machines)
        self.assertTrue(all(r["status"] in ("compliant", "needs-fix", "review") for r in rows))


if __name__ == "__main__":
    sys.exit(script_main.run_suite(globals()))
