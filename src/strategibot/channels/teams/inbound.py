"""Strict validation of an inbound Bot Framework activity, before botbuilder sees it.

botbuilder deserialises whatever it is given with msrest and fails late (a wrong-typed field,
a garbage timestamp or ``"entities": {}`` end as a 500 with a stack trace). This module checks
the raw request first — size, media type, UTF-8, JSON, nesting depth, and the type of every
field botbuilder reads — and raises :class:`BadActivity` with the status to answer (400, 413 or
415) and a short reason that is safe to show to the caller. Only a body that passes is handed
to msrest, and any error msrest still raises becomes a 400 too.

The channel always sends ``type``, ``serviceUrl``, ``channelId``, ``conversation.id``,
``from.id`` and ``recipient.id``; without them the adapter cannot address a reply or key the
conversation state, so every activity type must carry them. Unknown activity types are
accepted: botbuilder's ``ActivityHandler`` ignores them.

Ids are bounded by what the database keeps (a conversation id of at most 300 characters, a
user id of 200 …), so an over-long id is a 400 here, not a failed save later. A serviceUrl
with credentials in it (``http://user:secret@…``) is refused: they would be sent on as Basic
auth. Entities botbuilder would trip over — one without a ``type``, a mention without
``mentioned.id`` or ``text`` — are dropped, and NUL characters (which no database column can
hold) are removed from every string, not passed on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime
from typing import Any, Final, NoReturn, TypeVar
from urllib.parse import urlsplit

from botbuilder.schema import Activity
from msrest.serialization import Deserializer, Model

from strategibot.errors import StrategibotError

__all__ = ["INBOUND_JSON", "MAX_DEPTH", "MAX_LENGTHS", "BadActivity", "parse_activity",
           "read_activity"]

_M = TypeVar("_M", bound=Model)

MAX_DEPTH: Final = 64
"""The deepest JSON nesting accepted (a real activity nests about 8 deep)."""

INBOUND_JSON: ContextVar[dict[str, Any] | None] = ContextVar("inbound_json", default=None)
"""The validated JSON of the activity the current request carries (set by the adapter for
the turn): replies are addressed from it, as plain JSON."""

_DESERIALIZER: Final = Deserializer(  # type: ignore[no-untyped-call]
    Activity._infer_class_models()
)
_TIMESTAMP: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|z|[+-]\d{2}:\d{2})?", re.ASCII
)
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")
_JSON_MEDIA_TYPES: Final = frozenset({"application/json"})
_UTF8_NAMES: Final = frozenset({"utf-8", "utf8"})


class BadActivity(StrategibotError):
    """The request does not carry a valid activity.

    Attributes:
        status: the HTTP status to answer: 400, 413 (too large) or 415 (not JSON).
        reason: a short explanation without any of the caller's data in it.
    """

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status}: {reason}")
        self.status = status
        self.reason = reason


def parse_activity(body: bytes, content_type: str | None, max_bytes: int) -> Activity:
    """Validate a request body and deserialise it into a botbuilder ``Activity``.

    Args:
        body: the raw request body.
        content_type: the request's Content-Type header, or None when it is missing.
        max_bytes: the largest body accepted.

    Raises:
        BadActivity: with status 413 (too large), 415 (not JSON) or 400 (anything else).
    """
    return read_activity(body, content_type, max_bytes)[0]


def read_activity(body: bytes, content_type: str | None,
                  max_bytes: int) -> tuple[Activity, dict[str, Any]]:
    """As :func:`parse_activity`, and also the validated, normalised JSON object it was read
    from (the reply is addressed from it without serialising botbuilder's models again)."""
    if len(body) > max_bytes:
        raise BadActivity(413, f"the body is larger than {max_bytes} bytes")
    _check_content_type(content_type)
    data = _load_json(body)
    if not isinstance(data, dict):
        _bad("the body must be a JSON object")
    _check_activity(data)
    _normalise(data)
    try:
        activity = quick_model(Activity, data) or _DESERIALIZER("Activity", data)
    except Exception:  # msrest raises many types; none may escape as a 500
        _bad("the activity could not be read")
    if not isinstance(activity, Activity):
        _bad("the activity could not be read")
    return activity, data


_MODELS: Final[dict[str, type[Model]]] = Activity._infer_class_models()


def quick_model(cls: type[_M], data: dict[str, Any]) -> _M | None:
    """msrest's reading of ``data`` as ``cls`` — the same model, compared equal in the tests
    over every shape the fuzzers make — for what an inbound activity holds: strings, booleans,
    timestamps, JSON objects, nested models and lists of them. None for anything else (a
    number where a string belongs, a model with a subtype map or validation …): msrest reads
    it then. msrest's generic walk was the largest part of botbuilder's cost in a turn."""
    if getattr(cls, "_subtype_map", None) or getattr(cls, "_validation", None):
        return None
    arguments: dict[str, Any] = {}
    known: set[str] = set()
    for attribute, spec in cls._attribute_map.items():
        key, kind = spec["key"], spec["type"]
        if "." in key or not key:
            return None
        known.add(key)
        value = data.get(key)
        if value is None:
            continue
        if kind == "str" or kind == "bool":
            if type(value) is not (str if kind == "str" else bool):
                return None
        elif kind == "object":
            value = _json_copy(value)
        elif kind == "iso-8601":
            if type(value) is not str:
                return None
            value = Deserializer.deserialize_iso(value)  # type: ignore[no-untyped-call]
        elif kind == "[str]":
            if type(value) is not list or any(type(item) is not str for item in value):
                return None
            value = list(value)
        elif kind.startswith("["):
            model = _MODELS.get(kind[1:-1])
            if model is None or type(value) is not list:
                return None
            items = []
            for item in value:
                read = quick_model(model, item) if type(item) is dict else None
                if read is None:
                    return None
                items.append(read)
            value = items
        else:
            model = _MODELS.get(kind)
            if model is None or type(value) is not dict:
                return None
            value = quick_model(model, value)
            if value is None:
                return None
        arguments[attribute] = value
    made = cls(**arguments)
    extra = {key: data[key] for key in data.keys() - known}
    if extra:
        made.additional_properties = extra
    return made


def _json_copy(value: Any) -> Any:
    """A fresh copy of JSON, as msrest's ``deserialize_object`` makes it."""
    if type(value) is dict:
        return {key: _json_copy(item) for key, item in value.items()}
    if type(value) is list:
        return [_json_copy(item) for item in value]
    return value


def _bad(reason: str) -> NoReturn:
    raise BadActivity(400, reason)


def _check_content_type(content_type: str | None) -> None:
    if content_type is None or not content_type.strip():
        _bad("the Content-Type header is missing")
    media, _, params = content_type.partition(";")
    if media.strip().lower() not in _JSON_MEDIA_TYPES:
        raise BadActivity(415, "the Content-Type must be application/json")
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in _UTF8_NAMES:
            raise BadActivity(415, "the charset must be utf-8")


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _load_json(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        _bad("the body is not valid UTF-8")
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        _bad(f"the JSON is nested more than {MAX_DEPTH} deep")
    except ValueError:  # JSONDecodeError, and int() of a number with too many digits
        _bad("the body is not valid JSON")
    check_strings = _SURROGATE_ESCAPE.search(text) is not None
    if check_strings or text.count("[") + text.count("{") > MAX_DEPTH:
        _walk(data, check_strings=check_strings)
    if "\\u0000" in text:  # JSON writes NUL only escaped; a database cannot store it
        data = _without_nul(data)
    return data


def _without_nul(data: Any) -> Any:
    """``data`` with every NUL character removed from its strings (keys too)."""
    if isinstance(data, str):
        return data.replace("\x00", "")
    if isinstance(data, list):
        return [_without_nul(item) for item in data]
    if isinstance(data, dict):
        return {_without_nul(key): _without_nul(value) for key, value in data.items()}
    return data


def _walk(data: Any, *, check_strings: bool) -> None:
    """Check the nesting depth, and for lone surrogates (``"\\ud800"``), without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = list(value.values())
            if check_strings:
                children.extend(value.keys())
        elif isinstance(value, list):
            children = value
        else:
            if check_strings and isinstance(value, str):
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    _bad("the JSON contains an invalid Unicode escape")
            continue
        if depth > MAX_DEPTH:
            _bad(f"the JSON is nested more than {MAX_DEPTH} deep")
        stack.extend((child, depth + 1) for child in children)


# --- field checks ---------------------------------------------------------------------------

_Check = Callable[[Any, str], None]


def _string(value: Any, where: str) -> None:
    if value is not None and not isinstance(value, str):
        _bad(f"'{where}' must be a string")


def _boolean(value: Any, where: str) -> None:
    if value is not None and not isinstance(value, bool):
        _bad(f"'{where}' must be true or false")


def _integer(value: Any, where: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        _bad(f"'{where}' must be a whole number")


def _anything(value: Any, where: str) -> None:
    """Any JSON value (``value``, ``content``): it is already valid JSON."""


def _json_object(value: Any, where: str) -> None:
    if value is not None and not isinstance(value, dict):
        _bad(f"'{where}' must be an object")


def _timestamp(value: Any, where: str) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        _bad(f"'{where}' must be an ISO 8601 date and time")
    date, _, rest = value.partition("T")
    try:  # the regex has the shape; this catches 2024-13-45T25:61:00
        datetime.fromisoformat(f"{date}T{rest[:8]}")
    except ValueError:
        _bad(f"'{where}' must be an ISO 8601 date and time")


def _url(value: Any, where: str) -> None:
    if value is None:
        return
    if not isinstance(value, str) or len(value) > 2048:
        _bad(f"'{where}' must be an http(s) URL")
    try:
        parts = urlsplit(value)
        valid = parts.scheme in {"http", "https"} and bool(parts.hostname)
        _ = parts.port  # raises ValueError for a port that is not a number in range
        credentials = parts.username is not None or parts.password is not None
    except ValueError:
        valid, credentials = False, False
    if not valid or any(ch.isspace() or ord(ch) < 0x20 for ch in value):
        _bad(f"'{where}' must be an http(s) URL")
    if credentials:
        _bad(f"'{where}' must not carry credentials")


MAX_LENGTHS: Final = {
    "id": 200, "channelId": 32, "type": 64, "name": 200, "locale": 32, "replyToId": 200,
    "from.id": 200, "recipient.id": 200, "conversation.id": 300, "conversation.tenantId": 100,
    "conversation.conversationType": 32,
}
"""The longest value accepted for fields the service stores or keys on: the database's
column widths (``conversations.conversation_id`` 300, ``people.user_id`` 200 …)."""


def _bounded(limit: int) -> _Check:
    def check(value: Any, where: str) -> None:
        _string(value, where)
        if isinstance(value, str) and len(value) > limit:
            _bad(f"'{where}' is longer than {limit} characters")

    return check


def _model(fields: dict[str, _Check]) -> _Check:
    """A check for a JSON object whose known fields have the given checks."""

    def check(value: Any, where: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            _bad(f"'{where}' must be an object")
        for key, field_check in fields.items():
            if key in value:
                field_check(value[key], f"{where}.{key}")

    return check


def _list_of(item: _Check) -> _Check:
    def check(value: Any, where: str) -> None:
        if value is None:
            return
        if not isinstance(value, list):
            _bad(f"'{where}' must be a list")
        for index, element in enumerate(value):
            if element is None:
                _bad(f"'{where}[{index}]' must not be null")
            item(element, f"{where}[{index}]")

    return check


_ACCOUNT: Final = _model(
    {"id": _bounded(200), "name": _string, "aadObjectId": _string, "role": _string,
     "properties": _json_object}
)
_CONVERSATION: Final = _model(
    {"id": _bounded(300), "name": _string, "aadObjectId": _string, "role": _string,
     "isGroup": _boolean, "conversationType": _bounded(32), "tenantId": _bounded(100),
     "tenantID": _bounded(100), "properties": _json_object}
)
_TYPED: Final = _model({"type": _string})
_CARD_ACTION: Final = _model(
    {"type": _string, "title": _string, "image": _string, "text": _string,
     "displayText": _string, "imageAltText": _string, "value": _anything,
     "channelData": _anything}
)
_ACTIVITY_FIELDS: Final[dict[str, _Check]] = {
    **dict.fromkeys(
        ("localTimezone", "textFormat", "attachmentLayout",
         "topicName", "text", "speak", "inputHint", "summary", "action",
         "label", "valueType", "code", "importance", "deliveryMode",
         "callerId"),
        _string,
    ),
    **{key: _bounded(MAX_LENGTHS[key])
       for key in ("type", "id", "channelId", "locale", "replyToId", "name")},
    "timestamp": _timestamp,
    "localTimestamp": _timestamp,
    "expiration": _timestamp,
    "serviceUrl": _url,
    "historyDisclosed": _boolean,
    "from": _ACCOUNT,
    "recipient": _ACCOUNT,
    "conversation": _CONVERSATION,
    "membersAdded": _list_of(_ACCOUNT),
    "membersRemoved": _list_of(_ACCOUNT),
    "reactionsAdded": _list_of(_TYPED),
    "reactionsRemoved": _list_of(_TYPED),
    "entities": _list_of(_TYPED),
    "attachments": _list_of(
        _model({"contentType": _string, "contentUrl": _string, "name": _string,
                "thumbnailUrl": _string, "content": _anything})
    ),
    "suggestedActions": _model({"to": _list_of(_string), "actions": _list_of(_CARD_ACTION)}),
    "channelData": _json_object,
    "value": _anything,
    "relatesTo": _model(
        {"activityId": _string, "user": _ACCOUNT, "bot": _ACCOUNT,
         "conversation": _CONVERSATION, "channelId": _string, "locale": _string,
         "serviceUrl": _url}
    ),
    "listenFor": _list_of(_string),
    "textHighlights": _list_of(_model({"text": _string, "occurrence": _integer})),
    "semanticAction": _model({"id": _string, "state": _string, "entities": _json_object}),
}
_REQUIRED: Final = (
    ("type", None), ("serviceUrl", None), ("channelId", None),
    ("conversation", "id"), ("from", "id"), ("recipient", "id"),
)


def _check_activity(data: dict[str, Any]) -> None:
    for key, check in _ACTIVITY_FIELDS.items():
        if key in data:
            check(data[key], key)
    for key, inner in _REQUIRED:
        value = data.get(key)
        if inner is not None:
            value = value.get(inner) if isinstance(value, dict) else None
        if not value:
            _bad(f"'{key}.{inner}' is required" if inner else f"'{key}' is required")


def _normalise(data: dict[str, Any]) -> None:
    """Drop what botbuilder (``get_mentions``, ``remove_recipient_mention``) would fail on:
    entities without a ``type``, and mentions without ``mentioned.id`` or ``text``."""
    entities = data.get("entities")
    if not isinstance(entities, list):
        return
    kept = []
    for entity in entities:
        kind = entity.get("type") if isinstance(entity, dict) else None
        if not isinstance(kind, str) or not kind.strip():
            continue
        if kind.lower() == "mention":
            mentioned = entity.get("mentioned")
            if not (isinstance(mentioned, dict) and isinstance(mentioned.get("id"), str)
                    and isinstance(entity.get("text"), str)):
                continue
            if mentioned.get("name") is not None and not isinstance(mentioned["name"], str):
                continue
        kept.append(entity)
    data["entities"] = kept
