#!/usr/bin/env python3
"""Loads a `wishledger export` folder the way a researcher would and checks it against its dataset card.

With Hugging Face `datasets` installed it calls load_dataset(DIR) as is. Without it (PyPI was not
reachable where this was written) it parses every gzip JSONL shard line by line with the stdlib and checks
each row against the schema in the card's front matter. Prints a summary; exits 1 on the first bad row.
"""
import glob
import gzip
import json
import os
import re
import sys

PY_TYPES = {"string": str, "uint64": int, "uint32": int, "int64": int}


def card_schema(folder):
    text = open(os.path.join(folder, "README.md"), encoding="utf-8").read()
    front = text.split("---\n")[1]
    features, rows = {}, None
    for name, kind in re.findall(r"- name: (\w+)\n    (?:dtype|sequence): (\w+)", front):
        features[name] = kind
    seqs = set(re.findall(r"- name: (\w+)\n    sequence:", front))
    m = re.search(r"num_examples: (\d+)", front)
    rows = int(m.group(1)) if m else None
    chain = re.search(r"chain (\S+) at height (\d+)", text)
    return features, seqs, rows, chain.group(1), int(chain.group(2))


def main(folder):
    features, seqs, expected_rows, chain, height = card_schema(folder)
    try:
        import datasets  # noqa: F401
        ds = datasets.load_dataset(folder, split="train")
        assert len(ds) == expected_rows, (len(ds), expected_rows)
        print(f"datasets.load_dataset: {len(ds)} rows, columns {ds.column_names}")
        return 0
    except ImportError:
        print("datasets is not installed: parsing the shards line by line with the card's schema")
    n = 0
    for shard in sorted(glob.glob(os.path.join(folder, "data", "train-*.jsonl.gz"))):
        with gzip.open(shard, "rt", encoding="utf-8") as f:
            for line_no, line in enumerate(f, 1):
                row = json.loads(line)
                where = f"{os.path.basename(shard)} line {line_no}"
                if set(row) != set(features):
                    print(f"{where}: columns {sorted(row)} differ from the card's {sorted(features)}")
                    return 1
                for name, kind in features.items():
                    value = row[name]
                    if name in seqs:
                        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
                    else:
                        ok = isinstance(value, PY_TYPES[kind]) and not isinstance(value, bool)
                        ok = ok and (kind not in ("uint64", "uint32") or value >= 0)
                    if not ok:
                        print(f"{where}: column {name} = {value!r} is not {kind}")
                        return 1
                if not 1 <= row["height"] <= height:
                    print(f"{where}: height {row['height']} outside 1..{height}")
                    return 1
                n += 1
    if n != expected_rows:
        print(f"{n} rows, the card says {expected_rows}")
        return 1
    print(f"{n} rows of chain {chain} at height {height} match the card's schema")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
