"""The researcher's tools: search a small document store (`docs/*.md` in the workspace, the first line
`# title`) and read a document (sandbox-side source, loaded after common.py)."""

import os
import re

DOCS_DIR = "docs"
STOPWORDS = frozenset("a an and are as at be by can do does for from how i in is it its of on or our should "
                      "that the their them there this to we what when where which who why will with you your".split())


def _words(text):
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in STOPWORDS}


def _docs():
    for file in sorted(os.listdir(DOCS_DIR)):
        if file.endswith(".md"):
            with open(os.path.join(DOCS_DIR, file), encoding="utf-8") as fh:
                text = fh.read()
            title = text.splitlines()[0].lstrip("# ").strip() if text.strip() else file
            yield file[:-3], title, text


def search_docs(query, limit=3):
    """Documents ranked by the query's words they contain (a title word counts twice)."""
    wanted = _words(query)
    if not wanted:
        raise ValueError("the query has no searchable words")
    scored = []
    for doc_id, title, text in _docs():
        score = len(wanted & _words(text)) + len(wanted & _words(title))
        if score:
            scored.append((-score, doc_id, title))
    hits = sorted(scored)[: max(1, min(int(limit), 10))]
    if not hits:
        return "no document matches"
    return "\n".join(f"{doc_id}: {title} (score {-neg})" for neg, doc_id, title in hits)


def read_doc(doc_id):
    """The whole text of one document, by the id search_docs gives."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", doc_id):
        raise ValueError(f"{doc_id!r} is not a document id")
    with open(os.path.join(DOCS_DIR, doc_id + ".md"), encoding="utf-8") as fh:
        return fh.read()


TOOLS = {
    "search_docs": {"type": "object", "additionalProperties": False, "required": ["query"],
                    "properties": {"query": {"type": "string", "minLength": 1},
                                   "limit": {"type": "integer", "minimum": 1, "maximum": 10}}},
    "read_doc": {"type": "object", "additionalProperties": False, "required": ["doc_id"],
                 "properties": {"doc_id": {"type": "string"}}},
}
