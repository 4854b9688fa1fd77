"""``python -m wirecli``."""

from wirecli.cli import main

main()
