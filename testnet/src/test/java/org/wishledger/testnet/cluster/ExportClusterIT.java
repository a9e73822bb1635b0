package org.wishledger.testnet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.testnet.cli.Main;
import org.wishledger.testnet.export.DatasetExport;
import org.wishledger.testnet.local.TestnetSpec;

/**
 * Issue 13, must show 3: the README's testnet (the shipped HH-RLHF pairs imported as wishes) exported with
 * `wishledger export`, read back by scripts/check-export.py (Hugging Face `datasets` when installed, else
 * line by line against the dataset card's schema), `export verify` passing, and then catching a row edited
 * by hand, naming its shard and line.
 */
@Tag("cluster")
class ExportClusterIT {
    private static final long SEED = 1315;
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent(); // tests run in testnet/

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void exportLoadsAsADatasetAndVerifyCatchesAnEditedRow(@TempDir Path tmp) throws Exception {
        LocalCluster cluster = clusters.start(TestnetSpec.defaults(4, 4).withKeySeed(SEED)
                .withChainId("wishledger-local-export" + SEED).withScoringNodes(0));
        String rpc = cluster.rpc(0).baseUrl();
        String client = cluster.client(0).host() + ":" + cluster.client(0).port();
        Path key = cluster.layout().accountKey(0);
        assertEquals(0, cli("import", "hh-rlhf", ROOT.resolve("data/hh-rlhf-harmless-dev.jsonl.gz").toString(),
                "--node", client, "--rpc", rpc, "--key", key.toString()), "import");
        long wishes = cluster.rpc(0).wishes(0, null, 500).getWishesCount();
        assertTrue(wishes > 100, wishes + " wishes after the import");

        Path out = tmp.resolve("dataset");
        assertEquals(0, cli("export", "--rpc", rpc, "--out", out.toString()), "export");
        assertEquals(0, cli("export", "--rpc", rpc, "--out", out.toString()), "a finished export re-run is a no-op");
        assertTrue(Files.readString(out.resolve("README.md")).contains(cluster.genesis().getChainId()));

        checkExport(out);

        Path genesisFile = tmp.resolve("genesis.json");
        Files.writeString(genesisFile, JsonFormat.printer().print(cluster.genesis()));
        assertEquals(0, cli("export", "verify", out.toString(), "--rpc", cluster.rpc(2).baseUrl(),
                "--genesis", genesisFile.toString()), "verify, untouched, against the genesis validators");

        // The same snapshot as Parquet: same row count, read by check-export.py, verified the same way.
        Path parquet = tmp.resolve("parquet");
        assertEquals(0, cli("export", "--rpc", rpc, "--out", parquet.toString(), "--format", "parquet"), "parquet export");
        assertTrue(Files.readString(parquet.resolve("README.md")).contains("path: data/train-*.parquet"));
        checkExport(parquet);
        assertEquals(0, cli("export", "verify", parquet.toString(), "--rpc", rpc, "--genesis", genesisFile.toString()),
                "verify, parquet");

        // A validator set that did not sign the chain: the commits do not verify against it.
        Genesis.Builder forged = cluster.genesis().toBuilder();
        for (int i = 0; i < forged.getValidatorsCount(); i++) {
            forged.setValidators(i, forged.getValidators(i).toBuilder()
                    .setPubKey(ByteString.copyFrom(KeyPair.generate().publicKey().encoded())));
        }
        Path forgedFile = tmp.resolve("forged-genesis.json");
        Files.writeString(forgedFile, JsonFormat.printer().print(forged));
        String forgedErr = verifyFails(parquet, rpc, "--genesis", forgedFile.toString());
        assertTrue(forgedErr.contains("not a validator"), forgedErr);

        // An app hash the validators did not sign.
        Path state = parquet.resolve(DatasetExport.STATE_FILE);
        String original = Files.readString(state);
        String appHash = JsonParser.parseString(original).getAsJsonObject().get("appHash").getAsString();
        Files.writeString(state, original.replace(appHash, "00".repeat(32)));
        String hashErr = verifyFails(parquet, rpc, "--genesis", genesisFile.toString());
        assertTrue(hashErr.contains("app hash " + "00".repeat(32) + " is not the one block"), hashErr);
        Files.writeString(state, original);

        Path shard = out.resolve("data/train-00000.jsonl.gz");
        List<String> lines = gunzip(shard);
        int edited = 41; // 0-based: the 42nd row
        lines.set(edited, lines.get(edited).replaceFirst("\"desired\":\"", "\"desired\":\"(edited) "));
        gzip(shard, lines);
        String err = verifyFails(out, rpc);
        assertTrue(err.contains("train-00000.jsonl.gz line " + (edited + 1) + ": column desired"), err);
    }

    private static String verifyFails(Path dir, String rpc, String... more) {
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("export", "verify", dir.toString(), "--rpc", rpc));
        args.addAll(List.of(more));
        int code = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        assertEquals(1, code, err.toString());
        return err.toString();
    }

    /** scripts/check-export.py: `datasets.load_dataset` when installed, else its stdlib reader. */
    private static void checkExport(Path dir) throws Exception {
        Process python = new ProcessBuilder("python3", ROOT.resolve("scripts/check-export.py").toString(), dir.toString())
                .redirectErrorStream(true).start();
        String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        System.out.println("check-export.py " + dir.getFileName() + ":\n" + said);
        assertEquals(0, python.exitValue(), said);
        assertTrue(said.contains("rows"), said);
    }

    private static int cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        if (code != 0) {
            System.out.println(String.join(" ", args) + " failed:\n" + out + err);
        }
        return code;
    }

    private static List<String> gunzip(Path file) throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            return new ArrayList<>(in.lines().toList());
        }
    }

    private static void gzip(Path file, List<String> lines) throws Exception {
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
            for (String l : lines) {
                w.write(l);
                w.write('\n');
            }
        }
    }
}
