package org.wishledger.scoring.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.wishledger.scoring.ann.SyntheticWishes;
import org.wishledger.scoring.ann.TopK;

/**
 * The alternative we measured before choosing the IVF: Lucene's HNSW (lucene-core 10.3.2, default codec, float32
 * vectors, M = 16, beam width 100, one thread, one segment) over the same synthetic rows and the same exact gate
 * (threshold 0.2, top 1024) as {@link AnnBench}. Usage: {@code LuceneHnswBench DATA CACHE N}.
 */
public final class LuceneHnswBench {
    private LuceneHnswBench() {
    }

    public static void main(String[] args) throws Exception {
        RealEmbeddings real = new RealEmbeddings(Path.of(args[0]), Path.of(args[1]));
        int n = Integer.parseInt(args[2]);
        int split = real.scenario.length * 4 / 5;
        double sigma0 = SyntheticWishes.sigmaForCosine(AnnBench.medianNearestNeighbourCosine(real.scenario));
        SyntheticWishes rows = new SyntheticWishes(Arrays.copyOf(real.scenario, split), n, sigma0, AnnBench.SEED);
        int dims = rows.dimensions();
        float[][] queries = new float[AnnBench.QUERIES][dims];
        for (int q = 0; q < queries.length; q++) {
            rows.vector(4_000_000_000L + q, queries[q]);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("wl-hnsw");
        try (FSDirectory fs = FSDirectory.open(dir)) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            IndexWriterConfig cfg = new IndexWriterConfig().setRAMBufferSizeMB(2048).setUseCompoundFile(false);
            try (IndexWriter w = new IndexWriter(fs, cfg)) {
                float[] v = new float[dims];
                for (int r = 0; r < n; r++) {
                    rows.vector(r, v);
                    Document d = new Document();
                    d.add(new KnnFloatVectorField("s", v.clone(), VectorSimilarityFunction.DOT_PRODUCT));
                    w.addDocument(d);
                }
                w.commit(); // one flush: the graph is built here, in this thread
            }
            System.out.printf("HNSW build of %,d rows: %,d ms wall, %,d ms CPU of this thread (%.0f rows/s)%n", n,
                    (System.nanoTime() - t0) / 1_000_000, (threads.getCurrentThreadCpuTime() - c0) / 1_000_000,
                    n / ((threads.getCurrentThreadCpuTime() - c0) / 1e9));
            TopK[] truth = AnnBench.groundTruth(rows::vector, n, queries);
            try (DirectoryReader reader = DirectoryReader.open(fs)) {
                System.out.println("segments " + reader.leaves().size() + "; index bytes " + Files.walk(dir)
                        .filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum());
                IndexSearcher searcher = new IndexSearcher(reader);
                double cpu = Double.MAX_VALUE;
                double recall = 0;
                for (int round = 0; round < 2; round++) {
                    long c = 0;
                    recall = 0;
                    for (int q = 0; q < queries.length; q++) {
                        long q0 = threads.getCurrentThreadCpuTime();
                        TopDocs top = searcher.search(new KnnFloatVectorQuery("s", queries[q], AnnBench.K), AnnBench.K);
                        c += threads.getCurrentThreadCpuTime() - q0;
                        BitSet got = new BitSet();
                        for (ScoreDoc sd : top.scoreDocs) {
                            if (2 * sd.score - 1 >= AnnBench.THRESHOLD) { // Lucene's dot-product score is (1 + cos) / 2
                                got.set(sd.doc); // one segment, documents in row order: doc id = row
                            }
                        }
                        int hit = 0;
                        for (int i = 0; i < truth[q].size(); i++) {
                            hit += got.get(truth[q].row(i)) ? 1 : 0;
                        }
                        recall += truth[q].size() == 0 ? 1 : (double) hit / truth[q].size();
                    }
                    cpu = Math.min(cpu, c / 1e6 / queries.length);
                }
                System.out.printf("HNSW top-%d query: %.2f CPU ms, recall %.4f%n", AnnBench.K, cpu,
                        recall / queries.length);
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
