"""Foundations with no Qt: paths, settings, errors, logging."""
