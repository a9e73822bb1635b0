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
import org.wishledger.testnet.cli.Main;
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

        Process python = new ProcessBuilder("python3", ROOT.resolve("scripts/check-export.py").toString(), out.toString())
                .redirectErrorStream(true).start();
        String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, python.exitValue(), said);
        assertTrue(said.contains("rows"), said);

        assertEquals(0, cli("export", "verify", out.toString(), "--rpc", cluster.rpc(2).baseUrl()), "verify, untouched");

        Path shard = out.resolve("data/train-00000.jsonl.gz");
        List<String> lines = gunzip(shard);
        int edited = 41; // 0-based: the 42nd row
        lines.set(edited, lines.get(edited).replaceFirst("\"desired\":\"", "\"desired\":\"(edited) "));
        gzip(shard, lines);
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true))
                .execute("export", "verify", out.toString(), "--rpc", rpc);
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("train-00000.jsonl.gz line " + (edited + 1) + ": column desired"), err.toString());
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
