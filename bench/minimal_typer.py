"""The startup yardstick: a do-nothing Typer command, with orjson imported as wirecli imports it."""

from __future__ import annotations

import orjson  # noqa: F401  (wirecli needs it on every run; so does the yardstick)
import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command()
def convert(path: str) -> None:
    """Do nothing with PATH."""


if __name__ == "__main__":
    app()
