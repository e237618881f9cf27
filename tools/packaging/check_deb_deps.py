#!/usr/bin/env python3
"""Checks an unpacked .deb's programs against the package's declared dependencies.

    check_deb_deps.py ROOT DEPENDS

ROOT is the scratch root the .deb was unpacked into (dpkg-deb -x); DEPENDS its Depends
field. For every ELF file under ROOT/usr/bin: each library it NEEDs directly (readelf -d)
must come from a package named in DEPENDS, and every library ldd resolves (direct or not)
must be found and come from a package in the dependency closure of DEPENDS on this
machine (dpkg's database). Prints one line per program and exits 1 on any miss.
"""
import os
import re
import subprocess
import sys


def installed_packages():
    """package name (without :arch) -> (list of dependency names, list of provided names)."""
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Depends}, ${Pre-Depends}\t${Provides}\n"],
                         capture_output=True, text=True, check=True).stdout
    db, provides = {}, {}
    for line in out.splitlines():
        name, deps, prov = (line.split("\t") + ["", ""])[:3]
        db[name] = names(deps)
        for p in names(prov):
            provides.setdefault(p, []).append(name)
    return db, provides


def names(field):
    """Package names of a Depends-style field (alternatives all taken, versions dropped)."""
    result = []
    for part in re.split(r"[,|]", field):
        part = part.strip()
        if part:
            result.append(re.split(r"[\s(:]", part, maxsplit=1)[0])
    return result


def closure(roots, db, provides):
    seen, todo = set(), list(roots)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        todo.extend(db.get(p, []))
        todo.extend(provides.get(p, []))
    return seen


def owner(path):
    """The installed package that holds a file (symlinks resolved both ways)."""
    for candidate in (path, os.path.realpath(path)):
        r = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split(":")[0].split(",")[0].strip()
        # merged /usr: /lib/x86_64-linux-gnu is listed as /usr/lib/... or the other way round
        alt = candidate[4:] if candidate.startswith("/usr/") else "/usr" + candidate
        r = subprocess.run(["dpkg-query", "-S", alt], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split(":")[0].split(",")[0].strip()
    return None


def is_elf(path):
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def main():
    root, depends = sys.argv[1], sys.argv[2]
    declared = set(names(depends))
    db, provides = installed_packages()
    allowed = closure(declared, db, provides)
    failures = 0
    bindir = os.path.join(root, "usr", "bin")
    programs = [os.path.join(bindir, f) for f in sorted(os.listdir(bindir))]
    for prog in [p for p in programs if is_elf(p)]:
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]",
                            subprocess.run(["readelf", "-d", prog], capture_output=True, text=True, check=True).stdout)
        resolved = {}
        for line in subprocess.run(["ldd", prog], capture_output=True, text=True, check=True).stdout.splitlines():
            m = re.match(r"\s*(\S+) => (not found|\S+)", line)
            if m:
                resolved[m.group(1)] = m.group(2)
            elif m := re.match(r"\s*(/\S+) \(0x", line):  # the dynamic loader, by its path
                resolved[os.path.basename(m.group(1))] = m.group(1)
        problems = []
        for lib, path in sorted(resolved.items()):
            if path == "not found":
                problems.append(f"{lib} not found")
                continue
            pkg = owner(path)
            if pkg is None:
                problems.append(f"{lib} ({path}) belongs to no package")
            elif lib in needed and pkg not in declared:
                problems.append(f"{lib} is NEEDED directly but its package {pkg} is not in Depends")
            elif pkg not in allowed:
                problems.append(f"{lib} comes from {pkg}, outside the closure of Depends")
        missing_needed = [lib for lib in needed if lib not in resolved]
        problems += [f"{lib} NEEDED but not resolved by ldd" for lib in missing_needed]
        name = os.path.basename(prog)
        print(f"{name}: {len(needed)} direct libraries, {len(resolved)} in all: "
              + ("every one from a declared dependency" if not problems else "; ".join(problems)))
        failures += len(problems)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
