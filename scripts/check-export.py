#!/usr/bin/env python3
"""Loads a `wishledger export` folder the way a researcher would and checks it against its dataset card.

Reads the rows with the best reader installed, then checks every row against the schema in the card's
front matter (columns, types, unsigned ranges, heights within the export):
  1. Hugging Face `datasets`: load_dataset(DIR, split="train"), exactly as the card's usage block says;
  2. else, for a Parquet export, `pyarrow.parquet` file by file;
  3. else the standard library: gzip JSONL line by line. A Parquet export without pyarrow gets only its
     framing checked (PAR1 at both ends, a footer that fits), since the stdlib cannot decode pages; the
     Java round-trip test (ParquetRoundTripTest) covers the pages then.
Prints which reader it used and a summary; exits 1 on the first bad row.
"""
import glob
import gzip
import json
import os
import re
import struct
import sys

PY_TYPES = {"string": str, "uint64": int, "uint32": int, "int64": int}


def card_schema(folder):
    text = open(os.path.join(folder, "README.md"), encoding="utf-8").read()
    front = text.split("---\n")[1]
    features = {}
    for name, kind in re.findall(r"- name: (\w+)\n    (?:dtype|sequence): (\w+)", front):
        features[name] = kind
    seqs = set(re.findall(r"- name: (\w+)\n    sequence:", front))
    m = re.search(r"num_examples: (\d+)", front)
    rows = int(m.group(1)) if m else None
    pattern = re.search(r"path: (\S+)", front).group(1)
    chain = re.search(r"chain (\S+) at height (\d+)", text)
    return features, seqs, rows, pattern, chain.group(1), int(chain.group(2))


def row_problem(row, features, seqs, height):
    if set(row) != set(features):
        return f"columns {sorted(row)} differ from the card's {sorted(features)}"
    for name, kind in features.items():
        value = row[name]
        if name in seqs:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, PY_TYPES[kind]) and not isinstance(value, bool)
            ok = ok and (kind not in ("uint64", "uint32") or value >= 0)
        if not ok:
            return f"column {name} = {value!r} is not {kind}"
    if not 1 <= row["height"] <= height:
        return f"height {row['height']} outside 1..{height}"
    return None


def rows_with_datasets(folder):
    import datasets
    ds = datasets.load_dataset(folder, split="train")
    print(f"reader: datasets {datasets.__version__} load_dataset: {len(ds)} rows, columns {ds.column_names}")
    for i, row in enumerate(ds):
        yield f"row {i}", row


def rows_with_pyarrow(files):
    import pyarrow
    import pyarrow.parquet as pq
    print(f"reader: pyarrow {pyarrow.__version__}")
    for path in files:
        table = pq.read_table(path)
        for i, row in enumerate(table.to_pylist(), 1):
            yield f"{os.path.basename(path)} row {i}", row


def rows_with_stdlib(files):
    print("reader: the standard library (gzip + json), line by line")
    for shard in files:
        with gzip.open(shard, "rt", encoding="utf-8") as f:
            for line_no, line in enumerate(f, 1):
                yield f"{os.path.basename(shard)} line {line_no}", json.loads(line)


def parquet_framing_problem(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 12 or data[:4] != b"PAR1" or data[-4:] != b"PAR1":
        return "no PAR1 at both ends"
    (footer,) = struct.unpack("<i", data[-8:-4])
    if not 0 < footer <= len(data) - 12:
        return f"footer length {footer} does not fit"
    return None


def main(folder):
    features, seqs, expected_rows, pattern, chain, height = card_schema(folder)
    files = sorted(glob.glob(os.path.join(folder, pattern)))
    parquet = pattern.endswith(".parquet")
    try:
        import datasets  # noqa: F401
        rows = rows_with_datasets(folder)
    except ImportError:
        if not parquet:
            rows = rows_with_stdlib(files)
        else:
            try:
                import pyarrow.parquet  # noqa: F401
                rows = rows_with_pyarrow(files)
            except ImportError:
                for path in files:
                    problem = parquet_framing_problem(path)
                    if problem:
                        print(f"{os.path.basename(path)}: {problem}")
                        return 1
                print(f"pyarrow is not installed: checked only the framing of {len(files)} parquet files "
                      f"(the card says {expected_rows} rows)")
                return 0
    n = 0
    for where, row in rows:
        problem = row_problem(row, features, seqs, height)
        if problem:
            print(f"{where}: {problem}")
            return 1
        n += 1
    if n != expected_rows:
        print(f"{n} rows, the card says {expected_rows}")
        return 1
    print(f"{n} rows of chain {chain} at height {height} match the card's schema")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
