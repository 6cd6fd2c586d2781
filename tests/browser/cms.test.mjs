// The browser editor as a team gets it: `lookout init --cms` on a copy of the example campaign,
// then `lookout serve`, which serves /admin/ from the campaign's static/admin/ with the editor's
// Content-Security-Policy (lookout_site::csp::EDITOR); the editor is never built into the site,
// so it is never on the reporters' origin. In Chromium the vendored Sveltia CMS reads the
// generated config.yml without complaint and offers sign-in with a GitHub token, its icon font
// comes from /admin/fonts/, and the policy lets it reach no other host (GitHub's API is only
// called after sign-in). A configuration Sveltia finds wrong shows its errors instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, launch } from './helpers.mjs';

const LOOKOUT = process.env.LOOKOUT_BIN || join(REPO, 'target', 'debug', 'lookout');

let work, campaign, server, base, browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'lookout-cms-'));
  campaign = join(work, 'campaign');
  cpSync(join(REPO, 'content'), campaign, { recursive: true, filter: (src) => !src.includes('.lookout') });
  execFileSync('git', ['init', '-q', '-b', 'main', work]);
  execFileSync('git', ['-C', work, 'remote', 'add', 'origin', 'https://github.com/safer-nights/campaign.git']);
  execFileSync(LOOKOUT, ['init', '--cms', campaign], { stdio: 'pipe' });
  server = spawn(LOOKOUT, ['serve', '--root', campaign, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`lookout serve did not start:\n${seen}`)), 120_000);
    const look = (chunk) => {
      seen += chunk;
      const found = seen.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    };
    server.stdout.on('data', look);
    server.stderr.on('data', look);
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the editor loads its generated configuration under /admin/\'s CSP and offers token sign-in', async () => {
  // Like helpers' newContext, for this server: any other host is recorded and refused.
  const context = await browser.newContext({ locale: 'en-US' });
  const foreign = [];
  await context.route((url) => /^(https?|wss?):$/.test(url.protocol) && url.host !== new URL(base).host, async (route) => {
    foreign.push(route.request().url());
    await route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const violations = [];
  const problems = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) violations.push(text);
    else if (message.type() === 'error') problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  try {
    const response = await page.goto(`${base}/admin/`, { waitUntil: 'load' });
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'], /connect-src 'self' blob: data: https:\/\/api\.github\.com;/);
    const signIn = page.getByRole('button', { name: /sign in using access token/i });
    await signIn.waitFor({ timeout: 60_000 });
    const body = await page.locator('body').innerText();
    assert.doesNotMatch(body, /error|invalid|not supported/i, `the editor reports a problem:\n${body}`);
    const iconFont = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.family.includes('Material Symbols') && f.status === 'loaded').length;
    });
    assert.ok(iconFont > 0, 'the icon font did not load from /admin/fonts/');
    // Refused, and not needed: its new-version check (unpkg.com) and GitHub's status banner.
    const optional = /https:\/\/(unpkg\.com|www\.githubstatus\.com)\//;
    const own = violations.filter((v) => !optional.test(v));
    assert.deepEqual(own, [], 'the CSP blocked the editor\'s own parts');
    assert.deepEqual(foreign, [], `the CSP let the editor ask other hosts: ${foreign.join(', ')}`);
    assert.deepEqual(problems.filter((p) => !optional.test(p) && !/Failed to load resource/.test(p)), []);
  } finally {
    await context.close();
  }
});

test('the editor is linked from nowhere, kept out of search and out of the site', async () => {
  const site = join(campaign, '.lookout', 'site');
  assert.ok(!existsSync(join(site, 'admin')), 'the editor was built into the site');
  const sitemap = readFileSync(join(site, 'sitemap.xml'), 'utf8');
  assert.doesNotMatch(sitemap, /\/admin\//);
  const home = readFileSync(join(site, 'index.html'), 'utf8');
  assert.doesNotMatch(home, /href="\/admin/);
  const admin = readFileSync(join(campaign, 'static', 'admin', 'index.html'), 'utf8');
  assert.match(admin, /<meta name="robots" content="noindex, nofollow">/);
});
