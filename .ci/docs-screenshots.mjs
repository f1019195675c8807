// The screenshots in docs/screenshots/: node docs-screenshots.mjs --base URL --out DIR name=path ...
// Each page at 1280 px (desktop) and 390 px (phone emulation, cut at 1700 px), light scheme;
// a name with "-dark" in it is taken in the dark colour scheme at 390 px only.
// Run through .ci/docs-screenshots.sh, which serves the site.
import { join } from 'node:path';
import { launch, open } from './browser.mjs';

const argv = process.argv.slice(2);
let base = '', out = '';
const shots = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--base') base = argv[++i];
  else if (argv[i] === '--out') out = argv[++i];
  else { const [name, path] = argv[i].split('='); shots.push({ name, path }); }
}
const widths = [
  { w: 1280, opts: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 } },
  { w: 390, opts: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 } },
];
let failed = 0;
for (const { w, opts } of widths) {
  for (const scheme of ['light', 'dark']) {
    const list = shots.filter((s) => s.name.includes('-dark') === (scheme === 'dark'));
    if (!list.length || (scheme === 'dark' && w !== 390)) continue;
    const { context, close } = await launch({ ...opts, colorScheme: scheme });
    try {
      for (const s of list) {
        const { page, status } = await open(context, new URL(s.path.replace(/^\//, ''), base + '/').href);
        if (status >= 400) { failed++; console.log(`${s.path}: HTTP ${status}`); continue; }
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const file = join(out, `${s.name}-${w}.png`);
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: w, height: w < 600 ? Math.min(height, 1700) : height } });
        console.log(file);
        await page.close();
      }
    } finally { await close(); }
  }
}
process.exitCode = failed ? 1 : 0;
