// Shared by the browser tests: where the served campaign is, how to launch Chromium, which
// pages exist, and the checks every page must pass (axe, quick exit, lang, direction, hosts).
//
// tests/browser/run.sh sets the environment:
//   LOOKOUT_BASE_URL   http://127.0.0.1:<port> of `lookout serve`
//   LOOKOUT_CAMPAIGN   the temporary copy of tests/fixtures/campaign it serves (built site in .lookout/site)
import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'package.json'));
const { chromium } = require('playwright-core');

export const REPO = join(here, '..', '..');
export const ARTIFACTS = join(REPO, 'tests', 'artifacts');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run the browser tests through tests/browser/run.sh`);
  }
  return value;
}

export const BASE_URL = required('LOOKOUT_BASE_URL').replace(/\/$/, '');
export const BASE = new URL(BASE_URL);
export const CAMPAIGN = required('LOOKOUT_CAMPAIGN');
export const SITE_DIR = join(CAMPAIGN, '.lookout', 'site');

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// --- the campaign ---------------------------------------------------------------------------

const config = readFileSync(join(CAMPAIGN, 'config.yaml'), 'utf8');
/** Language codes in config order; the first is the default (served without a prefix). */
export const LANGUAGES = [...config.matchAll(/^\s*-\s*code:\s*([a-z-]+)\s*$/gm)].map((m) => m[1]);
export const DEFAULT_LANGUAGE = LANGUAGES[0];
export const EXIT_URL = (config.match(/^exit_url:\s*(\S+)\s*$/m) || [])[1];
const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

if (LANGUAGES.length === 0 || !EXIT_URL) {
  throw new Error(`could not read languages and exit_url from ${join(CAMPAIGN, 'config.yaml')}`);
}

/** The language a site path is in: its first segment if that is a language, else the default. */
export function languageOf(path) {
  const first = path.split('/')[1];
  return LANGUAGES.includes(first) && first !== DEFAULT_LANGUAGE ? first : DEFAULT_LANGUAGE;
}

export function directionOf(lang) {
  return RTL.has(lang) ? 'rtl' : 'ltr';
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      out.push(...walk(full));
    } else {
      out.push(full);
    }
  }
  return out;
}

/**
 * Every page of the built site as a path (`/taxi-drivers/`, `/ur/report/`, `/404.html`), read
 * from the output folder. Left out: the page shells for the functions (`/_lookout/`, templates
 * with a placeholder, not pages) and alias stubs (a meta refresh to the page they stand for,
 * which is walked under its own address).
 */
export function builtPages() {
  const pages = [];
  for (const file of walk(SITE_DIR)) {
    if (!file.endsWith('.html')) {
      continue;
    }
    const rel = relative(SITE_DIR, file).split(sep).join('/');
    if (rel.startsWith('_lookout/')) {
      continue;
    }
    const html = readFileSync(file, 'utf8');
    if (/<meta\s+http-equiv="refresh"/i.test(html)) {
      continue;
    }
    const path = rel === 'index.html' ? '/' : rel.endsWith('/index.html') ? `/${rel.slice(0, -'index.html'.length)}` : `/${rel}`;
    pages.push(path);
  }
  return pages.sort();
}

/** Paths listed in the built sitemap.xml. */
export function sitemapPaths() {
  const xml = readFileSync(join(SITE_DIR, 'sitemap.xml'), 'utf8');
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
}

/** The built HTML of a page, for tests that serve altered copies. */
export function builtHtml(path) {
  const file = path.endsWith('/') ? join(SITE_DIR, path, 'index.html') : join(SITE_DIR, path);
  return readFileSync(file, 'utf8');
}

// --- the browser ----------------------------------------------------------------------------

/** Headless Chromium; `options` are added to Playwright's launch options. */
export async function launch(options = {}) {
  return chromium.launch({
    ...options,
    executablePath: process.env.LOOKOUT_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

function isOwnHost(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (!/^(https?|wss?):$/.test(parsed.protocol)) {
    return true; // data:, blob:, about: never leave the machine
  }
  return parsed.host === BASE.host;
}

/**
 * A browser context that records every request its pages make. Requests to any other host
 * are recorded in `foreign` and answered locally (aborted), so nothing leaves 127.0.0.1;
 * tests that expect one (the quick-exit site) route it on the page first, which wins.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const requests = [];
  const foreign = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.route((url) => !isOwnHost(url.href), async (route) => {
    foreign.push(route.request().url());
    await route.abort('blockedbyclient');
  });
  return { context, requests, foreign };
}

/** Goes to a site path and waits for the page to load; returns the response. */
export async function open(page, path) {
  const response = await page.goto(BASE_URL + path, { waitUntil: 'load' });
  return response;
}

// --- the checks every page must pass ---------------------------------------------------------

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.2 A/AA violations on the page as it is now. */
export async function axeViolations(page) {
  // evaluate() is not subject to the page's Content-Security-Policy, unlike a script tag.
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    await page.evaluate(AXE_SOURCE);
  }
  // axe.run waits on timers, which never fire with JavaScript disabled: fail instead of hanging
  // (use checkNoScriptPage for such pages).
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`axe did not finish on ${page.url()} in 60 s (JavaScript disabled?)`)), 60_000);
  });
  const results = await Promise.race([
    page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}

export function formatViolations(where, violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${where}: [${v.id}] (${v.impact}) ${v.help} <${v.helpUrl}>`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target}`);
      if (n.summary) {
        lines.push(...n.summary.split('\n').map((l) => `      ${l}`));
      }
    }
  }
  return lines.join('\n');
}

/**
 * What is wrong with the page's quick-exit control, or [] if nothing: it must exist, be a
 * link (so it works without JavaScript) to the neutral site, be visible at the top of the
 * page without scrolling, have text, and be one of the first two tab stops.
 */
export async function quickExitProblems(page) {
  return page.evaluate((exitUrl) => {
    const problems = [];
    const button = document.querySelector('.exit-this-page__button');
    if (!button) {
      return ['no quick-exit control (.exit-this-page__button)'];
    }
    if (button.tagName !== 'A' || !button.getAttribute('href')) {
      problems.push(`the control is a <${button.tagName.toLowerCase()}> without href, not a link`);
    } else if (button.href !== new URL(exitUrl).href) {
      problems.push(`the link goes to ${button.href}, not the exit_url ${exitUrl}`);
    }
    const container = button.closest('.exit-this-page');
    if (!container || container.getAttribute('data-exit-url') !== exitUrl) {
      problems.push('no .exit-this-page container with data-exit-url for the page script');
    }
    if (!button.textContent.trim()) {
      problems.push('the control has no text');
    }
    const box = button.getBoundingClientRect();
    const style = getComputedStyle(button);
    if (box.width < 24 || box.height < 24 || style.visibility !== 'visible' || Number(style.opacity) === 0) {
      problems.push(`the control is not visible (${Math.round(box.width)}x${Math.round(box.height)}, visibility ${style.visibility})`);
    }
    if (box.top < 0 || box.bottom > window.innerHeight) {
      problems.push(`the control is not on screen without scrolling (top ${Math.round(box.top)})`);
    }
    const tabbable = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')]
      .filter((el) => el.tabIndex >= 0 && !el.disabled);
    const position = tabbable.indexOf(button);
    if (position < 0 || position > 1) {
      problems.push(`the control is tab stop ${position + 1}, not one of the first two`);
    }
    return problems;
  }, EXIT_URL);
}

/** Problems with the page's language and direction for a page at `path`. */
export async function languageProblems(page, path) {
  const lang = languageOf(path);
  const expectedDir = directionOf(lang);
  const found = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    dir: getComputedStyle(document.body).direction,
  }));
  const problems = [];
  if (found.lang !== lang) {
    problems.push(`<html lang> is ${JSON.stringify(found.lang)}, expected "${lang}"`);
  }
  if (found.dir !== expectedDir) {
    problems.push(`the body's computed direction is ${found.dir}, expected ${expectedDir}`);
  }
  return problems;
}

/** All page checks at once: { violations, quickExit, language }. */
export async function checkPage(page, path) {
  return {
    violations: await axeViolations(page),
    quickExit: await quickExitProblems(page),
    language: await languageProblems(page, path),
  };
}

/**
 * The page checks for a page shown with JavaScript disabled, where axe cannot run: its DOM is
 * shown again, scripts removed, at the same address in a context with JavaScript on (same
 * viewport), and checked there.
 */
export async function checkNoScriptPage(browser, page, path) {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const url = page.url();
  const context = await browser.newContext({ locale: 'en-US', viewport: page.viewportSize() });
  try {
    const copy = await context.newPage();
    await copy.route((u) => u.href === url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await copy.route((u) => !isOwnHost(u.href), (route) => route.abort('blockedbyclient'));
    await copy.goto(url, { waitUntil: 'load' });
    return await checkPage(copy, path);
  } finally {
    await context.close();
  }
}

/** Presses Tab (only) until the focused element matches `selector`; returns every stop passed. */
export async function tabTo(page, selector, max = 200) {
  const stops = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate((sel) => {
      const el = document.activeElement;
      const name = el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}` : 'none';
      return { name, match: !!el && el.matches(sel) };
    }, selector);
    stops.push(here.name);
    if (here.match) {
      return stops;
    }
  }
  throw new Error(`Tab did not reach ${selector} in ${max} presses; stops: ${stops.join(', ')}`);
}

/** The receipt code on the page: 20 digits in groups of 4, or null. */
export async function receiptCode(page) {
  const text = await page.locator('main').innerText();
  const match = text.match(/(?<!\d)\d{4}(?: \d{4}){4}(?!\d)/);
  return match ? match[0] : null;
}

/** A day a few days ago as YYYY-MM-DD in local time (the form refuses future dates). */
export function recentDay(daysAgo = 3) {
  const d = new Date(Date.now() - daysAgo * 24 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return { iso: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, mm: pad(d.getMonth() + 1), dd: pad(d.getDate()), yyyy: String(d.getFullYear()) };
}

/** The API refuses a report sent sooner than 3 s after its form was opened. */
export const MIN_FILL_MS = 3500;

/** The lanes a form posts to: the verified one, or its `/unverified` twin (a 307 leads there). */
export const LANES = {
  report: '/api/reports',
  'follow-up': '/api/follow-up',
  'follow-up-message': '/api/follow-up/messages',
};

/** Whether `url` is a POST answer of `kind`'s lanes (either of them), not a redirect. */
function isAnswer(response, kind) {
  const path = new URL(response.url()).pathname;
  return response.request().method() === 'POST' && response.status() !== 307
    && (path === LANES[kind] || path === `${LANES[kind]}/unverified`);
}

/**
 * Sends the form `form[data-lookout-form=kind]` by `press` (a function that presses its
 * button) and waits until the answer is on the screen: with JavaScript, drawn into the page by
 * send.js (`lookout:answer`), without it, the answer page's own load. Returns the final
 * answer's response (after any 307 from the verified lane to the unverified one).
 */
export async function sendForm(page, kind, press) {
  const scripted = await page.evaluate(() => document.documentElement.classList.contains('lookout-js')).catch(() => false);
  const response = page.waitForResponse((r) => isAnswer(r, kind), { timeout: 30_000 });
  let done;
  if (scripted) {
    await page.evaluate(() => {
      window.__lookoutAnswer = new Promise((resolve) => {
        document.addEventListener('lookout:answer', (e) => resolve(e.detail.status), { once: true });
      });
    });
    done = () => page.evaluate(() => window.__lookoutAnswer);
  } else {
    // The answer's own load event: the page being left is loaded already.
    const loaded = page.waitForEvent('load', { timeout: 30_000 });
    done = () => loaded;
  }
  await press();
  const answered = await response;
  await done();
  return answered;
}

/**
 * Sends the report form on the page with the keyboard (Enter on its submit button), no sooner
 * than the minimum fill time after `openedAt`; waits for the answer to be shown.
 */
export async function submitReport(page, openedAt) {
  const wait = openedAt + MIN_FILL_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return sendForm(page, 'report', async () => {
    await page.locator(REPORT_FORM + ' button[type=submit]').focus();
    await page.keyboard.press('Enter');
  });
}

/** The report form, whichever lane its `action` names. */
export const REPORT_FORM = 'form[data-lookout-form="report"]';

/**
 * Sends a report as JSON (no spam-check answer: stored unverified, through the verified lane's
 * 307 to the unverified one) and returns its receipt. `whatHappened` finds it again.
 */
export async function postReport(whatHappened, extra = {}) {
  const response = await fetch(`${BASE_URL}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      reporter: 'hotel-staff', area: 'city-centre', seen_on: 'yesterday',
      what_happened: whatHappened, started_at: Date.now() - 60_000, ...extra,
    }),
  });
  const body = await response.text();
  if (response.status !== 201) {
    throw new Error(`POST /api/reports answered ${response.status}: ${body}`);
  }
  return JSON.parse(body).receipt;
}

/** hCaptcha's published test site key. */
export const HCAPTCHA_TEST_SITE_KEY = '10000000-ffff-ffff-ffff-000000000001';

/**
 * Builds a copy of the served campaign with hCaptcha chosen (`spam: {hcaptcha: ...}`) into
 * `work/public` with `lookout build`; returns that folder.
 */
export function buildWithHcaptcha(work) {
  const campaign = join(work, 'campaign');
  cpSync(CAMPAIGN, campaign, { recursive: true, filter: (src) => !src.includes(`${sep}.lookout`) });
  const config = readFileSync(join(campaign, 'config.yaml'), 'utf8');
  writeFileSync(join(campaign, 'config.yaml'), `${config}\nspam:\n  hcaptcha:\n    site_key: "${HCAPTCHA_TEST_SITE_KEY}"\n`);
  const out = join(work, 'public');
  const lookout = process.env.LOOKOUT_BIN || join(REPO, 'target', 'debug', 'lookout');
  execFileSync(lookout, ['build', '--root', campaign, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  return out;
}
