#!/usr/bin/env node
/*
 * Offline checks of strategibot's Teams artefacts; pytest (tests/cards/) runs it once per session.
 *
 *   node tests/cards/validate.js card1.json card2.json ...   Adaptive Cards
 *   node tests/cards/validate.js --manifest manifest.json     a Teams app manifest and the
 *                                                             localization files it names
 *   node tests/cards/validate.js --self-check                 the allow-list below against
 *                                                             the adaptivecards package
 *
 * The options combine. The result is one JSON object on stdout:
 *   {"cards": [{file, version, bytes, types, errors}], "manifests": [...], "selfCheck": {...}}
 * Every error is {check, path, message}; a card or manifest passes when its errors are [].
 * The exit code is 0 when the checks ran (whatever they found) and 2 on a usage error.
 *
 * Cards are checked by
 *   - "adaptivecards": the official renderer's parser (adaptivecards/dist/adaptivecards.js):
 *     AdaptiveCard.parse with a SerializationContext, then validateProperties(), collecting every
 *     validation event (unknown types, bad enum values, duplicate ids, inputs that need labels…);
 *   - "version": the card's version is 1.0 … 1.5 (Teams renders at most 1.5);
 *   - "allow-list": every element, input, action and property, and the enum values that came
 *     later, exist in Adaptive Cards <= the card's version (ALLOW below, from the schema explorer
 *     at adaptivecards.io / learn.microsoft.com);
 *   - "label": every input has a label (Teams reads it to screen-reader users);
 *   - "ids": no id appears twice (elements and actions);
 *   - "size": the JSON is at most 28 KB.
 * Manifests are validated with @microsoft/app-manifest's own validator (AppManifestUtils.
 * validateAgainstSchema) against the JSON schema the package bundles for the manifest's
 * manifestVersion, never one fetched from the network.
 *
 * Nothing here touches the network: fetch, http(s), net, tls and dns are disabled before any
 * package loads, so a package that tried to download something would fail loudly.
 */
'use strict';

const fs = require('fs');
const path = require('path');

function offline() {
  const refuse = (what) =>
    function refused() {
      throw new Error(`validate.js runs offline and refused ${what}`);
    };
  globalThis.fetch = refuse('fetch()');
  for (const name of ['http', 'https']) {
    const mod = require(name);
    mod.request = refuse(`${name}.request()`);
    mod.get = refuse(`${name}.get()`);
  }
  const net = require('net');
  net.connect = refuse('net.connect()');
  net.createConnection = refuse('net.createConnection()');
  require('tls').connect = refuse('tls.connect()');
  require('dns').lookup = refuse('dns.lookup()');
}

offline();

const MAX_VERSION = '1.5';
const VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'];
const MAX_BYTES = 28 * 1024;

// ------------------------------------------------------------------ Adaptive Cards allow-list
// For each type: the version that introduced it, its properties with theirs, the enum values
// that arrived after 1.0 (values are compared case-insensitively, as renderers do) and which
// properties hold child objects. Host-specific properties Teams defines are marked 'host'.

const ELEMENT = {
  type: '1.0', id: '1.0', spacing: '1.0', separator: '1.0',
  height: '1.1',
  fallback: '1.2', isVisible: '1.2', requires: '1.2',
};
const INPUT = { ...ELEMENT, label: '1.3', isRequired: '1.3', errorMessage: '1.3' };
const ACTION = {
  type: '1.0', id: '1.0', title: '1.0',
  iconUrl: '1.1',
  style: '1.2', fallback: '1.2', requires: '1.2',
  tooltip: '1.5', isEnabled: '1.5', mode: '1.5',
};

const SPACING = {
  default: '1.0', none: '1.0', small: '1.0', medium: '1.0', large: '1.0', extralarge: '1.0',
  padding: '1.0',
};
const HEIGHT = { auto: '1.1', stretch: '1.1' };
const H_ALIGN = { left: '1.0', center: '1.0', right: '1.0' };
const V_ALIGN = { top: '1.1', center: '1.1', bottom: '1.1' };
const CONTAINER_STYLE = {
  default: '1.0', emphasis: '1.0', good: '1.2', attention: '1.2', warning: '1.2', accent: '1.2',
};
const COLOR = {
  default: '1.0', dark: '1.0', light: '1.0', accent: '1.0', good: '1.0', warning: '1.0',
  attention: '1.0',
};
const FONT_SIZE = { default: '1.0', small: '1.0', medium: '1.0', large: '1.0', extralarge: '1.0' };
const FONT_WEIGHT = { default: '1.0', lighter: '1.0', bolder: '1.0' };
const FONT_TYPE = { default: '1.2', monospace: '1.2' };
const ELEMENT_ENUMS = { spacing: SPACING, height: HEIGHT };
const ACTION_ENUMS = {
  style: { default: '1.2', positive: '1.2', destructive: '1.2' },
  mode: { primary: '1.5', secondary: '1.5' },
};

const many = (of) => ({ of, many: true });
const one = (of) => ({ of });
const ELEMENTS = many('element');
const ACTIONS = many('action');
const ACTION_ONE = one('action');
const FALLBACK_ELEMENT = { of: 'element', orString: ['drop'] };
const FALLBACK_ACTION = { of: 'action', orString: ['drop'] };
const BACKGROUND = { of: 'BackgroundImage', orString: true };

const ALLOW = {
  AdaptiveCard: {
    kind: 'card', since: '1.0',
    props: {
      type: '1.0', version: '1.0', $schema: '1.0', body: '1.0', actions: '1.0',
      fallbackText: '1.0', backgroundImage: '1.0', speak: '1.0',
      lang: '1.1', selectAction: '1.1', verticalContentAlignment: '1.1',
      minHeight: '1.2',
      refresh: '1.4', authentication: '1.4',
      rtl: '1.5',
      msteams: 'host', // Teams: {"width": "Full"}, mention entities
    },
    enums: { verticalContentAlignment: V_ALIGN },
    children: {
      body: ELEMENTS, actions: ACTIONS, selectAction: ACTION_ONE, backgroundImage: BACKGROUND,
      refresh: one('Refresh'), authentication: one('Authentication'),
    },
  },
  // elements
  TextBlock: {
    kind: 'element', since: '1.0',
    props: {
      ...ELEMENT, text: '1.0', color: '1.0', horizontalAlignment: '1.0', isSubtle: '1.0',
      maxLines: '1.0', size: '1.0', weight: '1.0', wrap: '1.0',
      fontType: '1.2',
      style: '1.5',
    },
    enums: {
      ...ELEMENT_ENUMS, color: COLOR, size: FONT_SIZE, weight: FONT_WEIGHT, fontType: FONT_TYPE,
      horizontalAlignment: H_ALIGN, style: { default: '1.5', heading: '1.5' },
    },
    children: { fallback: FALLBACK_ELEMENT },
  },
  Image: {
    kind: 'element', since: '1.0',
    props: {
      ...ELEMENT, url: '1.0', altText: '1.0', horizontalAlignment: '1.0', size: '1.0',
      style: '1.0',
      backgroundColor: '1.1', selectAction: '1.1', width: '1.1',
    },
    // Image.height is "auto", "stretch" or pixels ("50px"): no enum
    enums: {
      spacing: SPACING, horizontalAlignment: H_ALIGN,
      size: { auto: '1.0', stretch: '1.0', small: '1.0', medium: '1.0', large: '1.0' },
      style: { default: '1.0', person: '1.0' },
    },
    children: { selectAction: ACTION_ONE, fallback: FALLBACK_ELEMENT },
  },
  Media: {
    kind: 'element', since: '1.1',
    props: { ...ELEMENT, sources: '1.1', poster: '1.1', altText: '1.1' },
    enums: ELEMENT_ENUMS,
    children: { sources: many('MediaSource'), fallback: FALLBACK_ELEMENT },
  },
  RichTextBlock: {
    kind: 'element', since: '1.2',
    props: { ...ELEMENT, inlines: '1.2', horizontalAlignment: '1.2' },
    enums: { ...ELEMENT_ENUMS, horizontalAlignment: H_ALIGN },
    children: { inlines: { of: 'TextRun', many: true, orString: true }, fallback: FALLBACK_ELEMENT },
  },
  ActionSet: {
    kind: 'element', since: '1.2',
    props: { ...ELEMENT, actions: '1.2' },
    enums: ELEMENT_ENUMS,
    children: { actions: ACTIONS, fallback: FALLBACK_ELEMENT },
  },
  Container: {
    kind: 'element', since: '1.0',
    props: {
      ...ELEMENT, items: '1.0', style: '1.0',
      selectAction: '1.1', verticalContentAlignment: '1.1',
      bleed: '1.2', backgroundImage: '1.2', minHeight: '1.2',
      rtl: '1.5',
    },
    enums: { ...ELEMENT_ENUMS, style: CONTAINER_STYLE, verticalContentAlignment: V_ALIGN },
    children: {
      items: ELEMENTS, selectAction: ACTION_ONE, backgroundImage: BACKGROUND,
      fallback: FALLBACK_ELEMENT,
    },
  },
  ColumnSet: {
    kind: 'element', since: '1.0',
    props: {
      ...ELEMENT, columns: '1.0', horizontalAlignment: '1.0',
      selectAction: '1.1',
      style: '1.2', bleed: '1.2', minHeight: '1.2',
    },
    enums: { ...ELEMENT_ENUMS, style: CONTAINER_STYLE, horizontalAlignment: H_ALIGN },
    children: { columns: many('Column'), selectAction: ACTION_ONE, fallback: FALLBACK_ELEMENT },
  },
  FactSet: {
    kind: 'element', since: '1.0',
    props: { ...ELEMENT, facts: '1.0' },
    enums: ELEMENT_ENUMS,
    children: { facts: many('Fact'), fallback: FALLBACK_ELEMENT },
  },
  ImageSet: {
    kind: 'element', since: '1.0',
    props: { ...ELEMENT, images: '1.0', imageSize: '1.0' },
    enums: {
      ...ELEMENT_ENUMS,
      imageSize: { auto: '1.0', stretch: '1.0', small: '1.0', medium: '1.0', large: '1.0' },
    },
    children: { images: many('Image'), fallback: FALLBACK_ELEMENT },
  },
  Table: {
    kind: 'element', since: '1.5',
    props: {
      ...ELEMENT, columns: '1.5', rows: '1.5', showGridLines: '1.5', gridStyle: '1.5',
      horizontalCellContentAlignment: '1.5', verticalCellContentAlignment: '1.5',
      // the schema explorer says firstRowAsHeader, the renderers read firstRowAsHeaders
      firstRowAsHeader: '1.5', firstRowAsHeaders: '1.5',
    },
    enums: {
      ...ELEMENT_ENUMS, gridStyle: CONTAINER_STYLE, horizontalCellContentAlignment: H_ALIGN,
      verticalCellContentAlignment: V_ALIGN,
    },
    children: {
      columns: many('TableColumnDefinition'), rows: many('TableRow'), fallback: FALLBACK_ELEMENT,
    },
  },
  // inputs
  'Input.Text': {
    kind: 'input', since: '1.0',
    props: {
      ...INPUT, isMultiline: '1.0', maxLength: '1.0', placeholder: '1.0', style: '1.0',
      value: '1.0', inlineAction: '1.2', regex: '1.3',
    },
    enums: {
      ...ELEMENT_ENUMS,
      style: { text: '1.0', tel: '1.0', url: '1.0', email: '1.0', password: '1.5' },
    },
    children: { inlineAction: ACTION_ONE, fallback: FALLBACK_ELEMENT },
  },
  'Input.Number': {
    kind: 'input', since: '1.0',
    props: { ...INPUT, max: '1.0', min: '1.0', placeholder: '1.0', value: '1.0' },
    enums: ELEMENT_ENUMS,
    children: { fallback: FALLBACK_ELEMENT },
  },
  'Input.Date': {
    kind: 'input', since: '1.0',
    props: { ...INPUT, max: '1.0', min: '1.0', placeholder: '1.0', value: '1.0' },
    enums: ELEMENT_ENUMS,
    children: { fallback: FALLBACK_ELEMENT },
  },
  'Input.Time': {
    kind: 'input', since: '1.0',
    props: { ...INPUT, max: '1.0', min: '1.0', placeholder: '1.0', value: '1.0' },
    enums: ELEMENT_ENUMS,
    children: { fallback: FALLBACK_ELEMENT },
  },
  'Input.Toggle': {
    kind: 'input', since: '1.0',
    props: { ...INPUT, title: '1.0', value: '1.0', valueOff: '1.0', valueOn: '1.0', wrap: '1.2' },
    enums: ELEMENT_ENUMS,
    children: { fallback: FALLBACK_ELEMENT },
  },
  'Input.ChoiceSet': {
    kind: 'input', since: '1.0',
    props: {
      ...INPUT, choices: '1.0', isMultiSelect: '1.0', style: '1.0', value: '1.0',
      placeholder: '1.0', wrap: '1.2',
    },
    enums: { ...ELEMENT_ENUMS, style: { compact: '1.0', expanded: '1.0', filtered: '1.5' } },
    children: { choices: many('Choice'), fallback: FALLBACK_ELEMENT },
  },
  // actions
  'Action.OpenUrl': {
    kind: 'action', since: '1.0',
    props: { ...ACTION, url: '1.0' },
    enums: ACTION_ENUMS,
    children: { fallback: FALLBACK_ACTION },
  },
  'Action.Submit': {
    kind: 'action', since: '1.0',
    props: { ...ACTION, data: '1.0', associatedInputs: '1.3' },
    enums: { ...ACTION_ENUMS, associatedInputs: { auto: '1.3', none: '1.3' } },
    children: { fallback: FALLBACK_ACTION },
  },
  'Action.ShowCard': {
    kind: 'action', since: '1.0',
    props: { ...ACTION, card: '1.0' },
    enums: ACTION_ENUMS,
    children: { card: one('AdaptiveCard'), fallback: FALLBACK_ACTION },
  },
  'Action.ToggleVisibility': {
    kind: 'action', since: '1.2',
    props: { ...ACTION, targetElements: '1.2' },
    enums: ACTION_ENUMS,
    children: { fallback: FALLBACK_ACTION },
  },
  'Action.Execute': {
    kind: 'action', since: '1.4',
    props: { ...ACTION, verb: '1.4', data: '1.4', associatedInputs: '1.4' },
    enums: { ...ACTION_ENUMS, associatedInputs: { auto: '1.4', none: '1.4' } },
    children: { fallback: FALLBACK_ACTION },
  },
  // parts: objects that appear only inside one kind of parent ("type" optional)
  Column: {
    kind: 'part', since: '1.0',
    props: {
      type: '1.0', id: '1.0', items: '1.0', width: '1.0', spacing: '1.0', separator: '1.0',
      style: '1.0',
      selectAction: '1.1', verticalContentAlignment: '1.1',
      backgroundImage: '1.2', bleed: '1.2', fallback: '1.2', minHeight: '1.2',
      isVisible: '1.2', requires: '1.2',
      rtl: '1.5',
    },
    enums: { spacing: SPACING, style: CONTAINER_STYLE, verticalContentAlignment: V_ALIGN },
    children: {
      items: ELEMENTS, selectAction: ACTION_ONE, backgroundImage: BACKGROUND,
      fallback: { of: 'Column', orString: ['drop'] },
    },
  },
  Fact: { kind: 'part', since: '1.0', props: { title: '1.0', value: '1.0' } },
  Choice: { kind: 'part', since: '1.0', props: { title: '1.0', value: '1.0' } },
  MediaSource: { kind: 'part', since: '1.1', props: { mimeType: '1.1', url: '1.1' } },
  TextRun: {
    kind: 'part', since: '1.2',
    props: {
      type: '1.2', text: '1.2', color: '1.2', fontType: '1.2', highlight: '1.2', isSubtle: '1.2',
      italic: '1.2', selectAction: '1.2', size: '1.2', strikethrough: '1.2', weight: '1.2',
      underline: '1.3',
    },
    enums: { color: COLOR, size: FONT_SIZE, weight: FONT_WEIGHT, fontType: FONT_TYPE },
    children: { selectAction: ACTION_ONE },
  },
  TableColumnDefinition: {
    kind: 'part', since: '1.5',
    props: {
      type: '1.5', width: '1.5', horizontalCellContentAlignment: '1.5',
      verticalCellContentAlignment: '1.5',
    },
    enums: { horizontalCellContentAlignment: H_ALIGN, verticalCellContentAlignment: V_ALIGN },
  },
  TableRow: {
    kind: 'part', since: '1.5',
    props: {
      type: '1.5', cells: '1.5', style: '1.5', horizontalCellContentAlignment: '1.5',
      verticalCellContentAlignment: '1.5',
    },
    enums: {
      style: CONTAINER_STYLE, horizontalCellContentAlignment: H_ALIGN,
      verticalCellContentAlignment: V_ALIGN,
    },
    children: { cells: many('TableCell') },
  },
  TableCell: {
    kind: 'part', since: '1.5',
    props: {
      type: '1.5', items: '1.5', selectAction: '1.5', style: '1.5',
      verticalContentAlignment: '1.5', bleed: '1.5', backgroundImage: '1.5', minHeight: '1.5',
      rtl: '1.5',
    },
    enums: { style: CONTAINER_STYLE, verticalContentAlignment: V_ALIGN },
    children: { items: ELEMENTS, selectAction: ACTION_ONE, backgroundImage: BACKGROUND },
  },
  BackgroundImage: {
    kind: 'part', since: '1.2',
    props: { url: '1.2', fillMode: '1.2', horizontalAlignment: '1.2', verticalAlignment: '1.2' },
    enums: {
      fillMode: { cover: '1.2', repeathorizontally: '1.2', repeatvertically: '1.2', repeat: '1.2' },
      horizontalAlignment: H_ALIGN, verticalAlignment: V_ALIGN,
    },
  },
  Refresh: {
    kind: 'part', since: '1.4',
    props: { action: '1.4', userIds: '1.4' },
    children: { action: ACTION_ONE },
  },
  Authentication: {
    kind: 'part', since: '1.4',
    props: { text: '1.4', connectionName: '1.4', tokenExchangeResource: '1.4', buttons: '1.4' },
    children: {
      tokenExchangeResource: one('TokenExchangeResource'), buttons: many('AuthCardButton'),
    },
  },
  TokenExchangeResource: {
    kind: 'part', since: '1.4', props: { id: '1.4', uri: '1.4', providerId: '1.4' },
  },
  AuthCardButton: {
    kind: 'part', since: '1.4', props: { type: '1.4', title: '1.4', image: '1.4', value: '1.4' },
  },
};

// ------------------------------------------------------------------ helpers

function newer(a, b) {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && a2 > b2);
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// ------------------------------------------------------------------ cards

function allowListChecks(card, version) {
  const errors = [];
  const types = new Set();
  const ids = new Map();
  const fail = (where, message) => errors.push({ check: 'allow-list', path: where, message });

  function visitChild(value, spec, where) {
    const values = spec.many ? value : [value];
    if (spec.many && !Array.isArray(value)) {
      fail(where, 'expected an array');
      return;
    }
    values.forEach((item, index) => {
      const at = spec.many ? `${where}[${index}]` : where;
      if (typeof item === 'string') {
        const ok = spec.orString === true || (Array.isArray(spec.orString) && spec.orString.includes(item));
        if (!ok) fail(at, `a string ${JSON.stringify(item)} is not allowed here`);
        return;
      }
      visit(item, spec.of, at);
    });
  }

  function visit(node, expected, where) {
    if (!isObject(node)) {
      fail(where, `expected an object (${expected})`);
      return;
    }
    let typeName = expected;
    if (expected === 'element' || expected === 'action') {
      typeName = node.type;
      const def = ALLOW[typeName];
      const kinds = expected === 'element' ? ['element', 'input'] : ['action'];
      if (typeof typeName !== 'string' || !def || !kinds.includes(def.kind)) {
        fail(where, `${JSON.stringify(typeName)} is not an Adaptive Cards <= ${MAX_VERSION} ${expected} type`);
        return;
      }
    } else if (node.type !== undefined && node.type !== expected) {
      fail(where, `expected type ${JSON.stringify(expected)}, got ${JSON.stringify(node.type)}`);
      return;
    }
    const def = ALLOW[typeName];
    types.add(typeName);
    if (newer(def.since, version)) {
      fail(where, `${typeName} needs Adaptive Cards ${def.since}; the card declares ${version}`);
    }
    for (const [key, value] of Object.entries(node)) {
      const at = `${where}.${key}`;
      const since = def.props[key];
      if (since === undefined) {
        fail(at, `${typeName} has no property "${key}" in Adaptive Cards <= ${MAX_VERSION}`);
        continue;
      }
      if (since !== 'host' && newer(since, version)) {
        fail(at, `${typeName}.${key} needs Adaptive Cards ${since}; the card declares ${version}`);
      }
      const values = def.enums && def.enums[key];
      if (values && typeof value === 'string') {
        const valueSince = values[value.toLowerCase()];
        if (valueSince === undefined) {
          fail(at, `${JSON.stringify(value)} is not a value of ${typeName}.${key}`);
        } else if (newer(valueSince, version)) {
          fail(at, `${typeName}.${key} ${JSON.stringify(value)} needs Adaptive Cards ${valueSince}; the card declares ${version}`);
        }
      }
      const child = def.children && def.children[key];
      if (child) visitChild(value, child, at);
    }
    if (typeof node.id === 'string') {
      if (ids.has(node.id)) {
        errors.push({ check: 'ids', path: where, message: `id ${JSON.stringify(node.id)} is used before, at ${ids.get(node.id)}` });
      } else {
        ids.set(node.id, where);
      }
    }
    if (def.kind === 'input') {
      if (typeof node.id !== 'string' || !node.id) {
        errors.push({ check: 'ids', path: where, message: `${typeName} has no id` });
      }
      if (typeof node.label !== 'string' || !node.label.trim()) {
        errors.push({ check: 'label', path: where, message: `${typeName} ${JSON.stringify(node.id)} has no label` });
      }
    }
  }

  visit(card, 'AdaptiveCard', '$');
  return { errors, types: [...types].sort() };
}

let adaptiveCards = null;

function officialChecks(json) {
  if (adaptiveCards === null) {
    adaptiveCards = require('adaptivecards/dist/adaptivecards.js');
  }
  const AC = adaptiveCards;
  const errors = [];
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...card.validateProperties().validationEvents);
  for (const event of events) {
    errors.push({
      check: 'adaptivecards',
      path: event.source && event.source.id ? `#${event.source.id}` : '',
      message: `${AC.ValidationEvent[event.event]}: ${event.message}`,
    });
  }
  return errors;
}

function validateCard(file) {
  const result = { file, version: null, bytes: null, types: [], errors: [] };
  let json;
  try {
    json = readJson(file);
  } catch (error) {
    result.errors.push({ check: 'json', path: '', message: error.message });
    return result;
  }
  result.bytes = Buffer.byteLength(JSON.stringify(json), 'utf8');
  if (result.bytes > MAX_BYTES) {
    result.errors.push({ check: 'size', path: '$', message: `${result.bytes} bytes; Teams takes at most ${MAX_BYTES}` });
  }
  if (!isObject(json) || json.type !== 'AdaptiveCard') {
    result.errors.push({ check: 'json', path: '$', message: 'not an AdaptiveCard object' });
    return result;
  }
  result.version = json.version === undefined ? null : json.version;
  let version = MAX_VERSION;
  if (!VERSIONS.includes(json.version)) {
    result.errors.push({ check: 'version', path: '$.version', message: `version ${JSON.stringify(json.version)}: Teams renders Adaptive Cards 1.0 to ${MAX_VERSION}` });
  } else {
    version = json.version;
  }
  const allowed = allowListChecks(json, version);
  result.types = allowed.types;
  result.errors.push(...allowed.errors);
  result.errors.push(...officialChecks(json));
  return result;
}

// ------------------------------------------------------------------ Teams manifests

function packageRoot(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

function loadSchema(file) {
  // The bundled schemas spell some regex escapes (\a, \v) that JSON.parse refuses; the package
  // rewrites them the same way before it validates.
  const raw = fs.readFileSync(file, 'utf8');
  return JSON.parse(raw.replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
}

/* The localization schemas hold a pattern that is not a valid Unicode-mode regular expression
 * (an unescaped "]" after \b), which AppManifestUtils.validateAgainstSchema cannot compile: Ajv
 * compiles patterns with the "u" flag. So localization files are validated with the same Ajv
 * (draft-04, the package's dependency) and the package's options, but with unicodeRegExp off. */
function validateLocalization(strings, schema) {
  const Ajv = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  if (validate(strings)) return [];
  return validate.errors.map((e) => `${e.instancePath} ${e.message || ''}. Details: ${JSON.stringify(e.params)}`);
}

async function validateManifest(file) {
  const { AppManifestUtils } = require('@microsoft/app-manifest');
  const result = { file, manifestVersion: null, schema: null, errors: [], localizations: [] };
  let manifest;
  try {
    manifest = readJson(file);
  } catch (error) {
    result.errors.push({ check: 'json', path: '', message: error.message });
    return result;
  }
  const version = manifest.manifestVersion;
  result.manifestVersion = version;
  const schemaDir = path.join(packageRoot('@microsoft/app-manifest'), 'build', 'json-schemas', 'teams', `v${version}`);
  const schemaFile = path.join(schemaDir, 'MicrosoftTeams.schema.json');
  if (!fs.existsSync(schemaFile)) {
    result.errors.push({ check: 'schema', path: '$.manifestVersion', message: `@microsoft/app-manifest bundles no schema for manifestVersion ${JSON.stringify(version)}` });
    return result;
  }
  result.schema = path.relative(process.cwd(), schemaFile);
  const expectedUrl = `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;
  if (manifest.$schema !== expectedUrl) {
    result.errors.push({ check: 'schema', path: '$.$schema', message: `expected ${expectedUrl}` });
  }
  for (const message of await AppManifestUtils.validateAgainstSchema(manifest, loadSchema(schemaFile))) {
    result.errors.push({ check: 'schema', path: '', message });
  }
  const info = manifest.localizationInfo || {};
  const files = (info.additionalLanguages || []).map((l) => ({ languageTag: l.languageTag, file: l.file }));
  if (info.defaultLanguageFile) files.push({ languageTag: info.defaultLanguageTag, file: info.defaultLanguageFile });
  const localizationSchemaFile = path.join(schemaDir, 'MicrosoftTeams.Localization.schema.json');
  for (const { languageTag, file: name } of files) {
    const entry = { languageTag, file: path.join(path.dirname(file), name), errors: [] };
    result.localizations.push(entry);
    let strings;
    try {
      strings = readJson(entry.file);
    } catch (error) {
      entry.errors.push({ check: 'json', path: '', message: error.message });
      continue;
    }
    const expected = `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.Localization.schema.json`;
    if (strings.$schema !== expected) {
      entry.errors.push({ check: 'schema', path: '$.$schema', message: `expected ${expected}` });
    }
    for (const message of validateLocalization(strings, loadSchema(localizationSchemaFile))) {
      entry.errors.push({ check: 'schema', path: '', message });
    }
  }
  return result;
}

// ------------------------------------------------------------------ self-check

/* The allow-list against the adaptivecards package's own metadata: every type it registers at
 * <= 1.5 must be allow-listed with the same version, and no allow-listed property may claim an
 * earlier version than the package gives it. (The package is looser in places, e.g. rtl and lang
 * on every element; the allow-list keeps to the schema explorer.) */
function selfCheck() {
  const AC = require('adaptivecards/dist/adaptivecards.js');
  const problems = [];
  const registered = {};
  for (const registry of [AC.GlobalRegistry.defaultElements, AC.GlobalRegistry.defaultActions]) {
    for (let i = 0; i < registry.getItemCount(); i++) {
      const item = registry.getItemAt(i);
      registered[item.typeName] = item;
    }
  }
  const parts = {
    AdaptiveCard: AC.AdaptiveCard, Column: AC.Column, Fact: AC.Fact, Choice: AC.Choice,
    MediaSource: AC.MediaSource, TableColumnDefinition: AC.TableColumnDefinition,
    TableRow: AC.TableRow, TableCell: AC.TableCell, BackgroundImage: AC.BackgroundImage,
    Authentication: AC.Authentication, TokenExchangeResource: AC.TokenExchangeResource,
    AuthCardButton: AC.AuthCardButton,
  };
  const checked = [];
  for (const [name, item] of Object.entries(registered)) {
    const libVersion = item.schemaVersion.toString();
    if (newer(libVersion, MAX_VERSION)) {
      if (ALLOW[name]) problems.push(`${name}: adaptivecards registers it at ${libVersion}, after ${MAX_VERSION}`);
      continue;
    }
    if (!ALLOW[name]) {
      problems.push(`${name}: adaptivecards registers it at ${libVersion}, the allow-list lacks it`);
      continue;
    }
    if (ALLOW[name].since !== libVersion) {
      problems.push(`${name}: allow-list says ${ALLOW[name].since}, adaptivecards ${libVersion}`);
    }
  }
  const objects = { ...Object.fromEntries(Object.entries(registered).map(([n, i]) => [n, i.objectType])), ...parts };
  for (const [name, objectType] of Object.entries(objects)) {
    const def = ALLOW[name];
    if (!def) continue;
    const schema = new objectType().getSchema();
    for (let i = 0; i < schema.getCount(); i++) {
      const property = schema.getItemAt(i);
      const ours = def.props[property.name];
      const theirs = property.targetVersion.toString();
      if (ours !== undefined && ours !== 'host' && newer(theirs, ours)) {
        problems.push(`${name}.${property.name}: allow-list says ${ours}, adaptivecards ${theirs}`);
      }
    }
    checked.push(name);
  }
  return { problems, checked: checked.sort() };
}

// ------------------------------------------------------------------ main

async function main(argv) {
  const cards = [];
  const manifests = [];
  let self = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--manifest') {
      if (i + 1 >= argv.length) return usage('--manifest needs a file');
      manifests.push(argv[++i]);
    } else if (arg === '--self-check') {
      self = true;
    } else if (arg.startsWith('-')) {
      return usage(`unknown option ${arg}`);
    } else {
      cards.push(arg);
    }
  }
  if (!cards.length && !manifests.length && !self) return usage('nothing to check');
  const output = { cards: cards.map(validateCard), manifests: [] };
  for (const file of manifests) output.manifests.push(await validateManifest(file));
  if (self) output.selfCheck = selfCheck();
  process.stdout.write(`${JSON.stringify(output, null, 1)}\n`);
  return 0;
}

function usage(message) {
  process.stderr.write(`validate.js: ${message}\nusage: node validate.js [--manifest manifest.json] [--self-check] [card.json ...]\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`validate.js: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
