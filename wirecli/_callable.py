"""Subpackages that can also be called: ``wirecli.formats()`` and ``wirecli.render(stories, ...)``.

``wirecli.formats`` and ``wirecli.render`` are subpackages, and Python sets a package attribute to
its subpackage whenever the subpackage is imported, so plain functions of those names in
``wirecli/__init__.py`` would turn back into modules as soon as anything parsed a story. Instead
the two modules are given a class whose ``__call__`` runs the library function of that name
(:func:`wirecli.api.list_formats`, :func:`wirecli.api.render_stories`): both spellings work, and
the module attributes (``wirecli.formats.REGISTRY``) stay what they are. Type checkers see a module
there; typed code calls ``list_formats`` and ``render_stories``.
"""

import sys
import types
from typing import Any


def make_callable(module_name: str, function_name: str) -> None:
    """Calling the module ``module_name`` calls ``wirecli.api.<function_name>``."""

    class CallableModule(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            from wirecli import api  # loaded on the first call, never by the command line

            return getattr(api, function_name)(*args, **kwargs)

    sys.modules[module_name].__class__ = CallableModule
