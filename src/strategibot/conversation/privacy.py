""""Slet mine data" / "delete my data" in chat: the user is told what is stored about them and
how to have it exported or erased. The bot erases nothing itself — an admin runs
``strategibot privacy export|erase`` (a chat message is no proof of who asks)."""

from __future__ import annotations

from strategibot.core.i18n import I18n
from strategibot.domain.messages import Outcome, Reply
from strategibot.services.privacy import MyData, Privacy

__all__ = ["MyDataReplies"]

_LOCAL = "terminal"
"""The local chat's channel: the address is the one ``chat --as`` was started with."""


class MyDataReplies:
    """Builds the "what do you keep about me" answer."""

    def __init__(self, privacy: Privacy, i18n: I18n, *, admins: frozenset[str],
                 identity_hours: float, question_days: int) -> None:
        self.privacy = privacy
        self.i18n = i18n
        self.admins = admins
        self.identity_hours = identity_hours
        self.question_days = question_days

    async def reply(self, email: str | None, channel: str, user_id: str, lang: str) -> Reply:
        return self.render(await self.privacy.about(email, channel, user_id), channel, lang)

    def render(self, data: MyData, channel: str, lang: str) -> Reply:
        text = self.i18n.text
        lines: list[str] = []
        if data.email is None and not data.identities:
            lines.append(text("bot.my_data_nothing", lang))
        leads = bool(data.units or data.centres)
        if data.email is not None and channel == _LOCAL:
            lines.append(text("bot.my_data_identity_local", lang, email=data.email))
        elif data.email is not None:
            shown = f"bot.my_data_channels.{channel}"
            lines.append(text("bot.my_data_identity", lang, email=data.email,
                              channel=text(shown, lang) if self.i18n.has(shown) else channel,
                              hours=self.i18n.number(self.identity_hours, lang)))
        if data.own_chat:
            lines.append(text("bot.my_data_chat" if leads else "bot.my_data_chat_employee",
                              lang))
        if leads:
            lines.append(text("bot.my_data_leads", lang,
                              units=", ".join((*data.centres, *data.units))))
        if data.reports:
            lines.append(text("bot.my_data_reports_one", lang) if data.reports == 1 else
                         text("bot.my_data_reports", lang, count=data.reports))
        if data.subscriptions:
            lines.append(text("bot.my_data_subscriptions_one", lang)
                         if data.subscriptions == 1 else
                         text("bot.my_data_subscriptions", lang, count=data.subscriptions))
        if data.reminders_stopped:
            lines.append(text("bot.my_data_reminders", lang))
        lines.append(text("bot.my_data_how", lang, admins=self.i18n.admins(self.admins, lang),
                          days=self.question_days))
        return Reply(lang=lang, title=text("bot.my_data_title", lang),
                     text=text("bot.my_data_intro", lang), lines=tuple(lines),
                     outcome=Outcome.ANSWER)
