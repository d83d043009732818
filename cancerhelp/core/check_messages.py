"""Fail when an interface string is missing from, or untranslated in, the Spanish catalogue.

Usage: python -m cancerhelp.core.check_messages   (make check-messages; make lint runs it)

Runs Django's makemessages, with the options `make makemessages` uses, on a temporary
copy of the code, so the real locale/es/LC_MESSAGES/django.po is never touched; then
every msgid found in our templates and Python code must be in django.po with a
non-empty, non-fuzzy translation. Exit status 1 lists the strings to translate (fix:
`make makemessages`, translate the new entries in django.po, `make messages`).
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CATALOGUE = PROJECT_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
# Same as the Makefile's makemessages target.
IGNORE = ["home/content"]
COPY_IGNORE = shutil.ignore_patterns("__pycache__", "*.mo", "*.po", "static", "node_modules", "seed")


def extract(language="es"):
    """The catalogue makemessages builds from the code as it is now (a polib.POFile)."""
    import polib
    from django.core.management import call_command

    with tempfile.TemporaryDirectory(prefix="check-messages-") as tmp:
        copy = Path(tmp) / "cancerhelp"
        shutil.copytree(PROJECT_DIR, copy, ignore=COPY_IGNORE)
        (copy / "locale").mkdir(exist_ok=True)
        cwd = os.getcwd()
        os.chdir(copy)
        try:
            call_command(
                "makemessages",
                locale=[language],
                no_location=True,
                no_obsolete=True,
                ignore_patterns=IGNORE,
                verbosity=0,
            )
        finally:
            os.chdir(cwd)
        path = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        return polib.pofile(str(path)) if path.exists() else polib.POFile()


def compile_catalogue(po_path=CATALOGUE):
    """Compile django.po to django.mo when the .mo is missing or older (as `make messages`).

    For test runs started without `make`: written atomically, so parallel workers agree.
    """
    import polib

    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    if not po_path.exists():
        return False
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    with tempfile.NamedTemporaryFile(dir=mo_path.parent, suffix=".mo.tmp", delete=False) as handle:
        tmp = handle.name
    polib.pofile(str(po_path)).save_as_mofile(tmp)
    os.replace(tmp, mo_path)
    return True


def untranslated(entry):
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


def problems(catalogue_path=CATALOGUE):
    """[(reason, msgid)] for every string used in the code but not translated."""
    import polib

    found = extract()
    if not Path(catalogue_path).exists():
        return [("missing", entry.msgid) for entry in found]
    catalogue = {(entry.msgctxt, entry.msgid): entry for entry in polib.pofile(str(catalogue_path))}
    result = []
    for entry in found:
        known = catalogue.get((entry.msgctxt, entry.msgid))
        if known is None or known.obsolete:
            result.append(("missing", entry.msgid))
        elif untranslated(known):
            result.append(("fuzzy" if "fuzzy" in known.flags else "untranslated", entry.msgid))
    return result


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cancerhelp.settings.test")
    import django

    django.setup()
    found = problems()
    if not found:
        print(f"All interface strings are translated in {CATALOGUE.relative_to(PROJECT_DIR.parent)}.")
        return 0
    print(f"{len(found)} interface strings need a Spanish translation in {CATALOGUE.name}:", file=sys.stderr)
    for reason, msgid in found:
        print(f"  [{reason}] {msgid!r}", file=sys.stderr)
    print("Run `make makemessages`, translate them in django.po, then `make messages`.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
