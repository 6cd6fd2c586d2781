// The page checks can fail: the report page, served at its own address but with a label, its
// lang or the quick-exit control removed, fails the very checks every page passes in
// pages.test.mjs (checkPage from helpers.mjs), while the unaltered copy passes them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, PHONE, builtHtml, checkPage, formatViolations, launch, newContext } from './helpers.mjs';

const PATH = '/report/';
const original = builtHtml(PATH);
let browser;
let context;

before(async () => {
  browser = await launch();
  ({ context } = await newContext(browser, { viewport: PHONE }));
});
after(async () => {
  await browser?.close();
});

/** Serves `html` in place of the built page at PATH and runs the page checks on it. */
async function checkCopy(html) {
  const page = await context.newPage();
  try {
    await page.route(BASE_URL + PATH, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto(BASE_URL + PATH, { waitUntil: 'load' });
    return await checkPage(page, PATH);
  } finally {
    await page.close();
  }
}

/** `html` with `pattern` removed; fails if the pattern is not there (the page changed shape). */
function without(html, pattern, what) {
  assert.match(html, pattern, `the built ${PATH} has no ${what} to remove`);
  const broken = html.replace(pattern, '');
  assert.notEqual(broken, html);
  return broken;
}

test('the unaltered copy passes every check', async () => {
  const found = await checkCopy(original);
  assert.deepEqual(found.violations, [], formatViolations(PATH, found.violations));
  assert.deepEqual(found.quickExit, []);
  assert.deepEqual(found.language, []);
});

test('a form field that loses its label fails axe (rule "label")', async () => {
  const broken = without(original, /<label for="q-what_happened">[\s\S]*?<\/label>/, 'label for #q-what_happened');
  const found = await checkCopy(broken);
  const label = found.violations.find((v) => v.id === 'label');
  assert.ok(label, `axe did not report the missing label; it reported: ${found.violations.map((v) => v.id).join(', ') || 'nothing'}`);
  assert.ok(label.nodes.some((n) => n.target.includes('#q-what_happened')), formatViolations(PATH, [label]));
});

test('a page that loses its lang fails axe (rule "html-has-lang") and the language check', async () => {
  const broken = without(original, /(?<=<html)\s+lang="[^"]*"/, 'lang on <html>');
  const found = await checkCopy(broken);
  assert.ok(found.violations.some((v) => v.id === 'html-has-lang'),
    `axe did not report the missing lang; it reported: ${found.violations.map((v) => v.id).join(', ') || 'nothing'}`);
  assert.ok(found.language.some((p) => p.includes('<html lang>')), `language check passed: ${found.language}`);
});

test('a page that loses its quick-exit control fails the quick-exit check', async () => {
  const broken = without(original, /<div class="exit-this-page"[\s\S]*?<\/div>/, 'quick-exit control');
  assert.doesNotMatch(broken, /exit-this-page__button/);
  const found = await checkCopy(broken);
  assert.ok(found.quickExit.length > 0, 'the quick-exit check passed a page without the control');
  assert.match(found.quickExit[0], /no quick-exit control/);
});

test('a quick-exit control that is not a link, or is hidden, fails the quick-exit check', async () => {
  const asButton = without(original, /<a class="exit-this-page__button"[^>]*>/, 'quick-exit link')
    .replace(/(<div class="exit-this-page"[^>]*>\s*)([^<]*)<\/a>/, '$1<button type="button" class="exit-this-page__button">$2</button>');
  const found = await checkCopy(asButton);
  assert.ok(found.quickExit.some((p) => p.includes('not a link')), `not reported: ${JSON.stringify(found.quickExit)}`);

  const hidden = original.replace('</head>', '<style>.exit-this-page{display:none}</style></head>');
  const foundHidden = await checkCopy(hidden);
  assert.ok(foundHidden.quickExit.some((p) => p.includes('not visible')), `not reported: ${JSON.stringify(foundHidden.quickExit)}`);
});
