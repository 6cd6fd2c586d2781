// A page that stays calm under load. The report API answers 429 with API Gateway's bare JSON,
// then 503, then the real answer (the first two intercepted with page.route, the third let
// through to `lookout serve`): in each language the form keeps every answer, says in the page's
// language that the service is busy and the answers are still here, never shows JSON, and ends
// with one stored report and its receipt. Every try carries the same idempotency key and the
// same solved challenge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, MIN_FILL_MS, PHONE, REPORT_FORM, launch, newContext, open, receiptCode,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The built-in busy strings (questionnaire `text.busy_message`, defaulted in
// functions/questionnaire/src/text.rs), as the example campaign does not override them.
const BUSY = {
  en: 'The service is busy right now. Your answers are still here',
  pl: 'Serwis jest teraz przeciążony. Twoje odpowiedzi są nadal tutaj',
  ur: 'سروس اس وقت مصروف ہے۔ آپ کے جوابات ابھی یہیں موجود ہیں',
};
const TRY_NOW = { en: 'Try now', pl: 'Spróbuj teraz', ur: 'ابھی کوشش کریں' };

/** The gateway's answers before the real one. */
const REFUSALS = [
  { status: 429, contentType: 'application/json', body: '{"message":"Too Many Requests"}' },
  { status: 503, contentType: 'application/json', body: '{"message":"Service Unavailable"}' },
];

async function fill(page, whatHappened) {
  await page.locator('#q-reporter-hotel-staff').check();
  await page.locator('#q-area-city-centre').check();
  await page.locator('#q-seen_on-yesterday').check();
  await page.locator('#q-what_happened').fill(whatHappened);
}

/** What the form holds now. */
async function answers(page) {
  return page.evaluate((selector) => {
    const form = document.querySelector(selector);
    return form ? new URLSearchParams(new FormData(form)).toString() : null;
  }, REPORT_FORM);
}

/** The busy notice's words once it shows them after `tries` busy answers. */
async function busyNotice(page, tries) {
  await page.waitForFunction((n) => window.__lookoutBusy.length >= n, tries, { timeout: 30_000 });
  const notice = page.locator(`${REPORT_FORM} [data-lookout-busy]`);
  await notice.waitFor({ state: 'visible' });
  return notice;
}

for (const lang of ['en', 'pl', 'ur']) {
  test(`${lang}: busy answers keep the form and its answers, and the report is stored once`, async () => {
    const { context, foreign } = await newContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    const sent = [];
    let reachedServer = 0;
    await page.route(`${BASE_URL}/api/reports`, async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      sent.push(new URLSearchParams(request.postData()));
      const refusal = REFUSALS[sent.length - 1];
      if (refusal) {
        await route.fulfill(refusal);
      } else {
        reachedServer += 1;
        await route.continue();
      }
    });
    try {
      const path = lang === 'en' ? '/report/' : `/${lang}/report/`;
      await open(page, path);
      const openedAt = Date.now();
      await page.evaluate(() => {
        window.__lookoutBusy = [];
        document.addEventListener('lookout:busy', (e) => window.__lookoutBusy.push(e.detail.status));
        window.__lookoutAnswer = new Promise((resolve) => {
          document.addEventListener('lookout:answer', (e) => resolve(e.detail.status), { once: true });
        });
      });
      const whatHappened = `Busy service test in ${lang}: a man waited by the side door at 2am.`;
      await fill(page, whatHappened);
      const before = await answers(page);
      const wait = openedAt + MIN_FILL_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await page.locator(`${REPORT_FORM} button[type=submit]`).click();

      for (const [i, refusal] of REFUSALS.entries()) {
        const notice = await busyNotice(page, i + 1);
        const words = await notice.innerText();
        assert.ok(words.includes(BUSY[lang]), `${lang}, after ${refusal.status}: ${words}`);
        assert.match(words, /\d/, 'a countdown');
        const main = await page.locator('main').innerText();
        assert.ok(!main.includes('{"message"') && !main.includes('Too Many Requests'), `JSON shown: ${main}`);
        assert.equal(await answers(page), before, `the answers after ${refusal.status}`);
        assert.equal(await page.locator('#q-what_happened').inputValue(), whatHappened);
        // Try now, rather than wait for the countdown.
        await notice.getByRole('button', { name: TRY_NOW[lang] }).click();
      }

      assert.equal(await page.evaluate(() => window.__lookoutAnswer), 201);
      assert.deepEqual(await page.evaluate(() => window.__lookoutBusy), [429, 503]);
      const receipt = await receiptCode(page);
      assert.ok(receipt, `no receipt shown: ${await page.locator('main').innerText()}`);
      assert.equal(await page.locator(REPORT_FORM).count(), 0, 'the form is gone once stored');

      // Three tries, one submission: the same key, the same solved challenge, the same answers.
      assert.equal(sent.length, 3);
      assert.equal(reachedServer, 1);
      for (const name of ['idempotency_key', 'altcha', 'what_happened']) {
        const values = new Set(sent.map((body) => body.get(name)));
        assert.equal(values.size, 1, `${name} changed between tries: ${[...values]}`);
        assert.ok([...values][0], `${name} was empty`);
      }

      // The receipt opens the one stored report.
      const thread = await fetch(`${BASE_URL}/api/follow-up`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({ receipt }),
      });
      assert.equal(thread.status, 200, await thread.text());
      assert.deepEqual(foreign, [], 'requests to other hosts');
    } finally {
      await context.close();
    }
  });
}

// The hardest busy answer: the report was stored, and the answer saying so was lost on the
// way back (the first try reaches `lookout serve`, the page is told 503). The reporter edits
// an answer while waiting and tries again: the page sends the first try's body again, so the
// functions find the same submission and give back the same receipt; nothing is stored twice.
test('a report stored whose answer was lost gets its receipt back, once', async () => {
  const { context } = await newContext(browser, { viewport: PHONE });
  const page = await context.newPage();
  const sent = [];
  let lostReceipt = null;
  await page.route(`${BASE_URL}/api/reports`, async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    sent.push(new URLSearchParams(request.postData()));
    if (sent.length > 1) return route.continue();
    const stored = await route.fetch();
    assert.equal(stored.status(), 201, 'the first try was stored');
    lostReceipt = (await stored.text()).match(/(?<!\d)\d{4}(?: \d{4}){4}(?!\d)/)?.[0];
    await route.fulfill(REFUSALS[1]);
  });
  try {
    await open(page, '/report/');
    const openedAt = Date.now();
    await page.evaluate(() => {
      window.__lookoutBusy = [];
      document.addEventListener('lookout:busy', (e) => window.__lookoutBusy.push(e.detail.status));
    });
    await fill(page, 'Lost answer test: a car waited outside the hotel every night.');
    const wait = openedAt + MIN_FILL_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await page.locator(`${REPORT_FORM} button[type=submit]`).click();
    const notice = await busyNotice(page, 1);
    await page.locator('#q-what_happened').fill('Edited while the page waited.');
    await notice.getByRole('button', { name: TRY_NOW.en }).click();
    await page.waitForFunction(() => !document.querySelector('form[data-lookout-form]'), null, { timeout: 30_000 });
    const receipt = await receiptCode(page);
    assert.ok(lostReceipt, 'the lost answer held a receipt');
    assert.equal(receipt, lostReceipt, 'the same report, not a second one');
    assert.equal(sent.length, 2);
    assert.equal(sent[1].toString(), sent[0].toString(), 'the first body was sent again');
  } finally {
    await context.close();
  }
});
