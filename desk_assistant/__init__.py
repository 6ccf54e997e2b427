"""Desk Assistant: an offline desktop assistant running local LLMs through llama.cpp.

This module is read by setuptools for the version (pyproject.toml: ``attr``) and imported before
anything else: keep it to plain constants, no imports.
"""

__version__ = "0.1.0"  # the one place the version lives; CHANGELOG.md and the AppStream metainfo follow it
APP_NAME = "desk-assistant"
# Reverse-DNS application id: the .desktop file, the AppStream metainfo and the icon are named after it
# (packaging/linux/), and the window tells the desktop this name (QGuiApplication.setDesktopFileName).
APP_ID = "io.github.deskassistant.DeskAssistant"
LICENSE = "MIT"  # SPDX id, as pyproject.toml's license (tests/test_release_metadata.py checks they agree)
