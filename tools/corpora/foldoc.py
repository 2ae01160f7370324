#!/usr/bin/env python3
"""Builds the end-to-end test's domain corpus from FOLDOC, the Free On-line Dictionary of Computing.

Source: Debian package dict-foldoc (/usr/share/dictd/foldoc.dict.dz), (c) Denis Howe, licensed under the
GNU Free Documentation License 1.1 or later (no invariant sections). Each document is one dictionary
entry of at least MIN_BYTES. The demo uses a different corpus (Python docs), so the test never sees it.

Usage: python3 tools/corpora/foldoc.py OUT.ndjson.gz [max_docs]
"""
import gzip
import hashlib
import json
import pathlib
import sys

SOURCE = pathlib.Path("/usr/share/dictd/foldoc.dict.dz")
MIN_BYTES, MAX_BYTES = 300, 2500


def entries(text):
    head, body = None, []
    for line in text.splitlines():
        if line and not line[0].isspace():
            if head is not None:
                yield head, "\n".join(body).strip()
            head, body = line.strip(), []
        else:
            body.append(line.strip())
    if head is not None:
        yield head, "\n".join(body).strip()


def main():
    out = pathlib.Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    with gzip.open(SOURCE, "rt", encoding="utf-8", errors="replace") as f:
        text = f.read()
    docs = []
    for head, body in entries(text):
        if head.startswith("00-database") or "GNU Free Documentation" in body:
            continue
        doc = f"{head}\n{body}"
        data = doc.encode("utf-8")
        if len(data) < MIN_BYTES:
            continue
        docs.append({"domain": "computing", "title": head, "source": "foldoc:" + head,
                     "text": data[:MAX_BYTES].decode("utf-8", "ignore")})
    docs.sort(key=lambda d: hashlib.sha256(d["source"].encode()).hexdigest())
    with gzip.open(out, "wt", encoding="utf-8") as f:
        for doc in docs[:limit]:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"wrote {min(limit, len(docs))} of {len(docs)} entries to {out}")


if __name__ == "__main__":
    main()
