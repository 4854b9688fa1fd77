"""``python -m wirecli``."""

from wirecli.entry import main

main()
