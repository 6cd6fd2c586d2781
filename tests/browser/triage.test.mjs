// The triage console in headless Chromium: it refuses pages without the printed token; with
// it, a report sent through `lookout serve` appears in the queue, its case page shows the
// decrypted text, a reply written there is read on /follow-up/ with the receipt, a status
// change is kept and shown by `lookout reports list`, and the map draws one shape per area of
// areas.geojson with the counts in its table. axe finds no WCAG 2.2 AA violation on its pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BASE_URL, CAMPAIGN, REPO, axeViolations, formatViolations, launch, recentDay } from './helpers.mjs';

const LOOKOUT = process.env.LOOKOUT_BIN || join(REPO, 'target', 'debug', 'lookout');
const TEXT = `A boy of about fourteen was collected from the arcade by three men (${Date.now()})`;
let browser;
let console_;
let login;

before(async () => {
  browser = await launch();
  console_ = spawn(LOOKOUT, ['triage', '--root', CAMPAIGN, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: console_.stdout });
  login = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('lookout triage printed no address in 60 s')), 60_000);
    lines.on('line', (line) => {
      const found = line.match(/http:\/\/127\.0\.0\.1:\d+\/login\?token=[0-9a-f]+/);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    });
    console_.on('exit', (code) => reject(new Error(`lookout triage stopped (${code})`)));
  });
});

after(async () => {
  console_?.kill();
  await browser?.close();
});

/** A context where nothing outside 127.0.0.1 can load. */
async function localContext() {
  const context = await browser.newContext({ locale: 'en-GB' });
  await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort('blockedbyclient'));
  return context;
}

async function assertAxe(page, what) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], formatViolations(what, violations));
}

async function sendReport() {
  const response = await fetch(`${BASE_URL}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      reporter: 'door-staff',
      indicators: ['any-something-else'],
      area: 'railway-station',
      seen_on: recentDay(2).iso,
      part_of_day: 'night',
      what_happened: TEXT,
      started_at: Date.now() - 60_000,
    }),
  });
  const body = await response.text();
  assert.equal(response.status, 201, body);
  return JSON.parse(body).receipt;
}

test('the console: token, queue, case, reply, status, map, all accessible', async () => {
  const receipt = await sendReport();
  const base = new URL(login).origin;
  const context = await localContext();
  const page = await context.newPage();

  // Without the token: refused.
  const refused = await page.goto(`${base}/`);
  assert.equal(refused.status(), 403);
  assert.match(await page.locator('main').innerText(), /address lookout triage printed/);

  // With it: the queue, with the report, found by a search of its decrypted text.
  await page.goto(login);
  assert.equal(new URL(page.url()).pathname, '/');
  await assertAxe(page, 'the queue');
  await page.fill('#f-q', 'arcade by three men');
  await page.click('form.filters button[type=submit]');
  assert.match(await page.locator('[role=status]').innerText(), /^1 of \d+ reports shown/);
  await page.locator('table a[href^="/case/"]').first().click();
  assert.match(await page.locator('main').innerText(), new RegExp(TEXT.replace(/[()]/g, '\\$&')));
  await assertAxe(page, 'the case page');
  const caseUrl = page.url();
  const id = caseUrl.split('/case/')[1];

  // A reply, then a status.
  await page.fill('#reply', 'Thank you. Which night of the week was it?');
  await page.click('form:has(#reply) button[type=submit]');
  assert.match(await page.locator('.notice[role=status]').innerText(), /Reply #0 sent/);
  await page.selectOption('#f-status', 'referred');
  await page.click('form:has(#f-status) button[type=submit]');
  assert.match(await page.locator('.notice[role=status]').innerText(), /Status set to Referred/);
  await assertAxe(page, 'the case page after changes');
  const listed = execFileSync(LOOKOUT, ['reports', '--root', CAMPAIGN, 'list'], { encoding: 'utf8' });
  const row = listed.split('\n').find((l) => l.startsWith(id));
  assert.ok(row && /\breferred\b/.test(row), `lookout reports list shows the status: ${listed}`);

  // The map: one shape per area of areas.geojson, the same counts in the table.
  await page.goto(`${base}/map`);
  const areas = JSON.parse(readFileSync(join(CAMPAIGN, 'areas.geojson'), 'utf8')).features.map((f) => f.properties.id);
  assert.equal(await page.locator('svg.map path[data-area]').count(), areas.length);
  const station = await page.locator('table tr:has(th:text-is("Railway station area")) td').first().innerText();
  assert.ok(Number(station) >= 1, `the station area counts the report: ${station}`);
  const title = await page.locator('svg.map path[data-area="railway-station"] title').textContent();
  assert.equal(title, `Railway station area: ${station}`);
  await assertAxe(page, 'the map');
  await page.goto(`${base}/trends?by=area`);
  await assertAxe(page, 'the trends');
  await context.close();

  // The reporter reads the reply on the follow-up page with the receipt.
  const reporter = await localContext();
  const follow = await reporter.newPage();
  await follow.goto(`${BASE_URL}/follow-up/`);
  await follow.fill('#follow-up-receipt', receipt);
  await follow.press('#follow-up-receipt', 'Enter');
  await follow.locator('.thread').waitFor({ timeout: 10_000 });
  assert.match(await follow.locator('.thread').innerText(), /Which night of the week was it\?/);
  await reporter.close();
});
