"""Inference without Qt: the Engine protocol, LlamaCppEngine, RemoteEngine, templates, budgeting."""
