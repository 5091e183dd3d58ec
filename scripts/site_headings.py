"""MkDocs hook (mkdocs.yml, ``hooks``): a notebook page's contents lead to its headings.

mkdocs-jupyter names a notebook's headings one way (nbconvert keeps ASCII letters only,
so an all-Chinese heading gets an empty id) and lists them in the page's contents another
(Python-Markdown's slugs). This gives each heading, in page order, the id its entry in the
contents links to.
"""

from __future__ import annotations

import re
from typing import Any

_HEADING = re.compile(r'(<h[1-6][^>]*\bid=")([^"]*)("[^>]*>)(.*?)(</h[1-6]>)', re.S)


def _anchors(items: Any) -> list[str]:
    found: list[str] = []
    for item in items:
        found.append(item.id)
        found.extend(_anchors(item.children))
    return found


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    anchors = iter(_anchors(page.toc))
    if len(_HEADING.findall(html)) != len(_anchors(page.toc)):
        return html  # not the headings the contents list: leave both as they are

    def rename(match: re.Match[str]) -> str:
        opening, old, rest, inner, closing = match.groups()
        new = next(anchors)
        inner = inner.replace(f'href="#{old}"', f'href="#{new}"')
        return f"{opening}{new}{rest}{inner}{closing}"

    return _HEADING.sub(rename, html)
