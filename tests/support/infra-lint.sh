#!/usr/bin/env bash
# Lints the deployment templates offline: cfn-lint (no errors, no warnings) and checkov (no failed
# check; every skipped check carries its reason in the template), and runs the CloudFront Functions
# (folder URLs to index.html; a preview's host to its folder) against a few requests.
#
# Needs cfn-lint and checkov from tests/requirements.txt (tests/run installs them) and, for the
# CloudFront Function, node. Nothing here touches the network: checkov runs with
# BC_SKIP_MAPPING=TRUE and --skip-download, so it neither fetches guideline mappings nor
# downloads policies from a platform, and it has no API key to upload results with.
set -uo pipefail
cd "$(dirname "$0")/../.."

templates=(infra/template.yaml infra/waf.yaml infra/publisher.yaml)
status=0
summary=()

for tool in cfn-lint checkov python3; do
  command -v "$tool" >/dev/null || { echo "infra-lint: $tool is not installed (pip install -r tests/requirements.txt)" >&2; exit 2; }
done

# ---------------------------------------------------------------- cfn-lint
echo "--- cfn-lint $(cfn-lint --version 2>&1 | awk '{print $2}') ${templates[*]}"
if cfn-lint --non-zero-exit-code warning -- "${templates[@]}"; then
  summary+=("cfn-lint: no errors, no warnings")
else
  summary+=("cfn-lint: FAILED (errors or warnings above)")
  status=1
fi

# ---------------------------------------------------------------- checkov
echo "--- checkov ${templates[*]}"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
checkov_args=(--framework cloudformation --compact --skip-download --output json)
for t in "${templates[@]}"; do checkov_args+=(-f "$t"); done
BC_SKIP_MAPPING=TRUE checkov "${checkov_args[@]}" >"$results" 2>"$results.err"
checkov_rc=$?
python3 - "$results" "$results.line" <<'PY'
import json, sys
def verdict(line, code):
    open(sys.argv[2], "w").write(line)
    sys.exit(code)
try:
    data = json.load(open(sys.argv[1]))
except Exception as err:  # checkov crashed or printed something else
    verdict(f"checkov: FAILED (no JSON report: {err})", 1)
reports = data if isinstance(data, list) else [data]
passed = failed = skipped = parsing = 0
version = "?"
for report in reports:
    s = report.get("summary", {})
    passed += s.get("passed", 0); failed += s.get("failed", 0)
    skipped += s.get("skipped", 0); parsing += s.get("parsing_errors", 0)
    version = s.get("checkov_version", version)
    results = report.get("results", {})
    for c in results.get("failed_checks", []):
        lines = c.get("file_line_range", ["?", "?"])
        print(f"  FAILED  {c['check_id']} {c['resource']} ({c['file_path'].lstrip('/')}:{lines[0]}-{lines[1]}): {c['check_name']}")
    for c in results.get("skipped_checks", []):
        reason = " ".join((c.get("check_result", {}).get("suppress_comment") or "NO REASON GIVEN").split())
        print(f"  skipped {c['check_id']} {c['resource']}: {reason}")
if passed == 0:
    verdict("checkov: FAILED (no check ran: the templates were not recognised)", 1)
bad = failed or parsing
verdict(f"checkov {version}: {'FAILED' if bad else 'ok'} - {passed} passed, {failed} failed, "
        f"{skipped} skipped (reasons above), {parsing} parsing errors", 1 if bad else 0)
PY
parse_rc=$?
checkov_line=$(cat "$results.line" 2>/dev/null || echo "checkov: FAILED (no report)")
echo "$checkov_line"
if [ "$checkov_rc" -ne 0 ] || [ "$parse_rc" -ne 0 ]; then
  [ -s "$results.err" ] && sed 's/^/  checkov: /' "$results.err" | tail -20
  status=1
fi
rm -f "$results.err" "$results.line"
summary+=("$checkov_line")

# ---------------------------------------------------------------- CloudFront Function
if command -v node >/dev/null; then
  echo "--- CloudFront Function (IndexRewriteFunction)"
  code=$(python3 - <<'PY'
import re, sys
text = open("infra/template.yaml").read()
m = re.search(r"^  IndexRewriteFunction:\n(?:.*\n)*?      FunctionCode: \|\n((?:        .*\n|\n)+)", text, re.M)
if not m:
    sys.exit("IndexRewriteFunction's FunctionCode not found")
print("\n".join(line[8:] for line in m.group(1).splitlines()))
PY
  ) || { summary+=("CloudFront Function: FAILED (code not found)"); status=1; code=""; }
  if [ -n "$code" ]; then
    if node - <<JS
$code
var cases = [
  ["/", "/index.html", null],
  ["/report/", "/report/index.html", null],
  ["/pl/report/", "/pl/report/index.html", null],
  ["/report", null, "/report/"],
  ["/css/site.0a1b2c.css", "/css/site.0a1b2c.css", null],
  ["/sitemap.xml", "/sitemap.xml", null],
];
var bad = 0;
cases.forEach(function (c) {
  var out = handler({ request: { uri: c[0], headers: {} } });
  var ok = c[2] ? (out.statusCode === 301 && out.headers.location.value === c[2])
                : (out.uri === c[1]);
  if (!ok) { bad++; console.error("  " + c[0] + " -> " + JSON.stringify(out)); }
});
process.exit(bad ? 1 : 0);
JS
    then
      summary+=("CloudFront Function: ok (folder URLs map to index.html)")
    else
      summary+=("CloudFront Function: FAILED")
      status=1
    fi
  fi
  echo "--- CloudFront Function (PreviewRouteFunction)"
  code=$(python3 - <<'PY'
import re, sys
text = open("infra/publisher.yaml").read()
m = re.search(r"^  PreviewRouteFunction:\n(?:.*\n)*?      FunctionCode: \|\n((?:        .*\n|\n)+)", text, re.M)
if not m:
    sys.exit("PreviewRouteFunction's FunctionCode not found")
print("\n".join(line[8:] for line in m.group(1).splitlines()))
PY
  ) || { summary+=("Preview route function: FAILED (code not found)"); status=1; code=""; }
  if [ -n "$code" ]; then
    if node - <<JS
$code
var token = "pr-12-abcdefghijklmnopqrstuvwxyz";
var cases = [
  [token + ".preview.example.org", "/", "/" + token + "/index.html", null],
  [token + ".preview.example.org", "/pl/report/", "/" + token + "/pl/report/index.html", null],
  [token + ".preview.example.org", "/style.0a1b2c.css", "/" + token + "/style.0a1b2c.css", null],
  [token + ".preview.example.org", "/report", null, 301],
  ["preview.example.org", "/", null, 404],
  ["pr-12.preview.example.org", "/", null, 404],
  ["pr-12-short.preview.example.org", "/index.html", null, 404],
];
var bad = 0;
cases.forEach(function (c) {
  var out = handler({ request: { uri: c[1], headers: { host: { value: c[0] } } } });
  var ok = c[3] ? out.statusCode === c[3] : out.uri === c[2];
  if (!ok) { bad++; console.error("  " + c[0] + c[1] + " -> " + JSON.stringify(out)); }
});
process.exit(bad ? 1 : 0);
JS
    then
      summary+=("Preview route function: ok (each preview host reads its own folder)")
    else
      summary+=("Preview route function: FAILED")
      status=1
    fi
  fi
else
  summary+=("CloudFront Function: not run (node is not installed)")
fi

echo
echo "=== infrastructure lint summary"
printf '  %s\n' "${summary[@]}"
if [ "$status" -eq 0 ]; then echo "  result: PASSED"; else echo "  result: FAILED"; fi
exit "$status"
