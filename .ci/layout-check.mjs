// Layout check (see layout-check.sh): every page at 320, 360, 768 and 1280 px in headless
// Chromium. An error is
//   - the page scrolling sideways (document wider than the window);
//   - a visible element whose box reaches past the right edge of the window;
//   - a box that clips or scrolls its content sideways (scrollWidth > clientWidth with
//     overflow other than visible), except the 1 px visually-hidden helper;
//   - chart text (SVG <text>) outside its chart, or smaller than 12 px.
// With --shots DIR, a full-page PNG of every page at every width is written there.
// node layout-check.mjs --base URL [--shots DIR] [--widths 320,360,768,1280] page...
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open } from './browser.mjs';

const argv = process.argv.slice(2);
let base = '';
let shots = '';
let widths = [320, 360, 768, 1280];
const pages = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--base') base = argv[++i];
  else if (argv[i] === '--shots') shots = argv[++i];
  else if (argv[i] === '--widths') widths = argv[++i].split(',').map(Number);
  else pages.push(argv[i].replace(/^\//, ''));
}
if (shots) mkdirSync(shots, { recursive: true });

let errors = 0;
const fail = (page, width, what) => { errors++; console.log(`${page} @${width}px: error: ${what}`); };

// Runs in the page: a list of problems.
function findProblems() {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = typeof el.className === 'string' ? el.className : (el.className && el.className.baseVal) || '';
    if (cls.trim()) s += '.' + cls.trim().split(/\s+/).slice(0, 2).join('.');
    const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return text ? `${s} ("${text}")` : s;
  };
  // Hidden on purpose: in a closed <details>, invisible, or inside a 1 px clipped box (the
  // visually-hidden pattern, which keeps text for screen readers).
  const hidden = (el) => {
    if (el.closest('[hidden], .visually-hidden, details:not([open]) > :not(summary)')) return true;
    if (getComputedStyle(el).visibility === 'hidden') return true;
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflow !== 'visible' && (a.clientWidth <= 1 || a.clientHeight <= 1)) return true;
    }
    return false;
  };
  const de = document.documentElement;
  if (de.scrollWidth > vw) out.push(`the page scrolls sideways: ${de.scrollWidth}px wide in a ${vw}px window`);
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (hidden(el)) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.position === 'fixed') continue;
    if (r.right > vw + 0.5 && r.left < vw) out.push(`${name(el)} reaches ${Math.round(r.right)}px, past the ${vw}px window`);
    if (['hidden', 'clip', 'auto', 'scroll'].includes(cs.overflowX) && el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1) {
      out.push(`${name(el)} clips or scrolls its content: ${el.scrollWidth}px in ${el.clientWidth}px (overflow-x: ${cs.overflowX})`);
    }
  }
  for (const svg of document.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    for (const t of svg.querySelectorAll('text')) {
      if (getComputedStyle(t).display === 'none') continue;
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
        out.push(`chart text "${t.textContent}" is outside its chart (${Math.round(r.left)}–${Math.round(r.right)}px of ${Math.round(box.left)}–${Math.round(box.right)}px)`);
      }
      const size = parseFloat(getComputedStyle(t).fontSize);
      if (size < 12) out.push(`chart text "${t.textContent}" is ${size}px (want at least 12 px)`);
    }
  }
  return out;
}

async function main() {
  for (const width of widths) {
    const mobile = width < 768;
    const { context, close } = await launch(mobile
      ? { viewport: { width, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 }
      : { viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    try {
      for (const p of pages) {
        let page;
        try {
          const r = await open(context, new URL(p, base + '/').href, { idle: false });
          page = r.page;
          if (r.status >= 400) throw new Error(`HTTP ${r.status}`);
          const problems = await page.evaluate(findProblems);
          for (const what of problems.slice(0, 8)) fail(p, width, what);
          if (problems.length > 8) fail(p, width, `… and ${problems.length - 8} more`);
          if (shots) {
            const slug = (p.replace(/index\.html$/, '').replace(/\/$/, '') || 'home').replace(/[^A-Za-z0-9._-]+/g, '_');
            await page.screenshot({ path: join(shots, `${slug}-${width}.png`), fullPage: true, animations: 'disabled' });
          }
        } catch (e) {
          fail(p, width, String(e.message || e).split('\n')[0]);
        } finally {
          if (page) await page.close().catch(() => {});
        }
      }
    } finally {
      await close();
    }
  }
  console.log(`errors=${errors} warnings=0 files=${pages.length} widths=${widths.join(',')}`);
  process.exitCode = errors ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('errors=1 warnings=0 files=0 tool_failure=1');
  process.exitCode = 2;
});
