#!/usr/bin/env python3
"""The two developer commands: ``python3 dev.py demo`` and ``python3 dev.py test``.

Needs only Python 3.11+ and its standard library. On first use it creates ``.venv`` and
installs the project with its development tools (``pip install -e ".[dev]"``); it installs
again whenever pyproject.toml changes (a hash of it is kept in ``.venv``). Extra arguments are
passed on: to ``clar-desktop demo`` for ``demo``, to pytest for ``test``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".clar-dev-installed"
DOMAIN = "clar_desktop/domain"
PYTEST_NO_TESTS_RAN = 5


def step(title: str) -> None:
    print(f"==> {title}", flush=True)


def tool_environment() -> dict[str, str]:
    env = dict(os.environ)
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    env.pop("PYTHONHOME", None)
    return env


def run(command: list[str], env: dict[str, str]) -> int:
    return subprocess.call(command, cwd=ROOT, env=env)


def ensure_environment() -> None:
    """Create .venv and (re)install the project when pyproject.toml changed since last time."""
    if not PYTHON.exists():
        step(f"create {VENV.relative_to(ROOT)}")
        venv.create(VENV, with_pip=True, clear=VENV.exists())
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    step('pip install -e ".[dev]"')
    command = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if run([*command, "-e", ".[dev]"], tool_environment()) != 0:
        sys.exit("dev.py: installing the project into .venv failed (see pip's message above)")
    STAMP.write_text(wanted + "\n")


def demo(args: list[str]) -> int:
    step("clar-desktop demo " + " ".join(args))
    return run([str(BIN / "clar-desktop"), "demo", *args], tool_environment())


def test(args: list[str]) -> int:
    env = tool_environment()
    env["QT_QPA_PLATFORM"] = "offscreen"
    checks = [
        ("ruff check .", [str(BIN / "ruff"), "check", "."]),
        ("lint-imports", [str(BIN / "lint-imports")]),
        ("mypy --strict clar_desktop/domain", [str(BIN / "mypy"), "--strict", DOMAIN]),
    ]
    for title, command in checks:
        step(title)
        code = run(command, env)
        if code != 0:
            print(f"dev.py: {title} failed", file=sys.stderr)
            return code
    step("pytest " + " ".join(args))
    code = run([str(PYTHON), "-m", "pytest", *args], env)
    if code == PYTEST_NO_TESTS_RAN:
        print("dev.py: pytest ran no test, which counts as a failure", file=sys.stderr)
        return 1
    return code


COMMANDS = {"demo": demo, "test": test}


def main(argv: list[str]) -> int:
    # Ruff assumes 3.11 from pyproject.toml; this file is the one run by a bare python3.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit("dev.py needs Python 3.11 or newer")
    if not argv or argv[0] not in COMMANDS:
        sys.exit(f"usage: python3 dev.py {{{'|'.join(COMMANDS)}}} [arguments...]")
    ensure_environment()
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
