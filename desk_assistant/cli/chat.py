"""`desk-assistant chat`: filled in by its issue."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("chat", help="(not yet available)")
