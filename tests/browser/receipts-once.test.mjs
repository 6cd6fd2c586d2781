// Receipts and threads are shown once. With JavaScript the forms are sent with fetch and the
// answer is drawn into the page: no navigation, no new history entry, nothing in the URL; after
// it, Back, Forward and Reload show an empty form and never the receipt or the thread, with the
// browser's back-forward cache off (Playwright's default) and on (a browser launched without
// --disable-back-forward-cache, where the test checks the cache was really used). Without
// JavaScript the thread page says that Reload shows it again. A receipt typed in Urdu digits
// opens its thread. Receipt and thread ask translation services to leave them alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  BASE_URL, CAMPAIGN, MIN_FILL_MS, PHONE, REPORT_FORM, SITE_DIR, launch, newContext, open, postReport, receiptCode, sendForm,
} from './helpers.mjs';

const QUESTIONNAIRE = readFileSync(join(CAMPAIGN, 'questionnaire.yaml'), 'utf8');
let browser;
let cachingBrowser;

before(async () => {
  browser = await launch();
  // The same Chromium with its back-forward cache, which Playwright turns off by default.
  cachingBrowser = await launch({ ignoreDefaultArgs: ['--disable-back-forward-cache'] });
});
after(async () => {
  await browser?.close();
  await cachingBrowser?.close();
});

/** An interface string of the questionnaire in `lang`. */
function text(key, lang) {
  const block = QUESTIONNAIRE.match(new RegExp(`^  ${key}:\\n((?:    [a-z]+: .*\\n)+)`, 'm'));
  assert.ok(block, `no text.${key} in questionnaire.yaml`);
  return block[1].match(new RegExp(`^    ${lang}: "(.*)"$`, 'm'))[1];
}

/**
 * A page in a context that records every pageshow (and whether it came from the back-forward
 * cache) and every navigation of the main frame.
 */
async function withPage(chromium, options, body) {
  const { context, foreign } = await newContext(chromium, { viewport: PHONE, ...options });
  const shows = [];
  await context.exposeBinding('__lookoutPageshow', (_source, url, persisted) => shows.push({ url, persisted }));
  await context.addInitScript(() => {
    window.addEventListener('pageshow', (e) => window.__lookoutPageshow(location.pathname, e.persisted));
  });
  const page = await context.newPage();
  const navigations = [];
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations.push(frame.url()); });
  try {
    await body(page, { shows, navigations });
    assert.deepEqual(foreign, [], 'requests to other hosts');
  } finally {
    await context.close();
  }
}

/** Fills the report's required answers (and a free text to find it by). */
async function fillReport(page, whatHappened) {
  await page.locator('#q-reporter-hotel-staff').check();
  await page.locator('#q-area-city-centre').check();
  await page.locator('#q-seen_on-yesterday').check();
  await page.locator('#q-what_happened').fill(whatHappened);
}

/** Sends the report form on the page, no sooner than the minimum fill time after `openedAt`. */
async function sendReport(page, openedAt) {
  const wait = openedAt + MIN_FILL_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  return sendForm(page, 'report', () => page.locator(`${REPORT_FORM} button[type=submit]`).click());
}

/** What the page shows of a report form, a receipt and a thread. */
async function shown(page) {
  return page.evaluate(() => ({
    receipt: !!document.querySelector('.lookout-receipt, #receipt-code'),
    thread: !!document.querySelector('.thread'),
    hiddenReceipt: [...document.querySelectorAll('input[type=hidden][name=receipt]')].map((i) => i.value),
    reportForm: !!document.querySelector('form[data-lookout-form="report"]'),
    receiptForm: !!document.querySelector('form[data-lookout-form="follow-up"]'),
    whatHappened: document.querySelector('#q-what_happened')?.value ?? null,
    receiptTyped: document.querySelector('#follow-up-receipt')?.value ?? null,
    text: document.querySelector('main')?.innerText ?? '',
  }));
}

/**
 * Waits until the page shows something after a history move: loaded, or restored from the
 * back-forward cache (no load event then), and not emptied for a reload of its own.
 */
async function settled(page) {
  for (let i = 0; i < 100; i++) {
    try {
      const ready = await page.evaluate(() => document.readyState === 'complete' && document.querySelector('main')?.children.length > 0);
      if (ready) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (await page.evaluate(() => document.querySelector('main')?.children.length > 0)) return;
      }
    } catch {
      // the page navigated while we looked (its reload): look again
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the page at ${page.url()} did not settle`);
}

const HISTORY = { waitUntil: 'commit' };

/** Sends a report with JavaScript on /report/ and returns the receipt drawn in the page. */
async function reportWithScript(page, navigations, whatHappened) {
  await open(page, '/report/');
  const openedAt = Date.now();
  const before = await page.evaluate(() => history.length);
  navigations.length = 0;
  await fillReport(page, whatHappened);
  const response = await sendReport(page, openedAt);
  assert.equal(response.status(), 201, await response.text());
  const code = await receiptCode(page);
  assert.ok(code, 'no receipt was drawn into the page');
  assert.deepEqual(navigations, [], 'sending the form navigated the page');
  assert.equal(await page.evaluate(() => history.length), before, 'sending the form added a history entry');
  assert.equal(page.url(), `${BASE_URL}/report/`, 'the address changed');
  const state = await shown(page);
  assert.equal(state.reportForm, false, 'the form is still on the page beside the receipt');
  return code;
}

function assertNoReceipt(state, where, code) {
  assert.equal(state.receipt, false, `${where}: the receipt is shown`);
  assert.ok(!state.text.includes(code), `${where}: the receipt's digits are on the page`);
}

for (const [name, cached] of [['without', false], ['with', true]]) {
  test(`after a receipt, Back, Forward and Reload show an empty form (${name} the back-forward cache)`, async () => {
    await withPage(cached ? cachingBrowser : browser, {}, async (page, { shows, navigations }) => {
      const code = await reportWithScript(page, navigations, `A receipt shown once (${name} cache, ${Date.now()})`);

      // On to the follow-up page by the receipt's link, then Back to the report page.
      await page.locator('.lookout-receipt a[href="/follow-up/"]').click();
      await page.waitForURL(`${BASE_URL}/follow-up/`);
      await settled(page);
      shows.length = 0;
      await page.goBack(HISTORY);
      await settled(page);
      let state = await shown(page);
      assertNoReceipt(state, 'Back', code);
      assert.equal(state.reportForm, true, 'Back: no report form');
      assert.equal(state.whatHappened, '', 'Back: the form is not empty');
      if (cached) {
        assert.ok(shows.some((s) => s.url === '/report/' && s.persisted),
          `Back did not come from the back-forward cache, so this test proves nothing about it: ${JSON.stringify(shows)}`);
      }

      await page.goForward(HISTORY);
      await settled(page);
      assertNoReceipt(await shown(page), 'Forward', code);
      await page.goBack(HISTORY);
      await settled(page);
      await page.reload(HISTORY);
      await settled(page);
      state = await shown(page);
      assertNoReceipt(state, 'Back then Reload', code);
      assert.equal(state.whatHappened, '', 'Reload: the form is not empty');
    });
  });
}

test('after a receipt, Reload at once shows an empty form', async () => {
  await withPage(browser, {}, async (page, { navigations }) => {
    const code = await reportWithScript(page, navigations, `Reloaded at once (${Date.now()})`);
    await page.reload(HISTORY);
    await settled(page);
    const state = await shown(page);
    assertNoReceipt(state, 'Reload', code);
    assert.equal(state.whatHappened, '');
  });
});

/** Opens the thread of `code` on `path` by typing `typed` (JavaScript on or off). */
async function openThread(page, path, typed) {
  await open(page, path);
  await page.locator('#follow-up-receipt').fill(typed);
  const response = await sendForm(page, 'follow-up', () => page.locator('#follow-up-receipt').press('Enter'));
  assert.equal(response.status(), 200, await response.text());
  await page.locator('.thread').waitFor({ timeout: 10_000 });
}

for (const [name, cached] of [['without', false], ['with', true]]) {
  test(`after the thread, Back, Forward and Reload show the empty receipt form (${name} the back-forward cache)`, async () => {
    await withPage(cached ? cachingBrowser : browser, {}, async (page, { shows, navigations }) => {
      const code = await reportWithScript(page, navigations, `A thread shown once (${name} cache, ${Date.now()})`);
      const digits = code.replace(/ /g, '');
      await open(page, '/follow-up/');
      const before = await page.evaluate(() => history.length);
      navigations.length = 0;
      await page.locator('#follow-up-receipt').fill(code);
      await sendForm(page, 'follow-up', () => page.locator('#follow-up-receipt').press('Enter'));
      await page.locator('.thread').waitFor({ timeout: 10_000 });
      assert.deepEqual(navigations, [], 'opening the thread navigated the page');
      assert.equal(await page.evaluate(() => history.length), before, 'opening the thread added a history entry');
      const hidden = (await shown(page)).hiddenReceipt;
      assert.equal(hidden.length, 1, 'the message form carries the receipt');
      assert.equal(hidden[0].replace(/\D/g, ''), digits, 'the message form carries another receipt');

      // Add a message (drawn in place as well), then leave for the home page and come back.
      await page.locator('#follow-up-message').fill('One more thing: the car was blue.');
      await sendForm(page, 'follow-up-message', () => page.locator('form[data-lookout-form="follow-up-message"] button[type=submit]').click());
      await page.locator('.notice[role=status]').waitFor({ timeout: 10_000 });
      assert.deepEqual(navigations, [], 'adding a message navigated the page');
      await page.locator('.site-title').click();
      await page.waitForURL(`${BASE_URL}/`);
      await settled(page);
      shows.length = 0;
      await page.goBack(HISTORY);
      await settled(page);
      let state = await shown(page);
      assert.equal(state.thread, false, 'Back: the thread is shown');
      assert.deepEqual(state.hiddenReceipt, [], 'Back: the receipt is still in a hidden field');
      assert.equal(state.receiptTyped, '', 'Back: the receipt field is not empty');
      assert.ok(!state.text.includes('the car was blue'), 'Back: a message is on the page');
      if (cached) {
        assert.ok(shows.some((s) => s.url === '/follow-up/' && s.persisted),
          `Back did not come from the back-forward cache: ${JSON.stringify(shows)}`);
      }
      await page.goForward(HISTORY);
      await settled(page);
      assert.equal((await shown(page)).thread, false, 'Forward: the thread is shown');
      await page.goBack(HISTORY);
      await settled(page);
      await page.reload(HISTORY);
      await settled(page);
      state = await shown(page);
      assert.equal(state.thread, false, 'Reload: the thread is shown');
      assert.deepEqual(state.hiddenReceipt, []);
    });
  });
}

const URDU_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

for (const javaScriptEnabled of [true, false]) {
  test(`a receipt typed in Urdu digits opens its thread (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const code = await postReport(`Urdu digits, JavaScript ${javaScriptEnabled} (${Date.now()})`);
    const urdu = code.replace(/\d/g, (d) => URDU_DIGITS[Number(d)]);
    assert.match(urdu, /^[\u06F0-\u06F9]{4}( [\u06F0-\u06F9]{4}){4}$/);
    await withPage(browser, { javaScriptEnabled }, async (page) => {
      await openThread(page, '/ur/follow-up/', urdu);
      assert.equal(await page.locator('html').getAttribute('lang'), 'ur');
      assert.equal(await page.locator('.thread').count(), 1);
    });
  });
}

test('without JavaScript the thread page says Reload shows it again and to close the tab; with it, not', async () => {
  const code = await postReport(`The reload note (${Date.now()})`);
  for (const [lang, path] of [['en', '/follow-up/'], ['pl', '/pl/follow-up/'], ['ur', '/ur/follow-up/']]) {
    for (const javaScriptEnabled of [false, true]) {
      await withPage(browser, { javaScriptEnabled }, async (page) => {
        await openThread(page, path, code);
        const note = page.locator('#follow-up-reload-note');
        assert.equal(await note.count(), 1, `${path}: no reload note`);
        assert.equal((await note.textContent()).trim(), text('follow_up_reload_note', lang));
        assert.equal(await note.isVisible(), !javaScriptEnabled,
          `${path} with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: the note is ${javaScriptEnabled ? 'shown' : 'hidden'}`);
      });
    }
  }
});

test('receipt and thread are marked translate="no", and the answer pages ask not to be translated', async () => {
  const shells = readdirSync(join(SITE_DIR, '_lookout')).filter((f) => /^shell\..+\.html$/.test(f));
  assert.ok(shells.length >= 3, `page shells: ${shells.join(' ')}`);
  for (const shell of shells) {
    assert.match(readFileSync(join(SITE_DIR, '_lookout', shell), 'utf8'), /<meta name="google" content="notranslate">/, shell);
  }
  await withPage(browser, {}, async (page, { navigations }) => {
    const code = await reportWithScript(page, navigations, `Not translated (${Date.now()})`);
    assert.equal(await page.locator('.lookout-receipt').getAttribute('translate'), 'no');
    await openThread(page, '/follow-up/', code);
    assert.equal(await page.locator('.thread').getAttribute('translate'), 'no');
  });
  await withPage(browser, { javaScriptEnabled: false }, async (page) => {
    const code = await postReport(`Not translated, no script (${Date.now()})`);
    await openThread(page, '/follow-up/', code);
    assert.equal(await page.locator('.thread').getAttribute('translate'), 'no');
    assert.equal(await page.locator('meta[name=google]').getAttribute('content'), 'notranslate');
  });
});
