package org.wishledger.testnet.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wishledger.client.RpcClient;
import org.wishledger.client.proto.BlockView;
import org.wishledger.client.proto.BlocksResponse;

/**
 * The Jepsen-style checks of a chaos run or a soak, read over RPC from every node: the block ids of heights
 * 1..H (agreement) and how often each tx hash occurs in them (every acknowledged wish exactly once).
 */
public final class ChainAudit {
    private static final int PAGE = 100; // the RPC's MAX_BLOCK_RANGE

    /** One node's chain up to {@code height}: block id per height and count per tx hash. */
    record NodeChain(List<String> blockIds, Map<String, Integer> txCounts) {
    }

    private ChainAudit() {
    }

    /**
     * The verdict rows of the audit over heights 1..{@code height} of every node: node0 against each other
     * node block by block, then on each node every acknowledged hash present exactly once and no tx twice.
     */
    public static List<ChaosRunner.Verdict> check(List<RpcClient> nodes, long height, Collection<String> acknowledged)
            throws IOException {
        List<NodeChain> chains = new ArrayList<>();
        for (RpcClient rpc : nodes) {
            chains.add(read(rpc, height));
        }
        List<ChaosRunner.Verdict> out = new ArrayList<>();
        for (int i = 1; i < chains.size(); i++) {
            long bad = firstDisagreement(chains.get(0), chains.get(i));
            out.add(new ChaosRunner.Verdict("node0 = node" + i + " block by block", bad == 0, bad == 0
                    ? "heights 1.." + height + " identical" : "first different block at height " + bad));
        }
        for (int i = 0; i < chains.size(); i++) {
            List<String> problems = problems(chains.get(i), acknowledged);
            out.add(new ChaosRunner.Verdict("node" + i + ": acknowledged wishes exactly once", problems.isEmpty(),
                    problems.isEmpty() ? "all " + acknowledged.size() + " present once, no tx twice"
                            : String.join(", ", problems)));
        }
        return out;
    }

    static NodeChain read(RpcClient rpc, long height) throws IOException {
        List<String> ids = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (long from = 1; from <= height; from += PAGE) {
            long to = Math.min(height, from + PAGE - 1);
            BlocksResponse page = rpc.get("/blocks?from=" + from + "&to=" + to, BlocksResponse.newBuilder());
            if (page.getBlocksCount() != to - from + 1) {
                throw new IOException(rpc.baseUrl() + " returned " + page.getBlocksCount() + " blocks for heights "
                        + from + ".." + to);
            }
            for (BlockView b : page.getBlocksList()) {
                ids.add(b.getBlockId());
                for (String tx : b.getTxHashesList()) {
                    counts.merge(tx, 1, Integer::sum);
                }
            }
        }
        return new NodeChain(ids, counts);
    }

    /** The first height (1-based) at which two chains differ, or 0 when they agree on every height. */
    static long firstDisagreement(NodeChain a, NodeChain b) {
        int n = Math.min(a.blockIds().size(), b.blockIds().size());
        for (int i = 0; i < n; i++) {
            if (!a.blockIds().get(i).equals(b.blockIds().get(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Acknowledged hashes missing from {@code chain}, and hashes in it more than once (at most 5 each). */
    static List<String> problems(NodeChain chain, Iterable<String> acknowledged) {
        List<String> out = new ArrayList<>();
        for (String hash : acknowledged) {
            if (!chain.txCounts().containsKey(hash) && out.size() < 5) {
                out.add("missing " + hash.substring(0, 12));
            }
        }
        chain.txCounts().forEach((hash, count) -> {
            if (count > 1 && out.size() < 10) {
                out.add(count + "x " + hash.substring(0, 12));
            }
        });
        return out;
    }
}
