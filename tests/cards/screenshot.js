#!/usr/bin/env node
/*
 * Screenshots of the main Adaptive Cards for the docs: docs/screenshots/<name>.png.
 *
 *   npm ci --prefix tests/cards && node tests/cards/screenshot.js      (make screenshots)
 *
 * Each golden card (tests/cards/golden/<name>.json) is rendered with the official adaptivecards
 * renderer in a small page styled like a Teams chat (light theme, a 450-pixel card, the
 * system's Segoe-like sans font) under the question that produced it, and photographed with
 * playwright-core driving the system's Chromium (Debian: apt-get install -y chromium; another
 * binary: CHROMIUM=/path/to/chrome). Playwright never downloads a browser here, and the page
 * loads nothing from the network: the scripts are injected from node_modules.
 *
 * Markdown in TextBlocks goes through markdown-it with its defaults, which treats a single
 * newline as a space, as Teams does outside lists (Teams wants "\n\n" for a line break).
 * Not part of the test suite.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const GOLDEN = path.join(HERE, 'golden');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// card → the user's message it answers (as in tests/cards/conftest.py REPLY_SAMPLES)
const SHOTS = [
  { name: 'answer-da', question: 'hvad er kerneopgaven?' },
  { name: 'answer-en', question: 'what is the core task?' },
  { name: 'did-you-mean', question: 'fælles mål tema' },
  { name: 'unknown', question: 'opskrift på lasagne' },
  { name: 'help', question: 'hjælp' },
  { name: 'checkin-form', question: 'indrapporter' },
  { name: 'checkin-saved', question: 'Gem' },
  { name: 'digest', question: null },
];

const FONT = '"Segoe UI", "Segoe UI Web (West European)", Selawik, "Open Sans", "Noto Sans", '
  + '"Helvetica Neue", "Liberation Sans", Arial, sans-serif';

// A host config in the spirit of Teams' light theme (values chosen here, not copied).
const HOST_CONFIG = {
  fontFamily: FONT,
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  lineHeights: { small: 16, default: 20, medium: 22, large: 24, extraLarge: 32 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#7579EB' },
        good: { default: '#0E700E', subtle: '#0E700E' },
        warning: { default: '#835B00', subtle: '#835B00' },
        attention: { default: '#C4314B', subtle: '#C4314B' },
      },
    },
    emphasis: { backgroundColor: '#F5F5F5' },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    actionsOrientation: 'horizontal',
    actionAlignment: 'stretch',
    showCard: { actionMode: 'inline', inlineTopMargin: 12 },
  },
  textStyles: {
    heading: { size: 'medium', weight: 'bolder', color: 'default', isSubtle: false },
  },
};

const CSS = `
  html, body { margin: 0; background: #F5F5F5; font-family: ${FONT}; color: #242424; }
  .shot { display: inline-block; padding: 20px 24px 24px; background: #F5F5F5; width: 520px; }
  .mine { display: flex; justify-content: flex-end; margin: 0 0 16px; }
  .mine .bubble { background: #E8EBFA; border-radius: 6px; padding: 8px 12px; font-size: 14px;
                  line-height: 20px; max-width: 380px; }
  .mine .time { font-size: 12px; color: #616161; text-align: right; margin-bottom: 4px; }
  .theirs { display: flex; align-items: flex-start; gap: 10px; }
  .avatar { width: 32px; height: 32px; border-radius: 50%; flex: none; }
  .meta { font-size: 12px; color: #616161; margin: 0 0 4px; }
  .meta b { color: #242424; font-weight: 600; margin-right: 8px; }
  .card { width: 450px; background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 6px;
          box-shadow: 0 1px 2px rgba(0, 0, 0, 0.14); overflow: hidden; }
  .ac-textBlock p { margin: 0 0 8px; }
  .ac-textBlock ul, .ac-textBlock ol { margin: 4px 0 8px; padding-left: 22px; }
  .ac-textBlock li { margin: 2px 0; }
  .ac-pushButton { font-family: ${FONT}; font-size: 14px; font-weight: 600; color: #242424;
                   background: #FFFFFF; border: 1px solid #D1D1D1; border-radius: 4px;
                   min-height: 32px; padding: 4px 12px; cursor: pointer; }
  .ac-pushButton > div { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
`;

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
}

function page(question, avatar) {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><style>${CSS}</style></head>
<body><div class="shot" id="shot">
  ${question === null ? '' : `<div class="mine"><div><div class="time">10.41</div>
    <div class="bubble">${escapeHtml(question)}</div></div></div>`}
  <div class="theirs"><img class="avatar" alt="" src="${avatar}">
    <div><div class="meta"><b>strategibot</b>10.41</div><div class="card" id="card"></div></div>
  </div>
</div></body></html>`;
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium, or set CHROMIUM=/path/to/chrome`);
  }
  const nodeModules = path.join(HERE, 'node_modules');
  const scripts = [
    path.join(nodeModules, 'markdown-it', 'dist', 'browser', 'markdown-it.umd.min.js'),
    path.join(nodeModules, 'adaptivecards', 'dist', 'adaptivecards.min.js'),
  ];
  const icon = fs.readFileSync(path.join(ROOT, 'manifest', 'teams', 'color.png')).toString('base64');
  const avatar = `data:image/png;base64,${icon}`;
  fs.mkdirSync(OUT, { recursive: true });

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const context = await browser.newContext({
      viewport: { width: 600, height: 400 }, deviceScaleFactor: 2, offline: true,
      locale: 'da-DK', colorScheme: 'light',
    });
    await context.route('**/*', (route) => route.abort()); // nothing leaves the machine
    for (const { name, question } of SHOTS) {
      const card = JSON.parse(fs.readFileSync(path.join(GOLDEN, `${name}.json`), 'utf8'));
      const tab = await context.newPage();
      await tab.setContent(page(question, avatar));
      for (const script of scripts) await tab.addScriptTag({ path: script });
      const problems = await tab.evaluate(({ json, hostConfig }) => {
        const AC = window.AdaptiveCards;
        const md = window.markdownit({ html: false, linkify: false, typographer: false });
        AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
          result.outputHtml = md.render(text);
          result.didProcess = true;
        };
        const adaptiveCard = new AC.AdaptiveCard();
        adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
        adaptiveCard.parse(json);
        const element = adaptiveCard.render();
        document.getElementById('card').appendChild(element);
        return adaptiveCard.validateProperties().validationEvents.map((e) => e.message);
      }, { json: card, hostConfig: HOST_CONFIG });
      if (problems.length) throw new Error(`${name}: ${problems.join('; ')}`);
      await tab.evaluate(() => document.fonts.ready);
      const target = path.join(OUT, `${name}.png`);
      await (await tab.$('#shot')).screenshot({ path: target });
      process.stdout.write(`${path.relative(ROOT, target)}\n`);
      await tab.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  process.stderr.write(`screenshot.js: ${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});
