// The browser editor as a team gets it: `lookout init --cms` on a copy of the example campaign,
// `lookout build`, and /admin/ served with the Content-Security-Policy infra/template.yaml
// gives it (AdminHeadersPolicy). In Chromium the vendored Sveltia CMS reads the generated
// config.yml without complaint and offers sign-in with a GitHub token, its icon font comes from
// /admin/fonts/, and the policy lets it reach no other host (GitHub's API is only called after
// sign-in). A configuration Sveltia finds wrong shows its errors instead of the sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { REPO, launch } from './helpers.mjs';

const LOOKOUT = process.env.LOOKOUT_BIN || join(REPO, 'target', 'debug', 'lookout');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.yml': 'text/yaml', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** The CSP the template serves /admin/* with: AdminHeadersPolicy's folded policy text. */
function adminPolicy() {
  const template = readFileSync(join(REPO, 'infra', 'template.yaml'), 'utf8');
  const block = template.slice(template.indexOf('  AdminHeadersPolicy:'));
  const start = block.indexOf('ContentSecurityPolicy: >-');
  assert.ok(start > 0, 'no AdminHeadersPolicy CSP in infra/template.yaml');
  const lines = block.slice(start).split('\n').slice(1);
  const policy = [];
  for (const line of lines) {
    if (!/^ {14}\S/.test(line)) break;
    policy.push(line.trim());
  }
  return policy.join(' ');
}

let work, server, base, browser;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'lookout-cms-'));
  const campaign = join(work, 'campaign');
  cpSync(join(REPO, 'content'), campaign, { recursive: true, filter: (src) => !src.includes('.lookout') });
  execFileSync('git', ['init', '-q', '-b', 'main', work]);
  execFileSync('git', ['-C', work, 'remote', 'add', 'origin', 'https://github.com/safer-nights/campaign.git']);
  execFileSync(LOOKOUT, ['init', '--cms', campaign], { stdio: 'pipe' });
  execFileSync(LOOKOUT, ['build', '--root', campaign, '--out', join(work, 'public')], { stdio: 'pipe' });
  const site = join(work, 'public');
  const policy = adminPolicy();
  server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(site, path));
    if (!file.startsWith(site) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream' };
    if (path.startsWith('/admin/')) headers['content-security-policy'] = policy;
    response.writeHead(200, headers).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
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

test('the editor is linked from nowhere and kept out of search', async () => {
  const site = join(work, 'public');
  const sitemap = readFileSync(join(site, 'sitemap.xml'), 'utf8');
  assert.doesNotMatch(sitemap, /\/admin\//);
  const home = readFileSync(join(site, 'index.html'), 'utf8');
  assert.doesNotMatch(home, /href="\/admin/);
  const admin = readFileSync(join(site, 'admin', 'index.html'), 'utf8');
  assert.match(admin, /<meta name="robots" content="noindex, nofollow">/);
});
