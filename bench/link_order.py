#!/usr/bin/env python3
"""Writes link-order.txt: the functions of the release binary that a running
server executed, read from callgrind output files, for build.rs to lay them
out together at the start of the machine code.

Usage:
    python3 bench/link_order.py BINARY CALLGRIND_FILE... > link-order.txt

BINARY is the server the files were recorded from (only its own functions
are kept, not the C library's). Functions are listed in the order the files
are given, each once: give the PostgreSQL runs first, so that a server on
PostgreSQL finds all it runs in one stretch and the SQLite-only functions
after it.

Each line is a symbol without the numeric suffix LLVM adds to local copies
(`.1234`), which changes from build to build; build.rs matches each line as
a prefix, and once more without its hash (see build.rs).
"""

import os
import re
import sys

HEADER = """\
# The functions a running server executes, laid out together at the start of
# the release binary's machine code by build.rs, so that the pages the server
# keeps mapped are the ones it runs (see README, "Memory"). One symbol per
# line, matched as a prefix: first as it is, then without its hash.
#
# Recorded by bench/link_order.sh (the bench's checks, a reminder and the
# registration scenario, on PostgreSQL and then SQLite, under callgrind).
# A stale line matches nothing and costs nothing; regenerate it after large
# changes.
"""

LLVM_SUFFIX = re.compile(r"(\.(llvm\.)?[0-9]+)+$")
RECURSION = re.compile(r"'[0-9]+$")
# A name in callgrind's compressed format: "fn=(12) name" the first time,
# "fn=(12)" after that; the same for object files ("ob=").
NAMED = re.compile(r"^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$")


def executed(path, binary):
    """The functions of `binary` that ran, in the order the file names them."""
    target = os.stat(binary)
    is_binary = {}  # object name -> whether it is `binary`

    def same(name):
        if name == binary:
            return True
        if name not in is_binary:
            try:
                other = os.stat(name)
                is_binary[name] = (other.st_dev, other.st_ino) == (target.st_dev, target.st_ino)
            except OSError:  # "???" and other names of no file
                is_binary[name] = False
        return is_binary[name]

    objects, functions = {}, {}
    in_binary = False
    found = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            match = NAMED.match(line.rstrip("\n"))
            if not match:
                continue
            called, kind, number, name = match.groups()
            table = objects if kind == "ob" else functions
            if name is not None:
                table[number] = name
            if called:
                continue
            if kind == "ob":
                in_binary = same(objects[number])
            elif in_binary:
                found.append(functions[number])
    return found


def key(symbol):
    """The symbol without the parts that change from build to build."""
    symbol = RECURSION.sub("", symbol)
    return LLVM_SUFFIX.sub("", symbol)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, files = sys.argv[1], sys.argv[2:]
    seen = set()
    lines = []
    for path in files:
        for symbol in executed(path, binary):
            name = key(symbol)
            if "::" in name:
                sys.exit(f"link_order.py: {path} names functions demangled ({name!r}); "
                         "record with valgrind --demangle=no")
            # Addresses (callgrind's name for code without a symbol) and
            # anything a linker script pattern could not hold are skipped.
            if name.startswith("0x") or not re.fullmatch(r"[A-Za-z0-9_.$]+", name):
                continue
            if name not in seen:
                seen.add(name)
                lines.append(name)
    if not lines:
        sys.exit("link_order.py: no function of the binary in the files")
    sys.stdout.write(HEADER)
    sys.stdout.write("\n".join(lines) + "\n")
    print(f"link_order.py: {len(lines)} functions", file=sys.stderr)


if __name__ == "__main__":
    main()
