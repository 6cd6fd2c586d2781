// First-party spam protection, end to end on `lookout serve`: with JavaScript the page fetches
// an ALTCHA v2 challenge from the site itself, solves it (site/theme/static/altcha.js), and the
// report is stored verified (`lookout reports export`'s `verified` column); without JavaScript
// it posts to the unverified lane and is stored unverified, never refused. The same under the
// deployment's own Content-Security-Policy (read from infra/template.yaml), and when no
// challenge can be had. The solver, run in node on a challenge from the functions, gives a
// solution node's own SHA-256 agrees with and the functions accept once, and refuse forged.
// The follow-up forms pass the same check. The form says when reports are read, in every
// language, under its button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import {
  BASE, BASE_URL, CAMPAIGN, MIN_FILL_MS, PHONE, REPO, REPORT_FORM, launch, newContext, open, postReport, receiptCode, sendForm,
} from './helpers.mjs';

const LOOKOUT = process.env.LOOKOUT_BIN || join(REPO, 'target', 'debug', 'lookout');
const QUESTIONNAIRE = readFileSync(join(CAMPAIGN, 'questionnaire.yaml'), 'utf8');
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function text(key, lang) {
  const block = QUESTIONNAIRE.match(new RegExp(`^  ${key}:\\n((?:    [a-z]+: .*\\n)+)`, 'm'));
  assert.ok(block, `no text.${key} in questionnaire.yaml`);
  return block[1].match(new RegExp(`^    ${lang}: "(.*)"$`, 'm'))[1];
}

// --- the store, as the team sees it ---------------------------------------------------------

/** One CSV line's fields (RFC 4180 quoting), for the export. */
function parseCsv(csv) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') { field += '"'; i++; } else if (c === '"') { quoted = false; } else { field += c; }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field); field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && csv[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else {
      field += c;
    }
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The `verified` column of the exported report whose free text holds `marker`. */
function verifiedOf(marker) {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-export-'));
  try {
    const out = join(dir, 'reports.csv');
    execFileSync(LOOKOUT, ['reports', '--root', CAMPAIGN, 'export', '--format', 'csv', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8')).filter((r) => r.length > 1);
    const column = header.indexOf('verified');
    assert.ok(column >= 0, `the export has no verified column: ${header.join(',')}`);
    const found = rows.filter((r) => r.some((f) => f.includes(marker)));
    assert.equal(found.length, 1, `${found.length} exported reports hold ${JSON.stringify(marker)}`);
    const value = found[0][column];
    if (/^(yes|true)$/.test(value)) return true;
    if (/^(no|false)$/.test(value)) return false;
    assert.fail(`verified is ${JSON.stringify(value)} for a new report`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- the challenge ---------------------------------------------------------------------------

/** Checks an `altcha` field's value with node's SHA-256; returns the decoded payload. */
function assertSolved(field) {
  const payload = JSON.parse(Buffer.from(field, 'base64').toString('utf8'));
  const p = payload.challenge.parameters;
  assert.equal(p.algorithm, 'SHA-256');
  assert.equal(typeof payload.challenge.signature, 'string');
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(payload.solution.counter);
  let data = Buffer.concat([Buffer.from(p.salt, 'hex'), Buffer.from(p.nonce, 'hex'), counter]);
  for (let i = 0; i < Math.max(1, p.cost); i++) data = createHash('sha256').update(data).digest();
  const key = data.subarray(0, p.keyLength).toString('hex');
  assert.equal(payload.solution.derivedKey, key, 'the derived key is not SHA-256 of salt, nonce and counter');
  assert.ok(key.startsWith(p.keyPrefix.toLowerCase()), `the key ${key} does not start with ${p.keyPrefix}`);
  return payload;
}

/** The theme's solver, loaded in node as the page loads it. */
function solver() {
  const source = readFileSync(join(REPO, 'site', 'theme', 'static', 'altcha.js'), 'utf8');
  const sandbox = { crypto: globalThis.crypto, btoa: globalThis.btoa, TextEncoder, Uint8Array, DataView, Date, JSON, Math, String, Error, Infinity };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(source, sandbox);
  return sandbox.LookoutAltcha;
}

async function challenge() {
  const response = await fetch(`${BASE_URL}/api/challenge`);
  assert.equal(response.status, 200, 'GET /api/challenge');
  assert.match(response.headers.get('cache-control') || '', /no-store/);
  return response.json();
}

// --- the page --------------------------------------------------------------------------------

async function withPage(options, body) {
  const { context, foreign } = await newContext(browser, { viewport: PHONE, ...options });
  const page = await context.newPage();
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push({ path: new URL(r.url()).pathname, body: r.postData() || '', redirected: !!r.redirectedFrom() });
  });
  try {
    await body(page, posts);
    assert.deepEqual(foreign, [], 'requests to other hosts');
  } finally {
    await context.close();
  }
}

async function fillAndSend(page, marker, openedAt) {
  await page.locator('#q-reporter-taxi-driver').check();
  await page.locator('#q-area-west-end').check();
  await page.locator('#q-seen_on-today').check();
  await page.locator('#q-what_happened').fill(marker);
  const wait = openedAt + MIN_FILL_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return sendForm(page, 'report', () => page.locator(`${REPORT_FORM} button[type=submit]`).click());
}

test('with JavaScript, the report carries a solved challenge to the verified lane and is stored verified', async () => {
  const marker = `Verified with JavaScript ${Date.now()}`;
  await withPage({}, async (page, posts) => {
    const challenges = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/challenge') challenges.push(r.url()); });
    await open(page, '/report/');
    const action = await page.locator(REPORT_FORM).getAttribute('data-verified-action');
    assert.equal(action, '/api/reports', 'the form names no verified lane for the page script');
    const response = await fillAndSend(page, marker, Date.now());
    assert.equal(response.status(), 201, await response.text());
    assert.ok(await receiptCode(page), 'no receipt');
    assert.deepEqual(challenges, [`${BASE.origin}/api/challenge`], 'the challenge was not fetched from the site, once');
    assert.equal(posts.length, 1, `posts: ${JSON.stringify(posts.map((p) => p.path))}`);
    assert.equal(posts[0].path, '/api/reports');
    const sent = new URLSearchParams(posts[0].body);
    assert.ok(sent.get('altcha'), 'the post carries no altcha field');
    assertSolved(sent.get('altcha'));
    assert.match(sent.get('idempotency_key') || '', /^[0-9a-f]{32}$/);
    assert.match(sent.get('started_at') || '', /^\d{13}$/);
    assert.equal(response.request().redirectedFrom(), null, 'the verified lane handed the report on (307)');
  });
  assert.equal(verifiedOf(marker), true, 'the report was not stored verified');
});

test('with JavaScript, a form shown again with errors is sent again with a new solution, and stored verified', async () => {
  const marker = `Verified after an error ${Date.now()}`;
  await withPage({}, async (page, posts) => {
    await open(page, '/report/');
    const openedAt = Date.now();
    await page.locator('#q-reporter-taxi-driver').check();
    await page.locator('#q-seen_on-today').check();
    await page.locator('#q-what_happened').fill(marker);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, openedAt + MIN_FILL_MS - Date.now())));
    const first = await sendForm(page, 'report', () => page.locator(`${REPORT_FORM} button[type=submit]`).click());
    assert.equal(first.status(), 422, 'the area was left out on purpose');
    assert.equal(await page.locator('#q-what_happened').inputValue(), marker, 'the typed answer was not kept');
    await page.locator('#q-area-west-end').check();
    const second = await sendForm(page, 'report', () => page.locator(`${REPORT_FORM} button[type=submit]`).click());
    assert.equal(second.status(), 201, await second.text());
    assert.ok(await receiptCode(page), 'no receipt');
    const fields = posts.map((p) => new URLSearchParams(p.body).get('altcha'));
    assert.equal(fields.length, 2, `posts: ${JSON.stringify(posts.map((p) => p.path))}`);
    assert.ok(fields[0] && fields[1] && fields[0] !== fields[1], 'the second send did not carry a solution of its own');
  });
  assert.equal(verifiedOf(marker), true, 'the report sent again was not stored verified');
});

test('without JavaScript, the form posts to the unverified lane; the report is kept, unverified', async () => {
  const marker = `Unverified without JavaScript ${Date.now()}`;
  await withPage({ javaScriptEnabled: false }, async (page, posts) => {
    await open(page, '/report/');
    assert.equal(await page.locator(REPORT_FORM).getAttribute('action'), '/api/reports/unverified');
    const response = await fillAndSend(page, marker, Date.now());
    assert.equal(response.status(), 201, await response.text());
    assert.ok(await receiptCode(page), 'no receipt');
    assert.deepEqual(posts.map((p) => p.path), ['/api/reports/unverified']);
  });
  assert.equal(verifiedOf(marker), false, 'a report without a challenge was stored verified');
});

test('with no challenge to be had, the form is still sent with JavaScript, and kept unverified', async () => {
  const marker = `No challenge ${Date.now()}`;
  await withPage({}, async (page, posts) => {
    await page.route(`${BASE_URL}/api/challenge`, (route) => route.fulfill({ status: 503, body: 'down' }));
    await open(page, '/report/');
    const response = await fillAndSend(page, marker, Date.now());
    assert.equal(response.status(), 201, await response.text());
    assert.ok(await receiptCode(page), 'no receipt');
    assert.ok(!new URLSearchParams(posts[0].body).get('altcha'), 'an altcha field without a challenge');
    assert.deepEqual(posts.map((p) => p.path), ['/api/reports', '/api/reports/unverified'],
      'the verified lane did not hand the report on to the unverified one');
  });
  assert.equal(verifiedOf(marker), false);
});

test('a challenge that could not be had at first is fetched again when the form is sent', async () => {
  const marker = `Challenge on the second try ${Date.now()}`;
  await withPage({}, async (page) => {
    let tries = 0;
    await page.route(`${BASE_URL}/api/challenge`, (route) => {
      tries += 1;
      return tries === 1 ? route.fulfill({ status: 503, body: 'down' }) : route.fallback();
    });
    await open(page, '/report/');
    const response = await fillAndSend(page, marker, Date.now());
    assert.equal(response.status(), 201, await response.text());
    assert.equal(tries, 2, `the challenge was asked for ${tries} times`);
    assert.equal(response.request().redirectedFrom(), null, 'sent on to the unverified lane');
  });
  assert.equal(verifiedOf(marker), true);
});

/** The site's Content-Security-Policy as the deployment sends it (SiteHeadersPolicy). */
function deployedCsp() {
  const template = readFileSync(join(REPO, 'infra', 'template.yaml'), 'utf8');
  const site = template.slice(template.indexOf('  SiteHeadersPolicy:'));
  const csp = site.match(/ContentSecurityPolicy: >-\n([\s\S]*?)\n\s+StrictTransportSecurity/)[1].replace(/\s+/g, ' ').trim();
  // The test server is http://127.0.0.1: upgrading its requests to https would only break them.
  return csp.replace(/;?\s*upgrade-insecure-requests/, '');
}

test('under the deployment\'s CSP (script-src and connect-src \'self\'), the page still solves, sends and draws', async () => {
  const csp = deployedCsp();
  assert.match(csp, /script-src 'self';/);
  const marker = `Under the CSP ${Date.now()}`;
  await withPage({}, async (page) => {
    const violations = [];
    await page.exposeBinding('__cspViolation', (_s, v) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.route((url) => url.origin === BASE.origin && !url.pathname.startsWith('/api/'), async (route) => {
      if (route.request().resourceType() !== 'document') return route.fallback();
      const response = await route.fetch();
      return route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
    });
    await open(page, '/report/');
    const response = await fillAndSend(page, marker, Date.now());
    assert.equal(response.status(), 201);
    assert.ok(await receiptCode(page), 'no receipt under the CSP');
    // The live-reload script of `lookout serve` is not deployed; nothing else may be blocked.
    assert.deepEqual(violations.filter((v) => !v.includes('/_lookout/')), []);
  });
  assert.equal(verifiedOf(marker), true, 'not verified under the CSP');
});

test('the follow-up forms pass the check too: both posts reach the verified lane', async () => {
  const receipt = await postReport(`Follow-up check ${Date.now()}`);
  await withPage({}, async (page, posts) => {
    await open(page, '/follow-up/');
    await page.locator('#follow-up-receipt').fill(receipt);
    const opened = await sendForm(page, 'follow-up', () => page.locator('#follow-up-receipt').press('Enter'));
    assert.equal(opened.status(), 200);
    await page.locator('#follow-up-message').fill('Checked, then sent.');
    const added = await sendForm(page, 'follow-up-message', () => page.locator('form[data-lookout-form="follow-up-message"] button[type=submit]').click());
    assert.equal(added.status(), 201);
    assert.deepEqual(posts.map((p) => p.path), ['/api/follow-up', '/api/follow-up/messages']);
    for (const post of posts) assertSolved(new URLSearchParams(post.body).get('altcha'));
  });
});

test('the theme\'s solver, in node: a challenge from the functions is solved, accepted once, and a forged one is not', async () => {
  const { solve, expiresAt } = solver();
  const first = await challenge();
  assert.ok(first.parameters && first.signature, `not an ALTCHA v2 challenge: ${JSON.stringify(first)}`);
  assert.ok(expiresAt(first) > Date.now(), 'the challenge has expired already, or has no data.exp');
  const started = Date.now();
  const field = await solve(first);
  assert.ok(Date.now() - started < 20_000, `solving took ${Date.now() - started} ms`);
  const payload = assertSolved(field);
  assert.deepEqual(payload.challenge, first, 'the solution does not carry the challenge as it came');

  const marker = `Solved in node ${Date.now()}`;
  await postReport(marker, { altcha: field });
  assert.equal(verifiedOf(marker), true, 'a solved challenge was not accepted');
  const again = `Spent challenge ${Date.now()}`;
  await postReport(again, { altcha: field });
  assert.equal(verifiedOf(again), false, 'a spent challenge was accepted again');

  const forged = await challenge();
  const forgedPayload = JSON.parse(Buffer.from(await solve(forged), 'base64').toString('utf8'));
  // The key's prefix is given away by the challenge; the rest is what the work finds.
  const key = forgedPayload.solution.derivedKey;
  forgedPayload.solution.derivedKey = key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');
  const forgedMarker = `Forged solution ${Date.now()}`;
  await postReport(forgedMarker, { altcha: Buffer.from(JSON.stringify(forgedPayload)).toString('base64') });
  assert.equal(verifiedOf(forgedMarker), false, 'a forged solution was accepted');
  // A challenge the functions did not sign (its nonce changed, its key worked out anew).
  const unsigned = JSON.parse(JSON.stringify(await challenge()));
  unsigned.parameters.nonce = unsigned.parameters.nonce.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
  const unsignedMarker = `Unsigned challenge ${Date.now()}`;
  const ownKey = await solve({ ...unsigned, parameters: { ...unsigned.parameters, keyPrefix: '0' } });
  await postReport(unsignedMarker, { altcha: ownKey });
  assert.equal(verifiedOf(unsignedMarker), false, 'a challenge with a changed nonce and an easier prefix was accepted');
});

test('the report form says when reports are read, under its button, in every language, and again with errors', async () => {
  for (const [lang, path] of [['en', '/report/'], ['pl', '/pl/report/'], ['ur', '/ur/report/']]) {
    for (const javaScriptEnabled of [true, false]) {
      await withPage({ javaScriptEnabled }, async (page) => {
        await open(page, path);
        const where = async (what) => {
          const found = await page.evaluate(() => {
            const note = document.querySelector('#reports-read');
            const button = document.querySelector('form[data-lookout-form="report"] button[type=submit]');
            return note && button ? {
              text: note.textContent.trim(),
              after: (button.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
              gap: note.getBoundingClientRect().top - button.getBoundingClientRect().bottom,
            } : null;
          });
          assert.ok(found, `${path} ${what}: no note or no button`);
          assert.equal(found.text, text('reports_read', lang), `${path} ${what}`);
          assert.ok(found.after && found.gap >= 0 && found.gap < 120, `${path} ${what}: the note is not just under the button (${JSON.stringify(found)})`);
        };
        await where('as built');
        const response = await sendForm(page, 'report', async () => {
          await new Promise((resolve) => setTimeout(resolve, MIN_FILL_MS));
          await page.locator(`${REPORT_FORM} button[type=submit]`).click();
        });
        assert.equal(response.status(), 422);
        await where(`shown again with errors (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`);
      });
    }
  }
});
