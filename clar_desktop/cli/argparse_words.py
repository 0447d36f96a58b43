"""argparse's own words — "usage:", its error sentences — through our catalogs.

argparse translates with the standard ``gettext`` functions it imported, in the default
domain, which holds nothing for us: left alone, a Quechua or Spanish command line would
still say "usage:" and "the following arguments are required". `use_our_catalogs` points
argparse's two module-level names at ours; the messages below (argparse's own, as written
in Python 3.11) are marked so that they reach the catalogs. A message another Python
version words differently stays in English, which is argparse's behaviour anyway.
"""

from __future__ import annotations

import argparse

from ..i18n import N_, Nn_, _, ngettext

ARGPARSE_MESSAGES = (
    # TRANSLATORS: argparse, the first line of --help; keep the space after the colon.
    N_("usage: "),
    # TRANSLATORS: argparse, headings of --help.
    N_("positional arguments"),
    N_("options"),
    # TRANSLATORS: argparse's error messages; keep every %s, %r and %(name)s.
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    Nn_("expected %s argument", "expected %s arguments"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unexpected option string: %s"),
)


def use_our_catalogs() -> None:
    """Make argparse translate its words with the active language's catalog — for the whole
    process, on purpose: every parser here speaks the user's language."""
    argparse._ = _  # type: ignore[attr-defined]  (it passes None and "" through as they are)
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
