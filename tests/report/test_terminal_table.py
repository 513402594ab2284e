#!/usr/bin/python3
"""The terminal table in a real terminal: tmux panes of 80 and 200 columns.

    test_terminal_table.py --smsscan BUILD/scanner/smsscan --templates BUILD/fixtures --source REPO

A fleet of real machine images (tests/fleet/make_fleet.py) in two sites, one
with a long name, is scanned in a detached tmux session of each width and
the pane is read back with capture-pane: a header row, one line per machine
(cut with "…" at 80 columns, whole at 200), columns aligned, no progress
text left behind, and a summary that leads with what needs attention, with
a line per site and the remediation. While a silent SMB host (a real Samba
namespace, tests/smb/samba_fleet.py) holds the scan, the progress line sits
on its own line below the rows written so far.

Exits 77 (skipped) without the PE templates or without tmux; the progress
test is skipped without root or Samba.
"""

import os
import re
import shlex
import shutil
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_support as rs  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import script_main  # noqa: E402

ARGS = None
ELLIPSIS = "\u2026"
LONG = "pc-image-with-a-rather-long-name-for-an-eighty-column-terminal"
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\]\s+\d+%")


def finished(lines):
    return any(line.startswith("__EXIT ") for line in lines)


class Terminal(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="smsscan-terminal-")
        cls.fleet = os.path.join(cls.tmp, "fleet")
        expected = rs.make_fleet(ARGS.source, ARGS.templates, cls.fleet, machines=12)
        shutil.copytree(os.path.join(cls.fleet, expected[1]["name"]), os.path.join(cls.fleet, LONG),
                        copy_function=os.link)
        cls.targets = ["./" + row["name"] for row in expected] + ["./" + LONG, "./missing-machine"]
        cls.hosts = os.path.join(cls.tmp, "hosts.txt")
        with open(cls.hosts, "w") as f:
            for i, target in enumerate(cls.targets):
                f.write(f"{target}, client, {'ABC' if i % 2 else 'XYZ'}\n")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def scan_in_tmux(self, width, arguments, prefix=(), timeout=120, until=finished):
        tmux = rs.Tmux(f"w{width}", width, height=80, prefix=prefix)
        command = (f"cd {shlex.quote(self.fleet)} && {shlex.quote(ARGS.smsscan)} scan " +
                   " ".join(shlex.quote(a) for a in arguments) + "; echo __EXIT $?")
        tmux.start(command)
        self.addCleanup(tmux.stop)
        lines = tmux.wait_for(until, timeout)
        self.assertIsNotNone(lines, "\n".join(tmux.capture()))
        return tmux, lines

    def check_table(self, lines, width, targets, sites=True):
        """The header, a row per target in order, then the summary; returns (rows, summary)."""
        for line in lines:
            self.assertLessEqual(len(line), width, line)
            self.assertNotIn("machines/s", line, "the progress line was left on the screen")
        header_at = next(i for i, line in enumerate(lines) if line.startswith("TARGET"))
        header = lines[header_at]
        self.assertEqual(header.split(), ["TARGET"] + (["SITE"] if sites else []) + ["STATUS", "PLATFORM", "DETAILS"])
        rows = lines[header_at + 1:header_at + 1 + len(targets)]
        status_at = header.index("STATUS")
        for target, row in zip(targets, rows):
            shown = row.split(" ")[0]
            if ELLIPSIS in shown:
                head, tail = shown.split(ELLIPSIS)
                self.assertTrue(target.startswith(head) and target.endswith(tail), (target, row))
            else:
                self.assertEqual(shown, target, row)
            self.assertRegex(row[status_at:], r"^(compliant|needs-fix|review|not-installed|unreachable)( |$)", row)
        # The summary's logical lines: a line indented by four spaces continues the one before.
        summary = []
        for line in lines[header_at + 1 + len(targets):]:
            if not line or line.startswith("__EXIT"):
                continue
            if line.startswith("    ") and summary:
                summary[-1] += " " + line.strip()
            else:
                summary.append(line)
        return rows, summary

    def test_80_and_200_columns(self):
        for width in (80, 200):
            with self.subTest(width=width):
                _, lines = self.scan_in_tmux(width, ["--hosts", self.hosts])
                self.assertIn("__EXIT 2", lines, "one machine could not be scanned")
                rows, summary = self.check_table(lines, width, self.targets)
                long_row = rows[self.targets.index("./" + LONG)]
                needs_fix = [row for row in rows if " needs-fix " in row]
                self.assertTrue(needs_fix)
                if width == 80:
                    self.assertIn(ELLIPSIS, long_row.split(" ")[0], "a long target is cut in its middle")
                    self.assertTrue(any(row.endswith(ELLIPSIS) for row in needs_fix), "long details are cut")
                else:
                    self.assertTrue(long_row.startswith("./" + LONG + " "))
                    self.assertFalse(any(ELLIPSIS in row.split(" ")[0] for row in rows), "no target is cut")
                    self.assertTrue(any(row.endswith("outdated: Clisvcl.exe") for row in needs_fix))
                self.assertRegex(summary[0], r"^\d+ of 14 machines still need SMS 2\.0 Service Pack 1; 1 could not")
                self.assertRegex(summary[1], r"^  \d+ needs-fix, .*1 unreachable")
                text = "\n".join(summary)
                self.assertIn("  site ABC: ", text)
                self.assertIn("  site XYZ: ", text)
                self.assertIn("What to do: Install SMS 2.0 Service Pack 1", text)
                self.assertIn("See Q236325", text)

    def test_only_unreachable_machines_lead_with_that(self):
        _, lines = self.scan_in_tmux(80, ["./missing-machine"])
        self.assertIn("__EXIT 2", lines)
        _, summary = self.check_table(lines, 80, ["./missing-machine"], sites=False)
        self.assertEqual(summary[0], "The machine could not be scanned")
        self.assertNotIn("0 of 1", "\n".join(summary))

    def test_progress_line_while_a_machine_holds_the_scan(self):
        before = self.targets[:5]
        after = self.targets[5:12]
        with rs.silent_host(ARGS.source, ARGS.templates, os.path.join(self.tmp, "samba")) as (fleet, silent):
            targets = before + [silent] + after
            total = len(targets)

            def waiting(lines):
                # The rows before the silent host are written and the progress line is drawn below them.
                shown = [line for line in lines if line]
                return len(shown) >= 2 + len(before) and PROGRESS.match(shown[-1]) is not None and \
                    shown[-2].startswith(before[-1] + " ")

            tmux, lines = self.scan_in_tmux(80, ["--timeout", "15", *targets], prefix=fleet.exec_prefix,
                                            until=waiting, timeout=30)
            shown = [line for line in lines if line]
            self.assertTrue(shown[0].startswith("TARGET"))
            for target, row in zip(before, shown[1:]):
                self.assertTrue(row.startswith(target + " "), row)
            progress = PROGRESS.match(shown[-1])
            self.assertEqual(int(progress.group(2)), total)
            self.assertGreaterEqual(int(progress.group(1)), len(before))
            self.assertLess(int(progress.group(1)), total)
            self.assertEqual(len(shown), 2 + len(before), "nothing else on the screen")
            # When the silent host times out, the progress line is gone and every row is whole.
            final = tmux.wait_for(finished, 60)
            self.assertIsNotNone(final, "\n".join(tmux.capture()))
        self.assertIn("__EXIT 2", final)
        rows, summary = self.check_table(final, 80, targets, sites=False)
        self.assertRegex(rows[len(before)], r"^127\.0\.9\.1 +unreachable")
        self.assertFalse(any(PROGRESS.match(line) for line in final))


def tmux_missing(_args):
    return None if shutil.which("tmux") else "tmux is not installed (Debian package tmux)"


def dev_null_replaced(_args):
    if stat.S_ISCHR(os.stat("/dev/null").st_mode):
        return None
    return "/dev/null is not a device on this machine (something replaced it), so tmux cannot start"


if __name__ == "__main__":
    sys.exit(script_main.run_suite(globals(), skip_reasons=(tmux_missing, dev_null_replaced)))
