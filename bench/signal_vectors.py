"""Regenerate (or check) the topic model's shipped exemplar and description vectors.

    python bench/signal_vectors.py [--check]

Embeds the texts the topic model is built from (`taxonomy.yaml` descriptions, the exemplars of
`topic_signals.yaml`) in one call of ingest's embedder, exactly as a cold ingest would, and
writes `rfp_assist/data/signal_vectors.npz`. Run it after editing an exemplar, a description
or a label (the tests fail until the file covers them). `--check` writes nothing and exits 1
if the file misses a text or a vector differs from the model's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from rfp_assist.retrieval.embed import text_key
from rfp_assist.retrieval.ingest import ingest_embedder
from rfp_assist.retrieval.signal_vectors import (
    VECTORS_FILE,
    decode_file,
    encode_file,
    signal_texts,
)

TARGET = Path(__file__).resolve().parents[1] / "rfp_assist" / "data" / VECTORS_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    args = parser.parse_args()
    embedder = ingest_embedder()
    texts = signal_texts()
    vectors = embedder.encode(texts)
    if args.check:
        shipped = decode_file(TARGET.read_bytes(), embedder.model_id) if TARGET.is_file() else {}
        missing = [t for t in texts if text_key(t) not in shipped]
        pairs = zip(texts, vectors, strict=True)
        diffs = [np.abs(shipped[text_key(t)] - v).max() for t, v in pairs if text_key(t) in shipped]
        worst = float(max(diffs, default=0.0))
        json.dump({"texts": len(texts), "missing": len(missing), "max_abs_diff": worst},
                  sys.stdout)  # fmt: skip
        sys.stdout.write("\n")
        sys.exit(1 if missing or worst > 1e-6 else 0)
    TARGET.write_bytes(encode_file(embedder.model_id, texts, vectors))
    print(f"{TARGET}: {len({text_key(t) for t in texts})} vectors ({embedder.model_id})")


if __name__ == "__main__":
    main()
