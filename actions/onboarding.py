"""A new joiner's onboarding checklist: what is left, what is overdue, and ticking items off.

The checklist, its due dates and which items a person may tick off themselves all come from
the API; the action only matches what was said to one of the person's own items.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import ApiDeps, ask_api, entity_value, explain_failure, require_token
from actions._words import format_day, payload, plural
from actions.api_client import ApiError, OnboardingChecklist, OnboardingItem


def item_line(item: OnboardingItem) -> str:
    """One checklist item: what, by when, and whether it is overdue."""
    if item.done_on is not None:
        return f"- {item.title}: done on {format_day(item.done_on)}"
    overdue = " – overdue" if item.overdue else ""
    return f"- {item.title}: by {format_day(item.due_on)}{overdue}"


def tick_buttons(items: list[OnboardingItem]) -> list[dict[str, str]]:
    """A button for each item still to do that the person may tick off themselves."""
    return [
        {
            "title": f"I've done: {item.title}",
            "payload": payload("complete_onboarding_item", onboarding_item=item.code),
        }
        for item in items
        if item.self_service and item.done_on is None
    ]


def describe_checklist(checklist: OnboardingChecklist) -> str:
    """The checklist in words: what is left (overdue flagged), then what is done."""
    to_do = [i for i in checklist.items if i.done_on is None]
    done = [i for i in checklist.items if i.done_on is not None]
    lines = [
        f"You started on {format_day(checklist.start_date)}. "
        f"You've done {len(done)} of {len(checklist.items)} things on your onboarding checklist."
    ]
    overdue = sum(1 for i in to_do if i.overdue)
    if to_do:
        lines.append("")
        lines.append("Still to do" + (f" ({overdue} overdue)" if overdue else "") + ":")
        lines.extend(item_line(i) for i in to_do)
    if done:
        lines.append("")
        lines.append("Done:")
        lines.extend(item_line(i) for i in done)
    return "\n".join(lines)


def find_item(said: str, items: list[OnboardingItem]) -> list[OnboardingItem]:
    """The items a code or keyword (from a button or the EntityRuler) refers to.

    Args:
        said: An item code ("collect_laptop") or keyword ("laptop", "building_pass").
        items: The person's checklist items.

    Returns:
        The item with that code, else every item whose code or title contains the keyword.
    """
    key = said.strip().lower()
    exact = [i for i in items if i.code.lower() == key]
    if exact:
        return exact
    words = key.replace("_", " ")
    return [
        i
        for i in items
        if key in i.code.lower() or words in i.title.lower() or words in i.code.lower()
    ]


class ActionOnboardingChecklist(ApiDeps, Action):
    """Show the person's onboarding checklist with due dates and what is overdue."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_onboarding_checklist"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """List what is left (overdue first flagged) and done, with buttons to tick items off.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            No events.
        """
        checklist = await ask_api(dispatcher, tracker, lambda token: self.client.onboarding(token))
        if checklist is None:
            return []
        if all(i.done_on is not None for i in checklist.items):
            dispatcher.utter_message(response="utter_onboarding_all_done")
            return []
        buttons = tick_buttons(checklist.items)
        dispatcher.utter_message(
            response="utter_onboarding_checklist",
            checklist=describe_checklist(checklist),
            buttons=buttons,
        )
        return []


class ActionCompleteOnboardingItem(ApiDeps, Action):
    """Tick off an onboarding item the person says they have done."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_complete_onboarding_item"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Tick off the item named by a button or by its words; otherwise ask which one.

        Items only HR can tick are refused by the API, with its reason.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            No events.
        """
        token = require_token(dispatcher, tracker)
        if token is None:
            return []
        said = entity_value(tracker, "onboarding_item")
        try:
            checklist = await self.client.onboarding(token)
            matches = find_item(said, checklist.items) if said else []
            if len(matches) != 1:
                buttons = tick_buttons(checklist.items)
                response = (
                    "utter_onboarding_which" if buttons else "utter_onboarding_nothing_to_tick"
                )
                dispatcher.utter_message(response=response, buttons=buttons)
                return []
            [item] = matches
            if item.done_on is not None:
                dispatcher.utter_message(
                    response="utter_onboarding_already_done",
                    item=item.title,
                    day=format_day(item.done_on),
                )
                return []
            done = await self.client.complete_onboarding_item(token, item.code)
            left = [i for i in checklist.items if i.done_on is None and i.code != item.code]
        except ApiError as error:
            explain_failure(dispatcher, error, refused="utter_refused_nothing_changed")
            return []
        ticked = {"item": done.title, "day": format_day(done.done_on or self.today())}
        overdue = sum(1 for i in left if i.overdue)
        if not left:
            dispatcher.utter_message(response="utter_onboarding_ticked_all", **ticked)
        elif overdue:
            dispatcher.utter_message(
                response="utter_onboarding_ticked_overdue",
                left=plural(len(left), "thing"),
                overdue=overdue,
                **ticked,
            )
        else:
            dispatcher.utter_message(
                response="utter_onboarding_ticked", left=plural(len(left), "thing"), **ticked
            )
        return []
