// The report form on a phone (375 x 812), in English, Polish and Urdu, against `lookout serve`:
// the first question on the first screen; GOV.UK's error pattern with JavaScript on and off
// (summary at the top in the page's language, focus on it, "Error:" in the title, no browser
// bubble); the trade's signs first; "last week" stored as its week; the character count; hit
// areas of 44 px; 320 px and 200 % zoom; the receipt page; the fonts the theme names. Every
// page the functions answer with is checked by axe at phone and desktop width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS, BASE_URL, CAMPAIGN, DESKTOP, PHONE, REPO, checkNoScriptPage, checkPage, formatViolations,
  launch, newContext, open, quickExitProblems, sendForm, submitReport,
} from './helpers.mjs';

const LANGS = [['en', '/report/'], ['pl', '/pl/report/'], ['ur', '/ur/report/']];
const SHOTS = join(ARTIFACTS, 'screenshots');
const LOOKOUT = process.env.LOOKOUT_BIN || join(REPO, 'target', 'debug', 'lookout');
const QUESTIONNAIRE = readFileSync(join(CAMPAIGN, 'questionnaire.yaml'), 'utf8');
let browser;

before(async () => {
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
});

/** An interface string of the questionnaire (`text:` key) in `lang`, read from the campaign. */
function text(key, lang) {
  const block = QUESTIONNAIRE.match(new RegExp(`^  ${key}:\\n((?:    [a-z]+: .*\\n)+)`, 'm'));
  assert.ok(block, `no text.${key} in questionnaire.yaml`);
  const line = block[1].match(new RegExp(`^    ${lang}: "(.*)"$`, 'm'));
  assert.ok(line, `text.${key} has no ${lang}`);
  return line[1];
}

/** A question's label in `lang`. */
function label(id, lang) {
  const at = QUESTIONNAIRE.indexOf(`  - id: ${id}\n`);
  const line = QUESTIONNAIRE.slice(at).match(new RegExp(`^      ${lang}: "(.*)"$`, 'm'));
  return line[1];
}

async function withPage(options, body) {
  const { context, foreign } = await newContext(browser, { viewport: PHONE, ...options });
  const page = await context.newPage();
  try {
    await body(page);
    assert.deepEqual(foreign, [], 'requests to other hosts');
  } finally {
    await context.close();
  }
}

/** Axe (and quick exit, lang, direction) at phone and desktop width on the page as it is. */
async function assertChecksAtBothWidths(page, path, what, { script = true } = {}) {
  for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(viewport);
    const found = script ? await checkPage(page, path) : await checkNoScriptPage(browser, page, path);
    assert.deepEqual(found.violations, [], formatViolations(`${what} at ${name} width`, found.violations));
    assert.deepEqual(found.quickExit, [], `${what} at ${name} width: quick exit`);
    assert.deepEqual(found.language, [], `${what} at ${name} width: language`);
  }
  await page.setViewportSize(PHONE);
}

const submit = submitReport;

async function firstControlTop(page) {
  return page.evaluate(() => {
    const first = document.querySelector('form.lookout-form input:not([type=hidden]), form.lookout-form textarea');
    return { top: first.getBoundingClientRect().top + window.scrollY, id: first.id };
  });
}

for (const [lang, path] of LANGS) {
  test(`${lang}: the first question is on the first screen of a phone, with the intro one tap away`, async () => {
    for (const javaScriptEnabled of [true, false]) {
      await withPage({ javaScriptEnabled }, async (page) => {
        await open(page, path);
        const first = await firstControlTop(page);
        assert.equal(first.id, 'q-reporter-taxi-driver');
        assert.ok(first.top < PHONE.height,
          `${path} (JavaScript ${javaScriptEnabled ? 'on' : 'off'}): the first control starts ${Math.round(first.top)} px down`);
        // "It is anonymous" and "What happens next" are there, closed, above the form.
        const details = await page.locator('main details.details').evaluateAll((all) =>
          all.map((d) => ({ open: d.open, summary: d.querySelector('summary').innerText.trim(), text: d.textContent.length })));
        assert.equal(details.length, 2, `${path}: the intro's two summaries`);
        for (const d of details) {
          assert.equal(d.open, false);
          assert.ok(d.summary.length > 5 && d.text > 100, `${path}: ${JSON.stringify(d)}`);
        }
      });
    }
  });

  for (const javaScriptEnabled of [true, false]) {
    const how = javaScriptEnabled ? 'on' : 'off';
    test(`${lang}: an empty form sent with JavaScript ${how} gets GOV.UK's error summary in the page's language`, async () => {
      await withPage({ javaScriptEnabled }, async (page) => {
        const posts = [];
        page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
        await open(page, path);
        const openedAt = Date.now();
        const form = await page.evaluate(() => {
          const f = document.querySelector('form[data-lookout-form="report"]');
          return { noValidate: f.noValidate, required: f.querySelectorAll('[required]').length };
        });
        assert.deepEqual(form, { noValidate: true, required: 0 }, 'the browser would validate the form itself');
        const response = await submit(page, openedAt);
        // Sent at all (a browser validation bubble would have stopped the post): with the
        // page script to the verified lane (which may hand it on to the unverified one), without
        // it to the form's action, the unverified lane.
        const action = await page.evaluate(() => document.querySelector('main form')?.getAttribute('action'));
        const lanes = [`${BASE_URL}/api/reports`, `${BASE_URL}/api/reports/unverified`];
        assert.ok(posts.length >= 1 && posts.every((p) => lanes.includes(p)), `posts: ${posts.join(' ')}`);
        if (javaScriptEnabled) {
          assert.equal(posts[0], `${BASE_URL}/api/reports`, 'the page script did not send to the verified lane');
        } else {
          assert.deepEqual(posts, [`${BASE_URL}${action}`], 'the form did not post to its action');
        }
        assert.equal(response.status(), 422);

        const prefix = text('error_prefix', lang);
        assert.ok((await page.title()).startsWith(`${prefix}: `), `title: ${await page.title()}`);
        const summary = await page.evaluate(() => {
          const root = document.querySelector('.error-summary');
          const main = document.querySelector('main');
          const alert = root.querySelector(':scope > [role=alert]');
          const heading = main.querySelector('h1');
          const form = main.querySelector('form');
          return {
            title: root.querySelector('.error-summary__title')?.innerText.trim(),
            alertInside: !!alert && !root.hasAttribute('role') && !root.hasAttribute('aria-labelledby'),
            afterHeading: heading.compareDocumentPosition(root) === Node.DOCUMENT_POSITION_FOLLOWING,
            beforeForm: (root.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
            links: [...root.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), text: a.innerText.trim() })),
            targets: [...root.querySelectorAll('a')].every((a) => document.getElementById(a.hash.slice(1))),
            focused: document.activeElement === root,
            prefixes: [...document.querySelectorAll('.field-error > .visually-hidden')].map((s) => s.textContent),
            errors: document.querySelectorAll('.field-error').length,
          };
        });
        assert.equal(summary.title, text('error_summary_title', lang));
        assert.ok(summary.alertInside, 'role=alert belongs on the inner element (v5 markup)');
        assert.ok(summary.afterHeading && summary.beforeForm, 'the summary is not at the top, above the form');
        assert.ok(summary.targets, 'a summary link leads nowhere');
        assert.deepEqual(summary.links.map((l) => l.href),
          ['#q-reporter-taxi-driver', '#q-area-city-centre', '#q-seen_on-today', '#q-what_happened']);
        assert.ok(summary.links[0].text.startsWith(label('reporter', lang)), JSON.stringify(summary.links[0]));
        assert.equal(summary.focused, javaScriptEnabled, 'focus on the summary with JavaScript (only)');
        assert.equal(summary.errors, 4);
        assert.deepEqual(summary.prefixes, Array(4).fill(`${prefix}:`));

        if (lang === 'en') {
          await page.screenshot({ path: join(SHOTS, `report-error-${javaScriptEnabled ? 'js' : 'nojs'}-phone.png`), fullPage: true });
        }
        await assertChecksAtBothWidths(page, path, `the form with errors (${lang}, JavaScript ${how})`, { script: javaScriptEnabled });
      });
    });
  }

  test(`${lang}: the character count follows the typing, in the page's language`, async () => {
    await withPage({}, async (page) => {
      await open(page, path);
      const box = page.locator('#q-what_happened');
      assert.equal(await box.getAttribute('maxlength'), null, 'the hard limit is still there');
      const status = page.locator('#field-what_happened .character-count__status');
      const left = (n) => text('character_count_left', lang).replace('{count}', n);
      assert.equal(await status.innerText(), left(4000));
      await box.focus();
      // An emoji is one character on both sides.
      await page.keyboard.type('Hello 😀');
      assert.equal(await status.innerText(), left(3993));
      const spoken = page.locator('#field-what_happened [aria-live=polite]');
      await page.waitForFunction((expected) =>
        document.querySelector('#field-what_happened [aria-live=polite]').textContent === expected, left(3993), { timeout: 5000 });
      assert.equal(await spoken.getAttribute('aria-live'), 'polite');
      // Pasted text over the limit is kept whole and the count says by how much.
      await box.fill('x'.repeat(4003));
      assert.equal((await box.inputValue()).length, 4003);
      assert.equal(await status.innerText(), text('character_count_over', lang).replace('{count}', 3));
      assert.equal(await box.evaluate((el) => el.classList.contains('textarea--error')), true);
    });
  });
}

test('without JavaScript the limit holds in the browser and is said under the box', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await open(page, '/report/');
    assert.equal(await page.locator('#q-what_happened').getAttribute('maxlength'), '4000');
    assert.equal(await page.locator('#q-what_happened-info').innerText(), 'You can enter up to 4000 characters');
  });
});

/** The indicator checkboxes as shown: group and whether each is visible. */
async function shownSigns(page) {
  return page.evaluate(() => [...document.querySelectorAll('#field-indicators input[type=checkbox]')].map((input) => ({
    id: input.id,
    group: input.closest('.choice-group').getAttribute('data-group'),
    // checkVisibility sees a closed <details>; the input's own opacity (0, GOV.UK's) is ignored.
    visible: input.checkVisibility(),
    checked: input.checked,
  })));
}

test('choosing "Taxi or private-hire driver" shows the taxi signs first; the others wait behind one control; nothing ticked is lost', async () => {
  for (const [lang, path] of [['en', '/report/'], ['ur', '/ur/report/']]) {
    await withPage({}, async (page) => {
      await open(page, path);
      await page.locator('#q-reporter-taxi-driver').check();
      let signs = await shownSigns(page);
      const visible = signs.filter((s) => s.visible);
      assert.equal(visible[0].group, 'taxi-driver', `${lang}: first shown sign is ${visible[0].id}`);
      assert.deepEqual([...new Set(visible.map((s) => s.group))], ['taxi-driver', ''], `${lang}: taxi signs, then anyone's`);
      assert.ok(signs.some((s) => s.group === 'hotel-staff' && !s.visible), 'the hotel signs are not put away');
      const others = page.locator('#field-indicators details.other-groups');
      assert.equal(await others.locator('summary').innerText(), text('signs_other_groups', lang));
      assert.equal(await page.locator('#q-reporter-taxi-driver').getAttribute('aria-controls'), 'q-indicators-group-taxi-driver');
      // The other trades' signs are one tap away.
      await others.locator('summary').click();
      assert.ok((await shownSigns(page)).every((s) => s.visible), 'opening the control shows every sign');
      await others.locator('summary').click();

      // Tick a taxi sign, change the trade: the tick stays, and stays in sight.
      await page.locator('#q-indicators-taxi-odd-hours').check();
      await page.locator('#q-reporter-hotel-staff').check();
      signs = await shownSigns(page);
      assert.equal(signs.filter((s) => s.visible)[0].group, 'hotel-staff');
      const tick = signs.find((s) => s.id === 'q-indicators-taxi-odd-hours');
      assert.deepEqual([tick.checked, tick.visible], [true, true], 'the ticked taxi sign was lost or hidden');
    });
  }
});

test('without JavaScript every sign is shown, grouped by trade', async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await open(page, '/report/');
    const signs = await shownSigns(page);
    assert.ok(signs.length >= 20 && signs.every((s) => s.visible));
    assert.deepEqual([...new Set(signs.map((s) => s.group))], ['taxi-driver', 'hotel-staff', 'door-staff', '']);
  });
});

/** ISO week (`2026-W47`) of a `YYYY-MM-DD` day. */
function isoWeek(day) {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - weekday + 3); // the Thursday of its week names the year
  const firstThursday = new Date(Date.UTC(d.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((d - firstThursday) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Today in the campaign's time zone (config.yaml), as `YYYY-MM-DD`. */
function campaignToday(offsetDays = 0) {
  const config = readFileSync(join(CAMPAIGN, 'config.yaml'), 'utf8');
  const zone = (config.match(/^time_zone:\s*(\S+)/m) || [])[1] || 'Europe/London';
  const when = new Date(Date.now() + offsetDays * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(when);
}

function reports(...args) {
  return execFileSync(LOOKOUT, ['reports', '--root', CAMPAIGN, ...args], { encoding: 'utf8' });
}

test('a report with "last week" and no exact day is accepted and stored with its week readable', async () => {
  assert.equal(isoWeek('2026-11-18'), '2026-W47');
  assert.equal(isoWeek('2021-01-01'), '2020-W53');
  const before = new Set([...reports('list').matchAll(/^([0-9a-f]{32}) /gm)].map((m) => m[1]));
  await withPage({}, async (page) => {
    await open(page, '/pl/report/');
    const openedAt = Date.now();
    await page.locator('#q-reporter-taxi-driver').check();
    await page.locator('#q-area-city-centre').check();
    await page.locator('#q-seen_on-last-week').check();
    // "Earlier"'s date fields stay out of sight unless it is chosen.
    assert.equal(await page.locator('#q-seen_on-day').isVisible(), false);
    await page.locator('#q-what_happened').fill('Dziewczyna w mundurku szkolnym wsiadła z mężczyzną.');
    const response = await submit(page, openedAt);
    assert.equal(response.status(), 201);
    await page.locator('#receipt-code').waitFor();
  });
  const week = isoWeek(campaignToday(-7));
  const rows = reports('list').split('\n').filter((row) => /^[0-9a-f]{32} /.test(row) && !before.has(row.slice(0, 32)));
  assert.equal(rows.length, 1, rows.join('\n'));
  assert.match(rows[0], new RegExp(`seen_on=${week}( |$)`), `the stored report does not read ${week}`);
  const shown = reports('show', rows[0].slice(0, 32));
  assert.match(shown, new RegExp(`When did you see it\\?:\\n  ${week}\\n`), 'the sealed answer is not the week');
});

test('every radio and checkbox has a hit area of at least 44 x 44 px, on top, with a visible focus', async () => {
  for (const [lang, path] of [['en', '/report/'], ['ur', '/ur/report/']]) {
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await open(page, path);
      const small = await page.evaluate(() => [...document.querySelectorAll('input[type=radio], input[type=checkbox]')].flatMap((input) => {
        const box = input.getBoundingClientRect();
        input.scrollIntoView({ block: 'center' });
        const moved = input.getBoundingClientRect();
        const hit = document.elementFromPoint(moved.left + moved.width / 2, moved.top + moved.height / 2);
        const label = document.querySelector(`label[for="${input.id}"]`).getBoundingClientRect();
        const problems = [];
        if (box.width < 44 || box.height < 44) problems.push(`${input.id}: ${box.width} x ${box.height}`);
        if (hit !== input) problems.push(`${input.id}: covered by ${hit?.tagName}.${hit?.className}`);
        if (label.height < 24) problems.push(`${input.id}: label ${label.height} high`);
        return problems;
      }));
      assert.deepEqual(small, [], `${lang}: hit areas`);
      const count = await page.locator('input[type=radio], input[type=checkbox]').count();
      assert.ok(count > 40, `only ${count} radios and checkboxes`);
    });
  }
  await withPage({}, async (page) => {
    await open(page, '/report/');
    await page.locator('#q-reporter-taxi-driver').focus();
    await page.keyboard.press('Space');
    const ring = await page.evaluate(() =>
      getComputedStyle(document.querySelector('label[for="q-reporter-taxi-driver"]'), '::before').boxShadow);
    assert.match(ring, /rgb\(255, 221, 0\)/, `no yellow focus ring around the focused radio: ${ring}`);
    const dot = await page.evaluate(() =>
      getComputedStyle(document.querySelector('label[for="q-reporter-taxi-driver"]'), '::after').opacity);
    assert.equal(dot, '1', 'the chosen radio shows no dot');
  });
});

test('at 320 px wide and at 200 % zoom nothing scrolls sideways', async () => {
  // 200 % zoom of a 1280 x 900 window lays the page out at 640 x 450 CSS pixels.
  for (const viewport of [{ width: 320, height: 640 }, { width: 640, height: 450 }]) {
    for (const [, path] of LANGS) {
      await withPage({ viewport }, async (page) => {
        await open(page, path);
        await page.locator('#q-seen_on-earlier').check();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${path} at ${viewport.width} px is ${overflow} px too wide`);
        const date = await page.locator('#q-seen_on-date').boundingBox();
        assert.ok(date.x >= 0 && date.x + date.width <= viewport.width, `${path}: the date fields do not fit`);
      });
    }
  }
});

test('the receipt page: the code large and in groups, what to do with it, the exit button, a print style, no copy button', async () => {
  for (const [lang, path] of LANGS) {
    await withPage({}, async (page) => {
      await open(page, path);
      const openedAt = Date.now();
      await page.locator('#q-reporter-public').check();
      await page.locator('#q-area-other-not-sure').check();
      await page.locator('#q-seen_on-yesterday').check();
      await page.locator('#q-what_happened').fill('A young girl left with an older man.');
      assert.equal((await submit(page, openedAt)).status(), 201);
      const code = page.locator('#receipt-code');
      await code.waitFor();
      const shown = await code.evaluate((el) => ({
        text: el.innerText.replace(/^[^\d]*/, '').trim(),
        label: el.querySelector('.visually-hidden')?.textContent,
        size: parseFloat(getComputedStyle(el).fontSize),
        direction: getComputedStyle(el).direction,
      }));
      assert.match(shown.text, /^\d{4}( \d{4}){4}$/);
      assert.ok(shown.label?.startsWith(text('follow_up_receipt_label', lang)), 'the code is not named for screen readers');
      assert.ok(shown.size >= 28, `the code is only ${shown.size} px`);
      assert.equal(shown.direction, 'ltr');
      assert.equal(await page.locator('.receipt-what-to-do').innerText(), text('receipt_what_to_do', lang));
      assert.deepEqual(await quickExitProblems(page), [], 'the exit button');
      const buttons = await page.locator('main button').evaluateAll((all) => all.map((b) => b.innerText.trim()));
      assert.deepEqual(buttons, [text('receipt_print', lang)], 'a button other than print (no copy button)');
      if (lang === 'en') {
        await page.screenshot({ path: join(SHOTS, 'receipt-phone.png'), fullPage: true });
      }
      await assertChecksAtBothWidths(page, path, `the receipt page (${lang})`);

      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => ({
        exit: getComputedStyle(document.querySelector('.exit-this-page')).display,
        menu: getComputedStyle(document.querySelector('.site-header nav') || document.body).display,
        footer: getComputedStyle(document.querySelector('.site-footer')).display,
        print: getComputedStyle(document.querySelector('[data-lookout-print]')).display,
        code: getComputedStyle(document.querySelector('#receipt-code')).display,
      }));
      assert.deepEqual(printed, { exit: 'none', menu: 'none', footer: 'none', print: 'none', code: 'inline-block' });
      await page.emulateMedia({ media: 'screen' });
    });
  }
});

test('the theme\'s fonts are installed and used: Noto Sans, and Noto Nastaliq Urdu for Urdu', async () => {
  await withPage({}, async (page) => {
    const cdp = await page.context().newCDPSession(page);
    const fontsOf = async (selector) => {
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      return fonts.map((f) => f.familyName);
    };
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    await open(page, '/report/');
    assert.deepEqual(await fontsOf('main h1'), ['Noto Sans']);
    await open(page, '/ur/report/');
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    assert.deepEqual(await fontsOf('main h1'), ['Noto Nastaliq Urdu']);
  });
});

test('the follow-up form has the same error pattern: summary, focus, "Error:" title, hidden prefix', async () => {
  for (const [lang, path] of [['pl', '/pl/follow-up/'], ['ur', '/ur/follow-up/']]) {
    await withPage({}, async (page) => {
      await open(page, path);
      const form = 'form[data-lookout-form="follow-up"]';
      assert.equal(await page.locator(form).evaluate((f) => f.noValidate), true);
      await sendForm(page, 'follow-up', () => page.locator(`${form} button[type=submit]`).click());
      const prefix = text('error_prefix', lang);
      assert.ok((await page.title()).startsWith(`${prefix}: `), await page.title());
      const found = await page.evaluate(() => ({
        focused: document.activeElement?.classList.contains('error-summary'),
        link: document.querySelector('.error-summary a')?.getAttribute('href'),
        hidden: document.querySelector('#follow-up-receipt-error .visually-hidden')?.textContent,
      }));
      assert.deepEqual(found, { focused: true, link: '#follow-up-receipt', hidden: `${prefix}:` });
      await assertChecksAtBothWidths(page, path, `the follow-up form with an error (${lang})`);
    });
  }
});

test('an incomplete date marks only the missing field, and the summary leads to it', async () => {
  await withPage({}, async (page) => {
    await open(page, '/report/');
    const openedAt = Date.now();
    await page.locator('#q-seen_on-earlier').check();
    await page.locator('#q-seen_on-day').fill('12');
    await page.locator('#q-seen_on-year').fill('2026');
    assert.equal((await submit(page, openedAt)).status(), 422);
    assert.equal((await page.locator('#q-seen_on-error').textContent()).trim(), `Error: ${text('error_date_needs_month', 'en')}`);
    const fields = await page.evaluate(() => ['day', 'month', 'year'].map((part) => {
      const input = document.getElementById(`q-seen_on-${part}`);
      return [part, input.value, input.getAttribute('aria-invalid'), getComputedStyle(input).borderTopColor];
    }));
    const red = 'rgb(179, 38, 30)';
    assert.deepEqual(fields, [['day', '12', null, 'rgb(27, 27, 27)'], ['month', '', 'true', red], ['year', '2026', null, 'rgb(27, 27, 27)']]);
    // "Earlier" stays chosen and its fields in sight; the summary's link focuses the month.
    assert.equal(await page.locator('#q-seen_on-earlier').isChecked(), true);
    await page.locator('.error-summary a[href="#q-seen_on-month"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q-seen_on-month');
  });
});
