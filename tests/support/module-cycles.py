#!/usr/bin/env python3
"""Finds import cycles between the modules of each crate in the workspace.

A module `a` depends on its sibling `b` when code in `a` (or below it) names `b` (or anything
below it) through `crate::`, `super::` or `self::` paths, in `use` items or inline. A parent
using its child, or a child using an item of its parent, is how Rust modules are meant to nest
and is not counted; two siblings that each depend on the other (directly or round a longer
loop) are a cycle, and this prints it and exits 1.

    tests/support/module-cycles.py [CRATE_SRC_DIR ...]   (default: every crate's src/)
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ["src", "site/src", "functions/src", "functions/questionnaire/src", "functions/challenge/src", "functions/bundle/src"]


def module_of(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return tuple(parts)


def strip(text: str) -> str:
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(\\.|[^"\\])*"', '""', text)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def expand(tree: str) -> list:
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e]."""
    tree = tree.strip()
    depth, start = 0, tree.find("{")
    if start < 0:
        return [tree]
    prefix, inner = tree[:start], tree[start + 1 : tree.rfind("}")]
    parts, current = [], ""
    for ch in inner:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p for part in parts if part.strip() for p in expand(prefix + part.strip())]


def paths_in(text: str) -> list:
    found = []
    for item in re.findall(r"\buse\s+([^;]+);", text):
        found += expand(re.sub(r"\s+", "", item))
    text = re.sub(r"\buse\s+[^;]+;", "", text)
    found += re.findall(r"\b((?:crate|super|self)(?:::\w+)+)", text)
    return found


def resolve(path: str, here: tuple, modules: set) -> tuple:
    segments = path.split("::")
    if segments[0] == "crate":
        base, segments = (), segments[1:]
    else:
        base = here
        while segments and segments[0] in ("super", "self"):
            if segments.pop(0) == "super":
                base = base[:-1]
    target = base
    for segment in segments:
        if base + (segment,) not in modules and target + (segment,) not in modules:
            break
        target = target + (segment,)
    return target


def cycles(src: Path) -> list:
    files = [f for f in src.rglob("*.rs") if "bin" not in f.relative_to(src).parts[:1]]
    modules = {module_of(src, f) for f in files}
    edges = {}
    for file in files:
        here = module_of(src, file)
        for path in paths_in(strip(file.read_text())):
            there = resolve(path, here, modules)
            common = 0
            while common < min(len(here), len(there)) and here[common] == there[common]:
                common += 1
            if common == len(here) or common == len(there):
                continue  # parent and child
            a, b = here[: common + 1], there[: common + 1]
            edges.setdefault(a, set()).add(b)
    found, seen = [], set()

    def visit(node, stack):
        if node in stack:
            loop = stack[stack.index(node) :] + [node]
            key = frozenset(loop)
            if key not in seen:
                seen.add(key)
                found.append(loop)
            return
        for nxt in sorted(edges.get(node, ())):
            visit(nxt, stack + [node])

    for node in sorted(edges):
        visit(node, [])
    return found


def main() -> int:
    dirs = sys.argv[1:] or DEFAULT
    status = 0
    for d in dirs:
        for loop in cycles(ROOT / d):
            status = 1
            print(f"{d}: import cycle: " + " -> ".join("::".join(m) for m in loop))
    if status == 0:
        print(f"no import cycles between modules in {', '.join(dirs)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
