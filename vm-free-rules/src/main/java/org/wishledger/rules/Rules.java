package org.wishledger.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicReference;
import org.wishledger.ledger.ByteKey;
import org.wishledger.ledger.Hashes;
import org.wishledger.ledger.crypto.Sha256;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Account;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Commit;
import org.wishledger.ledger.proto.Genesis;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.ValidatorSet;
import org.wishledger.ledger.store.GenesisWrite;
import org.wishledger.ledger.store.LedgerStore;
import org.wishledger.ledger.store.StoreSnapshot;

/**
 * The state machine of one chain, without a VM: what a valid tx is ({@link #decodeAndVerify},
 * {@link #checkAgainstState}), what a valid block is ({@link #validateBlock}), what applying it does
 * ({@link #applyBlock}) and how a proposer fills one ({@link #buildProposal}). Deterministic: no
 * clocks, no floats, no hash-map order reaches the app hash.
 *
 * <p>Thread-safety: the tx methods are safe on any thread. Block methods read the store through
 * snapshots; {@link #applyBlock} must be called by one writer thread (consensus).
 */
public final class Rules {
    private final Genesis genesis;
    private final String chainId;
    private final ChainParams params;
    private final ValidatorSet validators;
    private final byte[] validatorsHash;
    private final TxDecoder decoder;
    private final CommitVerifier commits;
    private final BlockExecutor executor;
    /** The last block validated, so applying it right after the prevote does not execute it twice. */
    private final AtomicReference<ExecutedBlock> lastValidated = new AtomicReference<>();

    /** @throws InvalidGenesisException when the genesis is not valid */
    public Rules(Genesis genesis) {
        GenesisLoader.validate(genesis);
        this.genesis = genesis;
        this.chainId = genesis.getChainId();
        this.params = ChainParams.from(genesis.getParams());
        this.validators = GenesisLoader.validators(genesis);
        this.validatorsHash = Hashes.validatorsHash(validators);
        this.decoder = new TxDecoder(chainId, params);
        this.commits = new CommitVerifier(chainId, validators);
        this.executor = new BlockExecutor(chainId, params, decoder, commits, validatorsHash, genesis.getGenesisTimeMs());
    }

    /** Rules for the chain a store was initialised with. */
    public static Rules forStore(LedgerStore store) {
        return new Rules(store.genesis().orElseThrow(() -> new IllegalStateException(
                "the ledger at " + store.directory() + " has no genesis yet")));
    }

    /**
     * Writes the genesis state (height 0) to the store; does nothing if the store already holds this
     * genesis.
     *
     * @return true when the state was written now
     * @throws InvalidGenesisException when the genesis is invalid
     * @throws IllegalStateException   when the store holds a different genesis
     */
    public static boolean initGenesis(LedgerStore store, Genesis g) {
        GenesisLoader.validate(g);
        SortedMap<ByteKey, Account> accounts = GenesisLoader.accounts(g);
        long supply = GenesisLoader.supply(accounts);
        byte[] appHash = genesisAppHash(g);
        return store.writeGenesis(new GenesisWrite(g, GenesisLoader.validators(g), accounts, supply, appHash));
    }

    /** The app hash at height 0 (what block 1's header must carry). */
    public static byte[] genesisAppHash(Genesis g) {
        SortedMap<ByteKey, Account> accounts = GenesisLoader.accounts(g);
        return AppHash.genesis(Sha256.hash(g.toByteArray()), accounts, GenesisLoader.supply(accounts));
    }

    public Genesis genesis() {
        return genesis;
    }

    public String chainId() {
        return chainId;
    }

    public ChainParams params() {
        return params;
    }

    public ValidatorSet validators() {
        return validators;
    }

    public byte[] validatorsHash() {
        return validatorsHash.clone();
    }

    public CommitVerifier commitVerifier() {
        return commits;
    }

    /** Stateless admission: decode, sizes, UTF-8, fields, chain id, fee formula, signature. Thread-safe. */
    public CheckedTx decodeAndVerify(Tx tx) throws Rejection {
        return decoder.decode(tx, true, null);
    }

    /** As {@link #decodeAndVerify(Tx)}, for a caller that already hashed the encoded tx (the mempool's dedup). */
    public CheckedTx decodeAndVerify(Tx tx, byte[] txHash) throws Rejection {
        return decoder.decode(tx, true, txHash);
    }

    /**
     * Decoding and every stateless check except the signature, for txs the CALLER signed itself with keys
     * it holds (`testnet prefill` building a long chain for benchmarks). Never for txs from a client or
     * a peer: those go through {@link #decodeAndVerify}.
     */
    public CheckedTx decodeSelfSigned(Tx tx, byte[] txHash) throws Rejection {
        return decoder.decode(tx, false, txHash);
    }

    /**
     * {@link #decodeAndVerify} for many txs at once, with the signatures checked in batches (a quarter to two
     * thirds of the cost of one by one, and the same verdict per tx). Positional: {@code checked[i]} is the
     * decoded tx, or null with {@code rejected[i]} saying why.
     *
     * @param txHashes the txs' hashes if the caller computed them, else null
     */
    public void decodeAndVerifyAll(List<Tx> txs, List<byte[]> txHashes, CheckedTx[] checked, Rejection[] rejected) {
        decoder.decodeAll(txs, txHashes, checked, rejected);
    }

    /** Stateful admission: nonce, balance, overflow, referenced wishes. */
    public void checkAgainstState(StateView view, CheckedTx tx) throws Rejection {
        StateRules.check(view, tx);
    }

    /** Both halves of admission in one call. */
    public CheckedTx checkTx(StateView view, Tx tx) throws Rejection {
        CheckedTx c = decodeAndVerify(tx);
        StateRules.check(view, c);
        return c;
    }

    /** Everything {@link #applyBlock} checks, without writing: what a validator prevotes on. */
    public BlockVerdict validateBlock(LedgerStore store, Block block, PreVerified pre) {
        try (StoreSnapshot snap = store.snapshot()) {
            lastValidated.set(executor.execute(snap, block, pre));
            return BlockVerdict.ok();
        } catch (Rejection r) {
            return BlockVerdict.invalid(r);
        }
    }

    public BlockVerdict validateBlock(LedgerStore store, Block block, Set<ByteKey> preVerifiedTxHashes) {
        return validateBlock(store, block, PreVerified.hashes(preVerifiedTxHashes));
    }

    /**
     * Validates the block and the commit that decided it, executes it and writes the block, the commit,
     * every state change, the new app hash and the height in one LMDB transaction. On any rejection
     * nothing is written.
     *
     * @throws Rejection with {@link Rejection#txIndex()} set when a tx is the reason
     */
    public BlockResult applyBlock(LedgerStore store, Block block, Commit commit, PreVerified pre) throws Rejection {
        byte[] blockId = Hashes.blockId(block.getHeader());
        commits.verify(commit, block.getHeader().getHeight(), blockId);
        ExecutedBlock executed;
        try (StoreSnapshot snap = store.snapshot()) {
            ExecutedBlock cached = lastValidated.getAndSet(null);
            if (cached != null && Arrays.equals(cached.blockId(), blockId)
                    && snap.height() + 1 == block.getHeader().getHeight()
                    && Arrays.equals(snap.appHash(), block.getHeader().getAppHash().toByteArray())) {
                executed = cached; // the header names height and parent state, so the execution still holds
            } else {
                executed = executor.execute(snap, block, pre);
            }
        }
        store.writeBlock(executed.toWrite(commit));
        return executed.result();
    }

    public BlockResult applyBlock(LedgerStore store, Block block, Commit commit, Set<ByteKey> preVerifiedTxHashes)
            throws Rejection {
        return applyBlock(store, block, commit, PreVerified.hashes(preVerifiedTxHashes));
    }

    /**
     * A valid block for the next height from admitted txs, in the given order, within the block limits.
     * The time is raised to the earliest valid time if the proposer's clock is behind.
     *
     * @param lastCommit the commit of the previous block (ignored at height 1)
     */
    public Block buildProposal(LedgerStore store, List<CheckedTx> candidates, long timeMs, byte[] proposer,
            Commit lastCommit) {
        try (StoreSnapshot snap = store.snapshot()) {
            return executor.build(snap, candidates, timeMs, proposer, lastCommit);
        }
    }
}
