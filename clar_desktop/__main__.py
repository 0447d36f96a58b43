"""``python -m clar_desktop``: the same as the ``clar-desktop`` command."""

from .cli import run

run()
