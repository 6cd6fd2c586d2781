// Fields that do not leak. In Chromium the sealed fields (report text, line and contact
// fields, the follow-up receipt and message) carry spellcheck="false", so enhanced spell check
// does not send them to the browser's maker, and the one-line ones autocomplete="off", so a
// shared phone's form history does not offer them to the next person. The honeypot, named so
// no autofill fills it, still refuses a bot that fills it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, open, submitReport, REPORT_FORM } from './helpers.mjs';

const SEALED_LINES = ['#q-vehicle_or_room', '#q-contact'];
const SEALED_TEXT = ['#q-what_happened'];

async function withPage(run) {
  const browser = await launch();
  try {
    const { context } = await newContext(browser);
    await run(await context.newPage());
  } finally {
    await browser.close();
  }
}

test('the sealed fields are not spell-checked and the one-line ones not remembered', async () => {
  await withPage(async (page) => {
    await open(page, '/report/');
    for (const selector of [...SEALED_TEXT, ...SEALED_LINES]) {
      const spellcheck = await page.locator(selector).evaluate((field) => field.spellcheck);
      assert.equal(spellcheck, false, `${selector} is spell-checked`);
    }
    for (const selector of SEALED_LINES) {
      assert.equal(await page.locator(selector).getAttribute('autocomplete'), 'off', selector);
    }
    await open(page, '/follow-up/');
    const receipt = page.locator('form[data-lookout-form="follow-up"] input[name="receipt"]');
    assert.equal(await receipt.evaluate((field) => field.spellcheck), false, 'the receipt is spell-checked');
  });
});

test('a bot that fills the honeypot is refused', async () => {
  await withPage(async (page) => {
    await open(page, '/report/');
    const openedAt = Date.now();
    const honeypot = page.locator(`${REPORT_FORM} input[name="hp_leave_empty"]`);
    assert.equal(await honeypot.getAttribute('autocomplete'), 'off');
    assert.equal(await honeypot.getAttribute('data-1p-ignore'), '');
    await page.locator('#q-reporter-hotel-staff').check();
    await page.locator('#q-area-city-centre').check();
    await page.locator('#q-seen_on-yesterday').check();
    await page.locator('#q-what_happened').fill('A bot wrote this.');
    await honeypot.evaluate((field) => { field.value = 'https://spam.example'; });
    const answer = await submitReport(page, openedAt);
    assert.equal(answer.status(), 403);
    assert.match(await page.locator('main').innerText(), /automated/i);
  });
});
