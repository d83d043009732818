"""Mark the first use of each glossary term in a page's HTML.

A marked word is a link to its entry on the glossary page (works without JavaScript),
followed by its definition in a hidden span; static/js/tools.js turns the link into a
disclosure button (aria-expanded) that shows the definition in place. Text inside links,
buttons, headings, form labels and the diagram is never marked.
"""

import re

from django.utils.html import escape

TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
SKIP = {
    "a", "button", "h1", "h2", "h3", "h4", "h5", "h6", "label", "textarea", "script", "style",
    "svg", "title", "option", "select", "summary", "figcaption", "time", "nav",
}  # fmt: skip


def mark_first_uses(html, pattern, lookup, glossary_url, more_label):
    """`html` with each term's first use marked; `pattern`, `lookup` from terms_pattern()."""
    if pattern is None:
        return html
    marked = set()
    depth = 0
    out = []

    def replace(match):
        term = lookup.get(match.group(1).lower())
        if term is None or term.pk in marked:
            return match.group(0)
        marked.add(term.pk)
        definition_id = f"term-{term.anchor}"
        href = f"{escape(glossary_url)}#{escape(term.anchor)}"
        return (
            f'<a class="term" href="{href}" data-definition="{definition_id}">'
            f'{match.group(1)}<span class="visually-hidden"> ({escape(more_label)})</span></a>'
            f'<span class="term-definition" id="{definition_id}" hidden>'
            f"<strong>{escape(term.term)}:</strong> {escape(term.definition)}</span>"
        )

    for token in TOKEN.split(html):
        if not token:
            continue
        if token.startswith("<"):
            tag = TAG_NAME.match(token)
            if tag and tag.group(2).lower() in SKIP and not token.endswith("/>"):
                depth += -1 if tag.group(1) else 1
                depth = max(depth, 0)
            out.append(token)
        elif depth == 0:
            out.append(pattern.sub(replace, token))
        else:
            out.append(token)
    return "".join(out)


MARKED = re.compile(
    r'<a class="term" href="[^"]*" data-definition="[^"]*">(.*?)'
    r'<span class="visually-hidden">[^<]*</span></a>'
    r'<span class="term-definition"[^>]*>.*?</span>',
    re.S,
)


def unmark(html):
    """`html` without the marking: each marked word back to plain text (tests, plain copies)."""
    return MARKED.sub(r"\1", html)
