'use strict';
/*
 * The end-to-end scenarios, in the order they run. Each is a real UI interaction in the
 * Agents Playground: type in the message box, press Enter (or click a card's button), wait
 * for the bot's reply to render, read its text from the DOM.
 *
 * A scenario is { id, title, run(ctx) } and may have expectedFailure(ctx): an async function
 * that returns a reason while the scenario is expected to fail (it still runs; a failure is
 * then XFAIL and does not fail the run, a pass is XPASS and says to remove the marker), or
 * null once it is expected to pass.
 *
 * ctx: { pg (lib/ui.js Playground), page, check(cond, message) (a soft assertion: the
 * scenario goes on and fails at its end), cli(args) (runs `strategibot …` against the same
 * database), playground (its internal API: template(conversationId), mock(activity)),
 * log(message) }.
 */

const { BOT, norm, until } = require('./lib/ui');

const TEAM = { id: 'e2e-team', name: 'Strategi', aadGroupId: '00000000-0000-0000-0000-000000000031' };
const CHANNEL = { id: 'e2e-channel-ledelse', name: 'Ledelse' }; // playground.yml
const TENANT = '00000000-0000-0000-0000-0000000000001';

const WELCOME = 'Jeg er strategibot';

/** The personal chat, open and connected (the playground's install sent the welcome). */
async function personalChat(ctx) {
  await ctx.pg.open('Personal Chat');
  await ctx.pg.botReply(0, [WELCOME], { timeout: 30000 });
}

/** Plain text of the start of an answer from `strategibot ask -` (markdown removed). */
function answerSnippet(answer, chars = 60) {
  const plain = norm(String(answer).replace(/\*\*|__/g, '').replace(/^[-*] /gm, ''));
  const cut = plain.slice(0, chars);
  return cut.includes(' ') && plain.length > chars ? cut.slice(0, cut.lastIndexOf(' ')) : cut;
}

const scenarios = [
  {
    id: 's1-personal-da',
    title: 'personal chat: "hvad er kerneopgaven?" → the answer card with its source',
    async run(ctx) {
      await personalChat(ctx);
      await ctx.pg.screenshot('personal-chat');
      const before = await ctx.pg.sayInChat('hvad er kerneopgaven?');
      const reply = await ctx.pg.botReply(before, [
        'Sammen med borgere og virksomheder', 'Kilde: Koncernstrategi 2019, s. 7']);
      ctx.check(await ctx.pg.chatMessage(reply.index).locator('.ac-adaptiveCard').count() === 1,
        'the answer is not rendered as an Adaptive Card');
      await ctx.pg.screenshot('answer');
    },
  },
  {
    id: 's2-personal-en',
    title: 'personal chat in English: "what does RC mean?" → "Relational coordination" and its source',
    async run(ctx) {
      await personalChat(ctx);
      const before = await ctx.pg.sayInChat('what does RC mean?');
      await ctx.pg.botReply(before, [
        'Relational coordination', 'Source: Corporate Strategy 2019, p. 7']);
      await ctx.pg.screenshot('answer');
    },
  },
  {
    id: 's3-follow-up',
    title: 'a follow-up button in an answer card asks its question',
    async run(ctx) {
      await personalChat(ctx);
      const before = await ctx.pg.sayInChat('hvad betyder RK?');
      const answer = await ctx.pg.botReply(before, ['Relationel koordinering', 'Relaterede spørgsmål']);
      const buttons = ctx.pg.chatMessage(answer.index).locator('.ac-adaptiveCard').getByRole('button');
      const count = await buttons.count();
      if (count === 0) throw new Error('the answer card has no follow-up buttons');
      const button = buttons.first();
      const question = norm(await button.innerText());
      ctx.log(`clicking the follow-up "${question}" (1 of ${count})`);
      // what the same bot answers to that question, from its own command line
      const asked = await ctx.cli(['ask', '-'], question + '\n');
      const expected = JSON.parse(asked.stdout.trim().split('\n')[0] || '{}');
      if (expected.outcome !== 'answer') {
        throw new Error(`the follow-up "${question}" gets no answer from the bot itself: ${asked.stdout}${asked.stderr}`);
      }
      const snippet = answerSnippet(expected.answer);
      await ctx.pg.screenshot('answer-with-follow-ups');
      const afterClick = (await ctx.pg.chatMessages()).length;
      const crashes = [];
      const onError = (error) => crashes.push(error.message);
      ctx.page.on('pageerror', onError);
      try {
        await button.click();
        const reply = await ctx.pg.botReply(afterClick, [snippet]).catch((error) => {
          if (crashes.length) {
            error.message += `\n  → the playground's page crashed on the click: ${crashes.join('; ')}`
              + (/msTeams/.test(crashes.join(' ')) ? ' (its Adaptive Card renderer cannot serialize an Action.Submit whose '
                + 'data has "msteams" (messageBack) — run without E2E_PLAYGROUND_FREEZE_FIX=0)' : '');
          }
          throw error;
        });
        ctx.check(norm(reply.text).includes('Kilde: Koncernstrategi 2019'),
          `the follow-up's answer names no source: ${JSON.stringify(norm(reply.text).slice(0, 200))}`);
      } finally {
        ctx.page.off('pageerror', onError);
      }
      await ctx.pg.screenshot('follow-up-answer');
    },
  },
  {
    id: 's4-checkin-form',
    title: 'check-in through the card form: "indrapporter" → fill in → Gem → "Gemt for Strategi og Analyse"',
    async run(ctx) {
      await personalChat(ctx);
      const before = await ctx.pg.sayInChat('indrapporter');
      let form;
      try {
        form = await ctx.pg.botReply(before, [/(Indrapportering|Check-in): Strategi og Analyse/]);
      } catch (error) {
        const said = (await ctx.pg.chatMessages()).slice(before).map((m) => norm(m.text)).join(' / ');
        if (/leads a unit|leder en enhed/.test(said)) {
          error.message += '\n  → the bot does not see the mock user as a unit leader (see playground.yml)';
        }
        throw error;
      }
      // Danish is what the scenario expects; go on in English to test the rest of the form
      const da = norm(form.text).includes('Indrapportering: Strategi og Analyse');
      ctx.check(da, 'the bot sent the ENGLISH form ("Check-in: Strategi og Analyse"), not "Indrapportering: '
        + 'Strategi og Analyse": the playground sends every message with locale "en-US" (hard-coded in 0.2.x) '
        + 'and "indrapporter" alone does not make the bot answer in Danish (the client locale breaks the tie). '
        + 'The rest of this scenario runs on the English form.');
      const card = ctx.pg.chatMessage(form.index).locator('.ac-adaptiveCard');
      await card.scrollIntoViewIfNeeded();
      await ctx.pg.screenshot('form');

      const sick = card.getByRole('textbox', { name: da ? /sygefravær/i : /sick leave/i });
      await sick.click();
      await sick.fill('12,8');
      await sick.press('Tab');
      const shown = await sick.inputValue();
      ctx.check(shown === '12,8', `the sick-leave field does not keep "12,8" after leaving it, it shows `
        + `${JSON.stringify(shown)} (the form itself says "fx 12,8")`);

      const rc = card.getByRole('combobox', { name: da ? /relationel koordinering/i : /relational coordination/i });
      await rc.click();
      const done = da ? 'Færdig' : 'Done';
      await ctx.page.getByRole('option', { name: done, exact: true }).click();
      ctx.check(await rc.inputValue() === done, `relational coordination shows ${JSON.stringify(await rc.inputValue())}, not "${done}"`);
      await card.getByRole('button', { name: da ? 'Gem' : 'Save', exact: true }).scrollIntoViewIfNeeded();
      await ctx.pg.screenshot('form-filled');

      const beforeSave = (await ctx.pg.chatMessages()).length;
      await card.getByRole('button', { name: da ? 'Gem' : 'Save', exact: true }).click();
      const saved = await ctx.pg.botReply(beforeSave, [da ? 'Gemt for Strategi og Analyse' : 'Saved for Strategi og Analyse']);
      await ctx.pg.screenshot('saved');
      const text = norm(saved.text);
      ctx.check(da ? /Relationel koordinering: Færdig/.test(text) : /Relational coordination: Done/.test(text),
        `the confirmation does not list relational coordination "${done}": ${JSON.stringify(text)}`);
      ctx.check(/(Sygefravær|Sick leave): 12[,.]8/.test(text),
        `the confirmation does not list sick leave 12,8: ${JSON.stringify(text)}`);
      ctx.check(!/(Sygefravær|Sick leave): –/.test(text),
        `the bot saved a sick-leave report WITHOUT a figure ("–") although the days field was empty and the `
        + `form says empty fields are not saved: ${JSON.stringify(text)}`);
    },
  },
  {
    id: 's5-channel-mention',
    title: 'channel: @mention the bot with a question → the answer in the thread',
    async run(ctx) {
      await ctx.pg.open('General');
      await ctx.pg.settle(() => ctx.pg.channelPosts());
      await ctx.pg.screenshot('channel');
      const question = 'hvornår skal årsaftalerne være færdige?';
      await ctx.pg.postMentioningBot(question);
      const post = ctx.pg.channelPost({ hasText: question });
      await post.first().waitFor({ timeout: 15000 });
      let text = '';
      await until(async () => {
        text = norm(await post.first().innerText());
        return text.includes('1. marts 2019') && text.includes('Kilde: Koncernstrategi 2019');
      }, { timeout: 30000, describe: async () => `the post has no answer: ${JSON.stringify(text.slice(0, 400))}` });
      const botInThread = await post.first().locator(`[role=img][aria-label="${BOT}"]`).count();
      ctx.check(botInThread >= 1, `the answer in the post is not by ${BOT}`);
      ctx.check(text.includes(`${BOT} ${question}`) || text.includes(question),
        'the post does not show the question');
      await ctx.pg.screenshot('answer-in-thread');
    },
  },
  {
    id: 's6-proactive-digest',
    title: 'proactive: install in a team (Mock an Activity), subscribe, `strategibot digest send-now` → the digest is posted in the channel',
    async run(ctx) {
      const { pg } = ctx;
      await pg.open(CHANNEL.name);
      await pg.settle(() => pg.channelPosts());
      const botPosts = async () => (await pg.channelPosts()).filter((p) => p.author === BOT);
      const welcomes = (await botPosts()).length;
      await pg.screenshot('channel');

      // 1. the bot is added to the team: installationUpdate + conversationUpdate (Mock an Activity)
      const template = await ctx.playground.template(CHANNEL.id);
      const base = {
        ...template,
        conversation: { ...template.conversation, id: CHANNEL.id, conversationType: 'channel', isGroup: true, tenantId: TENANT },
        from: { id: 'user-id-0', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Ole Thomsen' },
      };
      const channelData = {
        tenant: { id: TENANT }, team: TEAM, channel: { id: CHANNEL.id, name: CHANNEL.name },
        settings: { selectedChannel: { id: CHANNEL.id } },
      };
      await ctx.playground.mock({ ...base, id: `e2e-install-${Date.now()}`, type: 'installationUpdate', action: 'add', channelData: { ...channelData, source: { name: 'message' } } });
      await ctx.playground.mock({
        ...base, id: `e2e-added-${Date.now()}`, type: 'conversationUpdate',
        membersAdded: [{ id: template.recipient.id }],
        channelData: { ...channelData, eventType: 'teamMemberAdded' },
      });
      await until(async () => (await botPosts()).length > welcomes, {
        timeout: 30000, describe: async () => `no welcome post from ${BOT} after the mocked install`,
      });
      await pg.screenshot('installed');

      // 2. the installer subscribes the channel to the digest
      const subscribe = 'abonnér ugentlig fredag 14';
      await pg.postMentioningBot(subscribe);
      const post = pg.channelPost({ hasText: subscribe }).first();
      let text = '';
      await until(async () => {
        text = norm(await post.innerText().catch(() => ''));
        return /Abonneret|Subscribed|Kun administratorer|Only administrators|ingen abonnement/i.test(text.replace(subscribe, ''));
      }, { timeout: 30000, describe: async () => `no answer to "${subscribe}": ${JSON.stringify(text.slice(0, 300))}` });
      if (!/Abonneret|Subscribed/.test(text)) throw new Error(`the subscription was refused: ${JSON.stringify(text.slice(0, 400))}`);
      ctx.check(text.includes('Abonneret'), `the confirmation is not in Danish: ${JSON.stringify(text.slice(0, 300))}`);
      await pg.screenshot('subscribed');

      // 3. the digest is sent from the command line and appears in the channel on its own
      const postsBefore = (await botPosts()).length;
      const sent = await ctx.cli(['digest', 'send-now']);
      ctx.log(`strategibot digest send-now → exit ${sent.code}: ${norm(sent.stdout + ' ' + sent.stderr).slice(0, 400)}`);
      if (sent.code !== 0) {
        throw new Error(`strategibot digest send-now exited ${sent.code}: ${norm(sent.stdout + ' ' + sent.stderr).slice(0, 600)}`);
      }
      const digestTitle = /Fremdrift på de fælles mål|Progress on the shared goals/;
      let posts = [];
      try {
        await until(async () => {
          posts = await botPosts();
          return posts.length > postsBefore && posts.some((p) => digestTitle.test(p.text));
        }, { timeout: 30000 });
      } catch (error) {
        const anywhere = (await pg.channelPosts()).find((p) => digestTitle.test(p.text));
        throw new Error(anywhere
          ? `the digest went into a thread, not as a new post in the channel: ${JSON.stringify(norm(anywhere.text).slice(0, 300))}`
          : `no digest appeared in the channel within 30 s (bot posts: ${posts.length}, before: ${postsBefore})`);
      }
      const digest = posts.find((p) => digestTitle.test(p.text));
      ctx.check(digest.text.includes('Fremdrift på de fælles mål'), 'the digest is not in Danish');
      await pg.screenshot('digest');
    },
  },
  {
    id: 's7-question-mid-form',
    title: 'a question typed while the check-in form is open is answered; the form still saves',
    async run(ctx) {
      await personalChat(ctx);
      const before = await ctx.pg.sayInChat('indrapporter');
      const form = await ctx.pg.botReply(before, [/(Indrapportering|Check-in): Strategi og Analyse/]);
      const asked = await ctx.pg.sayInChat('hvad er kerneopgaven?');
      await ctx.pg.botReply(asked, ['Kilde: Koncernstrategi 2019, s. 7']);
      await ctx.pg.screenshot('question-mid-form');
      const card = ctx.pg.chatMessage(form.index).locator('.ac-adaptiveCard');
      await card.scrollIntoViewIfNeeded();
      const da = norm(form.text).includes('Indrapportering');
      const rc = card.getByRole('combobox', { name: da ? /relationel koordinering/i : /relational coordination/i });
      await rc.click();
      await ctx.page.getByRole('option', { name: da ? 'I gang' : 'In progress', exact: true }).click();
      const beforeSave = (await ctx.pg.chatMessages()).length;
      await card.getByRole('button', { name: da ? 'Gem' : 'Save', exact: true }).click();
      await ctx.pg.botReply(beforeSave, [da ? 'Gemt for Strategi og Analyse' : 'Saved for Strategi og Analyse']);
    },
  },
  {
    id: 's8-channel-help',
    title: 'channel: @strategibot hjælp → the whole bot, with the subscription part for a channel',
    async run(ctx) {
      await ctx.pg.open('General');
      await ctx.pg.settle(() => ctx.pg.channelPosts());
      await ctx.pg.postMentioningBot('hjælp');
      const post = ctx.pg.channelPost({ hasText: 'hjælp' });
      await post.first().waitFor({ timeout: 15000 });
      let text = '';
      await until(async () => {
        text = norm(await post.first().innerText());
        return text.includes('Det kan jeg hjælpe med');
      }, { timeout: 30000, describe: async () => `no help in the thread: ${JSON.stringify(text.slice(0, 400))}` });
      ctx.check(text.includes('Spørg om strategien'), 'the help does not offer questions');
      ctx.check(text.includes('Abonnement'), 'the help in a channel does not offer the subscription');
      await ctx.pg.screenshot('channel-help');
    },
  },
];

module.exports = { scenarios };
