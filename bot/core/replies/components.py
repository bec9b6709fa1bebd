"""Buttons and select menus on replies, and what a click on one asks for.

Components are stateless: everything a click needs is in its ``custom_id`` (at most 100
characters), so they keep working after a restart and on any shard. The form is
``fb:<action>:<command>:<page>:<argument>``: action ``p`` shows page ``<page>``, ``s`` shows
the sources of that page, ``k`` answers with the entry picked in a "which one?" menu. The
argument is what the command needs beyond the page: an entry's id, a search's question (when
it fits; otherwise the reply gets no buttons and its footer says how to page), or, for
/relation, the other entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.i18n import _
from bot.core.replies.payloads import ActionRow, Button, SelectOption, StringSelect

__all__ = ["CUSTOM_ID_MAX", "FROM_TITLE", "Click", "page_row", "parse_click", "pick_row"]

CUSTOM_ID_MAX = 100  # Discord's limit (docs: components/reference)
LABEL_MAX, OPTION_TEXT_MAX, OPTIONS_MAX = 80, 100, 25  # button label; option label/value
ACTION_ROW, BUTTON, STRING_SELECT = 1, 2, 3
SECONDARY = 2  # button style
PREFIX = "fb"
FROM_TITLE = "~"  # the argument is the clicked message's title (a long search question)


@dataclass(frozen=True, slots=True)
class Click:
    """What a component's ``custom_id`` asks for."""

    action: str  # "p" page, "s" sources, "k" pick
    command: str
    page: int
    argument: str

    def options(self, picked: str | None = None) -> dict[str, object]:
        """The command options that reproduce the reply (``picked``: a menu's value)."""
        chosen = picked if picked is not None else self.argument
        page: dict[str, object] = {"page": self.page} if self.command in PAGED else {}
        if self.command == "search":
            return {"query": self.argument, **page}
        if self.command == "latest":
            return page
        if self.command == "relation":
            first, _sep, second = self.argument.partition("|")
            if picked is None:
                return {"a": first, "b": second}
            return {"a": picked, "b": second} if first == "?" else {"a": first, "b": picked}
        if self.command == "source":
            return {"id": chosen}
        return {"name": chosen, **page}


PAGED = frozenset({"search", "timeline", "latest"})


def custom_id(action: str, command: str, page: int, argument: str) -> str | None:
    """The ``custom_id`` for a click, or None when it would not fit Discord's 100."""
    text = f"{PREFIX}:{action}:{command}:{page}:{argument}"
    return text if len(text) <= CUSTOM_ID_MAX else None


def parse_click(text: str) -> Click | None:
    """The click a ``custom_id`` of ours describes; None for anything else."""
    parts = text.split(":", 4)
    if len(parts) != 5 or parts[0] != PREFIX or parts[1] not in ("p", "s", "k") or \
            not parts[3].isdigit():
        return None
    return Click(parts[1], parts[2], int(parts[3]), parts[4])


def _button(label: str, target: str, *, disabled: bool = False) -> Button:
    button: Button = {"type": BUTTON, "style": SECONDARY, "label": label[:LABEL_MAX],
                      "custom_id": target}
    if disabled:
        button["disabled"] = True
    return button


def page_row(command: str, argument: str, page: int, pages: int, *,
             sources: bool = True) -> list[ActionRow]:
    """Previous / Next (when there is more than one page) and Sources buttons; none when the
    argument is too long for a ``custom_id``. The ids differ (Discord requires it): a disabled
    Previous on page 1 points at page 1, a disabled Next on the last page at that page."""
    if command == "search" and custom_id("p", command, page, argument) is None:
        argument = FROM_TITLE
    previous = custom_id("p", command, max(page - 1, 1), argument)
    following = custom_id("p", command, min(page + 1, pages), argument)
    listed = custom_id("s", command, page, argument)
    if previous is None or following is None or listed is None:
        return []
    buttons: list[Button | StringSelect] = []
    if pages > 1:
        buttons.append(_button(_("◀ Previous"), previous, disabled=page <= 1))
        buttons.append(_button(_("Next ▶"), following, disabled=page >= pages))
    if sources:
        buttons.append(_button(_("Sources"), listed))
    return [{"type": ACTION_ROW, "components": buttons}] if buttons else []


def pick_row(command: str, argument: str, choices: list[tuple[str, str, str]]
             ) -> list[ActionRow]:
    """A "which one did you mean?" menu of (label, value, description) choices."""
    target = custom_id("k", command, 1, argument)
    if target is None or not choices:
        return []
    options: list[SelectOption] = []
    for label, value, description in choices[:OPTIONS_MAX]:
        option: SelectOption = {"label": label[:OPTION_TEXT_MAX],
                                "value": value[:OPTION_TEXT_MAX]}
        if description:
            option["description"] = description[:OPTION_TEXT_MAX]
        options.append(option)
    menu: StringSelect = {"type": STRING_SELECT, "custom_id": target,
                          "placeholder": _("Which one did you mean?"), "options": options}
    return [{"type": ACTION_ROW, "components": [menu]}]
