#!/usr/bin/env python3
"""Builds the demo's domain corpus from the Python 3.11 documentation sources.

Source: Debian package python3.11-doc (/usr/share/doc/python3.11/html/_sources/*.rst.txt), licensed
under the PSF License Version 2 (see /usr/share/doc/python3.11-doc/copyright). Each document is one
section of the tutorial, how-to or library reference, reStructuredText markup kept as it is (markup is
part of what the domain model should learn), cut to at most MAX_BYTES.

Usage: python3 tools/corpora/python_docs.py OUT.ndjson.gz [max_docs]
"""
import gzip
import json
import pathlib
import re
import sys

ROOT = pathlib.Path("/usr/share/doc/python3.11/html/_sources")
PARTS = ["tutorial", "howto", "library", "faq", "reference"]
MIN_BYTES, MAX_BYTES = 400, 3000
HEADING = re.compile(r"^(=+|-+|\*+|~+|\^+)\s*$")


def sections(text):
    lines = text.splitlines()
    start = 0
    for i in range(1, len(lines)):
        if HEADING.match(lines[i]) and lines[i - 1].strip() and len(lines[i]) >= len(lines[i - 1].rstrip()) - 2:
            yield "\n".join(lines[start:i - 1]).strip()
            start = i - 1
    yield "\n".join(lines[start:]).strip()


def main():
    out = pathlib.Path(sys.argv[1])
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 800
    docs = []
    for part in PARTS:
        for path in sorted((ROOT / part).glob("*.rst.txt")):
            for n, section in enumerate(sections(path.read_text(encoding="utf-8"))):
                data = section.encode("utf-8")
                if len(data) < MIN_BYTES:
                    continue
                text = data[:MAX_BYTES].decode("utf-8", "ignore")
                title = section.splitlines()[0].strip()
                docs.append({"domain": "python", "title": title, "source": f"python3.11-doc:{part}/{path.name}#{n}",
                             "text": text})
    # Interleave parts so any prefix of the stream is a mix, deterministically.
    docs.sort(key=lambda d: hash_key(d["source"]))
    with gzip.open(out, "wt", encoding="utf-8") as f:
        for doc in docs[:limit]:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"wrote {min(limit, len(docs))} of {len(docs)} sections to {out}")


def hash_key(s):
    import hashlib
    return hashlib.sha256(s.encode()).hexdigest()


if __name__ == "__main__":
    main()
