"""The entry point the script suites share (tests/e2e, tests/report).

Each suite is run by ctest as `suite.py --smsscan BIN --templates DIR --source
DIR [unittest arguments]`. run_suite parses those, stores them in the
suite's global ARGS, says "skipped: <reason>" and returns 77 (ctest's
SKIP_RETURN_CODE) when the PE templates or something the suite names is
missing, and otherwise runs the suite's test cases.
"""

import argparse
import os
import sys
import unittest

SKIP = 77


def run_suite(suite_globals, extra_arguments=(), skip_reasons=()):
    """suite_globals: the suite's globals(); extra_arguments: (flag, help) pairs
    for optional arguments of its own; skip_reasons: functions of ARGS that
    return why the suite cannot run, or None."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--smsscan", required=True)
    parser.add_argument("--templates", required=True)
    parser.add_argument("--source", required=True)
    for flag, text in extra_arguments:
        parser.add_argument(flag, help=text)
    args, rest = parser.parse_known_args()
    args.smsscan = os.path.abspath(args.smsscan)
    suite_globals["ARGS"] = args

    def templates_missing(a):
        if not os.path.exists(os.path.join(a.templates, "pe-template-2.0.1380.1000.dll")):
            return "no PE templates (mingw-w64 missing at build time)"
        return None

    for reason_of in (templates_missing, *skip_reasons):
        reason = reason_of(args)
        if reason:
            print(f"skipped: {reason}")
            return SKIP
    program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1
