// hCaptcha, when a campaign chooses it, on a step of its own before the form. A copy of the
// campaign with `spam: {hcaptcha: ...}` is built and its pages served in place of the
// example's (the report API stays `lookout serve`'s); hCaptcha's api.js is a local stand-in
// that hands over a token at once. With JavaScript the report page goes on to the check
// (replacing itself, so history gains nothing), the check leaves the token and comes back,
// and the form sends it as `h-captcha-response`; hCaptcha's script is requested by the check
// page alone. "Without the check" leads to the form and stays there. Without JavaScript the
// form is shown at once and posts as ever.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASE, BASE_URL, MIN_FILL_MS, PHONE, REPORT_FORM, buildWithHcaptcha, launch, newContext, receiptCode, sendForm,
} from './helpers.mjs';

const TOKEN = 'stand-in-token-0123456789';
// Calls each widget's data-callback with a token, as hCaptcha does once a person passes.
const STAND_IN = `document.querySelectorAll('.h-captcha[data-callback]').forEach(function (el) {
  setTimeout(function () { window[el.getAttribute('data-callback')](${JSON.stringify(TOKEN)}); }, 300);
});`;
let browser;
let work;
let site;

before(async () => {
  browser = await launch();
  work = mkdtempSync(join(tmpdir(), 'lookout-hcaptcha-step-'));
  site = buildWithHcaptcha(work);
});
after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A page on which the site's files are the hCaptcha build's, and hCaptcha is the stand-in. */
async function withPage(options, body) {
  const { context, foreign } = await newContext(browser, { viewport: PHONE, ...options });
  const hcaptchaFrom = [];
  await context.route((url) => url.origin === BASE.origin && !url.pathname.startsWith('/api/'), async (route) => {
    const path = new URL(route.request().url()).pathname;
    let file = join(site, decodeURIComponent(path));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return route.fallback();
    return route.fulfill({ path: file });
  });
  await context.route('https://js.hcaptcha.com/**', (route) => {
    hcaptchaFrom.push(new URL(route.request().frame().url()).pathname);
    return route.fulfill({ status: 200, contentType: 'text/javascript', body: STAND_IN });
  });
  const page = await context.newPage();
  try {
    await body(page, hcaptchaFrom);
    assert.deepEqual(foreign.filter((u) => !u.startsWith('https://js.hcaptcha.com/')), [], 'requests to other hosts');
  } finally {
    await context.close();
  }
}

test('with JavaScript: the report page goes to the check, the token comes back, and the form sends it', async () => {
  await withPage({}, async (page, hcaptchaFrom) => {
    const posts = [];
    page.on('request', (r) => { if (r.method() === 'POST') posts.push({ path: new URL(r.url()).pathname, body: r.postData() || '' }); });
    await page.goto(`${BASE_URL}/report/`);
    await page.waitForURL(`${BASE_URL}/report/check/`, { timeout: 10_000 });
    await page.waitForURL(`${BASE_URL}/report/`, { timeout: 10_000 });
    await page.locator(REPORT_FORM).waitFor();
    const openedAt = Date.now();
    // As many entries as a page opened the same way without any step (a new tab's blank page
    // and the page itself).
    const plain = await page.context().newPage();
    await plain.goto(`${BASE_URL}/privacy/`);
    const baseline = await plain.evaluate(() => history.length);
    await plain.close();
    assert.equal(await page.evaluate(() => history.length), baseline, 'the check step added history entries');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('lookout-hcaptcha')), TOKEN);
    assert.deepEqual(hcaptchaFrom, ['/report/check/'], 'hCaptcha was loaded by a page other than its check page');

    await page.locator('#q-reporter-door-staff').check();
    await page.locator('#q-area-east-side').check();
    await page.locator('#q-seen_on-today').check();
    await page.locator('#q-what_happened').fill(`Sent after the hCaptcha step ${Date.now()}`);
    const wait = openedAt + MIN_FILL_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const response = await sendForm(page, 'report', () => page.locator(`${REPORT_FORM} button[type=submit]`).click());
    assert.equal(response.status(), 201, await response.text());
    assert.ok(await receiptCode(page), 'no receipt');
    assert.equal(posts[0].path, '/api/reports', 'the page script did not send to the verified lane');
    const sent = new URLSearchParams(posts[0].body);
    assert.equal(sent.get('h-captcha-response'), TOKEN, 'the token was not sent');
    assert.ok(!sent.get('altcha'), 'an ALTCHA answer was sent with hCaptcha chosen');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('lookout-hcaptcha')), null, 'the token was kept after use');
    assert.deepEqual(hcaptchaFrom, ['/report/check/'], 'hCaptcha was loaded again');
  });
});

test('"without the check" leads to the form, which then stays; without JavaScript the form is there at once', async () => {
  await withPage({}, async (page, hcaptchaFrom) => {
    // A stand-in that never calls back, so the reporter chooses to go on without it.
    await page.route('https://js.hcaptcha.com/**', (route) => {
      hcaptchaFrom.push(new URL(route.request().frame().url()).pathname);
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: '' });
    });
    await page.goto(`${BASE_URL}/report/`);
    await page.waitForURL(`${BASE_URL}/report/check/`, { timeout: 10_000 });
    await page.locator('[data-lookout-skip-check]').click();
    await page.waitForURL(`${BASE_URL}/report/`);
    await page.locator(REPORT_FORM).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(new URL(page.url()).pathname, '/report/', 'the form sent the reporter to the check again');
    assert.deepEqual(hcaptchaFrom, ['/report/check/']);
  });
  await withPage({ javaScriptEnabled: false }, async (page, hcaptchaFrom) => {
    await page.goto(`${BASE_URL}/report/`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(new URL(page.url()).pathname, '/report/');
    assert.equal(await page.locator(REPORT_FORM).getAttribute('action'), '/api/reports/unverified');
    assert.deepEqual(hcaptchaFrom, []);
  });
});
