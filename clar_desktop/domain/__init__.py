"""The contest's rules as plain Python: no Qt, no database (a test and import-linter enforce it).

- `model`: the contest's dataclasses; `bundle`: reading, validating and writing bundles;
- `scoring`, `ranking`, `board`, `tally`: the spec's tally, ranking, tie-breaks, allocation
  and tranches, exact, and kept current one change at a time;
- `changes`, `state`, `log`, `canonical`, `verify`: the audit log — the rules every change
  must pass, replay, the hash chain and its canonical serialization.
"""
