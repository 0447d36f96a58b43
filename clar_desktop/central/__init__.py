"""The central office: every local office's verified bundles in one database, and the
programme's indicators (spec: central-v1).

- `database`: opening the central tables (their own Alembic history and version table,
  beside the contest store's, in the same database), created only by ``ingest``.
- `verification`: a bundle's bytes read with the strict reader, its log chain checked and
  replayed, its tally and hashes recomputed — nothing the bundle claims is trusted.
- `ingest`: the spec's outcomes (refused, new, same, extended, older, conflict), one
  transaction per bundle, serialized per contest across processes.
- `indicators`: every indicator of the spec from one SQL aggregation.
- `records`: what is stored, read back (contests, conflicts, the bytes for re-export).

No Qt here: the command line (clar_desktop/cli/central.py) and the central office window
sit on the same functions.
"""
