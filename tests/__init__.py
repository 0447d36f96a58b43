"""The CLAR Desktop test suite (a package, so test modules may share helpers)."""
