#!/usr/bin/env python3
"""Generates a reproducible campaign of N pages for the build benchmark.

Each page has front matter, headings, lists, links to other generated pages and a table; every
tenth page has Polish and Urdu translations. The same seed always gives the same campaign.
"""
import argparse
import pathlib
import random
import shutil

WORDS = ("signs child driver hotel room late night young person adult worried report safe "
         "police call help taxi door venue staff guest booking cash alone party drunk lost").split()
AUDIENCES = ["taxi-drivers", "hoteliers", "door-staff", "public", "parents", "young-people"]


def sentence(rng, n=12):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def page(rng, i, total, lang=""):
    audiences = rng.sample(AUDIENCES, 2)
    links = " ".join(f"[page {j}](/section-{j % 20}/page-{j}/)" for j in rng.sample(range(total), 3))
    body = [f"# Page {i} {lang}", "", sentence(rng, 30), "", "## What to look for", ""]
    body += [f"- {sentence(rng, 8)}" for _ in range(6)]
    body += ["", "## What to do", "", sentence(rng, 25), "", f"See also {links}.", "",
             "| sign | what to do |", "|---|---|"]
    body += [f"| {rng.choice(WORDS)} | {sentence(rng, 5)} |" for _ in range(3)]
    front = [
        "---",
        f"title: Page {i} {lang}".rstrip(),
        f"description: {sentence(rng, 10)}",
        f"date: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
        f"audiences: [{', '.join(audiences)}]",
        f"topics: [{rng.choice(WORDS)}]",
        f"weight: {i}",
        "---",
    ]
    return "\n".join(front + body) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", type=pathlib.Path)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    repo = pathlib.Path(__file__).resolve().parent.parent
    if args.dir.exists():
        shutil.rmtree(args.dir)
    pages = args.dir / "pages"
    pages.mkdir(parents=True)
    shutil.copy(repo / "content" / "config.yaml", args.dir / "config.yaml")
    shutil.copy(repo / "content" / "questionnaire.yaml", args.dir / "questionnaire.yaml")
    (pages / "_index.md").write_text("---\ntitle: Bench\n---\nHome.\n")
    for s in range(20):
        section = pages / f"section-{s}"
        section.mkdir()
        (section / "_index.md").write_text(f"---\ntitle: Section {s}\n---\n")
    for i in range(args.pages):
        folder = pages / f"section-{i % 20}"
        (folder / f"page-{i}.md").write_text(page(rng, i, args.pages))
        if i % 10 == 0:
            for lang in ("pl", "ur"):
                (folder / f"page-{i}.{lang}.md").write_text(page(rng, i, args.pages, lang))


if __name__ == "__main__":
    main()
