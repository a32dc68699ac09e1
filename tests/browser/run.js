#!/usr/bin/env node
/*
 * Browser tests of the progress page (/dashboard, the Teams tab "Fremdrift") in headless
 * Chromium (Debian's; CHROMIUM=/path for another), driven by playwright-core — and, with
 * --screenshots, the page's pictures for the README (docs/screenshots/dashboard-*.png).
 *
 *   node tests/browser/run.js                 (make browser)
 *   node tests/browser/run.js --screenshots   (make screenshots)
 *
 * It starts, all on loopback: a fake Entra key endpoint serving a test RSA key as the tenant's
 * signing keys, a fake Bot Connector that records the bot's replies, and the bot itself
 * (serve.py: the example organisation and its 2019 check-ins in a fresh SQLite database, once in
 * anonymous local mode and once with an app id and Teams SSO). Every request the page makes
 * beyond loopback is refused and fails the run: a Teams tab in a locked-down tenant reaches no
 * CDN. Inside Teams the page gets its token from the Teams JS SDK; here that SDK is replaced by a
 * stub that hands over the token the test made.
 *
 * The checks:
 *   charts    every goal's panel has its chart with a point per week of the seeded data
 *   chat      status and coverage on the page are the chat's "fremdrift" answer, word for word
 *   keyboard  Tab reaches every panel; the arrow keys walk a chart's weeks, read out
 *   axe       axe-core: no serious or critical violation (da, en; laptop, side panel; dark)
 *   sso       a token signed by the tenant's key opens the page (the admin gets the per-unit
 *             export); a forged, wrong-audience, expired or other-tenant token gets nothing
 *   assets    the Teams JS SDK the bot serves is @microsoft/teams-js from npm, unchanged
 *   review    the strategy office's review loop (/dashboard/review): a question the bot cannot
 *             answer is listed; attached to an entry by keyboard, the chat answers it with the
 *             entry; in the Teams tab an admin attaches with the token and the other server (a
 *             replica with its own engine) answers within its refresh; a non-admin sees no
 *             question; axe-core on the page
 * The closing line is "browser: N passed, N failed"; exit code 1 when a check failed.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { chromium } = require('playwright-core');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const PYTHON = process.env.PYTHON || path.join(ROOT, '.venv', 'bin', 'python');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'docs', 'screenshots');
const APP_ID = '5f0c6a3e-1b2d-4c8e-9f10-2a3b4c5d6e7f';
const TENANT = '7d8e9f10-1111-4222-8333-944455566677';
const OTHER_TENANT = '00000000-9999-4999-8999-999999999999';
const ADMIN = 'admin@ltk.example';
const LEADER = 'ole.thomsen@ltk.example';
const LAPTOP = { width: 1280, height: 800 };
const SIDE_PANEL = { width: 320, height: 800 };
const REVIEW_REFRESH_SECONDS = 0.5;
const CANTEEN = 'hvad er kantinens åbningstider?';
const WEEKEND = 'har kantinen åbent i weekenden?';
const CORE_TASK = 'Kerneopgaven blev defineret';  // the entry core-task's answer begins so
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// ------------------------------------------------------------------ tokens and fake servers

function b64u(data) { return Buffer.from(data).toString('base64url'); }

function signToken(claims, privateKey, kid) {
  const head = b64u(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64u(JSON.stringify(claims));
  const signer = crypto.createSign('RSA-SHA256');
  signer.update(`${head}.${body}`);
  return `${head}.${body}.${b64u(signer.sign(privateKey))}`;
}

function claims(overrides) {
  const now = Math.floor(Date.now() / 1000);
  return Object.assign({
    aud: APP_ID, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT,
    iat: now - 10, nbf: now - 10, exp: now + 3600, ver: '2.0', scp: 'access_as_user',
    preferred_username: ADMIN, name: 'Test Admin', oid: crypto.randomUUID(),
  }, overrides || {});
}

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function readBody(request) {
  return new Promise((resolve) => {
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function fakeConnector() {
  const posted = [];
  const server = await listen(async (request, response) => {
    const body = await readBody(request);
    if (request.method === 'POST' && /\/activities/.test(request.url)) {
      try { posted.push(JSON.parse(body)); } catch (ignored) { /* typing etc. */ }
    }
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ id: `reply-${posted.length}` }));
  });
  return { server, posted, url: `http://127.0.0.1:${server.address().port}/` };
}

function startBot(db, keysUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [path.join(HERE, 'serve.py'), '--db', db, '--keys-url', keysUrl,
      '--app-id', APP_ID, '--tenant', TENANT, '--admin', ADMIN,
      '--review-refresh', String(REVIEW_REFRESH_SECONDS)], {
      cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'],
      env: Object.assign({}, process.env, { LOG_LEVEL: 'WARNING', LOG_FORMAT: 'text' }),
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the bot did not start:\n${err}`)), 60000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) { clearTimeout(timer); resolve({ child, urls: JSON.parse(line), log: () => err }); }
    });
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve.py exited ${code}:\n${err}`)); });
  });
}

// ------------------------------------------------------------------ the browser

const TEAMS_STUB = `window.microsoftTeams = {
  app: {
    initialize: function () { return Promise.resolve(); },
    getContext: function () {
      return Promise.resolve({ app: { locale: window.__locale || 'da-dk', theme: window.__theme || 'default' } });
    },
    registerOnThemeChangeHandler: function () {}
  },
  authentication: {
    getAuthToken: function () {
      return window.__token ? Promise.resolve(window.__token) : Promise.reject(new Error('no token'));
    }
  }
};`;

async function newPage(browser, viewport, options) {
  const opts = options || {};
  const context = await browser.newContext({ viewport, bypassCSP: Boolean(opts.bypassCSP),
    locale: opts.locale || 'da-DK' });
  const outside = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (opts.teamsStub && /\/dashboard\/static\/vendor\/MicrosoftTeams\.min\.js/.test(url)) {
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: TEAMS_STUB });
    }
    if (/^https?:\/\/127\.0\.0\.1[:/]/.test(url) || url.startsWith('data:') || url.startsWith('blob:')) {
      return route.continue();
    }
    outside.push(url);
    return route.abort();
  });
  if (opts.token !== undefined) {
    await context.addInitScript(`window.__token = ${JSON.stringify(opts.token)}; window.__locale = ${JSON.stringify(opts.teamsLocale || 'da-dk')};`);
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  return { context, page, outside, errors };
}

// ------------------------------------------------------------------ the checks

const results = [];

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - started });
    process.stdout.write(`  ok    ${name} (${Date.now() - started} ms)\n`);
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - started, error: String(error && error.stack || error) });
    process.stdout.write(`  FAIL  ${name}\n${String(error && error.stack || error).replace(/^/gm, '        ')}\n`);
  }
}

function assert(condition, message) { if (!condition) throw new Error(message); }

async function json(url, headers) {
  const response = await fetch(url, { headers: headers || {} });
  return { status: response.status, body: await response.json() };
}

async function chatAnswer(base, connector, text, locale) {
  const before = connector.posted.length;
  const activity = {
    type: 'message', id: `browser-${Date.now()}`, timestamp: new Date().toISOString(),
    serviceUrl: connector.url, channelId: 'msteams',
    from: { id: '29:browser-user', name: 'Browser' }, recipient: { id: '28:strategibot', name: 'strategibot' },
    conversation: { id: 'a:browser-personal', conversationType: 'personal', tenantId: TENANT },
    text, textFormat: 'plain', locale, entities: [{ type: 'clientInfo', locale }],
    channelData: { tenant: { id: TENANT } },
  };
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity),
  });
  assert(response.status < 300, `/api/messages answered ${response.status}`);
  for (let i = 0; i < 100 && connector.posted.length === before; i += 1) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const reply = connector.posted.slice(before).find((a) => a.type === 'message');
  assert(reply, 'the bot did not answer "fremdrift"');
  const card = reply.attachments[0].content;
  return card.body.filter((b) => b.type === 'TextBlock').map((b) => b.text);
}

async function panelStatuses(page) {
  return page.$$eval('section.goal', (sections) => sections.map((s) => ({
    goal: s.getAttribute('data-goal'),
    status: s.querySelector('.status-line .status').textContent.replace(/^\s*\S\s+/, '').trim(),
    points: s.querySelectorAll('svg.chart.line circle.point').length,
    chart: Boolean(s.querySelector('svg.chart.line[role="img"] title')),
  })));
}

async function tests(browser, bot, connector, keys) {
  const anon = bot.urls.anonymous;
  const sso = bot.urls.sso;
  const data = { da: (await json(`${anon}/dashboard/data.json?lang=da`)).body,
    en: (await json(`${anon}/dashboard/data.json?lang=en`)).body };

  await check('charts: every goal has its chart, a point per week of the seeded data', async () => {
    const { page, outside, errors, context } = await newPage(browser, LAPTOP);
    const started = Date.now();
    await page.goto(`${anon}/dashboard?lang=da`);
    const loaded = Date.now() - started;
    const panels = await panelStatuses(page);
    assert(panels.length === data.da.goals.length, `${panels.length} panels for ${data.da.goals.length} goals`);
    for (const goal of data.da.goals) {
      const panel = panels.find((p) => p.goal === goal.id);
      assert(panel && panel.chart, `${goal.id}: no chart`);
      const weeks = goal.weeks.filter((w) => w.value !== null).length;
      assert(weeks > 10, `${goal.id}: only ${weeks} weeks of data`);
      assert(panel.points === weeks, `${goal.id}: ${panel.points} points for ${weeks} weeks`);
    }
    assert(outside.length === 0, `requests beyond loopback: ${outside.join(', ')}`);
    assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
    process.stdout.write(`        page loaded in ${loaded} ms\n`);
    await context.close();
  });

  for (const lang of ['da', 'en']) {
    await check(`chat: status and coverage are the "fremdrift" answer's (${lang})`, async () => {
      const lines = await chatAnswer(anon, connector, lang === 'da' ? 'fremdrift' : 'progress',
        lang === 'da' ? 'da-DK' : 'en-US');
      const { page, context } = await newPage(browser, LAPTOP);
      await page.goto(`${anon}/dashboard?lang=${lang}`);
      const panels = await panelStatuses(page);
      const coverage = await page.$$eval('table.overview tbody tr', (rows) => rows.map((r) => ({
        goal: r.getAttribute('data-goal'), text: r.querySelector('.coverage').textContent.trim() })));
      for (const goal of data[lang].goals) {
        const line = lines.find((l) => l.startsWith(`**${goal.title}**`));
        assert(line, `the chat has no line for ${goal.title}`);
        const shown = panels.find((p) => p.goal === goal.id).status;
        assert(shown === goal.status_text, `${goal.id}: page says "${shown}", data "${goal.status_text}"`);
        assert(line.includes(`**${shown}**`), `${goal.id}: page "${shown}", chat "${line}"`);
        const cell = coverage.find((c) => c.goal === goal.id).text;
        assert(line.includes(goal.coverage.text) && cell === goal.coverage.text,
          `${goal.id}: coverage "${cell}" / "${goal.coverage.text}" not in chat "${line}"`);
      }
      await context.close();
    });
  }

  await check('keyboard: Tab reaches every panel; arrow keys walk a chart, read out', async () => {
    const { page, context } = await newPage(browser, LAPTOP);
    await page.goto(`${anon}/dashboard?lang=da`);
    const panels = await page.$$eval('section.panel', (s) => s.map((e) => e.id));
    const reached = new Set();
    let chart = null;
    for (let i = 0; i < 600 && reached.size < panels.length; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        return { id: el.id, chart: el.matches('svg.chart.line') ? el.id : null };
      });
      if (panels.includes(focused.id)) reached.add(focused.id);
      if (!chart && focused.chart) chart = focused.chart;
    }
    const missed = panels.filter((p) => !reached.has(p));
    assert(missed.length === 0, `Tab never reached: ${missed.join(', ')}`);
    assert(chart, 'Tab never reached a chart');
    await page.focus(`#${chart}`);
    await page.keyboard.press('Home');
    await page.waitForTimeout(80);
    const first = await page.textContent('#announce');
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(80);
    const second = await page.textContent('#announce');
    assert(first && second && first !== second, `arrow keys read out "${first}" then "${second}"`);
    assert(/2019/.test(second), `a week's label names its date: "${second}"`);
    await context.close();
  });

  await check('forced colours: the charts draw in the system colours', async () => {
    const { page, context } = await newPage(browser, LAPTOP, {});
    await page.emulateMedia({ forcedColors: 'active' });
    await page.goto(`${anon}/dashboard?lang=da`);
    const drawn = await page.evaluate(() => {
      const chart = document.querySelector('svg.chart');
      const series = document.querySelector('svg.chart .series');
      const canvas = getComputedStyle(document.body).backgroundColor;
      return { adjust: getComputedStyle(chart).forcedColorAdjust,
               stroke: series ? getComputedStyle(series).stroke : null, canvas };
    });
    assert(drawn.adjust === 'none', `forced-color-adjust: ${drawn.adjust}`);
    assert(drawn.stroke && drawn.stroke !== 'none' && drawn.stroke !== drawn.canvas,
           `the series line is drawn (${drawn.stroke} on ${drawn.canvas})`);
    await context.close();
  });

  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const views = [['da', LAPTOP, 'default'], ['en', LAPTOP, 'default'], ['da', SIDE_PANEL, 'default'],
    ['en', SIDE_PANEL, 'default'], ['da', LAPTOP, 'dark'], ['da', LAPTOP, 'contrast']];
  for (const [lang, viewport, theme] of views) {
    await check(`axe: no serious or critical violation (${lang}, ${viewport.width} px, ${theme})`, async () => {
      const { page, context } = await newPage(browser, viewport, { bypassCSP: true });
      await page.goto(`${anon}/dashboard?lang=${lang}`);
      await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
      await page.evaluate(source);
      // open every <details>, so what they hide is checked too
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      const found = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      }));
      const bad = found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const others = found.violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`);
      if (others.length) process.stdout.write(`        minor/moderate: ${others.join(', ')}\n`);
      assert(bad.length === 0, bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`).join('\n'));
      await context.close();
    });
  }

  const good = signToken(claims(), keys.privateKey, 'test-key');
  await check('sso: a token signed by the tenant\'s key opens the page in the tab', async () => {
    const { page, outside, errors, context } = await newPage(browser, SIDE_PANEL,
      { teamsStub: true, token: good, teamsLocale: 'da-dk' });
    await page.goto(`${sso}/dashboard`);
    await page.waitForSelector('section.goal', { timeout: 10000 });
    const panels = await panelStatuses(page);
    assert(panels.length === data.da.goals.length, `${panels.length} panels`);
    for (const goal of data.da.goals) {
      const shown = panels.find((p) => p.goal === goal.id).status;
      assert(shown === goal.status_text, `${goal.id}: "${shown}" ≠ "${goal.status_text}"`);
    }
    const units = await page.$$eval('a.export', (links) => links.map((a) => a.href).filter((h) => /level=units/.test(h)));
    assert(units.length === 1, 'the admin is offered the per-unit export');
    assert(outside.length === 0, `requests beyond loopback: ${outside.join(', ')}`);
    assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
    await context.close();
  });

  await check('sso: the tab follows the Teams locale (en-us → English)', async () => {
    const { page, context } = await newPage(browser, SIDE_PANEL,
      { teamsStub: true, token: good, teamsLocale: 'en-us' });
    await page.goto(`${sso}/dashboard`);
    await page.waitForSelector('section.goal', { timeout: 10000 });
    const heading = await page.textContent('#overview-h');
    assert(heading === 'Overview', `heading "${heading}"`);
    await context.close();
  });

  const forger = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const refused = [
    ['a forged (another key, same key id)', signToken(claims(), forger.privateKey, 'test-key'), 401],
    ['a wrong-audience', signToken(claims({ aud: 'api://elsewhere.example/other-app' }), keys.privateKey, 'test-key'), 401],
    ['an expired', signToken(claims({ exp: Math.floor(Date.now() / 1000) - 600 }), keys.privateKey, 'test-key'), 401],
    ['another tenant\'s', signToken(claims({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }), keys.privateKey, 'test-key'), 403],
    ['an unknown-key', signToken(claims(), keys.privateKey, 'no-such-key'), 401],
  ];
  for (const [name, token, status] of refused) {
    await check(`sso: refused with ${status}, no figures: ${name} token`, async () => {
      const direct = await json(`${sso}/dashboard/data.json`, { Authorization: `Bearer ${token}` });
      assert(direct.status === status, `data.json answered ${direct.status}: ${JSON.stringify(direct.body)}`);
      assert(!direct.body.goals, 'figures leaked');
      const { page, context } = await newPage(browser, SIDE_PANEL, { teamsStub: true, token });
      await page.goto(`${sso}/dashboard`);
      await page.waitForSelector('.failed', { timeout: 10000 });
      assert(await page.$$eval('section.goal', (s) => s.length) === 0, 'panels shown');
      await context.close();
    });
  }

  await check('sso: when Teams gives no token the tab says so and shows no figures', async () => {
    const { page, context } = await newPage(browser, SIDE_PANEL, { teamsStub: true, token: '' });
    await page.goto(`${sso}/dashboard?lang=en`);
    await page.waitForSelector('.failed', { timeout: 10000 });
    const text = await page.textContent('.failed');
    assert(/could not sign you in/.test(text), `no token: "${text}"`);
    assert(await page.$$eval('section.goal', (s) => s.length) === 0, 'panels shown');
    await context.close();
  });

  await check('sso: without a token, or outside Teams, the page shows no figures', async () => {
    assert((await json(`${sso}/dashboard/content`)).status === 401, 'content without a token');
    const { page, context } = await newPage(browser, LAPTOP);  // the real SDK, not in Teams
    await page.goto(`${sso}/dashboard`);
    await page.waitForSelector('.failed', { timeout: 15000 });
    const text = await page.textContent('.failed');
    assert(/Teams/.test(text), `outside Teams: "${text}"`);
    await context.close();
  });

  await check('assets: the Teams JS SDK served is @microsoft/teams-js from npm, unchanged', async () => {
    const npm = fs.readFileSync(require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'), 'utf8')
      .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
    const served = await (await fetch(`${anon}/dashboard/static/vendor/MicrosoftTeams.min.js`)).text();
    assert(served === npm, 'src/strategibot/web/dashboard/static/vendor/MicrosoftTeams.min.js differs from node_modules: copy it again (see tests/browser/README.md)');
  });

  await review(browser, bot, connector, keys, good, source);
}

function groupOf(page, question) {
  return page.locator('li.group', { has: page.locator('h3', { hasText: question }) });
}

async function review(browser, bot, connector, keys, good, axeSource) {
  const anon = bot.urls.anonymous;
  const sso = bot.urls.sso;

  await check('review: an unanswered question, attached by keyboard, is then answered with the entry', async () => {
    const before = await chatAnswer(anon, connector, CANTEEN, 'da-DK');
    assert(!before.some((l) => l.includes(CORE_TASK)), `answered before: ${before.join(' | ')}`);
    await chatAnswer(anon, connector, 'hvem vinder champions league?', 'da-DK');
    const { page, outside, errors, context } = await newPage(browser, LAPTOP);
    await page.goto(`${anon}/dashboard/review?lang=da`);
    const group = groupOf(page, CANTEEN);
    assert(await group.count() === 1, 'the question is not on the review page');
    const select = group.locator('select[name="entry"]');
    await select.focus();
    await select.selectOption('core-task');
    await page.keyboard.press('Tab');
    const button = await page.evaluate(() => document.activeElement.textContent);
    assert(button === 'Knyt til emnet', `Tab from the entry reached "${button}"`);
    const started = Date.now();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#notice.ok', { timeout: 10000 });
    const saved = Date.now() - started;
    const notice = await page.textContent('#notice');
    assert(notice.includes(`„${CANTEEN}“ besvares nu med „Kerneopgaven“`), `the message: "${notice}"`);
    assert(await page.evaluate(() => document.activeElement.id) === 'notice', 'the message does not take focus');
    assert(await groupOf(page, CANTEEN).count() === 0, 'the question is still listed');
    const after = await chatAnswer(anon, connector, CANTEEN, 'da-DK');
    assert(after.some((l) => l.includes(CORE_TASK)), `the chat answers: ${after.join(' | ')}`);
    assert(outside.length === 0, `requests beyond loopback: ${outside.join(', ')}`);
    assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
    process.stdout.write(`        saved and shown in ${saved} ms; the next "${CANTEEN}" is answered with core-task\n`);
    await context.close();
  });

  for (const [lang, viewport] of [['da', LAPTOP], ['en', LAPTOP], ['da', SIDE_PANEL], ['en', SIDE_PANEL]]) {
    await check(`review: axe, no serious or critical violation (${lang}, ${viewport.width} px)`, async () => {
      const { page, context } = await newPage(browser, viewport, { bypassCSP: true });
      await page.goto(`${anon}/dashboard/review?lang=${lang}`);
      assert(await page.locator('li.group').count() > 0, 'no group to check');
      assert(await page.locator('table.decisions tbody tr').count() > 0, 'no decision to check');
      await page.evaluate(axeSource);
      const found = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      }));
      const bad = found.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const others = found.violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`);
      if (others.length) process.stdout.write(`        minor/moderate: ${others.join(', ')}\n`);
      assert(bad.length === 0, bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`).join('\n'));
      await context.close();
    });
  }

  await check(`review: in the Teams tab an admin attaches; the other replica answers within ${REVIEW_REFRESH_SECONDS} s`, async () => {
    const before = await chatAnswer(anon, connector, WEEKEND, 'da-DK');
    assert(!before.some((l) => l.includes(CORE_TASK)), `answered before: ${before.join(' | ')}`);
    const { page, outside, errors, context } = await newPage(browser, SIDE_PANEL,
      { teamsStub: true, token: good, teamsLocale: 'da-dk' });
    await page.goto(`${sso}/dashboard/review`);
    await page.waitForSelector('li.group', { timeout: 10000 });
    const group = groupOf(page, WEEKEND);
    assert(await group.count() === 1, 'the question is not in the tab');
    await group.locator('select[name="entry"]').selectOption('core-task');
    await group.locator('button', { hasText: 'Knyt til emnet' }).click();
    await page.waitForSelector('#notice.ok', { timeout: 10000 });
    const saved = Date.now();
    assert((await page.textContent('table.decisions')).includes(ADMIN), 'the decision does not name the admin');
    // the anonymous server is the other replica: its own engine, the same database
    let answered = null;
    while (answered === null && Date.now() - saved < 5000) {
      const lines = await chatAnswer(anon, connector, WEEKEND, 'da-DK');
      if (lines.some((l) => l.includes(CORE_TASK))) answered = Date.now() - saved;
      else await new Promise((r) => setTimeout(r, 50));
    }
    assert(answered !== null, 'the other replica never answered with the entry');
    assert(answered <= REVIEW_REFRESH_SECONDS * 1000 + 1000, `the other replica took ${answered} ms`);
    assert(outside.length === 0, `requests beyond loopback: ${outside.join(', ')}`);
    assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
    process.stdout.write(`        attached in the tab; answered on the other replica after ${answered} ms\n`);
    await context.close();
  });

  await check('review: a signed-in non-admin sees no question and cannot decide', async () => {
    const leader = signToken(claims({ preferred_username: LEADER }), keys.privateKey, 'test-key');
    const { page, context } = await newPage(browser, SIDE_PANEL, { teamsStub: true, token: leader });
    await page.goto(`${sso}/dashboard/review?lang=en`);
    await page.waitForSelector('.failed', { timeout: 10000 });
    assert(await page.locator('li.group').count() === 0, 'questions shown to a non-admin');
    const text = await page.textContent('.failed');
    assert(/admins/.test(text), `the page says "${text}"`);
    const response = await fetch(`${sso}/dashboard/review/out-of-scope`, {
      method: 'POST', headers: { Authorization: `Bearer ${leader}`, Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded' }, body: 'key=' + '0'.repeat(40) });
    assert(response.status === 403, `a non-admin's decision answered ${response.status}`);
    await context.close();
  });
}

async function screenshots(browser, bot) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const shots = [['da', LAPTOP, 'laptop', 1500], ['en', LAPTOP, 'laptop', 1500],
    ['da', SIDE_PANEL, 'side-panel', 1700], ['en', SIDE_PANEL, 'side-panel', 1700]];
  for (const [lang, viewport, name, height] of shots) {
    const { page, context } = await newPage(browser, { width: viewport.width, height });
    await page.goto(`${bot.urls.anonymous}/dashboard?lang=${lang}`);
    const file = path.join(SHOTS, `dashboard-${lang}-${name}.png`);
    await page.screenshot({ path: file });
    process.stdout.write(`  ${path.relative(ROOT, file)}\n`);
    await context.close();
  }
}

async function main() {
  const onlyShots = process.argv.includes('--screenshots');
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'strategibot-browser-'));
  const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = Object.assign(keys.publicKey.export({ format: 'jwk' }), { kid: 'test-key', use: 'sig', alg: 'RS256' });
  const keyServer = await listen((request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  const connector = await fakeConnector();
  let bot = null;
  let browser = null;
  try {
    bot = await startBot(path.join(work, 'bot.db'), `http://127.0.0.1:${keyServer.address().port}/discovery/v2.0/keys`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    if (onlyShots) await screenshots(browser, bot);
    else await tests(browser, bot, connector, keys);
  } catch (error) {
    results.push({ name: 'setup', ok: false, error: String(error && error.stack || error) });
    process.stdout.write(`  FAIL  setup\n${String(error && error.stack || error)}\n`);
  } finally {
    if (browser) await browser.close();
    if (bot) { bot.child.stdin.end(); bot.child.kill('SIGTERM'); }
    keyServer.close();
    connector.server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok).length;
  if (!onlyShots || failed) {
    process.stdout.write(`browser: ${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  process.exit(failed ? 1 : 0);
}

main();
