// Theme checks (see theme-check.sh). node theme-check.mjs --base URL page...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, open } from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE_SRC = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const argv = process.argv.slice(2);
let base = '';
const pages = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--base') base = argv[++i];
  else pages.push(argv[i].replace(/^\//, ''));
}

let errors = 0;
const fail = (page, what) => { errors++; console.log(`${page}: error: ${what}`); };
const local = (u) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(u).hostname) || /^(data|blob):/.test(u);

async function pass(name, contextOptions, check) {
  const { context, close } = await launch(contextOptions);
  context.on('request', (req) => {
    if (!local(req.url())) fail(req.frame()?.url?.() || '?', `${name}: request leaves the site: ${req.url()}`);
  });
  try {
    for (const p of pages) {
      let page;
      try {
        const r = await open(context, new URL(p, base + '/').href, { idle: false });
        page = r.page;
        if (r.status >= 400) throw new Error(`HTTP ${r.status}`);
        await check(p, page);
      } catch (e) {
        fail(p, `${name}: ${String(e.message || e).split('\n')[0]}`);
      } finally {
        if (page) await page.close().catch(() => {});
      }
    }
  } finally {
    await close();
  }
}

async function main() {
  // Dark palette: the full WCAG rule set again, with the dark colour scheme.
  await pass('dark mode', { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }, async (p, page) => {
    const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
    if (!dark) throw new Error('dark colour scheme not emulated');
    await page.evaluate(AXE_SRC);
    const res = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
    for (const v of res.violations) {
      for (const n of v.nodes) fail(p, `dark mode: ${v.id}: ${v.help} -> ${n.target.join(' ')}`);
    }
    const h1 = await page.evaluate(() => document.querySelectorAll('h1').length);
    if (h1 !== 1) fail(p, `${h1} <h1> elements (want exactly one)`);
  });
  // The narrowest phone: the page itself must not scroll sideways.
  await pass('320 px', { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true }, async (p, page) => {
    const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    if (w.scroll > w.client) {
      const wide = await page.evaluate((limit) => [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > limit + 0.5 && !el.closest('.table-scroll, .chart-scroll, pre'))
        .slice(0, 3).map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')), w.client);
      fail(p, `320 px: page is ${w.scroll}px wide (scrolls sideways); widest: ${wide.join(', ')}`);
    }
  });
  console.log(`errors=${errors} warnings=0 files=${pages.length}`);
  process.exitCode = errors ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('errors=1 warnings=0 files=0 tool_failure=1');
  process.exitCode = 2;
});
