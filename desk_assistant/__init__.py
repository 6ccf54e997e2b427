"""Desk Assistant: an offline desktop assistant running local LLMs through llama.cpp."""

__version__ = "0.1.0"
APP_NAME = "desk-assistant"
