"""Coder-role examples: HTTP and URLs. Contract: source/README.md."""

EXAMPLES = [
    dict(
        id="coder-135",
        role="coder",
        user=r"""Write `build_query(params: dict) -> str` for our API client: keys in sorted order, None values skipped, list/tuple values repeated as key=v1&key=v2 (None items skipped), booleans written as "true"/"false", everything URL-encoded (spaces as "+").""",
        answer=r'''```python
from urllib.parse import urlencode

def build_query(params):
    pairs = []
    for key in sorted(params):
        value = params[key]
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if v is None:
                continue
            if isinstance(v, bool):
                v = "true" if v else "false"
            pairs.append((key, v))
    return urlencode(pairs)
```''',
        check=dict(
            kind="python_tests",
            entry_point="build_query",
            tests=r"""assert build_query({"q": "a b", "page": 2, "tag": ["x", "y"], "debug": None, "raw": True}) == "page=2&q=a+b&raw=true&tag=x&tag=y"
assert build_query({}) == ""
assert build_query({"f": False, "ids": (1, None, 3)}) == "f=false&ids=1&ids=3"
assert build_query({"next": "/a?b=c&d"}) == "next=%2Fa%3Fb%3Dc%26d"
""",
        ),
    ),
    dict(
        id="coder-136",
        role="coder",
        user=r"""Write `status_class(code: int) -> str` returning "1xx", "2xx", "3xx", "4xx" or "5xx" for an HTTP status code. Raise ValueError for codes outside 100-599.""",
        answer=r'''```python
def status_class(code):
    if not 100 <= code <= 599:
        raise ValueError(f"invalid HTTP status: {code}")
    return f"{code // 100}xx"
```''',
        check=dict(
            kind="python_tests",
            entry_point="status_class",
            tests=r"""assert status_class(200) == "2xx"
assert status_class(404) == "4xx"
assert status_class(599) == "5xx" and status_class(100) == "1xx"
for bad in (99, 600, 0):
    try:
        status_class(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)""",
        ),
    ),
    dict(
        id="coder-137",
        role="coder",
        user=r"""Write `is_retryable(status: int, method: str) -> bool` for the HTTP client. 429 is always retryable. 408, 500, 502, 503 and 504 are retryable only for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS; method is case-insensitive). Everything else is not.""",
        answer=r'''```python
def is_retryable(status, method):
    if status == 429:
        return True
    idempotent = method.upper() in {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}
    return idempotent and status in {408, 500, 502, 503, 504}
```
Retrying a POST after a 5xx could apply it twice, so only idempotent methods are retried there.''',
        check=dict(
            kind="python_tests",
            entry_point="is_retryable",
            tests=r"""assert is_retryable(503, "get")
assert not is_retryable(503, "POST")
assert is_retryable(429, "POST")
assert not is_retryable(501, "GET") and not is_retryable(404, "GET")
assert is_retryable(408, "PUT")
assert not is_retryable(200, "GET")""",
        ),
    ),
    dict(
        id="coder-138",
        role="coder",
        user=r"""Write `retry_after_seconds(value: str | None, now: datetime) -> int | None` for the Retry-After header. It is either a number of seconds ("120") or an HTTP date ("Wed, 01 May 2024 12:00:00 GMT"); `now` is an aware UTC datetime. Return the seconds to wait (a date in the past gives 0) and None for a missing or unparseable value.""",
        answer=r'''```python
from email.utils import parsedate_to_datetime

def retry_after_seconds(value, now):
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0, int((when - now).total_seconds()))
```''',
        check=dict(
            kind="python_tests",
            entry_point="retry_after_seconds",
            tests=r"""from datetime import datetime, timezone
now = datetime(2024, 5, 1, 11, 58, 30, tzinfo=timezone.utc)
assert retry_after_seconds("120", now) == 120
assert retry_after_seconds(" 0 ", now) == 0
assert retry_after_seconds("Wed, 01 May 2024 12:00:00 GMT", now) == 90
assert retry_after_seconds("Wed, 01 May 2024 11:00:00 GMT", now) == 0
assert retry_after_seconds(None, now) is None and retry_after_seconds("", now) is None
assert retry_after_seconds("soon", now) is None""",
        ),
    ),
    dict(
        id="coder-139",
        role="coder",
        user=r"""Write `parse_headers(raw: str) -> dict[str, str]` for a raw HTTP header block (lines end in "\r\n" or "\n", it may start with a status line). Split each line on the first ":", lower-case the name, strip both sides, and join repeated headers with ", ". Ignore lines without a colon.""",
        answer=r'''```python
def parse_headers(raw):
    headers = {}
    for line in raw.splitlines():
        name, sep, value = line.partition(":")
        name = name.strip().lower()
        if not sep or not name:
            continue
        value = value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_headers",
            tests=r"""raw = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nHost: example.com:8080\r\nAccept: a\r\naccept:  b \r\n\r\n"
assert parse_headers(raw) == {"content-type": "text/html", "host": "example.com:8080", "accept": "a, b"}
assert parse_headers("") == {}
assert parse_headers("X-Empty:\n") == {"x-empty": ""}""",
        ),
    ),
    dict(
        id="coder-140",
        role="coder",
        user=r"""Write `parse_content_type(value: str) -> tuple[str, dict[str, str]]`: split a Content-Type header into the lower-cased media type and its parameters (names lower-cased, values stripped of whitespace and surrounding double quotes). Parameters without "=" are ignored.""",
        answer=r'''```python
def parse_content_type(value):
    mime, *params = value.split(";")
    out = {}
    for param in params:
        key, sep, val = param.partition("=")
        if sep:
            out[key.strip().lower()] = val.strip().strip('"')
    return mime.strip().lower(), out
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_content_type",
            tests=r"""assert parse_content_type("text/HTML; charset=UTF-8") == ("text/html", {"charset": "UTF-8"})
assert parse_content_type("application/json") == ("application/json", {})
assert parse_content_type('multipart/form-data; Boundary="abc 123"') == ("multipart/form-data", {"boundary": "abc 123"})
assert parse_content_type("text/plain; junk; a=1") == ("text/plain", {"a": "1"})""",
        ),
    ),
    dict(
        id="coder-141",
        role="coder",
        user=r"""Write `url_join(base: str, *segments: str) -> str` that appends path segments to a base URL with exactly one "/" between parts, e.g. url_join("https://api.x.io/", "/v1/", "users") -> "https://api.x.io/v1/users". Segments that are empty (or only slashes) are skipped.""",
        answer=r'''```python
def url_join(base, *segments):
    parts = [base.rstrip("/")]
    parts += [s.strip("/") for s in segments if s.strip("/")]
    return "/".join(parts)
```
Unlike `urllib.parse.urljoin`, this never drops the last path segment of the base.''',
        check=dict(
            kind="python_tests",
            entry_point="url_join",
            tests=r"""assert url_join("https://api.x.io/", "/v1/", "users") == "https://api.x.io/v1/users"
assert url_join("https://api.x.io/base", "items", "42") == "https://api.x.io/base/items/42"
assert url_join("https://api.x.io", "", "/", "a/b/") == "https://api.x.io/a/b"
assert url_join("https://api.x.io/") == "https://api.x.io"
""",
        ),
    ),
    dict(
        id="coder-142",
        role="coder",
        user=r"""Write `set_query_param(url: str, key: str, value) -> str` that sets one query parameter: existing occurrences of `key` are removed and `key=value` is appended at the end; other parameters keep their order and the fragment is preserved. Use urllib.parse.""",
        answer=r'''```python
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

def set_query_param(url, key, value):
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, str(value)))
    return urlunsplit(parts._replace(query=urlencode(query)))
```''',
        check=dict(
            kind="python_tests",
            entry_point="set_query_param",
            tests=r"""assert set_query_param("https://x.io/s?q=a&page=1#top", "page", 2) == "https://x.io/s?q=a&page=2#top"
assert set_query_param("https://x.io/s", "q", "a b") == "https://x.io/s?q=a+b"
assert set_query_param("https://x.io/s?page=1&q=a&page=3", "page", 9) == "https://x.io/s?q=a&page=9"
assert set_query_param("/rel?x=", "y", 1) == "/rel?x=&y=1"
""",
        ),
    ),
    dict(
        id="coder-143",
        role="coder",
        user=r"""The CMS needs unique post URLs. Write `unique_slug(title: str, taken: set[str]) -> str`: lower-case the title, replace each run of characters other than a-z and 0-9 with "-", strip "-" from the ends (use "untitled" if nothing is left). If the slug is in `taken`, append "-2", "-3", ... until it is free.""",
        answer=r'''```python
import re

def unique_slug(title, taken):
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "untitled"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
```''',
        check=dict(
            kind="python_tests",
            entry_point="unique_slug",
            tests=r"""assert unique_slug("Hello, World!", set()) == "hello-world"
assert unique_slug("Hello, World!", {"hello-world"}) == "hello-world-2"
assert unique_slug("Hello World", {"hello-world", "hello-world-2"}) == "hello-world-3"
assert unique_slug("!!!", set()) == "untitled"
assert unique_slug("  Rust & Go: 2024  ", set()) == "rust-go-2024"
""",
        ),
    ),
    dict(
        id="coder-144",
        role="coder",
        user=r"""The GitHub-style API paginates with a Link header such as `<https://api.x.io/items?page=2>; rel="next", <https://api.x.io/items?page=9>; rel="last"`. Write `parse_link_header(value: str) -> dict[str, str]` mapping each rel to its URL. The rel value may be quoted or not and may list several space-separated rels.""",
        answer=r'''```python
import re

def parse_link_header(value):
    links = {}
    for url, params in re.findall(r"<([^>]*)>([^,]*)", value):
        m = re.search(r'rel\s*=\s*"?([^";]+)"?', params)
        if m:
            for rel in m.group(1).split():
                links[rel] = url
    return links
```
Matching the URL inside angle brackets first keeps commas in URLs from breaking the split.''',
        check=dict(
            kind="python_tests",
            entry_point="parse_link_header",
            tests=r"""v = '<https://api.x.io/items?page=2>; rel="next", <https://api.x.io/items?page=9>; rel="last"'
assert parse_link_header(v) == {"next": "https://api.x.io/items?page=2", "last": "https://api.x.io/items?page=9"}
assert parse_link_header("<https://a.io/?p=1>; rel=prev") == {"prev": "https://a.io/?p=1"}
assert parse_link_header('<https://a.io/x,y>; title="t"; rel="first prev"') == {"first": "https://a.io/x,y", "prev": "https://a.io/x,y"}
assert parse_link_header("") == {}""",
        ),
    ),
    dict(
        id="coder-145",
        role="coder",
        user=r"""Write `strip_tracking(url: str) -> str` that removes tracking query parameters: any name starting with "utm_" (case-insensitive) plus "fbclid" and "gclid". Keep other parameters in order, drop the "?" if none remain, and keep the fragment.""",
        answer=r'''```python
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

def strip_tracking(url):
    parts = urlsplit(url)
    kept = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in ("fbclid", "gclid")
    ]
    return urlunsplit(parts._replace(query=urlencode(kept)))
```''',
        check=dict(
            kind="python_tests",
            entry_point="strip_tracking",
            tests=r"""assert strip_tracking("https://x.io/p?id=7&utm_source=nl&UTM_Medium=mail#s2") == "https://x.io/p?id=7#s2"
assert strip_tracking("https://x.io/p?fbclid=abc") == "https://x.io/p"
assert strip_tracking("https://x.io/p") == "https://x.io/p"
assert strip_tracking("https://x.io/p?a=1&gclid=z&b=") == "https://x.io/p?a=1&b="
""",
        ),
    ),
    dict(
        id="coder-146",
        role="coder",
        user=r"""Write `basic_auth_header(user: str, password: str) -> str` returning the HTTP Basic Authorization value "Basic <base64 of user:password>" (UTF-8). Raise ValueError if the user name contains ":".""",
        answer=r'''```python
import base64

def basic_auth_header(user, password):
    if ":" in user:
        raise ValueError("user name must not contain ':'")
    token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
    return f"Basic {token}"
```''',
        check=dict(
            kind="python_tests",
            entry_point="basic_auth_header",
            tests=r"""assert basic_auth_header("aladdin", "opensesame") == "Basic YWxhZGRpbjpvcGVuc2VzYW1l"
assert basic_auth_header("u", "") == "Basic dTo="
assert basic_auth_header("u", "p:w") == "Basic dTpwOnc="
try:
    basic_auth_header("a:b", "x")
except ValueError:
    pass
else:
    raise AssertionError("expected ValueError")""",
        ),
    ),
    dict(
        id="coder-147",
        role="coder",
        user=r"""Write `parse_cookie(header: str) -> dict[str, str]` for a Cookie request header like "sid=abc; theme=dark". Items are separated by ";", whitespace is stripped, items without "=" are skipped, double quotes around a value are removed, and the first occurrence of a name wins.""",
        answer=r'''```python
def parse_cookie(header):
    cookies = {}
    for item in header.split(";"):
        name, sep, value = item.strip().partition("=")
        if sep and name and name not in cookies:
            cookies[name] = value.strip().strip('"')
    return cookies
```''',
        check=dict(
            kind="python_tests",
            entry_point="parse_cookie",
            tests=r"""assert parse_cookie("sid=abc; theme=dark") == {"sid": "abc", "theme": "dark"}
assert parse_cookie('a="q v"; flag; a=2') == {"a": "q v"}
assert parse_cookie("") == {}
assert parse_cookie("tok=x=y;") == {"tok": "x=y"}""",
        ),
    ),
    dict(
        id="coder-148",
        role="coder",
        user=r"""Write `host_of(url: str) -> str | None` returning the lower-cased host name of a URL without port or credentials, or None when the URL has no host (e.g. a relative path).""",
        answer=r'''```python
from urllib.parse import urlsplit

def host_of(url):
    return urlsplit(url).hostname
```
`hostname` already lower-cases the host and strips the port, user info and IPv6 brackets.''',
        check=dict(
            kind="python_tests",
            entry_point="host_of",
            tests=r"""assert host_of("HTTPS://User:pw@API.Example.com:8443/x?y=1") == "api.example.com"
assert host_of("/relative/path") is None
assert host_of("http://[::1]:8080/") == "::1"
assert host_of("ftp://files.example.org") == "files.example.org"
""",
        ),
    ),
]
