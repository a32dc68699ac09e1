'use strict';
/*
 * Driving the Microsoft 365 Agents Playground's UI (0.2.x) like a person: pick a chat or
 * channel, type in the message box, press Enter, wait for the bot's reply to render, read it
 * from the DOM.
 *
 * What the UI looks like to a script (learned by reading its DOM; it has no test ids):
 *   - the chat list and the Teams channels are role=treeitem ("Personal Chat", "Group Chat",
 *     "General", "<channel>");
 *   - the message box is a Lexical editor ([data-lexical-editor]); in a channel the first
 *     one is "Start a new post", the others are the reply boxes under each post;
 *   - in a chat every message has a header [aria-label="Message header"] whose parent is the
 *     whole message; a bot message's header has [aria-label="Message author"], the user's
 *     own messages have none;
 *   - in a channel each post is a [role=group] with a Fluent CardHeader
 *     ([id^="fui-CardHeader__header"]) whose avatar's aria-label is the author; the bot's
 *     replies to a post render inside that group; the newest post is on top;
 *   - Adaptive Cards are rendered by the adaptivecards renderer (.ac-adaptiveCard), their
 *     buttons are role=button with the title as accessible name, Input.ChoiceSet is a Fluent
 *     combobox with role=option items, Input.Number a Fluent spinbutton;
 *   - @mentions: typing "@" in a channel's box opens a picker whose entries are
 *     role=menuitem (the bot's display name from the playground's config).
 */

const BOT = 'strategibot'; // bot.name in playground.yml

/** Collapse whitespace so text read from the DOM compares with text from elsewhere. */
function norm(text) {
  return String(text || '').replace(/\s+/g, ' ').trim();
}

/** Whether ``text`` contains every string (whitespace-insensitive) and matches every RegExp. */
function contains(text, wanted) {
  const flat = norm(text);
  return wanted.every((w) => (w instanceof RegExp ? w.test(flat) : flat.includes(norm(w))));
}

class Timeout extends Error {}

/** Poll ``probe`` until it returns a truthy value; throw ``describe()`` after ``timeout`` ms. */
async function until(probe, { timeout = 30000, interval = 250, describe } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const detail = describe ? await describe() : '';
      throw new Timeout(`timed out after ${timeout / 1000} s${detail ? ': ' + detail : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

class Playground {
  constructor(page, { artifacts, log }) {
    this.page = page;
    this.artifacts = artifacts;
    this.log = log || (() => {});
    this.shots = [];
    this.prefix = 'setup';
    this.count = 0;
  }

  /** A screenshot of the page: artifacts/<scenario>-<nn>-<step>.png. */
  async screenshot(step) {
    this.count += 1;
    const file = `${this.artifacts}/${this.prefix}-${String(this.count).padStart(2, '0')}-${step}.png`;
    await this.page.screenshot({ path: file });
    this.shots.push(file);
    return file;
  }

  /** Open a chat or channel from the left-hand list. */
  async open(name) {
    const item = this.page.getByRole('treeitem').filter({ hasText: name }).first();
    await item.click();
    await this.page.waitForTimeout(300);
  }

  // ---------------------------------------------------------------- personal and group chats
  /** Every message in the open chat: {author (null for the user's own), text}. */
  async chatMessages() {
    return this.page.evaluate(() => [...document.querySelectorAll('[aria-label="Message header"]')]
      .map((header) => {
        const author = header.querySelector('[aria-label="Message author"]');
        // innerText (laid out, so card blocks are separate lines) minus the header's
        const full = header.parentElement.innerText;
        const head = header.innerText;
        const text = full.startsWith(head) ? full.slice(head.length) : full;
        return { author: author ? author.innerText.trim() : null, text };
      }));
  }

  /** A locator for the ``index``th message of the open chat. */
  chatMessage(index) {
    return this.page.locator('[aria-label="Message header"]').nth(index).locator('xpath=..');
  }

  /** Type ``text`` into the chat's message box and press Enter; the message count before. */
  async sayInChat(text) {
    const before = (await this.chatMessages()).length;
    const box = this.page.locator('[data-lexical-editor]').last();
    await box.click();
    await this.page.keyboard.type(text, { delay: 10 });
    await this.page.keyboard.press('Enter');
    // the user's own message renders first: wait for it, so "after" means after it
    await until(async () => {
      const messages = await this.chatMessages();
      return messages.slice(before).some((m) => m.author === null && norm(m.text).includes(norm(text)));
    }, { timeout: 15000, describe: async () => `my message "${text}" did not appear in the chat` });
    return before;
  }

  /**
   * Wait for a bot message after index ``after`` whose text contains every string (and
   * matches every RegExp) in ``includes``; returns {index, text}. On a timeout the error lists what the bot did say.
   */
  async botReply(after, includes, { timeout = 30000 } = {}) {
    let seen = [];
    const found = await until(async () => {
      const messages = await this.chatMessages();
      seen = messages.map((m, index) => ({ ...m, index })).slice(after)
        .filter((m) => m.author === BOT);
      return seen.find((m) => contains(m.text, includes));
    }, {
      timeout,
      describe: async () => `no reply from ${BOT} containing ${includes.map(String).join(' and ')}; `
        + (seen.length ? `it said: ${seen.map((m) => JSON.stringify(norm(m.text).slice(0, 300))).join(' / ')}`
          : 'it said nothing'),
    });
    return { index: found.index, text: found.text };
  }

  // ---------------------------------------------------------------- channels
  /** The posts of the open channel, newest first: {author, text}. */
  async channelPosts() {
    return this.page.evaluate(() => [...document.querySelectorAll('[role=group]')]
      .filter((group) => group.querySelector('[id^="fui-CardHeader__header"]'))
      .map((group) => {
        const avatar = group.querySelector('[id^="fui-CardHeader__header"] [role=img]');
        return { author: avatar ? avatar.getAttribute('aria-label') : null, text: group.innerText };
      }));
  }

  channelPost(filter) {
    return this.page.locator('[role=group]').filter({ has: this.page.locator('[id^="fui-CardHeader__header"]') })
      .filter(filter);
  }

  /**
   * Start a new post in the open channel that @mentions the bot: type "@", pick the bot in
   * the mention picker, type ``text``, press Enter.
   */
  async postMentioningBot(text) {
    const box = this.page.locator('[data-lexical-editor]').first(); // "Start a new post"
    await box.click();
    await this.page.keyboard.type('@' + BOT.slice(0, 4), { delay: 20 });
    const pick = this.page.getByRole('menuitem', { name: BOT });
    await pick.waitFor({ timeout: 10000 });
    await this.screenshot('mention-picker');
    await pick.click();
    await this.page.keyboard.type(' ' + text, { delay: 10 });
    await this.page.keyboard.press('Enter');
  }

  // ---------------------------------------------------------------- waiting
  /** Wait until the open channel's posts stop changing (the playground's own install posts). */
  async settle(read, { quiet = 1500, timeout = 15000 } = {}) {
    let last = JSON.stringify(await read());
    let since = Date.now();
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      await this.page.waitForTimeout(250);
      const now = JSON.stringify(await read());
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since >= quiet) {
        return;
      }
    }
  }
}

module.exports = { BOT, Playground, Timeout, contains, norm, until };
