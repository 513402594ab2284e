#!/usr/bin/env python3
"""Import rate of `smsscan manifest import` over a folder of KB articles.

Reads every article of a source, keeps those that carry a fixed-file table
header, imports each with the built binary and prints the import rate and the
refusals grouped by reason (numbers, quotes and line numbers folded so that
one cause is one group).

A source is one of:
  - a git directory of the public KB archive (github:jeffpar/kbarchive, as
    the fetch tool gives it): every kb/<nnn>/Q<n>/README.md of HEAD;
  - a folder: every *.txt and README.md below it.
Archive pages are cut to the article between the {% raw %} markers, with the
page's "## Qnnn: title" heading as the first line (the archive style has no
title field).

An article "carries a fixed-file table header" when one of its lines is made
of column names only (bars and rules aside), among them a file name and at
least two of Date, Time, Version and Size. The test is independent of the
importer, so that a better importer does not change what is counted.

  import_rate.py --binary build/scanner/smsscan SOURCE [--show N] [--list FILE] [--min-rate PERCENT]

With --min-rate it is a test: exit status 1 below the rate, 77 (skipped) when
SOURCE does not exist (the sample articles are not part of the repository).
"""
import argparse
import collections
import html
import os
import re
import subprocess
import sys
import tempfile

COLUMN_WORDS = set(
    "date time version size file name names filename filenames file-name platform processor cpu "
    "architecture (bytes) bytes (utc) (gmt) in and date/time ver comment comments notes note "
    "description language path folder location directory destination subfolder operating system module base".split())


def is_file_table_header(line):
    words = [w.rstrip(":*") for w in re.split(r"[\s|+]+", line.lower()) if w]
    if not 2 <= len(words) <= 12 or not all(w in COLUMN_WORDS for w in words):
        return False
    text = " ".join(words)
    has_name = any(w in words for w in ("file", "name", "filename", "filenames", "file-name"))
    kinds = [("date" in words or "date/time" in words), ("time" in words or "date/time" in words),
             "version" in words, ("size" in words or "bytes" in words)]
    return has_name and sum(kinds) >= 2 and bool(text)


def archive_article(page):
    """The article of an archive page, with its title heading first."""
    match = re.search(r"\{% raw %\}\n(.*?)\{% endraw %\}", page, re.S)
    body = match.group(1) if match else page
    heading = re.search(r"^## (.*)$", page, re.M)
    title = html.unescape(heading.group(1)) if heading else ""
    return title + "\n\n" + body


def git_articles(git_dir):
    names = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", "HEAD", "kb"],
                           capture_output=True, text=True, check=True).stdout.split()
    names = [n for n in names if re.fullmatch(r"kb/\d+/Q\d+/README\.md", n)]
    batch = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE)
    for name in names:
        batch.stdin.write(("HEAD:" + name + "\n").encode())
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        yield name.split("/")[2], archive_article(data.decode("utf-8", "surrogateescape"))
    batch.stdin.close()
    batch.wait()


def folder_articles(folder):
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if not (name.endswith(".txt") or name == "README.md"):
                continue
            with open(os.path.join(root, name), encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
            if name == "README.md":
                yield os.path.basename(root), archive_article(text)
            else:
                yield name[:-4], text


def reason_of(stderr):
    for line in stderr.splitlines():
        if "cannot import" in line:
            message = re.sub(r"^.*?cannot import: [^:]*\.txt(:\d+)?: ", "", line)
            message = re.sub(r"'[^']*'", "'…'", message)
            message = re.sub(r"\(and \d+ more problems?\)", "(and more)", message)
            message = re.sub(r"line \d+", "line N", message)
            return message
    return stderr.strip().splitlines()[-1] if stderr.strip() else "failed without a message"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--show", type=int, default=3, help="example articles per refusal group")
    parser.add_argument("--list", help="write 'article<TAB>status<TAB>reason' lines to this file")
    parser.add_argument("--keep", help="write the articles that carry a table header to this folder")
    parser.add_argument("--min-rate", type=float, help="fail (exit 1) below this import rate, in percent")
    parser.add_argument("source")
    args = parser.parse_args()
    if not os.path.isdir(args.source):
        print("no such folder:", args.source, "(skipped)")
        return 77
    is_git = os.path.isdir(os.path.join(args.source, "objects"))
    articles = git_articles(args.source) if is_git else folder_articles(args.source)
    refusals = collections.defaultdict(list)
    rows = []
    total = imported = 0
    with tempfile.TemporaryDirectory() as work:
        for number, text in articles:
            if not any(is_file_table_header(line) for line in text.splitlines()):
                continue
            total += 1
            folder = args.keep or work
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, number + ".txt")
            with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
            result = subprocess.run([args.binary, "manifest", "import", path, "-o", os.devnull],
                                    capture_output=True, text=True, errors="replace")
            if result.returncode == 0:
                imported += 1
                rows.append((number, "imported", ""))
            else:
                reason = reason_of(result.stderr)
                refusals[reason].append(number)
                rows.append((number, "refused", reason))
    if args.list:
        with open(args.list, "w") as out:
            for row in rows:
                out.write("\t".join(row) + "\n")
    if total == 0:
        print("no article with a file table header in", args.source)
        return 1
    print(f"{imported} of {total} articles with a file table header imported ({100.0 * imported / total:.1f} %)")
    print(f"{total - imported} refused:")
    for reason, numbers in sorted(refusals.items(), key=lambda item: (-len(item[1]), item[0])):
        print(f"  {len(numbers):4d}  {reason}   e.g. {' '.join(numbers[:args.show])}")
    if args.min_rate is not None and 100.0 * imported / total < args.min_rate:
        print(f"import rate below {args.min_rate} %")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
