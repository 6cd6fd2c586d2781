// Search works in each language and loads its index only when used; `lookout serve` keeps
// pages still while nothing changes and reloads them when the campaign changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BASE_URL, CAMPAIGN, builtHtml, DEFAULT_LANGUAGE, LANGUAGES, PHONE, SITE_DIR, axeViolations, formatViolations,
  launch, newContext, open,
} from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const prefix = (lang) => (lang === DEFAULT_LANGUAGE ? '/' : `/${lang}/`);

for (const lang of LANGUAGES) {
  test(`search in ${lang} finds the taxi drivers' page, loading the index only when used`, async () => {
    const index = JSON.parse(readFileSync(join(SITE_DIR, prefix(lang).slice(1), 'search', 'index.json'), 'utf8'));
    const target = `${prefix(lang)}taxi-drivers/`;
    const entry = index.find((e) => e.u === target);
    assert.ok(entry, `${target} is not in the ${lang} search index`);
    const word = entry.t.split(/\s+/).find((w) => w.length > 3) || entry.t;

    const { context, requests, foreign } = await newContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    try {
      await open(page, `${prefix(lang)}search/`);
      assert.equal(requests.filter((u) => u.endsWith('index.json')).length, 0, 'the index was loaded before any search');
      await page.locator('#search-query').focus();
      await page.keyboard.type(word);
      await page.keyboard.press('Enter');
      const link = page.locator(`.search-results a[href="${target}"]`);
      await link.waitFor({ timeout: 5000 });
      const hrefs = await page.locator('.search-results a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const otherLanguage = hrefs.filter((h) => !h.startsWith(prefix(lang)) || LANGUAGES.some((l) => l !== lang && l !== DEFAULT_LANGUAGE && h.startsWith(`/${l}/`)));
      assert.deepEqual(otherLanguage, [], `${lang} search found pages in another language`);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations(`${prefix(lang)}search/ with results`, violations));
      assert.deepEqual(foreign, []);
    } finally {
      await context.close();
    }
  });
}

test('without JavaScript the search page says search needs it and the rest of the page works', async () => {
  const { context } = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    const note = builtHtml('/search/').match(/<noscript><p>([^<]+)<\/p><\/noscript>/);
    assert.ok(note, 'the search page has no <noscript> note');
    await open(page, '/search/');
    assert.match(await page.locator('main').innerText(), new RegExp(note[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // On a phone the menu opens from its "Menu" line, a <details> that needs no script.
    await page.locator('.site-header summary.site-nav__toggle').click();
    await page.locator('.site-header a[href="/report/"]:visible').click();
    await page.waitForURL(`${BASE_URL}/report/`);
  } finally {
    await context.close();
  }
});

test('lookout serve leaves an open page alone while nothing changes, and reloads it on a change', async () => {
  const { context } = await newContext(browser, { viewport: PHONE });
  const page = await context.newPage();
  const file = join(CAMPAIGN, 'pages', 'privacy.md');
  const original = readFileSync(file, 'utf8');
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  try {
    await open(page, '/privacy/');
    // Give the reload channel time to connect, then watch for reloads nobody asked for.
    await page.waitForTimeout(4000);
    assert.equal(navigations, 1, `the page reloaded ${navigations - 1} time(s) while no file changed (a rebuild loop?)`);

    const marker = `Live reload check ${Date.now()}`;
    const reloaded = page.waitForEvent('framenavigated', { timeout: 20_000 });
    writeFileSync(file, `${original.trimEnd()}\n\n${marker}\n`);
    await reloaded;
    await page.waitForLoadState('load');
    assert.match(await page.locator('main').innerText(), new RegExp(marker));
  } finally {
    writeFileSync(file, original);
    await context.close();
  }
  // The restored file is built again, so the tests after this one see the original site.
  const built = join(SITE_DIR, 'privacy', 'index.html');
  const deadline = Date.now() + 20_000;
  while (/Live reload check/.test(readFileSync(built, 'utf8'))) {
    assert.ok(Date.now() < deadline, 'the site was not rebuilt after privacy.md was restored');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});
