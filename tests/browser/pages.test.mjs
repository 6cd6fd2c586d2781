// Every built page, in every language, at a phone and a desktop viewport: no axe-core WCAG 2.2
// A/AA violation, a working quick-exit control, the right lang and direction (Urdu pages are
// right-to-left), and no request to any host but the site's own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, DESKTOP, LANGUAGES, PHONE, builtPages, checkPage, formatViolations, languageOf,
  launch, newContext, open, sitemapPaths,
} from './helpers.mjs';

const pages = builtPages();
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the page list covers the sitemap, every language, audiences, posters, search and 404', () => {
  const listed = new Set(pages);
  const missing = sitemapPaths().filter((p) => !listed.has(p));
  assert.deepEqual(missing, [], 'pages in sitemap.xml that were not found in the built site');
  for (const lang of LANGUAGES) {
    const ofLang = pages.filter((p) => languageOf(p) === lang);
    assert.ok(ofLang.length >= 10, `only ${ofLang.length} pages in ${lang}: ${ofLang.join(' ')}`);
  }
  for (const path of ['/', '/report/', '/taxi-drivers/', '/hoteliers/', '/door-staff/', '/search/',
    '/posters/taxi-drivers/', '/404.html', '/ur/report/', '/ur/search/', '/pl/posters/hoteliers/', '/ur/404.html']) {
    assert.ok(listed.has(path), `${path} is not among the built pages`);
  }
});

test('an unknown address answers 404 with the 404 page', async () => {
  const response = await fetch(`${BASE.origin}/no-such-page/`);
  assert.equal(response.status, 404);
  assert.match(await response.text(), /<html lang="[a-z]+"/);
});

for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  test(`every page at ${name} size (${viewport.width}x${viewport.height})`, { timeout: 600_000 }, async (t) => {
    const { context, requests, foreign } = await newContext(browser, { viewport });
    const page = await context.newPage();
    try {
      for (const path of pages) {
        await t.test(path, async () => {
          requests.length = 0;
          foreign.length = 0;
          const response = await open(page, path);
          assert.ok(response && response.status() < 400, `${path} answered ${response?.status()}`);
          const found = await checkPage(page, path);
          const problems = [];
          if (found.violations.length > 0) {
            problems.push(formatViolations(`${path} at ${name} size`, found.violations));
          }
          for (const p of found.quickExit) problems.push(`${path}: quick exit: ${p}`);
          for (const p of found.language) problems.push(`${path}: ${p}`);
          for (const url of foreign) problems.push(`${path}: requested ${url} (not ${BASE.host})`);
          assert.ok(requests.length > 0, 'no request was recorded; the recorder is broken');
          assert.equal(problems.length, 0, `\n${problems.join('\n')}`);
        });
      }
    } finally {
      await context.close();
    }
  });
}

test('Urdu pages are right-to-left and the others left-to-right, without JavaScript too', async () => {
  const { context } = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    const wrong = [];
    let rtl = 0;
    for (const path of pages) {
      await open(page, path);
      const dir = await page.evaluate(() => getComputedStyle(document.body).direction);
      const want = languageOf(path) === 'ur' ? 'rtl' : 'ltr';
      if (want === 'rtl') rtl += 1;
      if (dir !== want) wrong.push(`${path}: body direction ${dir}, expected ${want}`);
    }
    assert.ok(rtl >= 10, `only ${rtl} Urdu pages were found`);
    assert.deepEqual(wrong, []);
  } finally {
    await context.close();
  }
});
