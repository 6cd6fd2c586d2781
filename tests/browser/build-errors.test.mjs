// A build error while `lookout serve` runs shows over the open page, naming the file, line
// and key as the terminal does; the page under it stays the last good version, a page opened
// meanwhile shows the error too, and fixing the file clears it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMPAIGN, PHONE, SITE_DIR, axeViolations, formatViolations, launch, newContext, open } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const OVERLAY = '#lookout-build-error';

test('a broken page shows its file and line over the open page, and fixing it clears them', async () => {
  const { context } = await newContext(browser, { viewport: PHONE });
  const page = await context.newPage();
  const file = join(CAMPAIGN, 'pages', 'signs.md');
  const original = readFileSync(file, 'utf8');
  try {
    await open(page, '/signs/');
    // Let the event stream connect before breaking anything.
    await page.waitForTimeout(1500);
    assert.equal(await page.locator(OVERLAY).count(), 0, 'no overlay on a good build');

    // Line 3 gets a key front matter does not have.
    const lines = original.split('\n');
    lines.splice(2, 0, 'colour: red');
    writeFileSync(file, lines.join('\n'));
    const overlay = page.locator(OVERLAY);
    await overlay.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await overlay.innerText();
    assert.match(text, /pages\/signs\.md:3: /, text);
    assert.match(text, /colour/, text);
    assert.match(text, /could not be rebuilt/, text);
    // The last good page is still there under it.
    assert.match(await page.locator('main h1').innerText(), /\S/);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations('/signs/ with the overlay', violations));

    // A page opened while the build is broken is told at once.
    const other = await context.newPage();
    await open(other, '/');
    await other.locator(OVERLAY).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await other.locator(OVERLAY).innerText(), /pages\/signs\.md:3: /);

    // Fixed: the page reloads without the overlay.
    const reloaded = page.waitForEvent('framenavigated', { timeout: 30_000 });
    writeFileSync(file, original);
    await reloaded;
    await page.waitForLoadState('load');
    await page.waitForTimeout(1000);
    assert.equal(await page.locator(OVERLAY).count(), 0, 'the overlay is gone once the page is fixed');
  } finally {
    writeFileSync(file, original);
    await context.close();
  }
  const built = readFileSync(join(SITE_DIR, 'signs', 'index.html'), 'utf8');
  assert.match(built, /<h1/);
});
