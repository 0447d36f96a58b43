"""Large synthetic contests for benchmarks and scale tests.

`synthetic_bundle` builds a valid bundle v1 dict of any size quickly (3,000 proposals with 9
jurors and 12 criteria, about 324,000 scores, in well under a second on a laptop). The content
is meaningless but well formed; the tie-break rules always resolve ties, so a tally never needs
a draw.
"""

from __future__ import annotations

import random
from typing import Any

MIN_JURORS = 3
_CRITERION_MAX = 10


def _money(hundreds: int) -> str:
    """An amount given in hundreds of soles as a bundle money string (``"123400.00"``)."""
    return f"{hundreds * 100}.00"


def _recusals(
    rng: random.Random, proposal_ids: list[str], juror_ids: list[str]
) -> list[dict[str, str]]:
    """About one recusal per 50 proposals, at most one per proposal (so min_jurors still holds)."""
    if len(juror_ids) <= MIN_JURORS or not proposal_ids:
        return []
    count = min(len(proposal_ids), max(1, round(len(proposal_ids) / 50)))
    return [
        {"juror": rng.choice(juror_ids), "proposal": pid, "reason": "Parentesco con un socio"}
        for pid in sorted(rng.sample(proposal_ids, count))
    ]


def synthetic_bundle(
    n_proposals: int,
    n_jurors: int = 9,
    criteria_per_phase: int = 6,
    seed: int = 1,
    scored: bool = True,
) -> dict[str, Any]:
    """A valid bundle with ``n_proposals`` proposals in two categories and two phases.

    Every juror scores both phases; each phase has ``criteria_per_phase`` criteria (max 10,
    step 1). Category budgets are about 30% of the amounts requested in them. With ``scored``
    every eligible sheet is complete; otherwise there are no scores. Deterministic per seed.
    """
    rng = random.Random(seed)
    width = max(4, len(str(n_proposals)))
    phase_ids = ["campo", "publico"]
    criterion_ids = [f"c{i}" for i in range(1, 2 * criteria_per_phase + 1)]
    phases = [
        {
            "id": phase_id,
            "name": {"es": f"Fase {k + 1}", "qu": f"{k + 1} ñiqin pacha"},
            "criteria": [
                {
                    "id": cid,
                    "name": {"es": f"Criterio {cid}", "qu": f"Qhawana {cid}"},
                    "max": str(_CRITERION_MAX),
                    "step": "1",
                }
                for cid in criterion_ids[k * criteria_per_phase : (k + 1) * criteria_per_phase]
            ],
        }
        for k, phase_id in enumerate(phase_ids)
    ]
    juror_ids = [f"j{i}" for i in range(1, n_jurors + 1)]
    jurors = [
        {
            "id": jid,
            "name": f"Jurado {i}",
            "document": f"{40000000 + i:08d}",
            "role": "Presidente" if i == 1 else "Miembro",
            "phases": list(phase_ids),
        }
        for i, jid in enumerate(juror_ids, start=1)
    ]
    category_ids = ["pdn", "pgrn"]
    requested_by_category = dict.fromkeys(category_ids, 0)
    proposals: list[dict[str, object]] = []
    for order in range(1, n_proposals + 1):
        category = category_ids[order % 2]
        hundreds = rng.randint(90, 180)
        requested_by_category[category] += hundreds
        families = rng.randint(10, 60)
        proposals.append(
            {
                "id": f"p{order:0{width}d}",
                "category": category,
                "organization": f"Asociación {order}",
                "title": f"Plan {order}",
                "requested": _money(hundreds),
                "own_contribution": f"{hundreds * 25}.00",
                "order": order,
                "families": families,
                "women": rng.randint(0, families),
                "youth": rng.randint(0, families // 2),
            }
        )
    categories = [
        {
            "id": cid,
            "name": {"es": f"Categoría {cid}", "qu": f"T'aqa {cid}"},
            "budget": _money(round(requested_by_category[cid] * 0.3)),
        }
        for cid in category_ids
    ]
    proposal_ids = [str(p["id"]) for p in proposals]
    recusals = _recusals(rng, proposal_ids, juror_ids)
    scores: list[dict[str, str]] = []
    if scored:
        recused = {(r["juror"], r["proposal"]) for r in recusals}
        texts = [str(v) for v in range(_CRITERION_MAX + 1)]
        # Each proposal has a quality level so that final scores spread over the whole range.
        for pid in proposal_ids:
            level = rng.randint(2, 8)
            window = texts[level - 2 : level + 3]
            for jid in juror_ids:
                if (jid, pid) in recused:
                    continue
                values = rng.choices(window, k=len(criterion_ids))
                scores.extend(
                    {"juror": jid, "proposal": pid, "criterion": cid, "value": value}
                    for cid, value in zip(criterion_ids, values, strict=True)
                )
    contest: dict[str, object] = {
        "id": f"synthetic-{n_proposals}-{seed}",
        "title": f"Concurso sintético de {n_proposals} propuestas",
        "date": "2026-11-28",
        "place": {"district": "Santo Tomás", "province": "Chumbivilcas", "region": "Cusco"},
        "currency": "PEN",
        "rules": {
            "aggregation": "mean",
            "pass_score": "70",
            "min_jurors": MIN_JURORS,
            "tie_break": ["requested_asc", "order"],
            "allocation": "skip",
            "first_tranche_percent": "40",
        },
        "categories": categories,
        "phases": phases,
        "jurors": jurors,
        "proposals": proposals,
        "recusals": recusals,
        "scores": scores,
        "draws": [],
    }
    return {"format": "clar-bundle", "version": 1, "contest": contest}
