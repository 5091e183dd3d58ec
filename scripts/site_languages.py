"""MkDocs hook (mkdocs.yml, ``hooks``): the language switch leads to this page's twin.

Material's language selector lists ``extra.alternate``, and each entry links one fixed
place. The two editions have the same pages under the same names, so for each page this
points every entry at the same page in that edition, as a relative link: the site works
from any folder a file server puts it in, and from the disk. Pages are files
(``use_directory_urls: false``), so the sitemap Material looks for beside each entry's link
is the edition's own. The editions come from ``extra.languages``
(language, name, and home from the site's root); the one being built is ``theme.language``.
"""

from __future__ import annotations

import posixpath
from typing import Any


def twin_link(page_url: str, own_home: str, other_home: str) -> str:
    """The link, from this build's root, to the page at ``page_url`` in another edition.

    >>> twin_link("02_x.html", "", "en/"), twin_link("index.html", "en/", "")
    ('en/02_x.html', '../index.html')
    """
    return posixpath.relpath(other_home + page_url, own_home or ".")


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    languages = config.extra["languages"]
    own = next(edition for edition in languages if edition["lang"] == config.theme["language"])
    config.extra["alternate"] = [
        {
            "name": edition["name"],
            "lang": edition["lang"],
            "link": twin_link(page.url, own["home"], edition["home"]),
        }
        for edition in languages
    ]
    return context
