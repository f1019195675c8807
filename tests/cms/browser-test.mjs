// Opens the web editor of a site served by `alianse serve` in headless
// Chromium, offline, with Sveltia CMS's `test-repo` backend, and edits a news
// item through the CMS's own interface. Run by tests/cms_editor.rs, which prepares
// the site (a copy of tests/fixtures/cms with the CMS script self-hosted) and
// starts the server; the test then builds the saved file.
//
//   node browser-test.mjs --url http://127.0.0.1:PORT/ --site DIR --shots DIR [--list-only yes]
//
// Steps (each printed as `step: …`; the last line is `result: ok` or the error):
//  1. Fill the browser's origin-private file system (where the test-repo
//     backend keeps its files) with the site's content/ folder.
//  2. Open /admin/ with config.yml's backend replaced by `test-repo`. Every
//     request to another host is blocked (the CMS's update check and its
//     fonts on cdn.jsdelivr.net); the site self-hosts the fonts (`fonts:`,
//     copied from their npm packages by the test), and they must load.
//  3. Sign in, and check that every collection is listed with its label
//     (the labels are read from the served config.yml); print their entry
//     counts. With --list-only, stop here.
//  4. Open a news item, change its title, save; read the saved file back from
//     the file system and write it into DIR/content (for the test to build).
//  5. Create a news item in both languages (its file name must be the title
//     in alianse's slug form), then edit a member's English name in
//     members.yaml and one score of a report; each saved file is copied.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const base = new URL(args.url);
const site = args.site;
const shots = args.shots;
const newTitle = args.title || 'Alianse: jauns birojs Rīgas centrā';
const newItem = 'Ģimeņu atbalsta ziņojums: 2025';
const newItemEnglish = 'Family support report: 2025';
const newMemberName = args.member || 'New Association of Latgale';

const step = (text) => console.log(`step: ${text}`);
const problems = [];

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'alianse-cms-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 800 },
    locale: 'lv-LV',
    timeout: 60000,
  });
  try {
    await run(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function route(context) {
  await context.route('**/*', async (r) => {
    const url = new URL(r.request().url());
    if (url.host === base.host) {
      if (url.pathname.endsWith('/admin/config.yml')) {
        const response = await r.fetch();
        const text = (await response.text()).replace(/^backend:\n(?: {2}.*\n)+/m, 'backend:\n  name: test-repo\n');
        return r.fulfill({ response, body: text });
      }
      return r.continue();
    }
    if (url.protocol === 'data:' || url.protocol === 'blob:') return r.continue();
    return r.abort('blockedbyclient');
  });
}

async function fillFileSystem(page) {
  const files = filesUnder(join(site, 'content'))
    .filter((f) => !f.includes('/static/admin/'))
    .map((f) => ({ path: relative(site, f), data: readFileSync(f).toString('base64') }));
  await page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    const repo = await root.getDirectoryHandle('sveltia-cms-test', { create: true });
    for (const { path, data } of files) {
      const parts = path.split('/');
      let dir = repo;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const handle = await dir.getFileHandle(parts.at(-1), { create: true });
      const writable = await handle.createWritable();
      await writable.write(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
      await writable.close();
    }
  }, files);
  return files.length;
}

async function readSaved(page, path) {
  return page.evaluate(async (path) => {
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('sveltia-cms-test');
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    return (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
  }, path);
}

async function listFolder(page, path) {
  return page.evaluate(async (path) => {
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('sveltia-cms-test');
    for (const part of path.split('/')) dir = await dir.getDirectoryHandle(part);
    const names = [];
    for await (const name of dir.keys()) names.push(name);
    return names.sort();
  }, path);
}

// Waits until the CMS has written `text` into `path`, then copies the file
// into the site folder on disk.
async function saveAndCopy(page, path, text) {
  let saved = '';
  for (let i = 0; i < 50 && !saved.includes(text); i += 1) {
    await page.waitForTimeout(200);
    saved = await readSaved(page, path).catch(() => '');
  }
  if (!saved.includes(text)) throw new Error(`${path} was not saved with ${text}:\n${saved}`);
  writeFileSync(join(site, path), saved);
  step(`saved ${path}:\n${saved.split('\n').map((l) => `    ${l}`).join('\n')}`);
}

async function run(context) {
  await route(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    // Blocked requests (update check, other fonts) are expected offline.
    if (m.type() === 'error' && !/ERR_BLOCKED_BY_CLIENT|Failed to load resource|Failed to fetch/.test(text)) {
      problems.push(`console error: ${text}`);
    }
  });
  await page.goto(new URL('robots.txt', base).href);
  step(`filled the test repository with ${await fillFileSystem(page)} files`);

  await page.goto(new URL('admin/', base).href, { waitUntil: 'load' });
  const signIn = page.getByRole('button', { name: /test/i });
  await signIn.first().click({ timeout: 30000 });
  step('signed in with the test-repo backend');

  const config = await (await fetch(new URL('admin/config.yml', base))).text();
  const labels = [...config.matchAll(/^- name: .*\n {2}label: (.*)$/gm)].map((m) => m[1].replace(/^'|'$/g, ''));
  for (const label of labels) {
    await page.getByText(label, { exact: true }).first().waitFor({ timeout: 30000 });
  }
  step(`the CMS lists every collection: ${labels.join(' | ')}`);
  const counts = (await page.locator('body').ariaSnapshot()).split('\n')
    .map((l) => l.match(/treeitem "(.*)" \[level=1\].*: .* (\d+)$/)).filter(Boolean)
    .map((m) => `${m[1]}: ${m[2]}`);
  step(`entries: ${counts.join(' | ')}`);
  const admin = await (await fetch(new URL('admin/', base))).text();
  if (admin.includes('@font-face')) {
    const wanted = ['Material Symbols Outlined', 'Source Sans 3'];
    let loaded = [];
    for (let i = 0; i < 50 && !wanted.every((f) => loaded.includes(f)); i += 1) {
      await page.waitForTimeout(200);
      loaded = await page.evaluate(() => [...document.fonts]
        .filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')));
    }
    for (const family of wanted) {
      if (!loaded.includes(family)) throw new Error(`the self-hosted font ${family} did not load (loaded: ${loaded})`);
    }
    step(`the self-hosted fonts loaded: ${[...new Set(loaded)].join(', ')}`);
  }
  if (args['list-only']) {
    if (problems.length) throw new Error(problems.join('\n'));
    return;
  }

  // The news section: open the item, change its title, save.
  await page.getByText('Jaunumi · News', { exact: true }).first().click();
  await page.getByText('Alianse: jauns birojs Rīgā').first().click();
  const title = page.getByRole('textbox').first();
  await title.waitFor({ timeout: 30000 });
  await title.fill(newTitle);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, 'cms-news-1280.png') });
  await page.getByRole('button', { name: /saglabāt|save/i }).first().click();
  await saveAndCopy(page, 'content/jaunumi/2024-jauns-birojs.md', newTitle);
  // `serve` rebuilds on the save; the page shows the new title.
  const pageUrl = new URL('jaunumi/2024-jauns-birojs/', base).href;
  let html = '';
  for (let i = 0; i < 100 && !html.includes(newTitle); i += 1) {
    await page.waitForTimeout(100);
    html = await (await fetch(pageUrl)).text();
  }
  if (!html.includes(newTitle)) throw new Error(`${pageUrl} does not show the new title after the save`);
  step(`serve rebuilt ${pageUrl} with the new title`);

  // A new news item: the file name is the title in alianse's slug form,
  // the date is today's.
  await page.goto(new URL('admin/#/collections/section-jaunumi/new', base).href);
  await page.getByRole('textbox', { name: /Virsraksts · Title/ }).first().fill(newItem, { timeout: 30000 });
  await page.getByRole('radio', { name: 'English' }).first().click();
  await page.getByRole('textbox', { name: /Virsraksts · Title/ }).first().fill(newItemEnglish);
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: /saglabāt|save/i }).first().click();
  const slug = 'gimenu-atbalsta-zinojums-2025';
  await saveAndCopy(page, `content/jaunumi/${slug}.md`, newItem);
  await saveAndCopy(page, `content/jaunumi/${slug}.en.md`, newItemEnglish);

  // A member: open the list, change a member's English name, save.
  await page.goto(new URL('admin/#/collections/data/entries/members', base).href);
  await page.getByRole('button', { name: /expand all/i }).first().click({ timeout: 30000 });
  const name = page.getByRole('group', { name: /Nosaukums · Name/ }).first().getByRole('textbox', { name: 'en' });
  await name.fill(newMemberName);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, 'cms-member-1280.png') });
  await page.getByRole('button', { name: /saglabāt|save/i }).first().click();
  await saveAndCopy(page, 'content/data/members.yaml', newMemberName);

  // A report: change one dimension's score, save.
  await page.goto(new URL('admin/#/collections/reports', base).href);
  await page.getByRole('row', { name: '2022' }).first().click({ timeout: 30000 });
  // Fields below the fold are drawn once they scroll into view.
  await page.getByRole('spinbutton', { name: /Gads · Year/ }).first().waitFor({ timeout: 30000 });
  const score = page.getByRole('group', { name: /Interešu aizstāvība · Advocacy/ }).first().getByRole('spinbutton').first();
  for (let i = 0; i < 40 && !(await score.count()); i += 1) {
    await page.mouse.move(300, 500);
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(200);
  }
  await score.fill('2.1', { timeout: 30000 });
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: /saglabāt|save/i }).first().click();
  await saveAndCopy(page, 'content/data/reports/2022.yaml', '2.1');

  if (problems.length) throw new Error(problems.join('\n'));
}

mkdirSync(shots, { recursive: true });
main().then(
  () => console.log('result: ok'),
  (e) => {
    console.log(`result: failed: ${e.message}`);
    process.exit(1);
  },
);
