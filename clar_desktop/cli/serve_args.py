"""The arguments of ``clar-desktop serve`` (light: building the parser loads no server)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..i18n import _


def port_argument(text: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    try:
        port = int(text, 10)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            _("the port must be a whole number from 0 to 65535, not {value}").format(
                value=text))
    return port


def add_serve_parser(command: Callable[..., argparse.ArgumentParser], run: Any) -> None:
    p = command("serve", _("serve the results of a contest to the phones of the hall, "
                           "read-only, without a window"), run)
    p.add_argument("contest", metavar=_("CONTEST_ID"))
    p.add_argument("--host", default="127.0.0.1", metavar=_("ADDRESS"),
                   help=_("address to listen on: 127.0.0.1 for this computer only (default), "
                          "the address of its network card, or 0.0.0.0 for every network"))
    p.add_argument("--port", type=port_argument, default=8080, metavar=_("PORT"),
                   help=_("TCP port (default: 8080; 0: any free port)"))
    p.add_argument("--reveal", action="store_true",
                   help=_("show the rankings and the second-tranche results before the "
                          "session is closed (default: withheld until then)"))
