"""The human-readable tally table printed on a terminal.

Text from the bundle (ids, organizations, category names) is escaped by `printable` before
the columns are measured: a control or bidi character in it can neither break a row nor
reorder the table (and each escape is counted in its cell's width)."""

from __future__ import annotations

import unicodedata

from ..domain.model import Contest, text_in
from ..domain.numbers import format_2dp
from ..domain.tally import TallyResults
from ..i18n import _, current_language
from ..labels import REASONS, STATUS
from .safe_text import printable


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _cut(text: str, limit: int) -> str:
    return text if _width(text) <= limit else text[:limit - 1] + "…"


def render_table(contest: Contest, results: TallyResults) -> str:
    """One block per category: rank, proposal, organization, scores, award, tranches."""
    lang = current_language()
    phases = [p.id for p in contest.phases]
    organizations = {p.id: printable(p.organization) for p in contest.proposals}
    header = [_("Rank"), _("Proposal"), _("Organization"), *map(printable, phases), _("Final"),
              _("Status"), _("Award"), _("1st tranche"), _("2nd tranche"), _("Note")]
    lines: list[str] = []
    for category in contest.categories:
        rows = [header]
        for r in results.results:
            if r.category != category.id:
                continue
            rank = "" if r.rank is None else (f"{r.rank}=" if r.tie else str(r.rank))
            scores = r.phase_scores or {}
            status = _(STATUS[r.status])
            if r.funded:
                status = _("partly funded") if r.partial else _("funded")
            rows.append([
                rank, printable(r.proposal), _cut(organizations[r.proposal], 34),
                *(format_2dp(scores[p]) if p in scores else "—" for p in phases),
                "—" if r.final_score is None else format_2dp(r.final_score), status,
                format_2dp(r.award), format_2dp(r.first_tranche), format_2dp(r.second_tranche),
                _(REASONS[r.reason]) if r.reason else ""])
        summary = next(c for c in results.categories if c.id == category.id)
        widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
        n = len(header)
        numeric = {0, *range(3, 4 + len(phases)), n - 4, n - 3, n - 2}
        lines.append(printable(f"{text_in(category.name, lang)} ({category.id})"))
        for row in rows:
            cells = [cell.rjust(widths[i]) if i in numeric else
                     cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
            lines.append("  ".join(cells).rstrip())
        lines.append(_("Budget {budget}; allocated {allocated}; remaining {remaining}").format(
            budget=format_2dp(summary.budget), allocated=format_2dp(summary.allocated),
            remaining=format_2dp(summary.remaining)))
        lines.append("")
    if results.followups is not None:
        lines.extend(_followup_lines(contest, results))
    return "\n".join(lines)


def _followup_lines(contest: Contest, results: TallyResults) -> list[str]:
    """The second-tranche items by ``order``, then the total released of the total due."""
    organizations = {i.id: printable(i.organization) for i in contest.followup_items}
    header = [_("Item"), _("Organization"), _("Status"), _("Final"), _("Released"), _("Note")]
    rows = [header]
    for f in results.followups or []:
        rows.append([
            printable(f.item), _cut(organizations.get(f.item, ""), 34), _(STATUS[f.status]),
            "—" if f.final_score is None else format_2dp(f.final_score),
            format_2dp(f.released), _(REASONS[f.reason]) if f.reason in REASONS else ""])
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    numeric = {3, 4}
    lines = [_("Second tranche")]
    for row in rows:
        cells = [cell.rjust(widths[i]) if i in numeric else
                 cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    lines.append(_("Released {released} of {due} due").format(
        released=format_2dp(results.followups_released),
        due=format_2dp(results.followups_due)))
    lines.append("")
    return lines
