// Only the build's own scripts run on the reporters' origin. `lookout serve` sends the same
// Content-Security-Policy header as CloudFront, and each page narrows script-src to the hashes
// of the scripts the build put in it: a page that gained a same-origin script some other way
// (here a copy of the report page with one added, and the script beside it in the output
// folder, as a publishing role could write them) runs the theme's scripts and not that one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SITE_DIR, builtHtml, launch, newContext, open } from './helpers.mjs';

const SITE_POLICY = /^default-src 'self'; script-src 'self'; .*object-src 'none'/;

/** Opens `path`; what ran, what the policy stopped, and the header's policy. */
async function visit(path) {
  const browser = await launch();
  try {
    const { context } = await newContext(browser);
    const page = await context.newPage();
    const blocked = [];
    page.on('console', (message) => {
      if (/Content Security Policy|integrity/i.test(message.text())) blocked.push(message.text());
    });
    const response = await open(page, path);
    await page.waitForFunction(() => document.readyState === 'complete');
    const ran = await page.evaluate(() => ({
      stray: window.strayRan === true,
      theme: typeof window.LookoutPage === 'object' && window.LookoutPage !== null,
    }));
    return { ran, blocked, policy: response.headers()['content-security-policy'] };
  } finally {
    await browser.close();
  }
}

test('the report page runs its own scripts under the site policy, with nothing blocked', async () => {
  const { ran, blocked, policy } = await visit('/report/');
  assert.match(policy, SITE_POLICY);
  assert.ok(ran.theme, 'the theme script did not run');
  assert.deepEqual(blocked, []);
});

test('a stray same-origin script on a page is blocked and the theme scripts still run', async () => {
  const folder = join(SITE_DIR, 'stray-script-test');
  mkdirSync(folder, { recursive: true });
  const html = builtHtml('/report/').replace('</head>', '<script src="/stray-script-test/stray.js"></script>\n</head>');
  assert.ok(html.includes('stray.js'), 'the stray script was not added');
  writeFileSync(join(folder, 'index.html'), html);
  writeFileSync(join(folder, 'stray.js'), 'window.strayRan = true;\n');
  try {
    const { ran, blocked, policy } = await visit('/stray-script-test/');
    assert.match(policy, SITE_POLICY);
    assert.equal(ran.stray, false, 'the stray script ran');
    assert.ok(ran.theme, 'the theme script did not run');
    assert.ok(blocked.some((line) => line.includes('stray.js')), `nothing said it was blocked: ${blocked}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
