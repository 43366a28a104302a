"""A plugin that only computes: Padded Cell reports nothing here under the default policy."""
import json
import math
import re

WORD = re.compile(r"[A-Za-z']+")


def summarise(text):
    words = WORD.findall(text)
    lengths = [len(w) for w in words]
    mean = sum(lengths) / len(lengths) if lengths else 0.0
    return json.dumps(
        {
            "words": len(words),
            "longest": max(words, key=len) if words else None,
            "mean_length": round(mean, 2),
            "spread": round(math.sqrt(sum((n - mean) ** 2 for n in lengths) / len(lengths)), 2) if lengths else 0.0,
        },
        sort_keys=True,
    )


class Counter:
    def __init__(self):
        self.counts = {}

    def add(self, word):
        self.counts[word] = self.counts.get(word, 0) + 1
        return self.counts[word]

    def top(self, n=3):
        return sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))[:n]
