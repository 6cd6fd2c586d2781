// Quick exit: the button and three presses of Shift leave for the neutral site (exit_url, here
// answered by a tiny local stand-in so nothing leaves the machine) and replace the campaign
// page in the history, so Back does not return to it. Without JavaScript the button is a link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, EXIT_URL, PHONE, launch, newContext, open } from './helpers.mjs';

const EXIT = new URL(EXIT_URL);
const NEUTRAL = '<!doctype html><html lang="en"><head><title>Weather</title></head><body><h1>Weather</h1></body></html>';
const FIRST = '/'; // page A: opened first
const CAMPAIGN = '/taxi-drivers/'; // page B: the one left by quick exit
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A page in a fresh context whose requests to the exit site get NEUTRAL; returns those requests. */
async function setUp(options = {}) {
  const { context, foreign } = await newContext(browser, { viewport: PHONE, ...options });
  const page = await context.newPage();
  const exits = [];
  await page.route(`${EXIT.origin}/**`, (route) => {
    exits.push({ url: route.request().url(), referer: route.request().headers().referer });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL });
  });
  return { context, page, exits, foreign };
}

/** Opens A then B, runs `leave` on B, and checks where the tab went and where Back goes. */
async function leaveAndGoBack(leave) {
  const { context, page, exits, foreign } = await setUp();
  try {
    await open(page, FIRST);
    await open(page, CAMPAIGN);
    const historyBefore = await page.evaluate(() => history.length);
    await leave(page);
    await page.waitForURL(EXIT.href, { timeout: 10_000 });
    assert.equal(await page.title(), 'Weather');
    assert.equal(exits.length, 1, `requests to the exit site: ${JSON.stringify(exits)}`);
    assert.equal(exits[0].referer, undefined, 'the neutral site was told where the visitor came from');
    assert.equal(await page.evaluate(() => history.length), historyBefore,
      'leaving added a history entry instead of replacing the campaign page');

    await page.goBack({ waitUntil: 'load' });
    const back = page.url();
    assert.notEqual(back, BASE_URL + CAMPAIGN, 'Back returned to the page that was left');
    assert.equal(back, BASE_URL + FIRST, 'Back should go to the page before the one left');
    assert.deepEqual(foreign, []);
  } finally {
    await context.close();
  }
}

test('the quick-exit button leaves for the neutral site and Back does not return', async () => {
  await leaveAndGoBack(async (page) => {
    await page.locator('.exit-this-page__button').click();
  });
});

test('the quick-exit button works from the keyboard (Tab to it, Enter)', async () => {
  await leaveAndGoBack(async (page) => {
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'exit-this-page__button');
    await page.keyboard.press('Enter');
  });
});

test('three presses of Shift leave for the neutral site and Back does not return', async () => {
  await leaveAndGoBack(async (page) => {
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift');
    }
  });
});

test('two presses of Shift, or Shift interrupted by typing, do not leave', async () => {
  const { context, page, exits } = await setUp();
  try {
    await open(page, CAMPAIGN);
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('a');
    await page.keyboard.press('Shift');
    // Give a wrongly triggered exit time to start; then nothing must have gone out.
    await page.waitForTimeout(500);
    assert.equal(page.url(), BASE_URL + CAMPAIGN);
    assert.deepEqual(exits, []);
  } finally {
    await context.close();
  }
});

test('without JavaScript the quick-exit button is a link to the neutral site', async () => {
  const { context, page, exits, foreign } = await setUp({ javaScriptEnabled: false });
  try {
    await open(page, FIRST);
    await open(page, CAMPAIGN);
    await page.locator('.exit-this-page__button').click();
    await page.waitForURL(EXIT.href, { timeout: 10_000 });
    assert.equal(await page.title(), 'Weather');
    assert.equal(exits.length, 1);
    assert.equal(exits[0].referer, undefined, 'the neutral site was told where the visitor came from');
    assert.deepEqual(foreign, []);
  } finally {
    await context.close();
  }
});
