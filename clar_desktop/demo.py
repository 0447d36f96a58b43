"""The realistic demo contest: a CLAR session in Llusco, Chumbivilcas (Cusco).

`demo_bundle` returns a complete contest in the bundle v1 format (without events): two
categories, a field and a public phase shaped like real scoring sheets, six jurors, twelve
proposals and every sheet scored. The phase score of each proposal is fixed by design, so the
results always tell the same story (a spread from about 46 to 93 points, a near miss at the
pass line, proposals that pass but do not fit the remaining budget, no ties); the seed only
changes how each juror's sheet reaches those totals.
"""

from __future__ import annotations

import json
import os
import random
from decimal import Decimal
from typing import Any

DEFAULT_SEED = 2026

# Spanish and Quechua names of every category, phase and criterion, by id. The Quechua
# (Cusco-Collao) strings are provisional until a native speaker reviews them.
_NAMES: dict[str, tuple[str, str]] = {
    "pdn": ("Planes de negocio", "Qhatuy llamk'aykuna"),
    "pgrn": (
        "Planes de gestión de recursos naturales",
        "Pachamamaq kapuyninkunata allinta kamachiy",
    ),
    "campo": ("Evaluación de campo", "Chakrapi qhawariy"),
    "participacion": ("Participación de las familias", "Ayllu runakunaq yanapakuynin"),
    "relaciones": ("Relación con líderes territoriales", "Kamachikuqkunawan tinkuy"),
    "gestion": ("Capacidad de gestión", "Kamachikuy atiy"),
    "mujeres_jovenes": ("Participación de mujeres y jóvenes", "Warmikunaq waynakunaq yanapakuynin"),
    "actividades": ("Coherencia de las actividades", "Ruwaykunaq allin kaynin"),
    "recursos": ("Recursos comprometidos", "Churasqa qullqikuna"),
    "cronograma": ("Cronograma", "Pacha yupay"),
    "visitas": ("Visitas guiadas y ferias", "Puriykuna, qhatukuna"),
    "cofinanciamiento": ("Cofinanciamiento de las familias", "Ayllukunaq qullqinkuna"),
    "publico": ("Evaluación pública", "Llapanpa qhawarisqan"),
    "mapa_potencial": (
        "El mapa refleja el potencial del territorio",
        "Mapa llaqtaq atiyninta rikuchin",
    ),
    "mapa_colectivo": ("El mapa fue construido colectivamente", "Mapa llapanku ruwasqa"),
    "claridad": ("Claridad de la exposición", "Sut'i rimay"),
    "identidad": ("Identidad y cultura", "Kawsayninchik"),
    "participacion_publica": (
        "Participación de socios, mujeres y jóvenes",
        "Llapa runakunaq yanapakuynin",
    ),
}

# (id, budget, max_award)
_CATEGORIES: list[tuple[str, str, str | None]] = [
    ("pdn", "60000.00", None),
    ("pgrn", "45000.00", "15000.00"),
]

# Criterion maxima per phase: the business-plan field sheet (max 50) and the public
# presentation sheet (five criteria of 10 points).
_PHASES: dict[str, dict[str, int]] = {
    "campo": {
        "participacion": 10,
        "relaciones": 2,
        "gestion": 4,
        "mujeres_jovenes": 4,
        "actividades": 8,
        "recursos": 8,
        "cronograma": 6,
        "visitas": 4,
        "cofinanciamiento": 4,
    },
    "publico": dict.fromkeys(
        ["mapa_potencial", "mapa_colectivo", "claridad", "identidad", "participacion_publica"], 10
    ),
}

# (id, name, DNI, cargo); the president is the district mayor.
_JURORS: list[tuple[str, str, str, str]] = [
    ("j1", "Edilberto Huamán Quispe", "24813576", "Presidente – alcalde distrital de Llusco"),
    ("j2", "Lucía Mamani Condori", "40517293", "Miembro – Federación de Mujeres Campesinas"),
    ("j3", "Fortunato Ccahuana Huillca", "23984610", "Miembro – presidente comunal de Llusco"),
    ("j4", "Marleni Choque Ttito", "45120387", "Miembro – Agencia Agraria Chumbivilcas"),
    ("j5", "Wilber Puma Quispe", "42069815", "Miembro – Municipalidad Provincial"),
    ("j6", "Yolanda Condori Layme", "47351902", "Miembro – organización ganadora en 2025"),
]
# The provincial representative came to the public session only.
_PUBLIC_ONLY = {"j5"}
# How generous each juror is, in points of a 50-point sheet.
_LENIENCY = {"j1": 1.0, "j2": 0.5, "j3": -1.5, "j4": 0.0, "j5": -0.5, "j6": 0.5}

_ORGANIZATIONS = {
    "p01": "Asociación de Criadores de Cuyes Sumaq Kawsay",
    "p02": "Asociación de Tejedoras Warmi Kallpa",
    "p03": "Asociación Agropecuaria Qhapaq Ñan",
    "p04": "Asociación de Apicultores Misk'i Wayta",
    "p05": "Asociación de Productores Lecheros Llaqta Puquy",
    "p06": "Asociación de Truchicultores Yaku Kawsay",
    "p07": "Asociación de Jóvenes Emprendedores Musuq Ñan",
    "p08": "Comunidad Campesina de Ccollpa",
    "p09": "Comunidad Campesina de Huaylla Huaylla",
    "p10": "Comunidad Campesina de Pfuyuni",
    "p11": "Comunidad Campesina de Ccochapata",
    "p12": "Comité de Mujeres Ayni Warmi de Totora",
}
_TITLES = {
    "p01": "Crianza y comercialización de cuyes mejorados",
    "p02": "Textiles de fibra de alpaca con tintes naturales",
    "p03": "Transformación de papa nativa en chuño y moraya",
    "p04": "Producción de miel y propóleo en el valle del Velille",
    "p05": "Mejoramiento de la producción de leche y quesos frescos",
    "p06": "Crianza de truchas en jaulas flotantes en la laguna de Ccochapata",
    "p07": "Servicio de esquila y acopio de fibra de alpaca",
    "p08": "Forestación con queuña y protección de manantes",
    "p09": "Construcción de qochas para la cosecha de agua",
    "p10": "Recuperación de andenes y riego por aspersión",
    "p11": "Manejo de pastos naturales y rotación de praderas",
    "p12": "Protección de bofedales y siembra de agua",
}
# (id, category, requested, families, women, youth, designed mean of the field phase,
#  designed mean of the public phase), in presentation order.
_PROPOSALS: list[tuple[str, str, int, int, int, int, float, float]] = [
    ("p01", "pdn", 14500, 24, 17, 6, 42.2, 41.8),
    ("p02", "pdn", 12800, 31, 29, 8, 45.4, 45.7),
    ("p03", "pdn", 15600, 36, 15, 7, 38.6, 38.5),
    ("p04", "pdn", 11200, 18, 7, 5, 36.0, 36.2),
    ("p05", "pdn", 16800, 27, 12, 4, 30.4, 27.8),
    ("p06", "pdn", 17500, 21, 8, 6, 39.8, 40.3),
    ("p07", "pdn", 9400, 14, 5, 11, 22.6, 23.5),
    ("p08", "pgrn", 13800, 42, 19, 9, 43.8, 44.5),
    ("p09", "pgrn", 17900, 56, 24, 12, 46.8, 46.2),
    ("p10", "pgrn", 16200, 38, 16, 7, 37.4, 36.8),
    ("p11", "pgrn", 10500, 33, 14, 6, 40.75, 40.6),
    ("p12", "pgrn", 9200, 19, 19, 3, 34.2, 34.5),
]

_RECUSALS: list[tuple[str, str, str]] = [
    ("j4", "p11", "Es comunera de Ccochapata y su esposo integra la junta directiva"),
]


def _money(amount: Decimal) -> str:
    """A bundle money string with two decimals, e.g. ``"14500.00"``."""
    return str(amount.quantize(Decimal("0.01")))


def _spread(
    rng: random.Random, total: int, caps: list[int], centres: list[float], noise: float
) -> list[int]:
    """Integers near ``centres`` (plus noise), each in ``[0, cap]``, adding up to ``total``."""
    values = [
        min(cap, max(0, round(c + rng.gauss(0.0, noise))))
        for c, cap in zip(centres, caps, strict=True)
    ]
    slots = list(range(len(values)))
    while (gap := total - sum(values)) != 0:
        i = rng.choice(slots)
        if gap > 0 and values[i] < caps[i]:
            values[i] += 1
        elif gap < 0 and values[i] > 0:
            values[i] -= 1
    return values


def _sheet(rng: random.Random, total: int, maxes: list[int], strengths: list[float]) -> list[int]:
    """One juror's criterion values for a phase, adding up to the juror's ``total``."""
    ratio = total / sum(maxes)
    centres = [ratio * m * s for m, s in zip(maxes, strengths, strict=True)]
    return _spread(rng, total, maxes, centres, 0.6)


def _name(ident: str) -> dict[str, str]:
    es, qu = _NAMES[ident]
    return {"es": es, "qu": qu}


def _juror_phases(juror: str) -> list[str]:
    return ["publico"] if juror in _PUBLIC_ONLY else list(_PHASES)


def _scores(rng: random.Random) -> list[dict[str, str]]:
    """Every eligible sheet; per phase, the jurors' totals add up to designed mean × jurors."""
    recused = {(juror, proposal) for juror, proposal, _ in _RECUSALS}
    scores: list[dict[str, str]] = []
    for pid, *_, field_mean, public_mean in _PROPOSALS:
        for (phase_id, criteria), mean in zip(
            _PHASES.items(), (field_mean, public_mean), strict=True
        ):
            maxes = list(criteria.values())
            # What this organization does well or badly, seen alike by every juror.
            strengths = [rng.uniform(0.8, 1.2) for _ in maxes]
            eligible = [
                jid
                for jid, *_ in _JURORS
                if phase_id in _juror_phases(jid) and (jid, pid) not in recused
            ]
            scale = sum(maxes) / 50
            totals = _spread(
                rng,
                round(mean * len(eligible)),
                [sum(maxes)] * len(eligible),
                [mean + _LENIENCY[jid] * scale for jid in eligible],
                2.0 * scale,
            )
            for jid, total in zip(eligible, totals, strict=True):
                values = _sheet(rng, total, maxes, strengths)
                scores.extend(
                    {"juror": jid, "proposal": pid, "criterion": cid, "value": str(value)}
                    for cid, value in zip(criteria, values, strict=True)
                )
    return scores


def demo_bundle(seed: int = DEFAULT_SEED) -> dict[str, object]:
    """The demo contest as a bundle v1 dict (no ``events``), fully scored.

    The same seed always gives the same bundle. Whatever the seed, the phase scores (mean of
    the eligible jurors' totals) are the designed ones, so ranking and allocation do not change.
    """
    phases = [
        {
            "id": phase_id,
            "name": _name(phase_id),
            "criteria": [
                {"id": cid, "name": _name(cid), "max": str(m)} for cid, m in maxes.items()
            ],
        }
        for phase_id, maxes in _PHASES.items()
    ]
    categories: list[dict[str, object]] = []
    for cat_id, budget, max_award in _CATEGORIES:
        category: dict[str, object] = {"id": cat_id, "name": _name(cat_id), "budget": budget}
        if max_award is not None:
            category["max_award"] = max_award
        categories.append(category)
    jurors = [
        {"id": jid, "name": name, "document": dni, "role": role, "phases": _juror_phases(jid)}
        for jid, name, dni, role in _JURORS
    ]
    proposals = [
        {
            "id": pid,
            "category": cat,
            "organization": _ORGANIZATIONS[pid],
            "title": _TITLES[pid],
            "requested": _money(Decimal(requested)),
            "own_contribution": _money(Decimal(requested) / 4),
            "order": order,
            "families": families,
            "women": women,
            "youth": youth,
        }
        for order, (pid, cat, requested, families, women, youth, *_) in enumerate(
            _PROPOSALS, start=1
        )
    ]
    contest: dict[str, object] = {
        "id": "llusco-2026-1",
        "title": "Concurso de planes de negocio y de gestión de recursos naturales 2026 – "
        "Oficina local Chumbivilcas",
        "date": "2026-08-14",
        "place": {
            "community": "Llusco",
            "district": "Llusco",
            "province": "Chumbivilcas",
            "region": "Cusco",
        },
        "currency": "PEN",
        "rules": {
            "aggregation": "mean",
            "pass_score": "70",
            "min_jurors": 3,
            "tie_break": ["criterion:participacion_publica", "requested_asc", "draw"],
            "allocation": "skip",
            "first_tranche_percent": "40",
        },
        "categories": categories,
        "phases": phases,
        "jurors": jurors,
        "proposals": proposals,
        "recusals": [{"juror": j, "proposal": p, "reason": why} for j, p, why in _RECUSALS],
        "scores": _scores(random.Random(seed)),
        "draws": [],
    }
    return {"format": "clar-bundle", "version": 1, "contest": contest}


def write_demo_bundle(path: str | os.PathLike[str], seed: int = DEFAULT_SEED) -> None:
    """Write the demo bundle to ``path`` as UTF-8 JSON (indent 1, non-ASCII kept as is), by
    the rules of clar_desktop.files."""
    from .files import write_file

    write_file(path, (json.dumps(demo_bundle(seed), indent=1, ensure_ascii=False)
                      + "\n").encode("utf-8"))


# --- the demo session, as its audit log ----------------------------------------------------

_MINUTES = {
    "number": "007-2026-CLAR-Chumbivilcas",
    "agenda": [
        "Verificación del quórum e instalación del CLAR",
        "Lectura de las reglas del concurso",
        "Presentación pública de las propuestas y calificación",
        "Lectura de resultados y asignación de los fondos",
        "Firma del acta",
    ],
    "attendees": [
        {"name": "Rosa Quispe Challco", "role": "Jefa de la oficina local",
         "group": "secretary", "document": "24695318"},
        {"name": "Julián Ttito Huamaní", "role": "Promotor de campo", "group": "staff"},
        {"name": "Nicanor Layme Ccopa", "role": "Teniente gobernador de Llusco",
         "group": "authority", "document": "23871044"},
        {"name": "Hermelinda Puma Ccama", "role": "Juez de paz", "group": "authority",
         "document": "41236587"},
        {"name": "Ana Ruiz Pacheco", "role": "Observadora – Gobierno Regional del Cusco",
         "group": "guest", "document": "45009821"},
    ],
    "resolution": "Resolución de Alcaldía N.° 112-2026-MDLL/A",
}
_OBSERVATIONS = [
    (11, "Se hizo un receso de 45 minutos para el almuerzo comunal."),
    (12, "Los asistentes pidieron que los resultados se publiquen en el local comunal."),
]
# One value read wrongly from the paper sheet and corrected after the read-back:
# (juror, proposal, criterion, the value first typed above the right one, reason).
_CORRECTION = ("j3", "p02", "claridad", 1,
               "El jurado leyó {wrong} en voz alta, pero su ficha dice {right}; se corrigió a "
               "la vista")


def demo_session_bundle(seed: int = DEFAULT_SEED) -> dict[str, object]:
    """The demo contest with the full audit log of a closed public session (times in Peru,
    UTC−5, on the contest's day): the acta's details, the opening, each proposal presented,
    scored and read back, one recusal, one correction, two observations and the closing.

    The results are exactly those of `demo_bundle` with the same seed; the bundle verifies
    (``clar-desktop verify``) and is what the documents are tested on."""
    from datetime import UTC, datetime, timedelta

    from .domain.bundle import bundle_to_dict, parse_bundle
    from .domain.canonical import GENESIS
    from .domain.log import make_event, utc_timestamp
    from .domain.state import replay

    scored = demo_bundle(seed)
    definition = dict(scored["contest"])  # type: ignore[call-overload]
    scores: list[dict[str, str]] = definition.pop("scores")
    recusals: list[dict[str, str]] = definition.pop("recusals")
    definition.update(scores=[], recusals=[], draws=[])
    phase_of = {c["id"]: p["id"] for p in definition["phases"] for c in p["criteria"]}
    events: list[dict[str, object]] = []
    clock = datetime(2026, 8, 14, 13, 5, tzinfo=UTC)  # 08:05 in Llusco

    def log(kind: str, data: dict[str, Any], after: timedelta) -> None:
        nonlocal clock
        clock += after
        prev = str(events[-1]["hash"]) if events else GENESIS
        events.append(make_event(len(events) + 1, prev, kind, data, at=utc_timestamp(clock),
                                 actor="clar-desktop"))

    log("contest.imported", {"contest": definition}, timedelta())
    log("minutes.details_set", _MINUTES, timedelta(minutes=40))
    log("session.opened", {}, timedelta(minutes=17))
    juror_c, proposal_c, criterion_c, above, reason = _CORRECTION
    for number, proposal in enumerate(definition["proposals"], start=1):
        pid = proposal["id"]
        log("presentation.started", {"proposal": pid}, timedelta(minutes=6))
        for recusal in recusals:
            if recusal["proposal"] == pid:
                log("recusal.recorded", recusal, timedelta(minutes=1))
        clock += timedelta(minutes=14)  # the organization presents; the jury asks
        sheets: dict[tuple[str, str], list[dict[str, str]]] = {}
        for score in scores:
            if score["proposal"] == pid:
                sheets.setdefault((score["juror"], phase_of[score["criterion"]]), []).append(
                    score)
        for (juror, phase), values in sheets.items():
            for score in values:
                value = score["value"]
                if (juror, pid, score["criterion"]) == (juror_c, proposal_c, criterion_c):
                    value = str(int(value) + above)
                log("score.entered", {**score, "value": value}, timedelta(seconds=9))
            log("sheet.confirmed", {"juror": juror, "proposal": pid, "phase": phase},
                timedelta(seconds=25))
        if pid == proposal_c:
            right = next(s["value"] for s in scores if (s["juror"], s["proposal"],
                         s["criterion"]) == (juror_c, proposal_c, criterion_c))
            log("score.corrected", {"juror": juror_c, "proposal": pid, "criterion": criterion_c,
                                    "value": right, "old": str(int(right) + above),
                                    "reason": reason.format(wrong=int(right) + above,
                                                            right=right)},
                timedelta(minutes=2))
        for after, text in _OBSERVATIONS:
            if number == after:
                log("observation.added", {"text": text}, timedelta(minutes=3))
        if number == 6:
            clock += timedelta(minutes=45)  # lunch
    log("session.closed", {}, timedelta(minutes=25))
    state = replay(events)  # type: ignore[arg-type]
    assert state.contest is not None
    bundle = bundle_to_dict(state.contest, events)
    parse_bundle(bundle)  # the demo is always a valid bundle
    return bundle
