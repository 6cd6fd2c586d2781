// The report form, completed with the keyboard alone (Tab, Space, arrow keys and typing; no
// clicks) and sent to `lookout serve`'s report API (embedded store, captcha off), with
// JavaScript on and off: each shows the receipt code. A missing required answer shows the
// error beside the field, with focus moved to the error summary when JavaScript is on (the
// phone-sized checks of GOV.UK's patterns, in every language, are in report-phone.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, PHONE, checkNoScriptPage, checkPage, formatViolations, launch, newContext, open, recentDay, submitReport, tabTo,
} from './helpers.mjs';

const CODE = /^\d{4}( \d{4}){4}$/;
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});


/**
 * Fills the form on the current page with the keyboard only. `whatHappened` is typed into the
 * required free-text answer (spaces alone count as no answer on the server).
 */
async function fillByKeyboard(page, { whatHappened }) {
  const stops = [];
  const day = recentDay(3);

  // Who: Tab into the radio group lands on its first option; Space chooses it.
  stops.push(...await tabTo(page, '#q-reporter-taxi-driver'));
  await page.keyboard.press('Space');
  // What was noticed: a checkbox, ticked with Space.
  stops.push(...await tabTo(page, '#q-indicators-taxi-odd-hours'));
  await page.keyboard.press('Space');
  // Where: into the group, then the arrow key moves to (and chooses) the next area.
  stops.push(...await tabTo(page, '#q-area-city-centre'));
  await page.keyboard.press('ArrowDown');
  // When: "Earlier" (four arrow presses from "Today"), then the day in GOV.UK's three date
  // fields, which follow "Earlier" in the tab order (revealed by it with JavaScript).
  stops.push(...await tabTo(page, '#q-seen_on-today'));
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  stops.push(...await tabTo(page, '#q-seen_on-day'));
  await page.keyboard.type(day.dd);
  await page.keyboard.press('Tab');
  await page.keyboard.type(day.mm);
  await page.keyboard.press('Tab');
  await page.keyboard.type(day.yyyy);
  // Part of the day: first option, then two down to "evening".
  stops.push(...await tabTo(page, '#q-part_of_day-morning'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  stops.push(...await tabTo(page, '#q-what_happened'));
  await page.keyboard.type(whatHappened);
  stops.push(...await tabTo(page, '#q-vehicle_or_room'));
  await page.keyboard.type('Silver saloon');
  stops.push(...await tabTo(page, 'form[data-lookout-form="report"] button[type=submit]'));

  assert.ok(!stops.some((s) => s.includes('q-hp_leave_empty')), `Tab reached the hidden honeypot field: ${stops.join(', ')}`);
  const state = await formState(page);
  assert.deepEqual(state, {
    reporter: 'taxi-driver',
    indicators: ['taxi-odd-hours'],
    area: 'northern-district',
    seen_on: 'earlier',
    seen_on_typed: [day.dd, day.mm, day.yyyy],
    part_of_day: 'evening',
    what_happened: whatHappened,
    vehicle_or_room: 'Silver saloon',
  }, 'the keyboard did not fill the form as intended');
  return day;
}

/** The answers as the form holds them now (read only, nothing is changed). */
async function formState(page) {
  return page.evaluate(() => {
    const form = document.querySelector('form[data-lookout-form="report"]');
    const data = new FormData(form);
    return {
      reporter: data.get('reporter'),
      indicators: data.getAll('indicators'),
      area: data.get('area'),
      seen_on: data.get('seen_on'),
      seen_on_typed: ['day', 'month', 'year'].map((part) => data.get(`seen_on-${part}`)),
      part_of_day: data.get('part_of_day'),
      what_happened: data.get('what_happened'),
      vehicle_or_room: data.get('vehicle_or_room'),
    };
  });
}

/** Sends the form (Enter on its submit button), no sooner than the minimum fill time. */
const submit = submitReport;

/** The receipt page's code, checked for shape. */
async function receiptOnPage(page) {
  const block = page.locator('#receipt-code');
  await block.waitFor({ state: 'visible', timeout: 5000 });
  const text = await block.innerText();
  const code = (text.match(/\d{4}(?: \d{4}){4}/) || [])[0];
  assert.ok(code && CODE.test(code), `no receipt code of 20 digits in groups of 4 in: ${JSON.stringify(text)}`);
  return code;
}

/** Axe, quick exit, lang and direction on a page the API answered with. */
async function assertPageChecks(page, langPath, what) {
  const found = noScript.has(page) ? await checkNoScriptPage(browser, page, langPath) : await checkPage(page, langPath);
  assert.deepEqual(found.violations, [], formatViolations(what, found.violations));
  assert.deepEqual(found.quickExit, [], `${what}: quick exit`);
  assert.deepEqual(found.language, [], `${what}: language`);
}

/** Pages opened with JavaScript disabled. */
const noScript = new WeakSet();

async function withPage(options, body) {
  const { context, foreign } = await newContext(browser, { viewport: PHONE, ...options });
  const page = await context.newPage();
  if (options.javaScriptEnabled === false) noScript.add(page);
  try {
    await body(page);
    assert.deepEqual(foreign, [], 'requests to other hosts');
  } finally {
    await context.close();
  }
}

test('the API is served: an empty JSON report gets a 4xx JSON error', async () => {
  const response = await fetch(`${BASE_URL}/api/reports`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
  });
  assert.ok(response.status >= 400 && response.status < 500, `POST /api/reports answered ${response.status}`);
  const body = await response.json();
  assert.equal(typeof body.error?.code, 'string');
});

test('with JavaScript, the keyboard alone completes and sends the form; the receipt is shown and opens the follow-up', async () => {
  await withPage({}, async (page) => {
    await open(page, '/report/');
    const openedAt = Date.now();
    await fillByKeyboard(page, { whatHappened: 'Two girls in school uniform taken to the hotel at 1am.' });
    const hidden = await page.evaluate(() => ({
      key: document.querySelector('input[name=idempotency_key]').value,
      started: document.querySelector('input[name=started_at]').value,
    }));
    assert.match(hidden.key, /^[0-9a-f]{32}$/, 'the page script did not set an idempotency key');
    assert.match(hidden.started, /^\d{13}$/, 'the page script did not set started_at');

    const response = await submit(page, openedAt);
    assert.equal(response.status(), 201);
    const code = await receiptOnPage(page);
    await assertPageChecks(page, '/report/', 'the receipt page (JavaScript on)');

    // The receipt opens the follow-up, by keyboard, and never travels in a URL.
    await tabTo(page, '.lookout-receipt a[href="/follow-up/"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${BASE_URL}/follow-up/`);
    await tabTo(page, '#follow-up-receipt');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await page.locator('.thread').waitFor({ timeout: 5000 });
    assert.ok(!page.url().includes(code.replace(/ /g, '')) && !page.url().includes(code.split(' ')[0]),
      `the receipt is in the URL ${page.url()}`);
    await tabTo(page, '#follow-up-message');
    await page.keyboard.type('The car was a silver saloon.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.notice[role=status]').waitFor({ timeout: 5000 });
    assert.match(await page.locator('.thread').innerText(), /The car was a silver saloon\./);
    await assertPageChecks(page, '/follow-up/', 'the follow-up thread');
  });
});

test('without JavaScript, the keyboard alone completes and sends the form; the receipt is shown', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await open(page, '/report/');
    const openedAt = Date.now();
    await fillByKeyboard(page, { whatHappened: 'A man booked a room for a girl who looked about 14.' });
    const response = await submit(page, openedAt);
    assert.equal(response.status(), 201);
    await receiptOnPage(page);
    await assertPageChecks(page, '/report/', 'the receipt page (JavaScript off)');
  });
});

test('without JavaScript, the Urdu form sends and the receipt page is in Urdu, right-to-left', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await open(page, '/ur/report/');
    const openedAt = Date.now();
    await fillByKeyboard(page, { whatHappened: 'ایک بچی کو رات ایک بجے ہوٹل لے جایا گیا۔' });
    const response = await submit(page, openedAt);
    assert.equal(response.status(), 201);
    await receiptOnPage(page);
    await assertPageChecks(page, '/ur/report/', 'the Urdu receipt page');
  });
});

/** Checks the form shown again after a blank "what happened": error beside it, answers kept. */
async function assertShownAgainWithError(page, day) {
  const summary = page.locator('.error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.equal(await summary.locator('a[href="#q-what_happened"]').count(), 1, 'the summary does not link to the field');
  const errors = page.locator('.field-error');
  assert.equal(await errors.count(), 1, 'exactly one field should be in error');
  const beside = page.locator('#field-what_happened .field-error#q-what_happened-error');
  assert.equal(await beside.count(), 1, 'the error is not beside the "what happened" field');
  assert.ok((await beside.innerText()).trim().length > 0);
  const field = page.locator('#q-what_happened');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.ok((await field.getAttribute('aria-describedby') || '').split(' ').includes('q-what_happened-error'),
    'the field is not described by its error');
  const errorBox = await beside.boundingBox();
  const fieldBox = await field.boundingBox();
  assert.ok(errorBox && fieldBox && Math.abs(fieldBox.y - (errorBox.y + errorBox.height)) < 200,
    'the error message is not shown next to the field');
  const kept = await formState(page);
  assert.deepEqual({ ...kept, what_happened: kept.what_happened.trim() }, {
    reporter: 'taxi-driver', indicators: ['taxi-odd-hours'], area: 'northern-district',
    seen_on: 'earlier', seen_on_typed: [day.dd, day.mm, day.yyyy],
    part_of_day: 'evening', what_happened: '', vehicle_or_room: 'Silver saloon',
  }, 'the answers were not kept');
  await assertPageChecks(page, '/report/', 'the form shown again with an error');
}

test('with JavaScript, a blank required answer shows the error beside the field, focus on the summary, then sends', async () => {
  await withPage({}, async (page) => {
    await open(page, '/report/');
    let openedAt = Date.now();
    const day = await fillByKeyboard(page, { whatHappened: '   ' });
    const response = await submit(page, openedAt);
    assert.equal(response.status(), 422);
    openedAt = Date.now();
    await assertShownAgainWithError(page, day);
    const focused = await page.evaluate(() => document.activeElement?.className);
    assert.equal(focused, 'error-summary', `focus is on ${focused}, not the error summary`);

    // From the summary, the link takes the keyboard to the field; answer it and send again.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '#q-what_happened');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'q-what_happened', null, { timeout: 2000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('A girl of about 13 was picked up from the same address three nights running.');
    await tabTo(page, 'form[data-lookout-form="report"] button[type=submit]');
    const resent = await submit(page, openedAt);
    assert.equal(resent.status(), 201);
    await receiptOnPage(page);
  });
});

test('without JavaScript, a blank required answer shows the error beside the field and keeps the answers', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await open(page, '/report/');
    const openedAt = Date.now();
    const day = await fillByKeyboard(page, { whatHappened: '   ' });
    const response = await submit(page, openedAt);
    assert.equal(response.status(), 422);
    await assertShownAgainWithError(page, day);

    await tabTo(page, '#q-what_happened');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Young people dropped at the same flat every Friday.');
    await tabTo(page, 'form[data-lookout-form="report"] button[type=submit]');
    const resent = await submit(page, openedAt);
    assert.equal(resent.status(), 201);
    await receiptOnPage(page);
  });
});

/** Sends a good report from the keyboard and returns the receipt page's print button. */
async function receiptPrintButton(page) {
  await open(page, '/report/');
  const openedAt = Date.now();
  await fillByKeyboard(page, { whatHappened: 'A girl who looked about 14 was with a much older man at reception.' });
  assert.equal((await submit(page, openedAt)).status(), 201);
  await receiptOnPage(page);
  const button = page.locator('.lookout-receipt [data-lookout-print]');
  assert.equal(await button.count(), 1, 'the receipt page has no print button');
  return button;
}

test('with JavaScript, the receipt page shows a print button that prints', async () => {
  await withPage({}, async (page) => {
    const button = await receiptPrintButton(page);
    assert.equal(await button.isVisible(), true, 'the page script did not show the print button');
    await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => window.__printed), 1, 'the print button did not print');
  });
});

test('without JavaScript, the receipt page does not show a print button that cannot work', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    const button = await receiptPrintButton(page);
    assert.equal(await button.getAttribute('hidden'), '', 'the print button is not marked hidden');
    assert.equal(await button.isVisible(), false,
      'the print button is marked hidden but shown anyway (a display rule overrides [hidden])');
  });
});
