"""The owner's content as data, and the functions that read it."""

from functools import cache
from pathlib import Path

import yaml

# Deterministic ids for the records we ship, so every install exports the same ids.
from cancerhelp.directory.models.records import stable_uuid

CONTENT_DIR = Path(__file__).resolve().parent
SEED_PAGE = CONTENT_DIR / "seed" / "what-is-metastatic-cancer.txt"

__all__ = ["CONTENT_DIR", "SEED_PAGE", "load", "stable_uuid"]


@cache
def load(name):
    """Parse one YAML file of this folder (en, es, resources)."""
    with open(CONTENT_DIR / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)
