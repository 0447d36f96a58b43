"""The phones' pages: server-rendered HTML from a `Snapshot`, every value escaped.

Five pages (`ROUTES`): home, now presenting, the ranking, the second-tranche results and
"how to check". Each is a fixed frame (header, navigation, language links) around a main
part, which is what the live script replaces (`render_part`) when a new snapshot arrives by
the event stream, or by polling ``/state.json`` where EventSource is missing. Withheld
results are not in the snapshot, so not in any page: the page says they are withheld.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from ..app.audience import scenes
from ..domain.scoring import APPROVED, INCOMPLETE, INELIGIBLE, REJECTED, WITHDRAWN
from ..i18n import N_, Nn_, format_number
from .assets import SCRIPT, STYLE
from .snapshot import Board, Category, Presenting, Snapshot
from .words import MODES, Words

ROUTES = {"/": "home", "/now": "now", "/ranking": "ranking", "/followups": "followups",
          "/check": "check"}
PAGES = tuple(ROUTES.values())
PATHS = {page: path for path, page in ROUTES.items()}
STATIC = {"/static/app.js": (SCRIPT, "application/javascript"),
          "/static/style.css": (STYLE, "text/css")}
COOKIE = "clar_lang"
LANGUAGE_LINKS = (("es", "Español"), ("qu", "Runasimi"), ("es+qu", "Es + Qu"))

NAVIGATION = (("home", N_("Start")), ("now", N_("Now presenting")), ("ranking", N_("Ranking")),
              ("followups", N_("Second tranche")), ("check", N_("How to check")))
SESSION = {"preparing": N_("The session has not started yet."),
           "open": N_("The public session is under way."),
           "closed": N_("The public session is closed.")}
ROW_STATUS = {
    scenes.FUNDED: N_("funded"), scenes.PARTLY_FUNDED: N_("partly funded"),
    scenes.PENDING: N_("pending"), scenes.TIE_DRAW: N_("tie — draw needed"),
    scenes.EXCEEDS: N_("does not fit the remaining budget"),
    scenes.EXHAUSTED: N_("budget exhausted"), scenes.ROW_REJECTED: N_("rejected"),
    scenes.ROW_INCOMPLETE: N_("sheets incomplete"), scenes.ROW_WITHDRAWN: N_("withdrawn"),
}
BOARD_STATUS = {
    scenes.PENDING: N_("pending"), APPROVED: N_("approved"),
    REJECTED: N_("not approved: below the pass mark"),
    INELIGIBLE: N_("not eligible: too little justified"),
    INCOMPLETE: N_("sheets incomplete"), WITHDRAWN: N_("withdrawn"),
}
RESULT = {
    scenes.PENDING: N_("Pending: {done} of {total} sheets confirmed"),
    APPROVED: N_("Approved: reaches the pass mark"),
    REJECTED: N_("Not approved: below the pass mark"),
    INCOMPLETE: N_("Sheets incomplete: no result yet"),
    WITHDRAWN: N_("Withdrawn: not scored"),
}
ITEM_RESULT = {
    APPROVED: N_("Approved: second tranche of {amount} released"),
    REJECTED: N_("Not approved: below the pass mark; no second tranche"),
    INELIGIBLE: N_("Not eligible: only {justified} of the first tranche justified "
                   "(minimum {minimum}); no second tranche"),
    WITHDRAWN: N_("Withdrawn: not evaluated; no second tranche"),
}
COLUMN_STATE = {scenes.RECUSED: N_("recused"), scenes.ABSENT: N_("absent")}
PROVISIONAL = Nn_("Provisional: {count} proposal of this category still has sheets to confirm",
                  "Provisional: {count} proposals of this category still have sheets to "
                  "confirm")
BOARD_PROVISIONAL = Nn_("Provisional: {count} item still has sheets to confirm",
                        "Provisional: {count} items still have sheets to confirm")
FOLLOWS = N_("These pages follow the projector by themselves: nothing you do here changes "
             "anything.")
LOG_EXPLAINED = N_("Every change of this session is written in a log, and each entry seals "
                   "the one before it. The log hash below is the seal of the last entry; the "
                   "acta prints the one of the end of the session.")
HOW_TO_CHECK = N_("To check: ask the secretary for the exported bundle and run "
                  "“clar-desktop verify BUNDLE --expect LOG_HASH”; the acta and every "
                  "certificate carry the same hashes.")
CONFIRMED = N_("“Conforme”: the juror confirmed this sheet")
NOT_LIVE = N_("Not live: reload the page")
LIVE = N_("Live")
T_WAITING = N_('Waiting for the session’s data…')
T_NOW_PRESENTING = N_('Now presenting')
T_NOTHING_PRESENTING = N_('No proposal is being presented right now.')
T_REQUESTED = N_('Requested')
T_FIRST_TRANCHE = N_('First tranche')
T_SECOND_TRANCHE = N_('Second tranche')
T_JUROR_S_TOTAL = N_("Juror's total")
T_CORRECTED = N_('Corrected after the read-back')
T_PASS_MARK = N_('pass mark')
T_RANKING = N_('Ranking')
T_NO_RANKING = N_('This session ranks no proposals.')
T_WITHHELD = N_('The results will be announced shortly')
T_SCORE = N_('Score')
T_AWARD = N_('Award')
T_FUNDING_LINE = N_('funding line')
T_SECOND_TRANCHE_RESULTS = N_('Second-tranche results')
T_NO_FOLLOWUPS = N_('This session evaluates no second tranche')
T_RELEASED = N_('Released')
T_HOW_TO_CHECK = N_('How to check')
T_LOG_HASH = N_('Log hash')
T_ENTRIES = N_('Entries in the log: {count}')
T_RESULTS_HASH = N_('Results hash')
T_HASH_WITHHELD = N_('Shown once the results are announced.')
STATUS_CLASS = {scenes.FUNDED: "is-ok", scenes.PARTLY_FUNDED: "is-ok", APPROVED: "is-ok",
                scenes.PENDING: "is-wait", scenes.ROW_REJECTED: "is-no", REJECTED: "is-no",
                INELIGIBLE: "is-no"}


def language_of(asked: str | None, remembered: str | None,
                default: str = "es") -> tuple[str, bool]:
    """The phone's language mode: asked in the address (then remembered in a cookie), else
    the one remembered, else ``default``. (mode, whether to remember it)."""
    asked = "es+qu" if asked in ("both", "es qu") else asked  # "+" may arrive as a space
    if asked in MODES:
        return asked, asked != remembered
    return (remembered if remembered in MODES else default), False


def _percent(value: object, words: Words) -> str:
    return escape(f"{format_number(value, language=words.first)}\u00a0%")  # type: ignore[arg-type]


# --- the frame ----------------------------------------------------------------------------------


def render_page(snapshot: Snapshot | None, page: str, mode: str) -> str:
    """The whole page ``page`` in language ``mode``."""
    words = Words(mode)
    title = escape(snapshot.title) if snapshot is not None else "CLAR"
    nav = "".join(
        f'<a href="{PATHS[p]}"{" aria-current=page" if p == page else ""}>{words(label)}</a>'
        for p, label in NAVIGATION)
    here = PATHS[page]
    langs = "".join(
        f'<a href="{here}?lang={escape(code, quote=True).replace("+", "%2B")}"'
        f'{" aria-current=true" if code == mode else ""} lang="{code[:2]}">{escape(name)}</a>'
        for code, name in LANGUAGE_LINKS)
    html_lang = "qu" if mode == "qu" else "es"
    return (
        f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{title}</title><link rel="icon" href="data:,">'
        '<link rel="stylesheet" href="/static/style.css"></head>'
        f'<body data-page="{page}" data-lang="{escape(mode, quote=True)}">'
        f'<header><p class="contest">{title}</p><nav>{nav}</nav>'
        f'<p class="langs">{langs}</p></header>'
        f'<main id="main" aria-live="polite">{render_part(snapshot, page, mode)}</main>'
        f'<p id="live" class="live" data-off="{escape(words.plain(NOT_LIVE), quote=True)}"'
        f' data-on="{escape(words.plain(LIVE), quote=True)}"></p>'
        '<script src="/static/app.js"></script></body></html>')


def render_part(snapshot: Snapshot | None, page: str, mode: str) -> str:
    """The main part of ``page``: what the live script swaps in."""
    words = Words(mode)
    if snapshot is None:
        return f'<p class="note">{words(T_WAITING)}</p>'
    version = escape(snapshot.version, quote=True)
    body = {"home": _home, "now": _now, "ranking": _ranking, "followups": _followups,
            "check": _check}[page](snapshot, words)
    return f'<div data-version="{version}">{body}</div>'


# --- pages --------------------------------------------------------------------------------------


def _home(snapshot: Snapshot, words: Words) -> str:
    place = escape(", ".join(snapshot.place))
    out = [f"<h1>{escape(snapshot.title)}</h1>",
           f'<p class="muted">{place}{" · " if place else ""}{words.date(snapshot.date)}</p>',
           f'<p class="big">{words(SESSION.get(snapshot.session, SESSION["open"]))}</p>']
    shown = snapshot.presenting
    if shown is not None:
        out.append(f'<p><a class="card" href="/now">{words(T_NOW_PRESENTING)}: '
                   f"<b>{escape(shown.organization)}</b></a></p>")
    out.append(f'<p class="note">{words(FOLLOWS)}</p>')
    return "".join(out)


def _now(snapshot: Snapshot, words: Words) -> str:
    shown = snapshot.presenting
    if shown is None:
        return (f"<h1>{words(T_NOW_PRESENTING)}</h1>"
                f'<p class="note">{words(T_NOTHING_PRESENTING)}</p>')
    return _presenting(shown, snapshot.currency, words)


def _presenting(shown: Presenting, currency: str, words: Words) -> str:
    heading = N_("Second-tranche evaluation") if shown.item else N_("Now presenting")
    out = [f'<p class="kicker">{words(heading)}</p>',
           f"<h1>{escape(str(shown.order))}. {escape(shown.organization)}</h1>",
           f'<p class="muted">{escape(shown.title)}</p>']
    facts = []
    if shown.category is not None:
        facts.append(words.name(shown.category))
    if shown.requested is not None:
        facts.append(f'{words(T_REQUESTED)}: {words.money(shown.requested, currency)}')
    if shown.first_tranche is not None:
        facts.append(f'{words(T_FIRST_TRANCHE)}: '
                     f'{words.money(shown.first_tranche, currency)}')
    if shown.second_tranche is not None:
        facts.append(f'{words(T_SECOND_TRANCHE)}: '
                     f'{words.money(shown.second_tranche, currency)}')
    if shown.justified_percent is not None and shown.min_justified is not None:
        facts.append(words(N_("Justified: {justified} of the first tranche (minimum "
                              "{minimum})"), justified=_percent(shown.justified_percent, words),
                           minimum=_percent(shown.min_justified, words)))
    out.append("".join(f"<p>{fact}</p>" for fact in facts))
    out.append(_result(shown, currency, words))
    out.append(f"<h2>{words.name(shown.phase)}</h2><ol class=\"criteria\">")
    out.extend(f"<li>{words.name(c.name)}</li>" for c in shown.criteria)
    out.append("</ol>")
    for juror in shown.jurors:
        if juror.state != scenes.SCORING:
            said = words(COLUMN_STATE[juror.state])
            reason = f'<span class="muted"> — {escape(juror.reason)}</span>' if juror.reason \
                else ""
            out.append(f'<div class="juror off"><b>{escape(juror.name)}</b> '
                       f"<span>{said}</span>{reason}</div>")
            continue
        values = " · ".join(
            "…" if v is None else f"<span class=\"fix\">{escape(v)}*</span>" if fixed
            else escape(v) for v, fixed in zip(juror.values, juror.corrected, strict=False))
        mark = (f'<span class="ok">✓ {words(CONFIRMED)}</span>'
                if juror.confirmed else
                '<span class="wait">…</span>' if juror.awaited else "")
        out.append(f'<div class="juror"><p><b>{escape(juror.name)}</b></p>'
                   f'<p class="values">{values}</p>'
                   f'<p>{words(T_JUROR_S_TOTAL)}: <b class="num">'
                   f'{words.score(juror.total)}</b> {mark}</p></div>')
    if shown.corrections:
        out.append(f"<h2>{words(T_CORRECTED)}</h2><ul>")
        out.extend(f"<li>{escape(c.juror)} · {words.name(c.criterion)}: {escape(c.old)} → "
                   f"{escape(c.new)} — {escape(c.reason)}</li>" for c in shown.corrections)
        out.append("</ul>")
    if len(shown.phases) > 1:
        out.append('<ul class="phases">')
        out.extend(f"<li>{words.name(p.name)}: <b>{words.score(p.score)}</b></li>"
                   for p in shown.phases)
        out.append("</ul>")
    return "".join(out)


def _result(shown: Presenting, currency: str, words: Words) -> str:
    label = N_("Running score") if shown.status == scenes.PENDING else N_("Final score")
    text = ""
    if shown.status == scenes.PENDING or shown.status == INCOMPLETE:
        text = words(RESULT[shown.status], done=shown.confirmed, total=shown.sheets)
    elif shown.item and shown.status in ITEM_RESULT:
        text = words(ITEM_RESULT[shown.status],
                     amount=words.money(shown.released or shown.second_tranche or Decimal(0),
                                         currency),
                     justified=_percent(shown.justified_percent, words),
                     minimum=_percent(shown.min_justified, words))
    elif shown.status in RESULT:
        text = words(RESULT[shown.status])
    css = STATUS_CLASS.get(shown.status, "")
    return (f'<div class="result {css}"><p>{words(label)}: <b class="num big">'
            f"{words.score(shown.final)}</b> <span class=\"muted\">({words(T_PASS_MARK)}: "
            f"{words.score(shown.pass_score)})</span></p><p>{text}</p></div>")


def _ranking(snapshot: Snapshot, words: Words) -> str:
    out = [f"<h1>{words(T_RANKING)}</h1>"]
    if not snapshot.categories:
        out.append(f'<p class="note">{words(T_NO_RANKING)}</p>')
    for category in snapshot.categories:
        out.append(_category(category, snapshot.currency, words))
    return "".join(out)


def _category(category: Category, currency: str, words: Words) -> str:
    out = [f'<section><h2>{words.name(category.name)}</h2>']
    if category.withheld:
        out.append(f'<p class="withheld">{words(T_WITHHELD)}'
                   "</p></section>")
        return "".join(out)
    assert category.budget is not None and category.allocated is not None
    assert category.remaining is not None
    out.append('<p class="muted">' + words(
        N_("Budget {budget} · awarded {allocated} · left {remaining}"),
        budget=words.money(category.budget, currency),
        allocated=words.money(category.allocated, currency),
        remaining=words.money(category.remaining, currency)) + "</p>")
    if category.pending:
        out.append(f'<p class="wait">{words.plural(PROVISIONAL, category.pending)}</p>')
    out.append('<ol class="rows">')
    for k, row in enumerate(category.rows):
        rank = "—" if row.rank is None else f"{row.rank}{'=' if row.tie else ''}"
        css = STATUS_CLASS.get(row.status, "")
        out.append(
            f'<li class="row {css}"><span class="rank">{escape(rank)}</span>'
            f'<span class="org">{escape(row.organization)}</span>'
            f'<span class="fig">{words(T_SCORE)}: <b class="num">'
            f'{words.score(row.final)}</b> · {words(T_AWARD)}: <b class="num">'
            f'{words.money(row.award, currency)}</b></span>'
            # A provisional row says so by its status and dashed edge: no hourglass glyph,
            # which the fonts of cheap phones (and DejaVu) lack and draw as an empty box.
            f'<span class="status">{words(ROW_STATUS[row.status])}</span></li>')
        if row.funded_line_after and k + 1 < len(category.rows):
            out.append(f'<li class="line">{words(T_FUNDING_LINE)}</li>')
    out.append("</ol></section>")
    return "".join(out)


def _followups(snapshot: Snapshot, words: Words) -> str:
    out = [f"<h1>{words(T_SECOND_TRANCHE_RESULTS)}</h1>"]
    board = snapshot.board
    if board is None:
        out.append(f'<p class="note">{words(T_NO_FOLLOWUPS)}'
                   "</p>")
    elif board.withheld:
        out.append(f'<p class="withheld">{words(T_WITHHELD)}'
                   "</p>")
    else:
        out.append(_board(board, snapshot.currency, words))
    return "".join(out)


def _board(board: Board, currency: str, words: Words) -> str:
    assert board.due is not None and board.released is not None
    out = [f'<p class="big">{words(T_RELEASED)}: <b class="num">'
           f'{words.money(board.released, currency)}</b> / '
           f'{words.money(board.due, currency)}</p>']
    if board.pending:
        out.append(f'<p class="wait">{words.plural(BOARD_PROVISIONAL, board.pending)}</p>')
    out.append('<ol class="rows">')
    for row in board.rows:
        css = STATUS_CLASS.get(row.status, "")
        out.append(
            f'<li class="row {css}"><span class="rank">{row.order}</span>'
            f'<span class="org">{escape(row.organization)}</span>'
            f'<span class="fig">{words(T_SCORE)}: <b class="num">'
            f'{words.score(row.final)}</b> · {words(T_RELEASED)}: <b class="num">'
            f'{words.money(row.released, currency)}</b></span>'
            f'<span class="status">{words(BOARD_STATUS[row.status])}</span></li>')
    out.append("</ol>")
    return "".join(out)


def _check(snapshot: Snapshot, words: Words) -> str:
    out = [f"<h1>{words(T_HOW_TO_CHECK)}</h1>",
           f"<p>{words(LOG_EXPLAINED)}</p>",
           f'<h2>{words(T_LOG_HASH)}</h2><p class="hash">{escape(snapshot.log_hash)}</p>',
           f'<p class="muted">{words(T_ENTRIES, count=snapshot.seq)}</p>',
           f'<h2>{words(T_RESULTS_HASH)}</h2>']
    if snapshot.results_hash is None:
        out.append(f'<p class="withheld">{words(T_HASH_WITHHELD)}'
                   "</p>")
    else:
        out.append(f'<p class="hash">{escape(snapshot.results_hash)}</p>')
    out.append(f"<p>{words(HOW_TO_CHECK)}</p>")
    return "".join(out)
