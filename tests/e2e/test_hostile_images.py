#!/usr/bin/python3
"""End-to-end tests of the rule that smsscan never calls a machine compliant on
evidence it could not read or trust: damaged, hidden and hostile machine
images, bad inputs and outputs that cannot be written.

    test_hostile_images.py --smsscan BUILD/scanner/smsscan --templates BUILD/fixtures --source REPO

Every image is built afresh from the mingw-built PE templates
(tests/fleet/make_fleet.py) and then damaged the way an attacker or a careless
copy would. Without the templates the suite exits 77 (skipped); the cases that
need root (devices, another user, mounts) say so and skip themselves.
"""

import csv
import io
import os
import resource
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import script_main  # noqa: E402

ARGS = None
BIN = ("MS", "SMS", "CORE", "BIN")


def run(*args, cwd=None, stdin=None, timeout=120, preexec_fn=None, user=None, **kwargs):
    command = [ARGS.smsscan, *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=preexec_fn, **kwargs)


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


class Hostile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="smsscan-hostile-")
        os.chmod(cls.tmp, 0o755)  # another user (setpriv) must reach the images
        cls.fleet = os.path.join(cls.tmp, "fleet")
        subprocess.run([sys.executable, os.path.join(ARGS.source, "tests/fleet/make_fleet.py"), "--templates",
                        ARGS.templates, "--out", cls.fleet], check=True, capture_output=True)
        cls.by_state = {}
        for row in read_csv(os.path.join(cls.fleet, "expected.csv")):
            cls.by_state[row["state"]] = os.path.join(cls.fleet, row["name"])

    @classmethod
    def tearDownClass(cls):
        subprocess.run(["chmod", "-R", "u+rwx", cls.tmp], capture_output=True)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.work = tempfile.mkdtemp(dir=self.tmp, prefix=self._testMethodName[:30] + "-")
        os.chmod(self.work, 0o755)

    def image(self, state, name=None, keep_times=True):
        """A private copy of the fleet's machine in that state (hard links broken)."""
        target = os.path.join(self.work, name or state)
        if keep_times:
            shutil.copytree(self.by_state[state], target, symlinks=True)
        else:
            subprocess.run(["cp", "-r", self.by_state[state], target], check=True)  # times not kept
        return target

    def bin(self, image, name=""):
        return os.path.join(image, *BIN, name) if name else os.path.join(image, *BIN)

    def scan(self, *args, **kwargs):
        return run("scan", "--csv", "-", *args, **kwargs)

    def status_of(self, result):
        return {row["target"]: row for row in rows_of(result.stdout)}

    # ------------------------------------------------------------ what is no evidence

    def test_fifo_named_like_a_client_file_is_review_and_never_blocks(self):
        fifo = self.image("sp1", "fifo")
        os.unlink(self.bin(fifo, "CliCore.exe"))
        os.mkfifo(self.bin(fifo, "CliCore.exe"))
        later = self.image("sp1", "later")
        started = time.monotonic()
        result = self.scan("--timeout", "5", fifo, later, timeout=60)
        self.assertLess(time.monotonic() - started, 30)
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = self.status_of(result)
        self.assertEqual(rows[fifo]["status"], "review")
        self.assertIn("CliCore.exe is a FIFO, not a regular file", rows[fifo]["review"])
        self.assertEqual(rows[later]["status"], "compliant")

    def test_sockets_folders_links_and_devices_are_review_and_never_read(self):
        outside = os.path.join(self.work, "outside-CliCore.exe")
        shutil.copy2(self.bin(self.by_state["sp1"], "CliCore.exe"), outside)
        cases = {}
        for case in ("socket", "folder", "zero-link", "outside-link", "device"):
            if case == "device" and os.geteuid() != 0:
                continue
            image = self.image("pre-sp1", case)
            path = self.bin(image, "CliCore.exe")
            os.unlink(path)
            if case == "socket":
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.bind(path)
                self.addCleanup(sock.close)
            elif case == "folder":
                os.mkdir(path)
            elif case == "zero-link":
                os.symlink("/dev/zero", path)
            elif case == "outside-link":
                os.symlink(outside, path)  # an SP1 file, but not this machine's
            else:
                os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, 5))
            # Every other file of the image is current, so only CliCore.exe could decide.
            for name in os.listdir(self.bin(image)):
                if name != "CliCore.exe":
                    os.unlink(self.bin(image, name))
                    shutil.copy2(self.bin(self.by_state["sp1"], name), self.bin(image, name))
            cases[case] = image
        details = os.path.join(self.work, "details.csv")
        result = self.scan("--deep", "--details", details, *cases.values())
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = self.status_of(result)
        reasons = {
            "socket": "is a socket, not a regular file",
            "folder": "is a folder, not a regular file",
            "zero-link": "points outside the machine image; not followed",
            "outside-link": "points outside the machine image; not followed",
            "device": "is a character device, not a regular file",
        }
        for case, image in cases.items():
            self.assertEqual(rows[image]["status"], "review", case)
            self.assertIn("CliCore.exe " + reasons[case], rows[image]["review"], case)
        for row in read_csv(details):
            if row["file"] == "CliCore.exe":
                # Nothing of it was read, hashed or reported.
                self.assertEqual(row["verdict"], "review")
                self.assertEqual(row["sha256"], "")
                self.assertEqual(row["size"], "0")
                self.assertIn(row["bytes_read"], ("", "0"))

    def test_unreadable_file_and_folder_are_access_denied(self):
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            self.skipTest("needs root and setpriv to scan as another user")
        hidden_file = self.image("pre-sp1", "hidden-file")
        for name in os.listdir(self.bin(hidden_file)):
            if name != "CliCore.exe":  # the rest is current: only the hidden file is old
                os.unlink(self.bin(hidden_file, name))
                shutil.copy2(self.bin(self.by_state["sp1"], name), self.bin(hidden_file, name))
        os.chmod(self.bin(hidden_file, "CliCore.exe"), 0)
        hidden_folder = self.image("pre-sp1", "hidden-folder")
        os.chmod(self.bin(hidden_folder), 0)
        result = self.scan(hidden_file, hidden_folder, user=65534)
        self.assertEqual(result.returncode, 2, result.stderr)
        rows = self.status_of(result)
        self.assertEqual(rows[hidden_file]["status"], "access-denied")
        self.assertIn("CliCore.exe: Permission denied", rows[hidden_file]["error"])
        self.assertEqual(rows[hidden_folder]["status"], "access-denied")
        self.assertIn("BIN: Permission denied", rows[hidden_folder]["error"])

    # ------------------------------------------------------------ what the file says

    def test_destroyed_version_resource_is_review(self):
        image = self.image("sp1", "no-version")
        path = self.bin(image, "CliCore.exe")
        with open(path, "rb") as f:
            data = bytearray(f.read())
        at = data.find(b"\xbd\x04\xef\xfe")  # VS_FIXEDFILEINFO's signature
        self.assertGreater(at, 0)
        data[at:at + 4] = b"\0\0\0\0"
        os.unlink(path)
        with open(path, "wb") as f:
            f.write(data)
        shutil.copystat(self.bin(self.by_state["sp1"], "CliCore.exe"), path)
        result = self.scan(image)
        self.assertEqual(result.returncode, 1, result.stderr)
        row = self.status_of(result)[image]
        self.assertEqual(row["status"], "review")
        self.assertIn("CliCore.exe (review: the version resource is there but unreadable", row["review"])

    def test_alpha_image_in_an_intel_client_folder_or_in_bin_i386_is_review(self):
        mixed = self.image("sp1", "alpha-among-intel")
        os.unlink(self.bin(mixed, "Clisvcl.exe"))
        shutil.copy2(self.bin(self.by_state["alpha"], "Clisvcl.exe"), self.bin(mixed, "Clisvcl.exe"))
        site = os.path.join(self.work, "site")
        os.makedirs(os.path.join(site, "bin", "I386"))
        shutil.copy2(self.bin(self.by_state["alpha"], "Clicore.exe"), os.path.join(site, "bin", "I386", "CliCore.exe"))
        server = self.image("sp1", "server")
        result = self.scan(mixed, "--roles", "client,site-server", "--site-code", "ABC", "--share",
                           f"SMS_ABC={site}", server)
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = self.status_of(result)
        self.assertEqual(rows[mixed]["status"], "review")
        self.assertIn("Clisvcl.exe (review: an Alpha image among Intel images in one folder)", rows[mixed]["review"])
        self.assertEqual(rows[server]["status"], "review")
        self.assertIn("an Alpha image in a folder of Intel files", rows[server]["review"])

    def test_names_that_differ_only_in_case_are_review_naming_both(self):
        image = self.image("sp1", "twins")
        shutil.copy2(self.bin(self.by_state["pre-sp1"], "CliCore.exe"), self.bin(image, "CLICORE.EXE"))
        result = self.scan(image)
        self.assertEqual(result.returncode, 1, result.stderr)
        row = self.status_of(result)[image]
        self.assertEqual(row["status"], "review")
        self.assertIn("several names that differ only in case: CLICORE.EXE, CliCore.exe", row["review"])

    def test_images_copied_without_their_times_are_never_compliant_on_file_times(self):
        only_compver = self.image("pre-sp1", "only-compver", keep_times=False)
        for name in os.listdir(self.bin(only_compver)):
            if name != "Compver.ini":
                os.unlink(self.bin(only_compver, name))
        # A pre-SP1 Compver.ini of the SP1 size: all the copy left to judge.
        with open(self.bin(only_compver, "Compver.ini"), "r+b") as f:
            f.truncate(67)
        short = self.image("review", "short-compver", keep_times=False)
        sp1_copied = self.image("sp1", "sp1-copied", keep_times=False)
        sp1_kept = self.image("sp1", "sp1-kept", keep_times=True)
        result = self.scan(only_compver, short, sp1_copied, sp1_kept)
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = self.status_of(result)
        for image in (only_compver, short, sp1_copied):
            self.assertEqual(rows[image]["status"], "review", image)
            self.assertIn("the file times look reset", rows[image]["review"], image)
        self.assertEqual(rows[sp1_kept]["status"], "compliant")

    # ------------------------------------------------------------ the wrong folder

    def test_folders_that_are_not_a_windows_directory_are_errors_with_a_suggestion(self):
        fleet = os.path.join(self.work, "images")
        self.image("sp1", "images/pc01")
        self.image("pre-sp1", "images/pc02")
        drive = os.path.join(self.work, "drive")
        os.makedirs(drive)
        shutil.copytree(self.by_state["pre-sp1"], os.path.join(drive, "WINNT"), symlinks=True)
        client = self.bin(self.image("pre-sp1", "client"))
        result = self.scan(fleet, drive, client)
        self.assertEqual(result.returncode, 2, result.stderr)
        rows = self.status_of(result)
        for target in (fleet, drive, client):
            self.assertEqual(rows[target]["status"], "error", target)
        self.assertIn("holds 2 machine images (pc01, pc02): give those", rows[fleet]["error"])
        self.assertIn("did you mean " + os.path.join(drive, "WINNT") + "?", rows[drive]["error"])
        self.assertIn("did you mean the image root " + os.path.join(self.work, "client") + "?", rows[client]["error"])

    # ------------------------------------------------------------ host lists

    def test_a_machine_named_twice_is_scanned_once_with_both_lines_roles(self):
        site = os.path.join(self.work, "site")
        os.makedirs(os.path.join(site, "bin", "I386"))
        shutil.copy2(self.bin(self.by_state["pre-sp1"], "CliCore.exe"), os.path.join(site, "bin", "I386", "CliCore.exe"))
        image = self.image("sp1", "server")
        hosts = f"{image}\n{image}, site-server, ABC\n"
        result = self.scan("--hosts", "-", "--share", f"SMS_ABC={site}", stdin=hosts)
        self.assertEqual(result.returncode, 1, result.stderr)
        rows = rows_of(result.stdout)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["status"], "needs-fix")
        self.assertIn("SMS_ABC\\bin\\I386\\CliCore.exe", rows[0]["outdated"])
        conflict = self.scan("--hosts", "-", "--share", f"SMS_ABC={site}",
                             stdin=f"{image}, site-server, ABC\n{image}, site-server, XYZ\n")
        self.assertEqual(conflict.returncode, 3, conflict.stderr)
        self.assertIn("standard input:1 and XYZ at standard input:2", conflict.stderr)

    def test_hostile_host_lists(self):
        image = self.image("sp1", "pc")
        bom = self.scan("--hosts", "-", stdin="\ufeff" + image + "\n")
        self.assertEqual(bom.returncode, 0, bom.stderr)
        utf16 = os.path.join(self.work, "utf16.txt")
        with open(utf16, "wb") as f:
            f.write(("\ufeff" + image + "\r\n").encode("utf-16-le"))
        self.assertEqual(self.scan("--hosts", utf16).returncode, 0)
        nul = os.path.join(self.work, "nul.txt")
        with open(nul, "wb") as f:
            f.write(image.encode("utf-16-le"))  # UTF-16 without its mark
        result = self.scan("--hosts", nul)
        self.assertEqual(result.returncode, 3)
        self.assertIn("holds NUL bytes", result.stderr)
        for source in ("/dev/zero", self.work):
            result = self.scan("--hosts", source)
            self.assertEqual(result.returncode, 66, source)
        huge = os.path.join(self.work, "huge.txt")
        with open(huge, "w") as f:
            f.write("x" * (10 * 1024 * 1024) + "\n" + image + "\n")
        result = self.scan("--hosts", huge, timeout=60)
        self.assertEqual(result.returncode, 3, result.stderr[-500:])
        self.assertIn("huge.txt:1: line is longer than 4096 characters (line skipped)", result.stderr)
        self.assertLess(len(result.stderr), 2000)
        secret = "Hunter2-secret"
        result = self.scan("--hosts", "-", stdin=f"smb://admin:{secret}@pc01/ADMIN$\n{image}\n")
        self.assertEqual(result.returncode, 3)
        self.assertNotIn(secret, result.stderr + result.stdout)
        self.assertIn("SMSSCAN_PASSWORD", result.stderr)
        result = run("scan", "-U", f"admin%{secret}", "pc01")
        self.assertEqual(result.returncode, 64)
        self.assertNotIn(secret, result.stderr + result.stdout)

    def test_a_long_host_list_and_a_large_manifest_are_read_without_quadratic_work(self):
        # Both took a minute or more when duplicate checks and line numbers
        # were quadratic; the subprocess time-out is the bound, not a measurement.
        hosts = "".join(f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}\n" for i in range(100000))
        # A site role without a site code stops the run once the list is read and folded.
        result = self.scan("--hosts", "-", "--roles", "client,cap", stdin=hosts, timeout=60)
        self.assertEqual(result.returncode, 64, result.stderr)
        self.assertIn("needs a site code", result.stderr)
        rows = "".join(f'  <file name="F{i:05d}.dll" size="1000" date="1999-06-08" platform="Intel"/>\n'
                       for i in range(40000))
        manifest = os.path.join(self.work, "large.xml")
        with open(manifest, "w") as f:
            f.write('<?xml version="1.0"?>\n<manifest kb="Q1" title="T" product="P" fix="F">\n'
                    '  <location role="client" share="ADMIN$" path="MS\\SMS\\CORE\\BIN"/>\n' + rows + "</manifest>\n")
        result = run("manifest", "check", manifest, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("40000 file rows", result.stdout)

    # ------------------------------------------------------------ options

    def test_option_values_that_mean_nothing_are_refused(self):
        image = self.image("sp1", "pc")
        for option in (["--tolerance", "nan"], ["--tolerance", "inf"], ["--tolerance", "-1"], ["--timeout", "nan"],
                       ["--timeout", "0"], ["--timeout", "-5"], ["--jobs", "0"], ["--site-code", "A-C"],
                       ["--location", "C$/x:WINNT"], ["--location", "ADMIN$:..\\..\\etc"]):
            result = self.scan(*option, image)
            self.assertEqual(result.returncode, 64, f"{option}: {result.stderr}")

    def test_an_input_that_cannot_be_read_exits_66_with_the_reason(self):
        missing = os.path.join(self.work, "absent")
        for args in (["scan", "--manifest", missing, "pc"], ["scan", "--hosts", missing],
                     ["scan", "--auth-file", missing, "pc01"], ["manifest", "show", missing],
                     ["manifest", "check", missing], ["manifest", "import", missing]):
            result = run(*args)
            self.assertEqual(result.returncode, 66, f"{args}: {result.stderr}")
            self.assertIn("No such file or directory", result.stderr, args)

    def test_machine_images_keep_to_the_timeout(self):
        image = self.image("sp1", "huge")
        path = self.bin(image, "CliCore.exe")
        with open(path, "r+b") as f:
            f.truncate(4 << 30)  # 4 GiB, sparse: --deep would read it all
        started = time.monotonic()
        result = self.scan("--deep", "--timeout", "1", image, timeout=120)
        self.assertLess(time.monotonic() - started, 15)
        self.assertEqual(result.returncode, 2, result.stderr)
        row = self.status_of(result)[image]
        self.assertEqual(row["status"], "unreachable")
        self.assertIn("timed out after 1 s", row["error"])

    # ------------------------------------------------------------ outputs

    def test_outputs_fail_loudly_and_keep_what_was_written(self):
        machines = [self.image("sp1", f"pc{i:02d}") for i in range(12)]
        result = run("scan", "--csv", "/dev/full", *machines)
        self.assertEqual(result.returncode, 66)
        self.assertIn("/dev/full: No space left on device", result.stderr)

        details = os.path.join(self.work, "details.csv")

        def small_files():
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

        result = run("scan", "--details", details, *machines, preexec_fn=small_files)
        self.assertEqual(result.returncode, 66, result.stderr)
        self.assertIn(details + ": File too large", result.stderr)
        with open(details, newline="") as f:
            text = f.read()
        self.assertTrue(text.endswith("\n"))
        records = list(csv.reader(io.StringIO(text)))
        self.assertGreater(len(records), 1)
        self.assertTrue(all(len(record) == len(records[0]) for record in records), "every row whole")

        same = os.path.join(self.work, "s.csv")
        with open(same, "w") as f:
            f.write("last week\n")
        result = run("scan", "--csv", same, "--details", same, machines[0])
        self.assertEqual(result.returncode, 64)
        self.assertIn("name the same file", result.stderr)
        result = run("scan", "--csv", "-", "--json", "-", machines[0])
        self.assertEqual(result.returncode, 64)
        result = run("scan", "--csv", same, "--details", os.path.join(self.work, "no", "d.csv"), machines[0])
        self.assertEqual(result.returncode, 66)
        with open(same) as f:
            self.assertEqual(f.read(), "last week\n")
        manifest = os.path.join(self.work, "m.xml")
        shutil.copy(os.path.join(ARGS.source, "manifests", "Q231399.xml"), manifest)
        result = run("scan", "--manifest", manifest, "--csv", manifest, machines[0])
        self.assertEqual(result.returncode, 64)
        self.assertIn("is an input of this command", result.stderr)
        with open(manifest) as f:
            self.assertIn("<manifest", f.read())

        # A reader that goes away: standard output is a closed pipe.
        reader, writer = os.pipe()
        os.close(reader)
        result = subprocess.run([ARGS.smsscan, "scan", "--csv", "-", *machines], stdout=writer,
                                stderr=subprocess.PIPE, text=True, timeout=60)
        os.close(writer)
        self.assertEqual(result.returncode, 66)
        self.assertIn("standard output: Broken pipe", result.stderr)


if __name__ == "__main__":
    sys.exit(script_main.run_suite(globals()))
