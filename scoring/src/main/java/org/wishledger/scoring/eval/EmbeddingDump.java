package org.wishledger.scoring.eval;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.wishledger.scoring.data.BurnDistribution;
import org.wishledger.scoring.data.HhRlhf;
import org.wishledger.scoring.embed.OnnxEmbedder;
import org.wishledger.scoring.embed.OnnxModel;

/**
 * Writes the vectors of every text of the dev sample for one model to a raw little-endian float32 file, so that
 * reward designs can be explored offline (bench/reward_explore.py) before one is built into the scorer. Layout:
 * {@code [kind][pair][384]} with kinds {@link #KINDS}; plus {@code burns.i64} (the seeded log-normal burns of the
 * 5-fold experiment, one per pair in file order). Usage: {@code EmbeddingDump FILE OUT_DIR MODEL}.
 */
public final class EmbeddingDump {
    /** prompt (whole dialogue), last human turn, chosen, rejected, last turn + chosen, last turn + rejected. */
    public static final String[] KINDS = {"prompt", "last", "chosen", "rejected", "last+chosen", "last+rejected"};

    private EmbeddingDump() {
    }

    public static void main(String[] args) throws IOException {
        List<HhRlhf.Pair> pairs = HhRlhf.readAll(Path.of(args[0]));
        Path out = Path.of(args[1]);
        OnnxModel model = OnnxModel.byName(args[2]);
        Files.createDirectories(out);
        writeBurns(pairs.size(), out.resolve("burns.i64"));
        OnnxEmbedder embedder = new OnnxEmbedder(model);
        List<String> texts = new ArrayList<>();
        for (int kind = 0; kind < KINDS.length; kind++) {
            for (HhRlhf.Pair p : pairs) {
                texts.add(text(kind, p));
            }
        }
        Path file = out.resolve(model.cliName() + ".f32");
        int dims = embedder.dimensions();
        long t0 = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            int batch = 32;
            float[][] vec = new float[batch][dims];
            ByteBuffer buf = ByteBuffer.allocate(batch * dims * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < texts.size(); from += batch) {
                int to = Math.min(texts.size(), from + batch);
                embedder.embed(texts.subList(from, to), vec);
                buf.clear();
                for (int i = 0; i < to - from; i++) {
                    for (float f : vec[i]) {
                        buf.putFloat(f);
                    }
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if ((from / batch) % 20 == 0) {
                    System.out.printf("%s %d/%d texts, %.1f/s%n", model.cliName(), to, texts.size(),
                            to / ((System.nanoTime() - t0) / 1e9));
                }
            }
        }
        System.out.println("wrote " + file + " (" + embedder.modelId() + ")");
    }

    static String text(int kind, HhRlhf.Pair p) {
        return switch (kind) {
            case 0 -> p.prompt();
            case 1 -> lastHumanTurn(p.prompt());
            case 2 -> p.chosen();
            case 3 -> p.rejected();
            case 4 -> lastHumanTurn(p.prompt()) + "\n\n" + p.chosen();
            case 5 -> lastHumanTurn(p.prompt()) + "\n\n" + p.rejected();
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    /** The text after the dialogue's last "Human:" marker (the question being answered). */
    public static String lastHumanTurn(String dialogue) {
        int i = dialogue.lastIndexOf("Human:");
        return (i < 0 ? dialogue : dialogue.substring(i + "Human:".length())).strip();
    }

    private static void writeBurns(int n, Path file) throws IOException {
        BurnDistribution burns = new BurnDistribution(BurnDistribution.DEFAULT_MEDIAN, BurnDistribution.DEFAULT_SIGMA,
                BurnDistribution.DEFAULT_SEED);
        ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putLong(burns.next());
        }
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
            o.write(b.array());
        }
    }
}
