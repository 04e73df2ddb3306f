"""What a first-time visitor's browser fetches for the home page, for make bench (bench/run.py)."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

PAGE_WEIGHT_LIMIT = 500 * 1024


class Assets(HTMLParser):
    """What a browser fetches for a page on first visit: styles, scripts, images, icons."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, bool]] = []  # (address, kind, render-blocking)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "link"
            and attrs.get("href")
            and {"stylesheet", "icon", "preload"} & set((attrs.get("rel") or "").split())
        ):
            self.found.append((attrs["href"], "link", "stylesheet" in (attrs.get("rel") or "")))
        elif tag == "script" and attrs.get("src"):
            blocking = "async" not in attrs and "defer" not in attrs and attrs.get("type") != "module"
            self.found.append((attrs["src"], "script", blocking))
        elif tag in ("img", "source", "iframe") and (attrs.get("src") or attrs.get("srcset")):
            source = attrs.get("src") or attrs["srcset"].split(",")[0].split()[0]
            self.found.append((source, tag, False))


def page_weight(home: str, fetch) -> dict:
    """Bytes on the wire for the home page and everything it loads, as a first-time visitor's browser would."""
    encoding = {"Accept-Encoding": "br, gzip"}
    _, _, html = fetch(home, headers=encoding)
    total = len(html)
    parser = Assets()
    parser.feed(html.decode())
    third_party, blocking = [], []
    own = urlsplit(home).netloc
    for address, _kind, render_blocking in parser.found:
        absolute = urljoin(home, address)
        if urlsplit(absolute).netloc != own:
            third_party.append(absolute)
            if render_blocking:
                blocking.append(absolute)
            continue
        _, _, body = fetch(absolute, headers=encoding)
        total += len(body)
    return {"bytes": total, "assets": len(parser.found), "third_party": third_party, "blocking": blocking}
