"""Terse builders of bundle dicts for the domain tests (spec: bundle-v1).

`make_bundle` fills in everything a test does not care about, so that a test states only the
numbers its rule is about::

    make_bundle(proposals=["p1", "p2"], scores={"p1": {"j1": [7]}, "p2": {"j1": [9]}})

- ``phases``: ``{phase id: [criterion, ...]}``; a criterion is an id (max "100") or a dict
  (``id`` plus any of ``max``, ``min``, ``step``, ``weight``, as strings). Default: one phase
  ``f`` with one criterion ``c`` (max 100).
- ``jurors``: ``{juror id: [phase ids]}`` or a list of ids (scoring every phase). Default: the
  jurors named in ``scores``, scoring every phase.
- ``proposals``: ids, or dicts with ``id`` and any field to override. Defaults: the first
  category, ``requested`` "100.00", ``order`` = position in the list (from 1).
- ``scores``: ``{proposal: {juror: [value, ...]}}``, the values of the criteria of the phases
  that juror scores, in phase order then criterion order; ``None`` leaves a value out.
- ``categories``: ids, or dicts; default one category ``k`` with budget "1000000.00".
- ``rules``: the bundle's ``rules`` object as given.
- ``recusals``: ``(juror, proposal)`` pairs; ``draws``: ``(proposals, order)`` pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.model import Contest
from clar_desktop.domain.tally import tally

Bundle = dict[str, Any]
Value = str | int | Decimal | None


def _criterion(spec: str | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(spec, str):
        spec = {"id": spec}
    crit: dict[str, Any] = {"id": spec["id"], "name": f"Criterio {spec['id']}", "max": "100"}
    crit.update(spec)
    return crit


def _category(spec: str | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(spec, str):
        spec = {"id": spec}
    cat: dict[str, Any] = {"id": spec["id"], "name": {"es": f"Categoría {spec['id']}"},
                           "budget": "1000000.00"}
    cat.update(spec)
    return cat


def make_bundle(
    proposals: Sequence[str | Mapping[str, Any]] = ("p1",),
    scores: Mapping[str, Mapping[str, Sequence[Value]]] | None = None,
    rules: Mapping[str, Any] | None = None,
    categories: Sequence[str | Mapping[str, Any]] = ("k",),
    phases: Mapping[str, Sequence[str | Mapping[str, Any]]] | None = None,
    jurors: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
    recusals: Iterable[tuple[str, str]] = (),
    draws: Iterable[tuple[Sequence[str], Sequence[str]]] = (),
) -> Bundle:
    """A valid-looking bundle dict (see the module docstring)."""
    scores = scores or {}
    phases = phases if phases is not None else {"f": ["c"]}
    phase_list = [{"id": pid, "name": f"Fase {pid}", "criteria": [_criterion(c) for c in crits]}
                  for pid, crits in phases.items()]
    if jurors is None:
        named = dict.fromkeys(j for sheets in scores.values() for j in sheets)
        jurors = list(named) or ["j1"]
    if not isinstance(jurors, Mapping):
        jurors = {j: list(phases) for j in jurors}
    category_list = [_category(c) for c in categories]
    proposal_list = []
    for i, spec in enumerate(proposals, start=1):
        if isinstance(spec, str):
            spec = {"id": spec}
        prop: dict[str, Any] = {"id": spec["id"], "category": category_list[0]["id"],
                                "organization": f"Asociación {spec['id']}",
                                "title": f"Plan {spec['id']}", "requested": "100.00",
                                "order": i}
        prop.update(spec)
        proposal_list.append(prop)
    criteria_of = {p["id"]: [c["id"] for c in p["criteria"]] for p in phase_list}
    score_list = []
    for pid, sheets in scores.items():
        for jid, values in sheets.items():
            crits = [c for ph in jurors[jid] for c in criteria_of[ph]]
            assert len(values) == len(crits), f"{pid}/{jid}: {len(crits)} values expected"
            for cid, value in zip(crits, values, strict=True):
                if value is not None:
                    score_list.append({"juror": jid, "proposal": pid, "criterion": cid,
                                       "value": str(value)})
    contest: dict[str, Any] = {
        "id": "test-contest",
        "title": "Concurso de prueba",
        "date": "2026-11-28",
        "rules": dict(rules or {}),
        "categories": category_list,
        "phases": phase_list,
        "jurors": [{"id": j, "name": f"Jurado {j}", "phases": list(phs)}
                   for j, phs in jurors.items()],
        "proposals": proposal_list,
        "recusals": [{"juror": j, "proposal": p, "reason": "Parentesco"} for j, p in recusals],
        "scores": score_list,
        "draws": [{"proposals": list(ps), "order": list(order)} for ps, order in draws],
    }
    return {"format": "clar-bundle", "version": 1, "contest": contest}


def contest_of(bundle: Bundle) -> Contest:
    return parse_bundle(bundle).contest


def tally_json(bundle: Bundle) -> dict[str, Any]:
    """The spec's ``tally --format json`` object of a bundle dict."""
    return tally(contest_of(bundle)).to_json()


def lines(bundle: Bundle) -> dict[str, dict[str, Any]]:
    """The tally's result lines keyed by proposal id."""
    return {line["proposal"]: line for line in tally_json(bundle)["results"]}


def categories(bundle: Bundle) -> dict[str, dict[str, Any]]:
    """The tally's category lines keyed by category id."""
    return {cat["id"]: cat for cat in tally_json(bundle)["categories"]}


def one_each(values: Mapping[str, Value], juror: str = "j1") -> dict[str, dict[str, list[Value]]]:
    """Scores where one juror gives each proposal a single value: ``{"p1": 80, …}``."""
    return {pid: {juror: [value]} for pid, value in values.items()}
