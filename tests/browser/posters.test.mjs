// Posters: every audience's poster, in every language, prints on exactly one A4 sheet, and
// its QR code is there with a name a screen reader can read. PDFs are saved for a person to
// look at (tests/artifacts/posters/, git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, LANGUAGES, DEFAULT_LANGUAGE, launch, newContext, open } from './helpers.mjs';

const AUDIENCES = ['taxi-drivers', 'hoteliers', 'door-staff', 'public', 'parents', 'young-people'];
const DIR = join(ARTIFACTS, 'posters');
let browser;

before(async () => {
  browser = await launch();
  mkdirSync(DIR, { recursive: true });
});
after(async () => {
  await browser?.close();
});

/** Pages in a PDF: each page object has `/Type /Page` (the tree root is `/Type /Pages`). */
function pdfPageCount(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;
}

for (const lang of LANGUAGES) {
  test(`posters in ${lang} print on one A4 sheet with a named QR code to the report form`, async () => {
    const { context } = await newContext(browser);
    const page = await context.newPage();
    const prefix = lang === DEFAULT_LANGUAGE ? '/' : `/${lang}/`;
    try {
      for (const audience of AUDIENCES) {
        const path = `${prefix}posters/${audience}/`;
        const response = await open(page, path);
        assert.equal(response.status(), 200, `${path} is missing`);
        const qr = page.locator('.poster__qr svg[role="img"]');
        assert.equal(await qr.count(), 1, `${path}: no QR code`);
        const label = await qr.getAttribute('aria-label');
        assert.match(label, new RegExp(`${prefix === '/' ? '' : prefix.slice(0, -1)}/report/$`), `${path}: the QR code's name does not give the report link`);
        const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        writeFileSync(join(DIR, `${lang}-${audience}.pdf`), pdf);
        assert.equal(pdfPageCount(pdf), 1, `${path} prints on ${pdfPageCount(pdf)} A4 pages`);
      }
    } finally {
      await context.close();
    }
  });
}

test('the page counter tells one sheet from two (so the poster test can fail)', async () => {
  const { context } = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.setContent('<p style="height: 400mm">tall</p>');
    const pdf = await page.pdf({ format: 'A4' });
    assert.equal(pdfPageCount(pdf), 2);
  } finally {
    await context.close();
  }
});
