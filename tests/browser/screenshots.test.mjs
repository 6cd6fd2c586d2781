// Screenshots at phone width for a person to look at (tests/artifacts/screenshots/, git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, PHONE, launch, newContext, open } from './helpers.mjs';

const DIR = join(ARTIFACTS, 'screenshots');
const SHOTS = [
  ['home', '/'],
  ['taxi-drivers', '/taxi-drivers/'],
  ['report', '/report/'],
  ['report-pl', '/pl/report/'],
  ['home-ur', '/ur/'],
  ['report-ur', '/ur/report/'],
];
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('screenshots of the home, a trade and the report page at phone width', async () => {
  mkdirSync(DIR, { recursive: true });
  const { context, foreign } = await newContext(browser, { viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    for (const [name, path] of SHOTS) {
      const file = join(DIR, `${name}-phone.png`);
      rmSync(file, { force: true });
      const response = await open(page, path);
      assert.equal(response?.status(), 200, `${path} did not load`);
      // No horizontal scrolling at phone width (WCAG 1.4.10 reflow).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the phone screen`);
      await page.screenshot({ path: file, fullPage: true });
      const png = readFileSync(file);
      assert.equal(png.subarray(1, 4).toString(), 'PNG', `${file} is not a PNG`);
      assert.ok(png.length > 10_000, `${file} is only ${png.length} bytes`);
    }
    assert.deepEqual(foreign, []);
  } finally {
    await context.close();
  }
});
