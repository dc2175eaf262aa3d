"""Trigger lexicon files, ``triggers-<language>-<version>.json``, shipped as package data."""
