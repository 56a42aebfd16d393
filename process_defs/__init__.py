"""The programmes shipped with Stegvis and their JSON Schema (package ``engine.programmes``).

This folder is package data: pyproject.toml maps the package ``engine.programmes`` onto
it, and ``engine.paths`` finds it through :mod:`importlib.resources`, so the checkout,
an editable install and a wheel read the same files.  An installation's own programmes
live in a folder of its choosing (``stegvis init``; docs/installation.md).
"""
