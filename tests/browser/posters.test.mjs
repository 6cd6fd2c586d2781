// Posters: every audience's poster, in every language and on A4 and A5, prints on exactly one
// sheet of its size, with its short address printed once (read back from the PDF's text by
// pdftotext) and a QR code at least 4 cm wide that decodes to the poster's own short path,
// which leads to the report form. PDFs are saved for a person to look at
// (tests/artifacts/posters/, git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ARTIFACTS, CAMPAIGN, LANGUAGES, DEFAULT_LANGUAGE, SITE_DIR, launch, newContext, open } from './helpers.mjs';

const require = createRequire(join(ARTIFACTS, '..', 'package.json'));
const JSQR = readFileSync(require.resolve('jsqr/dist/jsQR.js'), 'utf8');
const BASE_URL = readFileSync(join(CAMPAIGN, 'config.yaml'), 'utf8').match(/^base_url:\s*(\S+)\s*$/m)[1].replace(/\/$/, '');
const AUDIENCES = readdirSync(join(SITE_DIR, 'posters')).sort();
/** PDF points (1/72 inch) of each sheet. */
const SHEETS = { a4: [595, 842], a5: [420, 595] };
const MIN_QR_MM = 40;
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

/** Whether the first page is `sheet` (in points; within 2 pt, as printers round mm to points). */
function isSheet(pdf, sheet) {
  const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  return Boolean(box) && Math.abs(Number(box[1]) - sheet[0]) <= 2 && Math.abs(Number(box[2]) - sheet[1]) <= 2;
}

/** The printed text, as pdftotext reads it in the order it was drawn (so an address inside
 *  right-to-left text stays whole), without white space (so a line break does not hide it). */
function printedText(file) {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

function occurrences(haystack, needle) {
  return haystack.split(needle).length - 1;
}

/** What the poster's QR code says, decoded from its pixels with jsQR, and its printed width. */
async function readQr(page) {
  await page.emulateMedia({ media: 'print' });
  const found = await page.evaluate(async (source) => {
    if (typeof window.jsQR === 'undefined') {
      (0, eval)(source);
    }
    const svg = document.querySelector('.poster__qr svg[role="img"]');
    if (!svg) return null;
    const widthMm = svg.getBoundingClientRect().width * 25.4 / 96;
    const size = 600;
    const image = new Image();
    const blob = new Blob([new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' });
    image.src = URL.createObjectURL(blob);
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    context.drawImage(image, 0, 0, size, size);
    const code = window.jsQR(context.getImageData(0, 0, size, size).data, size, size);
    return { text: code ? code.data : null, widthMm, label: svg.getAttribute('aria-label') };
  }, JSQR);
  await page.emulateMedia({ media: null });
  return found;
}

for (const lang of LANGUAGES) {
  test(`posters in ${lang} print on one sheet each, with the short address once and a QR code of their own`, async () => {
    // The test reads the QR code by drawing it from a blob: image, which the poster's own CSP
    // (scripts and images from the build alone) rightly refuses; the page is printed as is.
    const { context } = await newContext(browser, { bypassCSP: true });
    const page = await context.newPage();
    const prefix = lang === DEFAULT_LANGUAGE ? '/' : `/${lang}/`;
    try {
      assert.ok(AUDIENCES.length >= 3, `too few posters in ${SITE_DIR}/posters: ${AUDIENCES}`);
      for (const audience of AUDIENCES) {
        const shortPath = `${prefix}r/${audience}/`;
        const printed = `${BASE_URL.replace(/^https?:\/\//, '')}${shortPath.slice(0, -1)}`;
        for (const [size, segment] of [['a4', ''], ['a5', 'a5/']]) {
          const path = `${prefix}posters/${audience}/${segment}`;
          const response = await open(page, path);
          assert.equal(response.status(), 200, `${path} is missing`);
          const qr = await readQr(page);
          assert.ok(qr, `${path}: no QR code`);
          assert.equal(qr.text, `${BASE_URL}${shortPath}`, `${path}: the QR code does not carry the poster's short address`);
          assert.ok(qr.label.endsWith(`${BASE_URL}${shortPath}`), `${path}: the QR code's name is ${qr.label}`);
          assert.ok(qr.widthMm >= MIN_QR_MM, `${path}: the QR code prints ${qr.widthMm.toFixed(1)} mm wide, under ${MIN_QR_MM} mm`);
          const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true });
          const file = join(DIR, `${lang}-${audience}-${size}.pdf`);
          writeFileSync(file, pdf);
          assert.equal(pdfPageCount(pdf), 1, `${path} prints on ${pdfPageCount(pdf)} sheets`);
          assert.ok(isSheet(pdf, SHEETS[size]), `${path} is not printed on ${size.toUpperCase()}`);
          const text = printedText(file);
          assert.equal(occurrences(text, printed), 1, `${path}: ${printed} is printed ${occurrences(text, printed)} times:\n${text}`);
        }
        // The short address leads to the report form, in the poster's language.
        await open(page, shortPath);
        await page.waitForURL((url) => url.pathname === `${prefix}report/`, { timeout: 10_000 });
      }
    } finally {
      await context.close();
    }
  });
}

test('the page counter tells one sheet from two, and the text check counts (so the poster test can fail)', async () => {
  const { context } = await newContext(browser);
  const page = await context.newPage();
  try {
    await page.setContent('<p style="height: 400mm">tall</p>');
    const pdf = await page.pdf({ format: 'A4' });
    assert.equal(pdfPageCount(pdf), 2);
    assert.ok(isSheet(pdf, SHEETS.a4) && !isSheet(pdf, SHEETS.a5));
    await page.setContent('<style>a::after { content: " (" attr(href) ")"; }</style><a href="https://x.example/r/a">x.example/r/a</a>');
    const file = join(DIR, 'twice.pdf');
    writeFileSync(file, await page.pdf({ format: 'A5' }));
    assert.equal(occurrences(printedText(file), 'x.example/r/a'), 2);
  } finally {
    await context.close();
  }
});
