"""The owner's content as data, and the functions that read it."""

import uuid
from functools import cache
from pathlib import Path

import yaml

CONTENT_DIR = Path(__file__).resolve().parent
SEED_PAGE = CONTENT_DIR / "seed" / "what-is-metastatic-cancer.txt"
# Deterministic HSDS ids for the records we ship, so every install exports the same ids.
HSDS_NAMESPACE = uuid.UUID("5b0c3a52-9a63-4f0e-8f0e-3d5a2b7c1e11")


def stable_uuid(*parts):
    return uuid.uuid5(HSDS_NAMESPACE, ":".join(parts))


@cache
def load(name):
    """Parse one YAML file of this folder (en, es, resources)."""
    with open(CONTENT_DIR / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)
