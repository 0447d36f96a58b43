"""The demo contest and the synthetic bundles obey the bundle v1 spec and tell a useful story.

Everything here is plain Python on purpose: these checks tune the data generators and must
not depend on the domain code they will later be used to exercise.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from clar_desktop.demo import demo_bundle, write_demo_bundle
from tests.benchmarks.synthetic import synthetic_bundle

DATA = Path(__file__).parent / "data"
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
Bundle = dict[str, Any]


def _problems(bundle: Bundle) -> list[str]:
    """Every violation of the spec's structural rules that these generators could commit."""
    out: list[str] = []
    if bundle.get("format") != "clar-bundle" or bundle.get("version") != 1:
        out.append("format/version")
    c = bundle["contest"]
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", c["id"]):
        out.append("contest id")
    kinds = {k: [x["id"] for x in c[k]] for k in ("categories", "phases", "jurors", "proposals")}
    criteria = {cr["id"]: (ph["id"], cr) for ph in c["phases"] for cr in ph["criteria"]}
    kinds["criteria"] = [cr["id"] for ph in c["phases"] for cr in ph["criteria"]]
    for kind, ids in kinds.items():
        if len(ids) != len(set(ids)):
            out.append(f"duplicate {kind} id")
    orders = [p["order"] for p in c["proposals"]]
    if len(orders) != len(set(orders)) or not all(type(o) is int for o in orders):
        out.append("order")
    decimals = [c["rules"]["pass_score"], c["rules"]["first_tranche_percent"]]
    decimals += [x for cat in c["categories"] for x in (cat["budget"], cat.get("max_award", "0"))]
    decimals += [
        x for p in c["proposals"] for x in (p["requested"], p.get("own_contribution", "0"))
    ]
    decimals += [cr[k] for _, cr in criteria.values() for k in ("max", "min", "step") if k in cr]
    decimals += [s["value"] for s in c["scores"]]
    out += [
        f"decimal {d!r}" for d in decimals if not isinstance(d, str) or not DECIMAL.fullmatch(d)
    ]
    if type(c["rules"]["min_jurors"]) is not int:
        out.append("min_jurors")
    for p in c["proposals"]:
        if p["category"] not in kinds["categories"]:
            out.append(f"category of {p['id']}")
        counts = [k for k in ("families", "women", "youth") if k in p]
        out += [f"{k} of {p['id']}" for k in counts if type(p[k]) is not int]
    jurors = {j["id"]: j for j in c["jurors"]}
    for j in c["jurors"]:
        out += [f"phase of {j['id']}" for ph in j["phases"] if ph not in kinds["phases"]]
    recused = {(r["juror"], r["proposal"]) for r in c["recusals"]}
    for jid, pid in recused:
        if jid not in jurors or pid not in kinds["proposals"]:
            out.append(f"recusal {jid}/{pid}")
    for t in c["rules"]["tie_break"]:
        if t.startswith("criterion:") and t.split(":", 1)[1] not in criteria:
            out.append(f"tie-break {t}")
    seen: Counter[tuple[str, str, str]] = Counter()
    for s in c["scores"]:
        key = (s["juror"], s["proposal"], s["criterion"])
        seen[key] += 1
        if s["juror"] not in jurors or s["proposal"] not in kinds["proposals"]:
            out.append(f"unknown reference in {key}")
            continue
        if s["criterion"] not in criteria:
            out.append(f"unknown criterion in {key}")
            continue
        phase, cr = criteria[s["criterion"]]
        value = Fraction(s["value"])
        low, step = Fraction(cr.get("min", "0")), Fraction(cr.get("step", "1"))
        if not low <= value <= Fraction(cr["max"]) or (value - low) % step:
            out.append(f"value out of range in {key}")
        if phase not in jurors[s["juror"]]["phases"]:
            out.append(f"juror does not score phase in {key}")
        if (s["juror"], s["proposal"]) in recused:
            out.append(f"score on recused pair {key}")
    out += [f"second score for {k}" for k, n in seen.items() if n > 1]
    for p in kinds["proposals"]:
        for ph in c["phases"]:
            eligible = [
                j for j in jurors if ph["id"] in jurors[j]["phases"] and (j, p) not in recused
            ]
            if len(eligible) < c["rules"]["min_jurors"]:
                out.append(f"too few jurors for {p}/{ph['id']}")
            if c["scores"]:
                out += [
                    f"missing {(j, p, cr['id'])}"
                    for j in eligible
                    for cr in ph["criteria"]
                    if (j, p, cr["id"]) not in seen
                ]
    return out


def _tally(bundle: Bundle) -> dict[str, dict[str, Fraction]]:
    """Phase scores (mean of eligible jurors' totals, all weights 1) and ``final`` per proposal."""
    c = bundle["contest"]
    values = {
        (s["juror"], s["proposal"], s["criterion"]): Fraction(s["value"]) for s in c["scores"]
    }
    recused = {(r["juror"], r["proposal"]) for r in c["recusals"]}
    result: dict[str, dict[str, Fraction]] = {}
    for p in c["proposals"]:
        scores: dict[str, Fraction] = {}
        for ph in c["phases"]:
            totals = [
                sum(values[(j["id"], p["id"], cr["id"])] for cr in ph["criteria"])
                for j in c["jurors"]
                if ph["id"] in j["phases"] and (j["id"], p["id"]) not in recused
            ]
            scores[ph["id"]] = Fraction(sum(totals), len(totals))
        scores["final"] = sum(scores.values(), Fraction(0))
        result[p["id"]] = scores
    return result


def _allocation(bundle: Bundle) -> dict[str, str]:
    """``rejected``, ``funded`` or ``does_not_fit`` per proposal (skip rule, no ties expected)."""
    c = bundle["contest"]
    finals = {pid: s["final"] for pid, s in _tally(bundle).items()}
    passing = Fraction(c["rules"]["pass_score"])
    outcome: dict[str, str] = {}
    for cat in c["categories"]:
        remaining = Fraction(cat["budget"])
        cap = Fraction(cat.get("max_award", cat["budget"]))
        members = [p for p in c["proposals"] if p["category"] == cat["id"]]
        for p in sorted(members, key=lambda p: -finals[p["id"]]):
            ask = min(Fraction(p["requested"]), cap)
            if finals[p["id"]] < passing:
                outcome[p["id"]] = "rejected"
            elif ask <= remaining:
                remaining -= ask
                outcome[p["id"]] = "funded"
            else:
                outcome[p["id"]] = "does_not_fit"
    return outcome


def _round2(value: Fraction) -> str:
    return str(
        (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    )


def test_checker_and_tally_agree_with_the_spec_example() -> None:
    bundle = json.loads((DATA / "colquemarca.json").read_text(encoding="utf-8"))
    expected = json.loads((DATA / "colquemarca.expected.json").read_text(encoding="utf-8"))
    assert _problems(bundle) == []
    tally = _tally(bundle)
    for row in expected["results"]:
        assert _round2(tally[row["proposal"]]["final"]) == row["final_score"]
        for phase, score in row["phase_scores"].items():
            assert _round2(tally[row["proposal"]][phase]) == score
    reasons = {"rejected": "rejected", "does_not_fit": "exceeds_remaining_budget", "funded": None}
    allocation = _allocation(bundle)
    assert {r["proposal"]: r["reason"] for r in expected["results"]} == {
        pid: reasons[o] for pid, o in allocation.items()
    }


def test_checker_finds_broken_bundles() -> None:
    bundle = demo_bundle()
    scores = bundle["contest"]["scores"]  # type: ignore[index]
    scores[0]["value"] = "11"
    scores.append({"juror": "j4", "proposal": "p11", "criterion": "claridad", "value": "5"})
    scores.append({"juror": "j5", "proposal": "p01", "criterion": "gestion", "value": "1"})
    scores.pop(5)
    found = " | ".join(_problems(bundle))
    for needle in ("out of range", "recused", "does not score", "missing"):
        assert needle in found


def test_demo_is_deterministic_and_written_as_utf8_json(tmp_path: Path) -> None:
    assert demo_bundle() == demo_bundle(2026)
    assert demo_bundle(7) == demo_bundle(7)
    assert demo_bundle(7)["contest"] != demo_bundle(8)["contest"]
    target = tmp_path / "demo.json"
    write_demo_bundle(target)
    text = target.read_text(encoding="utf-8")
    assert "Huamán" in text and "\\u" not in text
    assert json.loads(text) == demo_bundle()


def test_demo_follows_every_structural_rule() -> None:
    bundle = demo_bundle()
    assert "events" not in bundle
    assert _problems(bundle) == []
    for seed in (1, 2, 3):
        assert _problems(demo_bundle(seed)) == []


def test_demo_has_the_shape_of_a_real_session() -> None:
    c: Bundle = demo_bundle()["contest"]  # type: ignore[assignment]
    assert [cat["id"] for cat in c["categories"]] == ["pdn", "pgrn"]
    assert sum("max_award" in cat for cat in c["categories"]) == 1
    assert [ph["id"] for ph in c["phases"]] == ["campo", "publico"]
    maxes = {ph["id"]: [int(cr["max"]) for cr in ph["criteria"]] for ph in c["phases"]}
    assert sum(maxes["campo"]) == 50 and maxes["publico"] == [10] * 5
    assert len(c["jurors"]) == 6
    assert sum(j["role"].startswith(("Presidente", "Presidenta")) for j in c["jurors"]) == 1
    assert any(j["phases"] == ["publico"] for j in c["jurors"])
    assert all(re.fullmatch(r"[0-9]{8}", j["document"]) for j in c["jurors"])
    proposals = c["proposals"]
    assert len(proposals) == 12 and [p["order"] for p in proposals] == list(range(1, 13))
    for p in proposals:
        requested = Decimal(p["requested"])
        assert Decimal(9000) <= requested <= Decimal(18000)
        assert Decimal(p["own_contribution"]) == requested / 4
        assert all(type(p[k]) is int for k in ("families", "women", "youth"))
    assert len(c["recusals"]) == 1 and c["recusals"][0]["reason"]
    assert c["rules"]["tie_break"][0] == "criterion:participacion_publica"
    assert set(c["place"]) == {"community", "district", "province", "region"}


def test_demo_names_are_in_spanish_and_quechua() -> None:
    c: Bundle = demo_bundle()["contest"]  # type: ignore[assignment]
    named = c["categories"] + c["phases"] + [cr for ph in c["phases"] for cr in ph["criteria"]]
    for item in named:
        assert set(item["name"]) == {"es", "qu"}
        assert item["name"]["es"].strip() and item["name"]["qu"].strip()
        assert item["name"]["es"] != item["name"]["qu"]


def test_demo_scores_spread_without_ties() -> None:
    finals = sorted(s["final"] for s in _tally(demo_bundle()).values())
    assert 44 <= finals[0] <= 50 and 90 <= finals[-1] <= 97
    assert sum(65 <= f <= 90 for f in finals) > len(finals) / 2
    assert len(set(finals)) == len(finals)


def test_demo_results_are_the_designed_ones_for_any_seed() -> None:
    designed = {pid: s["final"] for pid, s in _tally(demo_bundle()).items()}
    for seed in (0, 1, 99):
        assert {pid: s["final"] for pid, s in _tally(demo_bundle(seed)).items()} == designed


def test_demo_budget_leaves_out_approved_proposals() -> None:
    bundle = demo_bundle()
    outcome = _allocation(bundle)
    category = {p["id"]: p["category"] for p in bundle["contest"]["proposals"]}  # type: ignore[index]
    for cat in ("pdn", "pgrn"):
        mine = [o for p, o in outcome.items() if category[p] == cat]
        assert "rejected" in mine and "does_not_fit" in mine and "funded" in mine


def test_synthetic_bundle_is_complete_and_valid() -> None:
    bundle = synthetic_bundle(300)
    c = bundle["contest"]
    assert _problems(bundle) == []
    assert len(c["proposals"]) == 300 and len(c["jurors"]) == 9
    assert [len(ph["criteria"]) for ph in c["phases"]] == [6, 6]
    assert [p["order"] for p in c["proposals"]] == list(range(1, 301))
    assert len(c["recusals"]) == 6
    assert len(c["scores"]) == (300 * 9 - len(c["recusals"])) * 12
    assert c["rules"]["tie_break"] == ["requested_asc", "order"]
    for cat in c["categories"]:
        asked = sum(Decimal(p["requested"]) for p in c["proposals"] if p["category"] == cat["id"])
        assert abs(Decimal(cat["budget"]) / asked - Decimal("0.3")) < Decimal("0.001")
    assert synthetic_bundle(300) == bundle
    unscored = synthetic_bundle(20, n_jurors=5, criteria_per_phase=3, scored=False)
    assert unscored["contest"]["scores"] == [] and _problems(unscored) == []


def test_synthetic_bundle_is_fast_at_benchmark_size() -> None:
    start = time.perf_counter()
    bundle = synthetic_bundle(3000)
    elapsed = time.perf_counter() - start
    c = bundle["contest"]
    assert len(c["scores"]) == (3000 * 9 - len(c["recusals"])) * 12
    assert elapsed < 10
