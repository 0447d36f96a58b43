"""A naive tally: stdlib json and Fraction, no validation — the baseline of bench_tally.

It reads the bundle, adds up each juror's weighted values, takes the mean, median or trimmed
mean, ranks by final score and funds in rank order while the budget lasts. It checks nothing. The
product's `clar-desktop tally` must take at most half its time on the same bundle.
"""
import json
import sys
from fractions import Fraction


def two(x):
    q = Fraction(x) * 100
    n = (q.numerator * 2 + q.denominator) // (2 * q.denominator)
    return f"{n // 100}.{n % 100:02d}"


def main(path):
    with open(path, encoding="utf-8") as handle:
        c = json.load(handle)["contest"]
    rules = c.get("rules", {})
    agg, trim = rules.get("aggregation", "mean"), rules.get("trim", 1)
    passing = Fraction(rules.get("pass_score", "0"))
    crit = {k["id"]: (ph["id"], Fraction(k.get("weight", "1")))
            for ph in c["phases"] for k in ph["criteria"]}
    recused = {(r["juror"], r["proposal"]) for r in c.get("recusals", [])}
    totals = {}
    for s in c.get("scores", []):
        phase, weight = crit[s["criterion"]]
        key = (s["proposal"], phase, s["juror"])
        totals[key] = totals.get(key, 0) + weight * Fraction(s["value"])
    finals = {}
    for p in c["proposals"]:
        final = Fraction(0)
        for ph in c["phases"]:
            vals = sorted(totals.get((p["id"], ph["id"], j["id"]), Fraction(0))
                          for j in c["jurors"]
                          if ph["id"] in j["phases"] and (j["id"], p["id"]) not in recused)
            if agg == "median":
                mid = vals[(len(vals) - 1) // 2: len(vals) // 2 + 1]
                final += sum(mid) / len(mid)
            elif agg == "trimmed_mean" and 2 * trim < len(vals):
                kept = vals[trim:len(vals) - trim]
                final += sum(kept) / len(kept)
            else:
                final += sum(vals) / len(vals)
        finals[p["id"]] = final
    results = []
    for cat in c["categories"]:
        members = [p for p in c["proposals"] if p["category"] == cat["id"]]
        ranked = sorted((p for p in members if finals[p["id"]] >= passing),
                        key=lambda p: (-finals[p["id"]], p["order"]))
        remaining = Fraction(cat["budget"])
        for rank, p in enumerate(ranked, 1):
            ask = Fraction(p["requested"])
            funded = ask <= remaining
            remaining -= ask if funded else 0
            results.append({"proposal": p["id"], "final_score": two(finals[p["id"]]),
                            "rank": rank, "funded": funded,
                            "award": two(ask if funded else 0)})
        for p in sorted((p for p in members if finals[p["id"]] < passing),
                        key=lambda p: p["order"]):
            results.append({"proposal": p["id"], "final_score": two(finals[p["id"]]),
                            "rank": None, "funded": False, "award": "0.00"})
    json.dump({"contest": c["id"], "results": results}, sys.stdout, indent=1)


main(sys.argv[1])
