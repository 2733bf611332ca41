// Headless Chromium (the distribution's, through the DevTools protocol):
// which requests of a page make it ask for a password?
//   node browser.mjs ORIGIN OTHER_ORIGIN PATH
// Loads ORIGIN/promptpage/page.html, which sends fetch, XHR (with
// X-Requested-With), <img>, <script> and a credentialed cross-origin fetch
// to PATH; then navigates to PATH itself. Fetch.authRequired is the event
// Chromium raises where a user would see its sign-in dialog (every one is
// cancelled). Prints {"prompted":[urls...],"page":{...},"navigation":...}.
import puppeteer from 'puppeteer-core';

const [origin, other, path] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const out = { prompted: [] };
try {
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Fetch.enable', { handleAuthRequests: true, patterns: [{ urlPattern: '*' }] });
  cdp.on('Fetch.requestPaused', (e) => cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {}));
  cdp.on('Fetch.authRequired', (e) => {
    out.prompted.push(new URL(e.request.url).pathname);
    cdp.send('Fetch.continueWithAuth', { requestId: e.requestId,
      authChallengeResponse: { response: 'CancelAuth' } }).catch(() => {});
  });
  await page.goto(`${origin}/promptpage/page.html?base=${encodeURIComponent(path)}&other=${encodeURIComponent(other)}`);
  out.page = await page.evaluate(() => window.done);
  const nav = await page.goto(`${origin}${path}/nav.txt`);
  out.navigation = nav ? nav.status() : null;
} catch (e) {
  out.error = String(e.message || e);
}
await browser.close();
console.log(JSON.stringify(out));
