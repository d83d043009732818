"""What an HSDS import says, the same from the command line and from the admin."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

KIND_LABELS = {
    "taxonomy_terms": gettext_lazy("taxonomy terms"),
    "organizations": gettext_lazy("organizations"),
    "locations": gettext_lazy("locations"),
    "services": gettext_lazy("services"),
}


def kind_label(kind):
    return str(KIND_LABELS.get(kind, kind))


def refused_lines(errors, limit=200):
    """The heading and one line per problem (each names the record and the field)."""
    shown = list(errors)[:limit]
    lines = [
        ngettext(
            "Import refused, nothing was changed (%(count)s problem):",
            "Import refused, nothing was changed (%(count)s problems):",
            len(errors),
        )
        % {"count": len(errors)}
    ]
    lines += list(shown)
    more = len(errors) - len(shown)
    if more:
        lines.append(_("… and %(count)s more") % {"count": more})
    return lines


def count_lines(counts, dry_run=False):
    """One line per kind of record: how many would be / were created, changed, left alone."""
    lines = []
    for kind, outcome in counts.items():
        values = {"kind": kind_label(kind), **outcome}
        if dry_run:
            line = _(
                "Dry run (nothing written): %(kind)s: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged"
            )
        else:
            line = _("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
        lines.append(line % values)
    return lines
