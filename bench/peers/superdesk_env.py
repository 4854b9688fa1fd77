"""A Python 3.8 virtual environment holding superdesk-core 2.5.3, for checks against a real ingester.

superdesk-core 2.5.3 runs on Python 3.8 only, and installs only with an older pip and with Cython and
setuptools held back (its dependencies build with them). The environment goes to
``bench/peers/.venv-superdesk`` (not tracked) and is reused once built; anything that wants to run
Superdesk's code (``bench/peers/interop.py``, a peer benchmark) calls :func:`ensure`.

    python3 bench/peers/superdesk_env.py     # build or reuse it; prints its python, or why not (exit 3)

Standard library only, so it runs under any Python 3.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-superdesk"
PACKAGE = "superdesk-core"
VERSION = "2.5.3"
REQUIREMENT = f"{PACKAGE}=={VERSION}"
# pip 24.1 rejects the legacy version strings of some of superdesk-core's pinned dependencies.
PIP = "pip<24.1"
# Building its dependencies needs the Cython and setuptools of their time.
CONSTRAINTS = ("cython<3", "setuptools<70")
PYTHON_ENV = "SUPERDESK_PYTHON"  # a Python 3.8 to use instead of looking for one
EXIT_UNAVAILABLE = 3


class UnavailableError(Exception):
    """Python 3.8 or the package cannot be had here; the message says which."""


def find_python38() -> str | None:
    """``$SUPERDESK_PYTHON``, ``python3.8`` on the PATH, or a pyenv 3.8: the first that runs.

    A pyenv shim named ``python3.8`` exists on the PATH even when no 3.8 is selected, and fails
    when run, so each candidate is tried rather than trusted.
    """
    candidates = [os.environ.get(PYTHON_ENV), shutil.which("python3.8")]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.8*/bin/python3.8")), reverse=True)
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK) and _runs(candidate):
            return candidate
    return None


def _runs(python: str) -> bool:
    result = subprocess.run([python, "-c", "pass"], capture_output=True, check=False)
    return result.returncode == 0


def venv_python() -> Path:
    return VENV / "bin" / "python"


def installed() -> bool:
    """True when the environment exists and holds exactly superdesk-core 2.5.3."""
    python = venv_python()
    if not python.is_file():
        return False
    check = f"import importlib.metadata as m; print(m.version({PACKAGE!r}))"
    result = subprocess.run([str(python), "-c", check], capture_output=True, text=True, check=False)
    return result.returncode == 0 and result.stdout.strip() == VERSION


def ensure(quiet: bool = False) -> Path:
    """The environment's python, built first when needed; raises :class:`UnavailableError`."""
    if installed():
        return venv_python()
    python38 = find_python38()
    if python38 is None:
        raise UnavailableError(f"no Python 3.8 found (put python3.8 on the PATH or set {PYTHON_ENV})")
    output = subprocess.DEVNULL if quiet else None
    if not venv_python().is_file():
        subprocess.run([python38, "-m", "venv", str(VENV)], check=True, stdout=output)
    pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check"]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as constraints:
        constraints.write("\n".join(CONSTRAINTS) + "\n")
    try:
        steps = [[PIP], [*CONSTRAINTS, "wheel"], [REQUIREMENT]]
        for step in steps:
            result = subprocess.run(
                [*pip, "--constraint", constraints.name, *step], stdout=output, check=False
            )
            if result.returncode != 0:
                what = " ".join(step)
                raise UnavailableError(f"could not install {what} into {VENV} (pip exit {result.returncode})")
    finally:
        os.unlink(constraints.name)
    if not installed():
        raise UnavailableError(f"{REQUIREMENT} is not importable in {VENV} after installing it")
    return venv_python()


def main() -> int:
    try:
        python = ensure()
    except UnavailableError as error:
        print(f"superdesk environment unavailable: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    print(python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
