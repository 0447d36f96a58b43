"""What is wrong with a page of the new-contest wizard, field by field, in words.

Each check returns `Problems`: one sentence (in the active language) per field of an item —
the draft itself for the plain pages, a phase, criterion, category or juror on the others —
so that the wizard shows each where it was typed, and refuses to go on while any is left.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ...i18n import _, ngettext
from .draft import Criterion, Draft, amount_text, decimal_text, document_digits, name_of
from .ids import ID_RULE

MAX_PROGRAMME = 200
LIST = "list"
"""The field of a page's problem that belongs to no item (an empty list)."""


class Problems:
    """A sentence per (item, field); items in the order they were found."""

    def __init__(self) -> None:
        self._found: dict[tuple[int, str], str] = {}
        self._items: list[object] = []

    def add(self, item: object, field: str, message: str) -> None:
        key = (id(item), field)
        if key not in self._found:
            self._found[key] = message
        if not any(item is known for known in self._items):
            self._items.append(item)

    def at(self, item: object, field: str) -> str:
        return self._found.get((id(item), field), "")

    def items(self) -> list[object]:
        return list(self._items)

    def __bool__(self) -> bool:
        return bool(self._found)

    def __len__(self) -> int:
        return len(self._found)


def _typed_id(problems: Problems, item: object, typed: str, others: list[str],
              taken_message: str) -> None:
    """An id typed under "Advanced": within the rule, and not another item's."""
    typed = typed.strip()
    if not typed:
        return
    if not ID_RULE.fullmatch(typed):
        problems.add(item, "id", _("An id may hold only letters without accents, digits, - "
                                   "and _ (at most 64 of them)."))
    elif others.count(typed) > 1:
        problems.add(item, "id", taken_message)


def _name(problems: Problems, item: object, text: str) -> None:
    if not text.strip():
        problems.add(item, "name", _("Write the name in Spanish, in Quechua or in both."))


def check_data(draft: Draft, contests: set[str]) -> Problems:
    problems = Problems()
    if not draft.title.strip():
        problems.add(draft, "title", _("Write the title of the contest, as the minutes will "
                                       "name it."))
    typed = draft.contest_id.strip()
    if typed:
        _typed_id(problems, draft, typed, [typed], "")
        if typed in contests and not problems.at(draft, "id"):
            problems.add(draft, "id", _("This database already holds a contest with this "
                                        "id."))
    return problems


def check_office(draft: Draft) -> Problems:
    problems = Problems()
    length = len(draft.programme.strip())
    if length > MAX_PROGRAMME:
        problems.add(draft, "programme", ngettext(
            "At most {limit} characters; this has {count}.",
            "At most {limit} characters; this has {count}.", length).format(
                limit=MAX_PROGRAMME, count=length))
    if draft.office_id.strip():
        _typed_id(problems, draft, draft.office_id, [draft.office_id.strip()], "")
        if not draft.office_name.strip():
            problems.add(draft, "office_name", _("Write the office's name too, or leave its "
                                                 "id empty."))
    return problems


def _positive(text: str) -> Decimal | None:
    number = decimal_text(text)
    return Decimal(number) if number is not None and Decimal(number) > 0 else None


def check_phases(draft: Draft) -> Problems:
    problems = Problems()
    if not draft.phases:
        problems.add(draft, LIST, _("Add at least one phase, such as the field evaluation or "
                                    "the public one."))
    phase_ids = [p.id.strip() for p in draft.phases]
    criterion_ids = [c.id.strip() for c in draft.criteria()]
    for phase in draft.phases:
        _name(problems, phase, name_of(phase))
        _typed_id(problems, phase, phase.id, phase_ids, _("Another phase has this id."))
        if not phase.criteria:
            problems.add(phase, "criteria", _("Add the criteria of this phase's sheet: at "
                                              "least one."))
        for criterion in phase.criteria:
            _criterion(problems, criterion, criterion_ids)
    return problems


def _criterion(problems: Problems, criterion: Criterion, criterion_ids: list[str]) -> None:
    _name(problems, criterion, name_of(criterion))
    _typed_id(problems, criterion, criterion.id, criterion_ids,
              _("Another criterion has this id."))
    low = Decimal(decimal_text(criterion.min, negative=True) or "0")
    top_text = decimal_text(criterion.max)
    if not criterion.max.strip():
        problems.add(criterion, "max", _("Write the most points a juror may give, such as "
                                         "10."))
    elif top_text is None:
        problems.add(criterion, "max", _("{value} is not a number.").format(
            value=criterion.max.strip()))
    elif Decimal(top_text) <= low:
        problems.add(criterion, "max", _("The maximum must be above {minimum}.").format(
            minimum=low))
    step = _positive(criterion.step)
    if step is None:
        problems.add(criterion, "step", _("The step must be a number above 0, such as 1 or "
                                          "0.5."))
    elif top_text is not None and Decimal(top_text) > low:
        top = Decimal(top_text)
        highest = low + ((top - low) // step) * step
        if highest != top:
            problems.add(criterion, "max", _(
                "In steps of {step} from {minimum}, {maximum} cannot be given: the highest "
                "value would be {highest}.").format(step=step, minimum=low, maximum=top,
                                                    highest=highest))
    if _positive(criterion.weight) is None:
        problems.add(criterion, "weight", _("The weight must be a number above 0; it is "
                                            "usually 1."))


def highest_total(draft: Draft) -> Decimal | None:
    """The highest final score the sheets allow (None while a maximum is not a number)."""
    total = Decimal(0)
    for criterion in draft.criteria():
        top, weight = decimal_text(criterion.max), decimal_text(criterion.weight)
        if top is None or weight is None:
            return None
        total += Decimal(top) * Decimal(weight)
    return total


def _percent(problems: Problems, draft: Draft, field: str, text: str) -> None:
    number = decimal_text(text)
    if number is None or not Decimal(0) <= Decimal(number) <= Decimal(100):
        problems.add(draft, field, _("Write a percentage from 0 to 100."))


def check_rules(draft: Draft) -> Problems:
    problems = Problems()
    number = decimal_text(draft.pass_score)
    if number is None or Decimal(number) < 0:
        problems.add(draft, "pass_score", _("Write the pass mark as a number, such as 70."))
    else:
        total = highest_total(draft)
        if total is not None and Decimal(number) > total:
            problems.add(draft, "pass_score", _(
                "The sheets give at most {total} points: a pass mark of {value} can never be "
                "reached.").format(total=total, value=number))
    if draft.allocation == "partial":
        _percent(problems, draft, "partial_min_percent", draft.partial_min_percent)
    _percent(problems, draft, "first_tranche_percent", draft.first_tranche_percent)
    return problems


def check_categories(draft: Draft) -> Problems:
    problems = Problems()
    if not draft.categories:
        problems.add(draft, LIST, _("Add at least one category: every proposal competes in "
                                    "one."))
    ids = [c.id.strip() for c in draft.categories]
    for category in draft.categories:
        _name(problems, category, name_of(category))
        _typed_id(problems, category, category.id, ids, _("Another category has this id."))
        budget = amount_text(category.budget)
        if not category.budget.strip():
            problems.add(category, "budget", _("Write the budget of this category, such as "
                                               "150,000.00."))
        elif budget is None:
            problems.add(category, "budget", _("{value} is not an amount; write it like "
                                               "150,000.00.").format(
                                                   value=category.budget.strip()))
        if category.max_award.strip():
            most = amount_text(category.max_award)
            if most is None:
                problems.add(category, "max_award", _(
                    "{value} is not an amount; write it like 150,000.00.").format(
                        value=category.max_award.strip()))
            elif budget is not None and Decimal(most) > Decimal(budget):
                problems.add(category, "max_award", _("The largest award cannot be more than "
                                                      "the whole budget."))
    return problems


def document_problem(text: str) -> str:
    """What is wrong with a DNI as typed (spaces, dots and hyphens between its digits are
    fine); empty when it is 8 digits, or not given."""
    document = document_digits(text.strip())
    if not document:
        return ""
    if not re.fullmatch(r"[0-9]+", document):
        return _("A DNI is written with digits only.")
    if len(document) != 8:
        return ngettext("A DNI has 8 digits; this one has {count}.",
                        "A DNI has 8 digits; this one has {count}.", len(document)).format(
                            count=len(document))
    return ""


def check_jurors(draft: Draft) -> Problems:
    problems = Problems()
    ids = [j.id.strip() for j in draft.jurors]
    seen: dict[str, str] = {}
    for juror in draft.jurors:
        if not juror.name.strip():
            problems.add(juror, "name", _("Write the juror's full name."))
        _typed_id(problems, juror, juror.id, ids, _("Another juror has this id."))
        document = document_digits(juror.document)
        if document:
            if wrong := document_problem(document):
                problems.add(juror, "document", wrong)
            elif document in seen:
                problems.add(juror, "document", _("{name} has the same DNI.").format(
                    name=seen[document]))
            else:
                seen[document] = juror.name.strip() or document
        if not any(any(p is phase for phase in draft.phases) for p in juror.phases):
            problems.add(juror, "phases", _("Tick the phases this juror scores: at least "
                                            "one."))
    return problems

