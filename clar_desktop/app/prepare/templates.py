"""Scoring sheets a new contest may start from: the business-plan (PDN) and the
natural-resource-plan (PGRN) sheets of one programme (docs: the domain brief's "Real
scoring sheets"), each with the public presentation's five criteria of 10 points; the mean
over the jurors; approved from 70 of 100.

Each template is a contest snapshot without ids (the wizard makes them from the names). The
Quechua names are provisional until a native speaker reviews them (docs/glossary.md).
"""

from __future__ import annotations

from typing import Any

from ...i18n import N_

FIELD = {"es": "Evaluación de campo", "qu": "Chakrapi qhawariy"}
PUBLIC = {"es": "Evaluación pública", "qu": "Llapanpa qhawarisqan"}


def _criteria(*rows: tuple[str, str, int]) -> list[dict[str, Any]]:
    return [{"name": {"es": es, "qu": qu}, "max": str(top)} for es, qu, top in rows]


PUBLIC_SHEET = _criteria(
    ("El mapa refleja el potencial del territorio", "Mapa llaqtaq atiyninta rikuchin", 10),
    ("El mapa fue construido colectivamente", "Mapa llapanku ruwasqa", 10),
    ("Claridad de la exposición", "Sut'i rimay", 10),
    ("Identidad y cultura (vestimenta, idioma, música)", "Kawsayninchik (p'acha, simi, taki)",
     10),
    ("Participación de socios, mujeres y jóvenes", "Llapa runakunaq yanapakuynin", 10),
)
PDN_FIELD_SHEET = _criteria(
    ("Participación de las familias", "Ayllu runakunaq yanapakuynin", 10),
    ("Relación con líderes territoriales", "Kamachikuqkunawan tinkuy", 2),
    ("Capacidad de gestión", "Kamachikuy atiy", 4),
    ("Participación de mujeres y jóvenes", "Warmikunaq waynakunaq yanapakuynin", 4),
    ("Coherencia de las actividades", "Ruwaykunaq allin kaynin", 8),
    ("Recursos comprometidos", "Churasqa qullqikuna", 8),
    ("Cronograma", "Pacha yupay", 6),
    ("Visitas guiadas y ferias", "Puriykuna, qhatukuna", 4),
    ("Cofinanciamiento de las familias", "Ayllukunaq qullqinkuna", 4),
)
PGRN_FIELD_SHEET = _criteria(
    ("Junta directiva", "Kamachikuq huñu", 3),
    ("Capacidad de gestión", "Kamachikuy atiy", 3),
    ("Familias comprometidas", "Rimanakuq ayllukuna", 5),
    ("Participación de mujeres y jóvenes", "Warmikunaq waynakunaq yanapakuynin", 5),
    ("Instrumentos de planificación", "Yuyaychakuy llamk'anakuna", 4),
    ("Coherencia de las actividades", "Ruwaykunaq allin kaynin", 20),
    ("Recursos comprometidos", "Churasqa qullqikuna", 10),
)
RULES = {"aggregation": "mean", "pass_score": "70", "tie_break": ["draw"],
         "allocation": "skip"}


def _template(category: dict[str, str], field_sheet: list[dict[str, Any]]) -> dict[str, Any]:
    return {"rules": dict(RULES),
            "categories": [{"name": dict(category), "budget": ""}],
            "phases": [{"name": dict(FIELD), "criteria": [dict(c) for c in field_sheet]},
                       {"name": dict(PUBLIC), "criteria": [dict(c) for c in PUBLIC_SHEET]}],
            "jurors": []}


TEMPLATES = {
    "pdn": (N_("Business plans (PDN): field sheet of 50 points, public presentation of 50"),
            lambda: _template({"es": "Planes de negocio", "qu": "Qhatuy llamk'aykuna"},
                              PDN_FIELD_SHEET)),
    "pgrn": (N_("Natural-resource management plans (PGRN): field sheet of 50 points, public "
                "presentation of 50"),
             lambda: _template({"es": "Planes de gestión de recursos naturales",
                                "qu": "Pachamamaq kapuyninkunata allinta kamachiy"},
                               PGRN_FIELD_SHEET)),
}
"""Key → (its name in the wizard, a fresh snapshot)."""
