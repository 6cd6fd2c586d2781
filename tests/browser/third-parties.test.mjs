// No third party on the reporter's pages. Every HTML file of the built example campaign
// (pages, alias stubs and the page shells the functions answer in) and every stylesheet loads
// no script, style, frame, image or font from another origin, and has no inline script (the
// CSP is script-src 'self'). With hCaptcha chosen (a copy of the campaign with the setting,
// built with `lookout build`), hCaptcha is referenced by its own check pages alone, which hold
// no form field; the privacy table names hCaptcha only then. The deployment's CSP names
// hCaptcha on the check pages' paths alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { HCAPTCHA_TEST_SITE_KEY as SITE_KEY, REPO, SITE_DIR, buildWithHcaptcha } from './helpers.mjs';


function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      out.push(...files(full));
    } else {
      out.push(full);
    }
  }
  return out;
}

/** Whether `url` (as written in a page at the site's root) leaves the site's own origin. */
function foreign(url) {
  return /^(https?:)?\/\//i.test(url.trim());
}

/** Everything an HTML page would fetch from another origin, and its inline scripts. */
function problemsOfHtml(html) {
  const problems = [];
  const attribute = (tag, name) => (tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')) || [])
    .slice(2).find((v) => v !== undefined);
  for (const [tag, name] of html.matchAll(/<(script|iframe|frame|embed|object|img|source|link|video|audio)\b[^>]*>/gi)) {
    const kind = name.toLowerCase();
    if (kind === 'link') {
      const rel = (attribute(tag, 'rel') || '').toLowerCase();
      // canonical and alternate name addresses; they load nothing.
      if (/\b(canonical|alternate)\b/.test(rel)) continue;
    }
    for (const attr of ['src', 'href', 'data', 'srcset', 'poster']) {
      const value = attribute(tag, attr);
      if (value && value.split(',').some((part) => foreign(part))) {
        problems.push(`<${kind} ${attr}="${value}">`);
      }
    }
    if (kind === 'script' && !attribute(tag, 'src')) {
      problems.push('an inline <script> (blocked by script-src \'self\')');
    }
  }
  for (const [attr] of html.matchAll(/\son[a-z]+\s*=\s*["']/gi)) {
    problems.push(`an inline event handler (${attr.trim()})`);
  }
  for (const [, css] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    problems.push(...problemsOfCss(css));
  }
  for (const [, style] of html.matchAll(/\sstyle\s*=\s*"([^"]*)"/gi)) {
    problems.push(...problemsOfCss(style));
  }
  return problems;
}

function problemsOfCss(css) {
  const problems = [];
  for (const [, url] of css.matchAll(/url\(\s*["']?([^"')]+)/gi)) {
    if (foreign(url)) problems.push(`url(${url})`);
  }
  for (const [, url] of css.matchAll(/@import\s+["']([^"']+)/gi)) {
    if (foreign(url)) problems.push(`@import ${url}`);
  }
  return problems;
}

/** Problems of every HTML and CSS file under `dir`, by path; and how many of each were read. */
function walkSite(dir) {
  const found = [];
  let html = 0;
  let css = 0;
  for (const file of files(dir)) {
    const rel = relative(dir, file).split(sep).join('/');
    if (file.endsWith('.html')) {
      html += 1;
      for (const p of problemsOfHtml(readFileSync(file, 'utf8'))) found.push(`${rel}: ${p}`);
    } else if (file.endsWith('.css')) {
      css += 1;
      for (const p of problemsOfCss(readFileSync(file, 'utf8'))) found.push(`${rel}: ${p}`);
    }
  }
  return { found, html, css };
}

test('the checks find what they look for (a page of every kind of third-party load)', () => {
  const bad = '<script src="https://js.hcaptcha.com/1/api.js"></script><script>alert(1)</script>'
    + '<link rel="stylesheet" href="//cdn.example/x.css"><iframe src="https://frames.example/"></iframe>'
    + '<img src="https://img.example/a.png"><button onclick="x()">x</button><style>@font-face{src:url(https://fonts.example/f.woff2)}</style>';
  assert.equal(problemsOfHtml(bad).length, 7, problemsOfHtml(bad).join('\n'));
  assert.deepEqual(problemsOfHtml('<script src="/lookout.1234.js" defer></script><link rel="canonical" href="https://lookout.example.org/">'), []);
});

test('no built page or stylesheet of the example campaign loads anything from another origin', () => {
  const { found, html, css } = walkSite(SITE_DIR);
  assert.ok(html > 100, `only ${html} HTML files were found under ${SITE_DIR}`);
  assert.ok(css >= 1, 'no stylesheet was found');
  const shells = readdirSync(join(SITE_DIR, '_lookout')).filter((f) => f.startsWith('shell.'));
  assert.ok(shells.length >= 3, 'the page shells were not among the files');
  assert.deepEqual(found, []);
  for (const file of files(SITE_DIR).filter((f) => f.endsWith('.html'))) {
    assert.ok(!/hcaptcha/i.test(readFileSync(file, 'utf8').replace(/<main[\s\S]*<\/main>/, '')),
      `${relative(SITE_DIR, file)} mentions hCaptcha outside its text`);
  }
});

test('with hCaptcha chosen, only its own check pages reference it, and they hold no form field', () => {
  const work = mkdtempSync(join(tmpdir(), 'lookout-hcaptcha-'));
  try {
    const out = buildWithHcaptcha(work);
    const referencing = [];
    for (const file of files(out).filter((f) => /\.(html|css|js|json)$/.test(f))) {
      const rel = relative(out, file).split(sep).join('/');
      const text = readFileSync(file, 'utf8');
      if (/hcaptcha\.com/i.test(text)) referencing.push(rel);
    }
    assert.deepEqual(referencing.sort(), ['pl/report/check/index.html', 'report/check/index.html', 'ur/report/check/index.html']);
    for (const rel of referencing) {
      const html = readFileSync(join(out, rel), 'utf8');
      assert.ok(!/<(form|input|textarea|select)\b/i.test(html), `${rel} holds a form field`);
      assert.match(html, new RegExp(`data-sitekey="${SITE_KEY}"`), `${rel} has no widget with the site key`);
    }
    // Everything else loads nothing from another origin, hCaptcha's pages aside.
    const { found } = walkSite(out);
    assert.deepEqual(found.filter((p) => !p.includes('/report/check/index.html') && !p.startsWith('report/check/')), []);
    // The report pages send the reporter to the check and take the token from it.
    const report = readFileSync(join(out, 'report', 'index.html'), 'utf8');
    assert.ok(report.includes(`<meta name="lookout-spam" content="hcaptcha ${SITE_KEY}" data-check-url="/report/check/">`),
      'the report page does not name the check page for its script');
    const polish = readFileSync(join(out, 'pl', 'report', 'index.html'), 'utf8');
    assert.match(polish, /data-check-url="\/pl\/report\/check\/"/);
    // The privacy table has hCaptcha's row now, and only now.
    const hcaptchaRow = (html) => /<tr role="row" data-party="hcaptcha"><th scope="row" role="rowheader">hCaptcha/.test(html);
    assert.ok(hcaptchaRow(readFileSync(join(out, 'privacy', 'index.html'), 'utf8')), 'the privacy table has no hCaptcha row');
    assert.ok(!hcaptchaRow(readFileSync(join(SITE_DIR, 'privacy', 'index.html'), 'utf8')), 'the privacy table names hCaptcha without it');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('the privacy table is on the privacy notice in every language', () => {
  for (const path of ['privacy', 'pl/privacy', 'ur/privacy']) {
    const html = readFileSync(join(SITE_DIR, path, 'index.html'), 'utf8');
    const table = html.match(/<table class="privacy-table"[^>]*>([\s\S]*?)<\/table>/);
    assert.ok(table, `${path}: no privacy table`);
    const rows = [...table[1].matchAll(/<th scope="row"/g)].length;
    assert.equal(rows, 5, `${path}: ${rows} parties, expected 5 without hCaptcha`);
    assert.ok(!/privacy_/.test(table[1]), `${path}: an untranslated key in the table`);
  }
});

test('the deployment names hCaptcha in a CSP on the check pages\' paths alone; the rest is strict', () => {
  const template = readFileSync(join(REPO, 'infra', 'template.yaml'), 'utf8');
  const behaviours = [...template.matchAll(/- PathPattern: (\S+)\n((?:\s{12}.*\n)+)/g)]
    .map(([, path, body]) => [path, (body.match(/ResponseHeadersPolicyId: !Ref (\w+)/) || [])[1]]);
  assert.ok(behaviours.length >= 3, `cache behaviours: ${JSON.stringify(behaviours)}`);
  const captcha = behaviours.filter(([, policy]) => policy === 'CaptchaPagesHeadersPolicy').map(([path]) => path);
  assert.deepEqual(captcha.sort(), ['/*/report/check/*', '/report/check/*']);
  assert.deepEqual(behaviours.find(([path]) => path === '/api/*'), ['/api/*', 'SiteHeadersPolicy']);
  const site = template.slice(template.indexOf('  SiteHeadersPolicy:'), template.indexOf('  CaptchaPagesHeadersPolicy:'));
  const csp = site.match(/ContentSecurityPolicy: >-\n([\s\S]*?)\n\s+StrictTransportSecurity/)[1].replace(/\s+/g, ' ');
  for (const directive of ["script-src 'self';", "connect-src 'self';", "frame-src 'none';", "style-src 'self';", "font-src 'self';"]) {
    assert.ok(csp.includes(directive), `the site policy lacks ${directive}: ${csp}`);
  }
  assert.ok(!/hcaptcha/i.test(csp), 'the site policy names hCaptcha');
});
