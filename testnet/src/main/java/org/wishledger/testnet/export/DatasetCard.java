package org.wishledger.testnet.export;

import java.util.List;

/** The dataset card (README.md) of an export: front matter the `datasets` library reads, then the schema. */
final class DatasetCard {
    /** Column, Hugging Face feature type, meaning. Keep in step with {@link DatasetExport#row}. */
    static final List<String[]> SCHEMA = List.of(
            new String[] {"id", "string", "wish id = hex SHA-256 of the encoded tx that carries it"},
            new String[] {"scenario", "string", "the situation"},
            new String[] {"desired", "string", "how the AI should behave"},
            new String[] {"undesired", "string", "how it should not behave (may be empty)"},
            new String[] {"language", "string", "BCP-47 tag (may be empty)"},
            new String[] {"tags", "list of string", "tags"},
            new String[] {"burn", "uint64", "tokens burnt by the wish itself"},
            new String[] {"endorsed_burn", "uint64", "tokens burnt by endorsements (up to the export's latest block)"},
            new String[] {"influence", "uint64", "burn + endorsed_burn"},
            new String[] {"parent", "string", "id of the wish this one adapts (empty for an original)"},
            new String[] {"height", "uint64", "block height of the wish"},
            new String[] {"index", "uint32", "position of its tx in that block"},
            new String[] {"time_ms", "uint64", "block time, ms since the epoch"});

    private DatasetCard() {
    }

    static String render(ExportState s) {
        StringBuilder b = new StringBuilder();
        ExportFormat format = s.format();
        b.append("---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*")
                .append(format.suffix).append('\n');
        b.append("dataset_info:\n  features:\n");
        for (String[] c : SCHEMA) {
            b.append("  - name: ").append(c[0]).append('\n');
            if (c[1].startsWith("list")) {
                b.append("    sequence: string\n");
            } else {
                b.append("    dtype: ").append(c[1]).append('\n');
            }
        }
        b.append("  splits:\n  - name: train\n    num_examples: ").append(s.rows).append('\n');
        b.append("---\n\n# wishledger wishes, chain ").append(s.chainId).append(" at height ").append(s.height).append("\n\n");
        b.append("Every wish committed on chain `").append(s.chainId).append("` up to and including height **")
                .append(s.height).append("**, whose state root (app hash) is `").append(s.appHash).append("`.\n");
        if (format == ExportFormat.JSONL) {
            b.append(s.rows).append(" rows in ").append(s.shards).append(" gzip JSONL shards under `data/`, in chain order.\n\n");
        } else {
            b.append(s.rows).append(" rows in ").append(s.shards).append(" Parquet files under `data/`, in chain order, ")
                    .append("one row group each (GZIP-compressed PLAIN data pages). Strings are BYTE_ARRAY with the STRING ")
                    .append("logical type, `uint64` columns INT64 and `uint32` columns INT32 with the unsigned INTEGER logical ")
                    .append("type, `tags` a standard three-level LIST of strings. Every file's key-value metadata repeats ")
                    .append("`wishledger.chain_id`, `wishledger.height` and `wishledger.app_hash`.\n\n");
        }
        b.append("```python\nfrom datasets import load_dataset\nds = load_dataset(\"path/to/this/folder\", split=\"train\")\n```\n\n");
        b.append("## Schema\n\n| column | type | meaning |\n|---|---|---|\n");
        for (String[] c : SCHEMA) {
            b.append("| `").append(c[0]).append("` | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
        }
        b.append("\n## How to verify\n\nAnyone can re-read each row from the chain: `GET /wishes/{id}` on any node of `")
                .append(s.chainId).append("` returns the same wish at the same `height` and `index`, and ")
                .append("`GET /blocks/{height}` lists the wish id among the block's `tx_hashes`, whose Merkle root is the ")
                .append("block's `data_hash`, signed by the validators' commit. `wishledger chain verify` re-executes the ")
                .append("chain to recompute the app hash above.\n");
        b.append("\nAuthorship is pseudonymous and deliberately not a column (it is in the raw tx).\n");
        return b.toString();
    }
}
