#!/usr/bin/env node
'use strict';
/*
 * strategibot end to end in the Microsoft 365 Agents Playground (the offline Teams emulator).
 *
 *   bash tests/e2e/run_e2e.sh            (or: node tests/e2e/run.js [scenario-id-or-substring …])
 *
 * 1. starts `strategibot serve` on 127.0.0.1:3978 (anonymous mode, a fresh SQLite database in a
 *    temporary folder, the example organisation) and waits for /readyz;
 * 2. starts the playground (`agentsplayground -e http://127.0.0.1:3978/api/messages -c msteams
 *    --disable-telemetry`, mock Teams context from playground.yml) and waits for port 56150;
 * 3. opens its UI in the system's headless Chromium (playwright-core; never a downloaded
 *    browser; every request to a host other than this machine is aborted);
 * 4. runs the scenarios of scenarios.js one after another, a screenshot of each step in
 *    tests/e2e/artifacts/ (with the bot's and the playground's logs);
 * 5. stops everything — also on a failure, an exception or Ctrl-C — and exits 1 if any
 *    scenario failed (an expected failure does not count).
 *
 * Environment: STRATEGIBOT_BIN (default .venv/bin/strategibot), CHROMIUM (default
 * /usr/bin/chromium), E2E_TIMEOUT_S (whole run, default 600), E2E_SCENARIO_TIMEOUT_S (each
 * scenario, default 150), E2E_HEADED=1 (show the browser, needs a display),
 * E2E_PLAYGROUND_FREEZE_FIX=0 (do not work around the playground's crash on messageBack buttons).
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const { spawn } = require('child_process');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const ARTIFACTS = path.join(HERE, 'artifacts');
const BOT_PORT = 3978;
const PLAYGROUND_PORT = 56150;
const BOT_URL = `http://127.0.0.1:${BOT_PORT}`;
const PLAYGROUND_URL = `http://127.0.0.1:${PLAYGROUND_PORT}`;
let playgroundUrl = PLAYGROUND_URL; // where it does listen (see main)
const STRATEGIBOT = process.env.STRATEGIBOT_BIN || path.join(ROOT, '.venv', 'bin', 'strategibot');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PLAYGROUND_CLI = path.join(HERE, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
const RUN_TIMEOUT = Number(process.env.E2E_TIMEOUT_S || 600) * 1000;
const SCENARIO_TIMEOUT = Number(process.env.E2E_SCENARIO_TIMEOUT_S || 150) * 1000;
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const started = Date.now();
const since = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
const say = (message) => process.stdout.write(`[e2e ${since()}] ${message}\n`);

// ------------------------------------------------------------------ processes
const children = [];
let cleaning = null;
let browser = null; // the Chromium context, once launched
let tmp = null; // the temporary folder: database, browser profile, the playground's devTools/

function startProcess(name, command, args, options) {
  const logFile = path.join(ARTIFACTS, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(command, args, { ...options, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  const entry = { name, child, logFile, exited: null };
  child.on('exit', (code, signal) => { entry.exited = { code, signal }; });
  child.on('error', (error) => { entry.exited = { code: -1, signal: null, error }; });
  children.push(entry);
  say(`started ${name} (pid ${child.pid}), log: ${path.relative(ROOT, logFile)}`);
  return entry;
}

async function stopProcess(entry) {
  if (entry.exited || !entry.child.pid) return;
  const group = -entry.child.pid; // detached: the child leads its own process group
  try { process.kill(group, 'SIGTERM'); } catch { return; }
  const deadline = Date.now() + 8000;
  while (!entry.exited && Date.now() < deadline) await sleep(100);
  if (!entry.exited) {
    try { process.kill(group, 'SIGKILL'); } catch { /* gone */ }
  }
}

function tail(file, lines = 25) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch { return ''; }
}

function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what, entry, probe, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (entry.exited) {
      throw new Error(`${entry.name} exited (${JSON.stringify(entry.exited)}) before ${what}:\n${tail(entry.logFile)}`);
    }
    try { if (await probe()) return; } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}:\n${tail(entry.logFile)}`);
    await sleep(250);
  }
}

function run(command, args, { env, cwd, input, timeout = 60000 }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); stderr += `\n(killed after ${timeout / 1000} s)`; }, timeout);
    child.on('error', (error) => { clearTimeout(timer); resolve({ code: -1, stdout, stderr: stderr + String(error) }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input || '');
  });
}

// ------------------------------------------------------------------ main
async function main(filters) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const file of fs.readdirSync(ARTIFACTS)) {
    if (/\.(png|log|jsonl|txt)$/.test(file)) fs.rmSync(path.join(ARTIFACTS, file));
  }
  for (const [what, file] of [['strategibot (make setup)', STRATEGIBOT], ['Chromium (apt-get install -y chromium)', CHROMIUM],
    ['the playground (npm ci --prefix tests/e2e)', PLAYGROUND_CLI]]) {
    if (!fs.existsSync(file)) throw new Error(`${what} is missing: ${file}`);
  }
  for (const port of [BOT_PORT, PLAYGROUND_PORT]) {
    if (await portInUse(port)) {
      throw new Error(`port ${port} is already in use: stop what runs there first (the playground would `
        + 'silently move to a random port, and a foreign bot would be tested)');
    }
  }

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'strategibot-e2e-'));
  const botEnv = {
    ...process.env,
    DATABASE_URL: `sqlite+aiosqlite:///${path.join(tmp, 'e2e.db')}`,
    STRATEGIBOT_DEV_USER_EMAIL: 'ole.thomsen@ltk.example',
    STRATEGIBOT_EXAMPLE_ORGANISATION: 'true',
    STRATEGIBOT_TODAY: '2019-11-15', // inside the strategy's period: check-ins are taken
    STRATEGIBOT_HOST: '127.0.0.1',
    PORT: String(BOT_PORT),
    MicrosoftAppId: '', // anonymous local mode, whatever the caller's environment says
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
    MicrosoftAppType: 'MultiTenant',
    SLACK_SIGNING_SECRET: '',
    LOG_FORMAT: 'text',
    LOG_LEVEL: 'INFO',
  };
  const ctxCli = (args, input) => run(STRATEGIBOT, args, { env: botEnv, cwd: tmp, input });

  const results = [];
  try {
    // 1. the bot (cwd: the temporary folder, so no developer's .env is read)
    const bot = startProcess('bot', STRATEGIBOT, ['serve', '--host', '127.0.0.1', '--port', String(BOT_PORT)],
      { env: botEnv, cwd: tmp });
    await waitFor(`${BOT_URL}/readyz`, bot, async () => (await fetch(`${BOT_URL}/readyz`)).status === 200, 90000);
    say('strategibot is ready');

    // 2. the playground (cwd: the temporary folder, where it writes devTools/)
    const playground = startProcess('playground', process.execPath, [PLAYGROUND_CLI,
      '-e', `${BOT_URL}/api/messages`, '-c', 'msteams', '--disable-telemetry', '-p', String(PLAYGROUND_PORT)], {
      cwd: tmp,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(HERE, 'playground.yml'),
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(ARTIFACTS, 'playground-internal.log'),
      },
    });
    // the playground moves to another port when its own is taken even for a moment (a
    // connection of the test suite just before, in TIME_WAIT on this ephemeral port): the
    // port it says it listens on is the one used
    await waitFor(`the playground on port ${PLAYGROUND_PORT}`, playground, async () => {
      const said = /Listening on (\d+)/.exec(fs.readFileSync(playground.logFile, 'utf8'));
      if (said && Number(said[1]) !== PLAYGROUND_PORT) {
        playgroundUrl = `http://127.0.0.1:${said[1]}`;
      }
      return (await fetch(`${playgroundUrl}/`)).status === 200;
    }, 60000);
    if (playgroundUrl !== PLAYGROUND_URL) say(`the playground listens on ${playgroundUrl} instead`);
    const config = await (await fetch(`${playgroundUrl}/_internal/v1/config`)).json();
    say(`the playground is up: mock user ${config.config.currentUser.name} <${config.config.currentUser.email}>, `
      + `bot "${config.config.bot.name}"`);

    // 3. the browser: a fresh profile, nothing from outside this machine
    const { chromium } = require('playwright-core');
    const profile = fs.mkdtempSync(path.join(tmp, 'chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: process.env.E2E_HEADED !== '1',
      args: CHROMIUM_ARGS.filter((a) => a !== '--headless' || process.env.E2E_HEADED !== '1'),
      viewport: { width: 1400, height: 1000 },
      locale: 'da-DK',
      timezoneId: 'Europe/Copenhagen',
      handleSIGINT: false, // our handlers stop everything, the browser included
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    if (process.env.E2E_PLAYGROUND_FREEZE_FIX !== '0') {
      // Playground 0.2.27/0.2.28 bug: its UI freezes the activities it renders, and its Adaptive
      // Card renderer then writes "msTeams" into the frozen card JSON when an Action.Submit whose
      // data has "msteams" (our follow-up buttons: messageBack) is clicked — TypeError "Cannot
      // add property msTeams, object is not extensible", and the click does nothing. With
      // Object.freeze a no-op in the page the click goes through (the playground then sends it
      // as a plain submit whose value carries the data, not as Teams' messageBack message).
      await browser.addInitScript(() => { Object.freeze = (object) => object; });
    }
    const page = browser.pages()[0] || await browser.newPage();
    const blocked = new Set();
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && !LOCAL_HOSTS.has(url.hostname)) {
        blocked.add(url.hostname);
        return route.abort();
      }
      return route.continue();
    });
    const consoleLog = fs.createWriteStream(path.join(ARTIFACTS, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
    const frames = fs.createWriteStream(path.join(ARTIFACTS, 'playground-ws.jsonl'));
    page.on('websocket', (ws) => ws.on('framereceived', (f) => {
      const text = String(f.payload);
      if (!text.includes('"appendLog"')) frames.write(text + '\n'); // what the UI was told to render
    }));
    page.setDefaultTimeout(30000);
    await page.goto(playgroundUrl + '/', { waitUntil: 'domcontentloaded' });
    await page.getByRole('treeitem').first().waitFor({ timeout: 60000 });
    say('the playground UI is open');

    const { Playground } = require('./lib/ui');
    const pg = new Playground(page, { artifacts: ARTIFACTS });
    const playgroundApi = {
      async template(conversationId) {
        const response = await fetch(`${playgroundUrl}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`);
        if (!response.ok) throw new Error(`activity template: HTTP ${response.status} ${await response.text()}`);
        return response.json();
      },
      async mock(activity) { // the "Mock an Activity" API
        const response = await fetch(`${playgroundUrl}/_internal/v1/customActivities`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity),
        });
        if (!response.ok) throw new Error(`Mock an Activity (${activity.type}): HTTP ${response.status} ${await response.text()}`);
        say(`  mocked ${activity.type}${activity.action ? ' ' + activity.action : ''} in ${activity.conversation.id}`);
      },
    };

    // 4. the scenarios
    const { scenarios } = require('./scenarios');
    const chosen = filters.length ? scenarios.filter((s) => filters.some((f) => s.id.includes(f))) : scenarios;
    if (!chosen.length) throw new Error(`no scenario matches ${filters.join(' ')}`);
    // a scenario that fails is run once more, and the report says so ("PASS on retry", with
    // the first run's problem): the Playground's UI, a shared SQLite file and a CLI process
    // beside the bot make a rare timeout (seen once in seven runs in round 16: s8 waited 30 s
    // for a reply) that a second run does not repeat; a scenario that fails twice fails
    const runs = [];
    for (const scenario of chosen) runs.push(scenario);
    for (let index = 0; index < runs.length; index++) {
      const scenario = runs[index];
      const retried = results.find((r) => r.id === scenario.id);
      const result = { id: scenario.id, title: scenario.title, status: 'PASS', problems: [], shots: [] };
      if (retried) results.splice(results.indexOf(retried), 1);
      results.push(result);
      pg.prefix = scenario.id;
      pg.count = 0;
      const shotsBefore = pg.shots.length;
      const t0 = Date.now();
      say(`▶ ${scenario.id}: ${scenario.title}`);
      const ctx = {
        pg, page, playground: playgroundApi, cli: ctxCli,
        log: (message) => say(`  ${message}`),
        check: (ok, message) => { if (!ok) { result.problems.push(message); say(`  ✗ ${message}`); } },
      };
      let xfail = null;
      try {
        xfail = scenario.expectedFailure ? await scenario.expectedFailure(ctx) : null;
        if (xfail) say(`  (expected to fail: ${xfail})`);
        let timer;
        await Promise.race([
          scenario.run(ctx),
          new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`scenario timed out after ${SCENARIO_TIMEOUT / 1000} s`)), SCENARIO_TIMEOUT); }),
        ]).finally(() => clearTimeout(timer));
        if (result.problems.length) throw Object.assign(new Error(result.problems.join('\n')), { soft: true });
      } catch (error) {
        result.status = 'FAIL';
        result.error = error.message;
        if (!error.soft) result.problems.push(error.message);
        await pg.screenshot('failure').catch(() => {});
      }
      if (xfail) result.status = result.status === 'FAIL' ? 'XFAIL' : 'XPASS';
      if (xfail) result.xfail = xfail;
      result.seconds = (Date.now() - t0) / 1000;
      result.shots = pg.shots.slice(shotsBefore).map((f) => path.relative(ROOT, f));
      if (retried) result.retried = retried.problems.join('; ');
      say(`${{ PASS: '✓', FAIL: '✗', XFAIL: '~', XPASS: '!' }[result.status]} ${scenario.id} ${result.status} `
        + `(${result.seconds.toFixed(1)} s)${retried ? ' on retry; the first run: ' + result.retried : ''}`
        + `${result.status === 'PASS' ? '' : '\n    ' + result.problems.join('\n    ')}`);
      if (result.status === 'FAIL' && !retried) runs.splice(index + 1, 0, scenario);
    }
    if (blocked.size) say(`requests to other hosts were aborted: ${[...blocked].join(', ')}`);
  } finally {
    await cleanup();
  }
  return results;
}

async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    if (browser) await browser.close().catch(() => {});
    for (const entry of children.slice().reverse()) await stopProcess(entry);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    say('stopped the browser, the playground and the bot');
  })();
  return cleaning;
}

function report(results) {
  const count = (status) => results.filter((r) => r.status === status).length;
  const lines = ['', 'strategibot e2e (Microsoft 365 Agents Playground)'];
  for (const r of results) {
    lines.push(`  ${r.status.padEnd(5)} ${r.id.padEnd(22)} ${r.seconds.toFixed(1).padStart(5)} s  ${r.title}`);
    if (r.xfail) lines.push(`        expected to fail: ${r.xfail}`);
    if (r.retried) lines.push(`        run twice; the first run: ${r.retried.replace(/\n/g, ' ')}`);
    if (r.status === 'XPASS') lines.push('        passed although marked expected to fail: remove expectedFailure in scenarios.js');
    if (r.status !== 'PASS' && r.status !== 'XPASS') for (const p of r.problems) lines.push(`        ${p.replace(/\n/g, '\n        ')}`);
  }
  lines.push(`  screenshots and logs: ${path.relative(process.cwd(), ARTIFACTS) || '.'}/`);
  const passed = count('PASS') + count('XPASS');
  const failed = count('FAIL');
  const xfailed = count('XFAIL');
  lines.push(`  total ${since().trim()}${xfailed ? `; ${xfailed} expected failure(s) counted as skipped` : ''}`);
  const again = results.filter((r) => r.retried && r.status === 'PASS').length;
  lines.push(`e2e: ${passed} passed${again ? ` (${again} on retry)` : ''}, ${failed} failed`
    + `${xfailed ? `, ${xfailed} skipped` : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
  fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));
  return failed === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    say(`${signal}: stopping`);
    cleanup().finally(() => process.exit(130));
  });
}

const watchdog = setTimeout(() => {
  say(`the whole run took longer than ${RUN_TIMEOUT / 1000} s: stopping`);
  cleanup().finally(() => process.exit(1));
}, RUN_TIMEOUT);

main(process.argv.slice(2))
  .then((results) => { clearTimeout(watchdog); process.exit(report(results)); })
  .catch(async (error) => {
    clearTimeout(watchdog);
    say(`error: ${error.stack || error.message}`);
    await cleanup();
    process.stdout.write('e2e: 0 passed, 1 failed\n');
    process.exit(1);
  });
