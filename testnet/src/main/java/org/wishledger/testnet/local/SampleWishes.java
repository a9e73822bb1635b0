package org.wishledger.testnet.local;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.proto.ClientResponse;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.WaitFor;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.client.NativeClient;
import org.wishledger.client.proto.SubmitResult;
import org.wishledger.client.ProtoJson;
import org.wishledger.client.Submissions;
import org.wishledger.client.Wallet;

/**
 * The handful of wishes {@code testnet up} commits so a fresh testnet has something to query. One
 * protobuf-JSON Wish per line in sample-wishes.jsonl. (The HH-RLHF import of issue 5 can replace them.)
 */
public final class SampleWishes {
    private static final String RESOURCE = "/org/wishledger/testnet/sample-wishes.jsonl";

    private SampleWishes() {
    }

    public static List<Wish> load() throws IOException {
        List<Wish> out = new ArrayList<>();
        try (InputStream in = SampleWishes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    try {
                        out.add(ProtoJson.parse(line, Wish.newBuilder()).build());
                    } catch (InvalidProtocolBufferException e) {
                        throw new IOException(RESOURCE + ": bad line: " + e.getMessage(), e);
                    }
                }
            }
        }
        return out;
    }

    /** Signs every wish with consecutive nonces, pipelines them, and waits until all are committed. */
    public static List<SubmitResult> submitAll(List<Wish> wishes, Wallet wallet, NativeClient client, Duration timeout)
            throws IOException {
        List<byte[]> hashes = new ArrayList<>();
        List<CompletableFuture<ClientResponse>> answers = new ArrayList<>();
        for (Wish wish : wishes) {
            Tx tx = wallet.builder().wish(wallet.key(), wallet.takeNonce(), wish);
            hashes.add(Hashes.txHash(tx));
            answers.add(client.submit(tx, WaitFor.COMMITTED));
        }
        List<SubmitResult> results = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < answers.size(); i++) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                results.add(Submissions.result(hashes.get(i), answers.get(i).get(left, TimeUnit.NANOSECONDS)));
            } catch (TimeoutException e) {
                throw new IOException("sample wishes were not all committed within " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IOException("submitting sample wishes failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return results;
    }
}
