"""Filter data/raw.jsonl into data/clean.jsonl: the text the models see.

The PtVId recipe: strip HTML tags, URLs, retweet marks, mentions, hashtags, court
codes, bullets and dashes; drop a document with characters outside VALID_CHARS,
shorter than five words, or seen before.

    python prepare.py
    credo data diff data/raw.jsonl data/clean.jsonl --key id --by domain   # read what it did
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

DATA = Path(__file__).parent / "data"

HTML_RE = re.compile(r"<[^>]+>")
URL_RE = re.compile(
    r"((http|https)://)?[a-zA-Z0-9./?:@\-_=#]+\.([a-zA-Z]){2,6}([a-zA-Z0-9.&/?:@\-_=#])*"
)
RETWEET_RE = re.compile(r"RT @(\w+):")
MENTION_RE = re.compile(r"@(\w+)")
HASHTAG_RE = re.compile(r"#(\w+)")
COD_RE = re.compile(r"COD _ (\w+) ")
BULLET_RE = re.compile(r"^(\d)+\.\s")
THREE_DASH_RE = re.compile(r"---.*---")
MORE_THAN_THREE_POINTS_RE = re.compile(r"\.{4,}")
VALID_CHARS = set("0123456789abcdefghijklmnopqrstuvwxyzàáâãçéêíóôúü !\"$%'(),-./:;?ºª")
MIN_WORDS = 5


def clean(text: str) -> str:
    for pattern in (HTML_RE, URL_RE, RETWEET_RE, MENTION_RE, HASHTAG_RE, COD_RE, BULLET_RE):
        text = pattern.sub(" ", text)
    text = THREE_DASH_RE.sub(" ", text)
    text = MORE_THAN_THREE_POINTS_RE.sub("...", text)
    return " ".join(text.split())


def why_dropped(text: str, seen: set[str]) -> str:
    """Why a cleaned document is dropped; empty when it is kept."""
    if set(text.lower()) - VALID_CHARS:
        return "characters"
    if len(text.split()) < MIN_WORDS:
        return "short"
    if text in seen:
        return "duplicate"
    return ""


def main() -> None:
    kept, dropped = [], Counter()
    seen: set[str] = set()
    for line in (DATA / "raw.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = clean(doc["text"])
        reason = why_dropped(text, seen)
        if reason:
            dropped[reason] += 1
            continue
        seen.add(text)
        kept.append({**doc, "text": text})
    lines = [json.dumps(doc, ensure_ascii=False) + "\n" for doc in kept]
    (DATA / "clean.jsonl").write_text("".join(lines), encoding="utf-8")
    reasons = ", ".join(f"{n} {why}" for why, n in sorted(dropped.items()))
    print(f"kept {len(kept)} of {len(kept) + sum(dropped.values())}; dropped {reasons}")


if __name__ == "__main__":
    main()
