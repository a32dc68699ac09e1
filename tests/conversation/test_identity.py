"""Who is writing: the development address applies only where the channel cannot tell, in the
Bot Framework channels of anonymous local mode — never to a Slack user without an address."""

from __future__ import annotations

from typing import Any

from strategibot.conversation.identity import Identity
from strategibot.domain.messages import Incoming, Place, Reply, User
from strategibot.errors import ChannelError


class People:
    def __init__(self) -> None:
        self.remembered: list[tuple[str, str, str | None]] = []

    async def email(self, channel: str, user_id: str) -> str | None:
        return None

    async def confirm(self, channel: str, user_id: str, email: str) -> None:
        self.remembered.append((channel, user_id, email))


class Turn:
    forms = False

    def __init__(self, channel: str, found: str | Exception | None) -> None:
        self._incoming = Incoming("message", Place(channel=channel, id="c1"), User(id="u1"))
        self._found = found

    @property
    def incoming(self) -> Incoming:
        return self._incoming

    async def send(self, reply: Reply) -> None:
        raise AssertionError("nothing is sent")

    async def lookup_email(self) -> str | None:
        if isinstance(self._found, Exception):
            raise self._found
        return self._found


def _identity(people: Any) -> Identity:
    return Identity(people, dev_email="Dev@LTK.example",
                    dev_channels=frozenset({"msteams", "emulator"}))


async def test_the_channels_address_is_remembered() -> None:
    people = People()
    assert await _identity(people).email(Turn("slack", "Karen@LTK.dk")) == "karen@ltk.dk"
    assert people.remembered == [("slack", "u1", "karen@ltk.dk")]


async def test_the_development_address_where_the_channel_cannot_tell() -> None:
    people = People()
    identity = _identity(people)
    assert await identity.email(Turn("emulator", None)) == "dev@ltk.example"
    assert await identity.email(Turn("msteams", ChannelError("roster down"))) == \
        "dev@ltk.example"
    assert people.remembered == []  # never remembered


async def test_never_for_a_slack_user_without_an_address() -> None:
    assert await _identity(People()).email(Turn("slack", None)) is None


async def test_a_roster_value_that_is_no_address_is_not_kept() -> None:
    people = People()
    identity = Identity(people, dev_email=None, dev_channels=frozenset({"emulator"}))
    assert await identity.email(Turn("msteams", "HR og Kompetenceudvikling")) is None
    assert await identity.email(Turn("msteams", "karen@ltk")) is None
    assert people.remembered == []
    assert await identity.email(Turn("msteams", " Karen.M@LTK.dk ")) == "karen.m@ltk.dk"
    assert people.remembered == [("msteams", "u1", "karen.m@ltk.dk")]
