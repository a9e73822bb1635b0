package org.wishledger.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wishledger.ledger.crypto.KeyPair;
import org.wishledger.ledger.error.Rejection;
import org.wishledger.ledger.proto.Block;
import org.wishledger.ledger.proto.Endorse;
import org.wishledger.ledger.proto.ErrorCode;
import org.wishledger.ledger.proto.Header;
import org.wishledger.ledger.proto.Transfer;
import org.wishledger.ledger.proto.Tx;
import org.wishledger.ledger.proto.TxBody;
import org.wishledger.ledger.proto.Wish;
import org.wishledger.ledger.store.LedgerStore;

/**
 * One test per rejection code: each provokes it through admission (checkTx) and inside a block
 * (applyBlock), and asserts the code, the offending tx's index and that the store did not change.
 */
class RejectionTest {
    @TempDir
    Path dir;

    private final TestChain chain = new TestChain(4, 4);
    private LedgerStore store;
    private KeyPair alice;
    private KeyPair bob;
    private KeyPair carol;

    @BeforeEach
    void open() {
        store = LedgerStore.open(dir);
        Rules.initGenesis(store, chain.genesis);
        alice = chain.accounts.get(0);
        bob = chain.accounts.get(1);
        carol = chain.accounts.get(2);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Tx wish(KeyPair k, long nonce, UnaryOperator<Wish.Builder> edit) {
        Wish.Builder w = Wish.newBuilder().setScenario("A user asks for medical advice.")
                .setDesired("Give general information and suggest seeing a doctor.").setBurn(100);
        return chain.signWithFee(k, chain.body(k, nonce).setWish(edit.apply(w)), 0);
    }

    private Tx transfer(KeyPair k, long nonce, byte[] to, long amount) {
        return chain.signWithFee(k, chain.body(k, nonce).setTransfer(
                Transfer.newBuilder().setTo(ByteString.copyFrom(to)).setAmount(amount)), 0);
    }

    /** Refused at admission and inside a block (after a valid tx of someone else), state untouched. */
    private void assertRejected(Tx bad, ErrorCode code) {
        Rejection admission = assertThrows(Rejection.class, () -> chain.rules.checkTx(StoreStateView.of(store), bad));
        assertEquals(code, admission.code(), admission.toString());
        assertFalse(admission.getMessage().isBlank());

        long height = store.height();
        byte[] appHash = store.appHash();
        long aliceBalance = store.account(alice.address()).orElseThrow().getBalance();
        long carolNonce = store.account(carol.address()).orElseThrow().getNonce();
        Tx good = transfer(carol, carolNonce, bob.address(), 5);
        Block block = chain.block(store, List.of(good, bad), 1);
        Rejection inBlock = assertThrows(Rejection.class, () -> chain.apply(store, block));
        assertEquals(code, inBlock.code(), inBlock.toString());
        assertEquals(1, inBlock.txIndex());
        assertFalse(chain.rules.validateBlock(store, block, PreVerified.NONE).valid());

        assertEquals(height, store.height());
        assertArrayEquals(appHash, store.appHash());
        assertEquals(aliceBalance, store.account(alice.address()).orElseThrow().getBalance());
        assertEquals(carolNonce, store.account(carol.address()).orElseThrow().getNonce());
    }

    @Test
    void malformedBody() {
        Tx tx = Tx.newBuilder().setBodyBytes(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}))
                .setSignature(ByteString.copyFrom(new byte[64])).build();
        assertRejected(tx, ErrorCode.MALFORMED);
    }

    @Test
    void unknownFieldsAreMalformed() {
        Tx good = wish(alice, 0, w -> w);
        Tx extra = good.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(9, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();
        assertRejected(extra, ErrorCode.MALFORMED);
    }

    @Test
    void badSignature() throws Exception {
        Tx good = wish(alice, 0, w -> w);
        byte[] sig = good.getSignature().toByteArray();
        sig[10] ^= 1;
        assertRejected(good.toBuilder().setSignature(ByteString.copyFrom(sig)).build(), ErrorCode.BAD_SIGNATURE);
        // Signed by someone else than the key in the body.
        Tx forged = TestChain.sign(bob, TxBody.parseFrom(good.getBodyBytes()));
        assertRejected(forged, ErrorCode.BAD_SIGNATURE);
        assertRejected(good.toBuilder().setSignature(ByteString.copyFrom(new byte[63])).build(), ErrorCode.BAD_SIGNATURE);
    }

    @Test
    void wrongChain() {
        Tx tx = chain.signWithFee(alice, chain.body(alice, 0).setChainId("other-chain")
                .setWish(Wish.newBuilder().setDesired("x")), 0);
        assertRejected(tx, ErrorCode.WRONG_CHAIN);
    }

    @Test
    void badNonceAndReplay() throws Rejection {
        assertRejected(wish(alice, 1, w -> w), ErrorCode.BAD_NONCE);
        Tx first = wish(alice, 0, w -> w);
        chain.applyTxs(store, List.of(first));
        assertRejected(first, ErrorCode.BAD_NONCE); // replay of a committed tx
    }

    @Test
    void feeTooLow() throws Exception {
        Tx exact = wish(alice, 0, w -> w);
        TxBody body = TxBody.parseFrom(exact.getBodyBytes());
        Tx low = TestChain.sign(alice, body.toBuilder().setFee(body.getFee() - 1).build());
        assertRejected(low, ErrorCode.FEE_TOO_LOW);
    }

    @Test
    void insufficientFunds() {
        assertRejected(transfer(alice, 0, bob.address(), TestChain.INITIAL_BALANCE), ErrorCode.INSUFFICIENT_FUNDS);
        assertRejected(wish(alice, 0, w -> w.setBurn(TestChain.INITIAL_BALANCE)), ErrorCode.INSUFFICIENT_FUNDS);
    }

    @Test
    void tooLarge() {
        assertRejected(wish(alice, 0, w -> w.setScenario("s".repeat(2049))), ErrorCode.TOO_LARGE);
        assertRejected(wish(alice, 0, w -> w.setDesired("é".repeat(2049))), ErrorCode.TOO_LARGE); // 4098 UTF-8 bytes
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            tags.add("t" + i);
        }
        assertRejected(wish(alice, 0, w -> w.addAllTags(tags)), ErrorCode.TOO_LARGE);
        Tx good = wish(alice, 0, w -> w);
        assertRejected(good.toBuilder().setSignature(ByteString.copyFrom(new byte[17_000])).build(), ErrorCode.TOO_LARGE);
    }

    @Test
    void invalidUtf8() throws Exception {
        // A TxBody whose wish.desired holds the bytes C3 28 (a broken two-byte sequence), appended as
        // field 11 so the rest of the body is an ordinary encoding.
        Tx template = wish(alice, 0, w -> w);
        TxBody body = TxBody.parseFrom(template.getBodyBytes()).toBuilder().clearWish().build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.writeTo(bytes);
        bytes.write(new byte[] {0x5A, 0x04, 0x12, 0x02, (byte) 0xC3, 0x28});
        byte[] raw = bytes.toByteArray();
        Tx tx = Tx.newBuilder().setBodyBytes(ByteString.copyFrom(raw)).setSignature(ByteString.copyFrom(alice.sign(raw))).build();
        assertRejected(tx, ErrorCode.INVALID_UTF8);
    }

    @Test
    void emptyField() {
        assertRejected(wish(alice, 0, w -> w.setDesired("")), ErrorCode.EMPTY_FIELD);
        assertRejected(chain.signWithFee(alice, chain.body(alice, 0), 0), ErrorCode.EMPTY_FIELD); // no action
        assertRejected(wish(alice, 0, w -> w.addTags("")), ErrorCode.EMPTY_FIELD);
    }

    @Test
    void unknownWish() {
        byte[] nowhere = new byte[32];
        Arrays.fill(nowhere, (byte) 7);
        assertRejected(wish(alice, 0, w -> w.setParent(ByteString.copyFrom(nowhere))), ErrorCode.UNKNOWN_WISH);
        Tx endorse = chain.signWithFee(alice, chain.body(alice, 0).setEndorse(
                Endorse.newBuilder().setWishId(ByteString.copyFrom(nowhere)).setBurn(5)), 0);
        assertRejected(endorse, ErrorCode.UNKNOWN_WISH);
    }

    @Test
    void overflow() {
        assertRejected(wish(alice, 0, w -> w.setBurn(-1L)), ErrorCode.OVERFLOW); // fee + 2^64-1
        assertRejected(transfer(alice, 0, bob.address(), -2L), ErrorCode.OVERFLOW);
    }

    @Test
    void invalidField() {
        assertRejected(transfer(alice, 0, new byte[19], 5), ErrorCode.INVALID_FIELD);
        assertRejected(transfer(alice, 0, bob.address(), 0), ErrorCode.INVALID_FIELD);
        Tx shortKey = chain.signWithFee(alice, chain.body(alice, 0).setSignerPubkey(ByteString.copyFrom(new byte[31]))
                .setWish(Wish.newBuilder().setDesired("x")), 0);
        assertRejected(shortKey, ErrorCode.INVALID_FIELD);
        assertRejected(wish(alice, 0, w -> w.setParent(ByteString.copyFrom(new byte[5]))), ErrorCode.INVALID_FIELD);
    }

    /** Header-level faults: the block is refused as a whole, nothing is written. */
    @Test
    void invalidBlockHeaders() throws Rejection {
        chain.applyTxs(store, List.of(wish(alice, 0, w -> w)));
        Block good = chain.block(store, List.of(wish(alice, 1, w -> w)), 2);
        assertInvalid(header(good, h -> h.setHeight(3)), ErrorCode.INVALID_BLOCK);
        assertInvalid(header(good, h -> h.setAppHash(ByteString.copyFrom(new byte[32]))), ErrorCode.INVALID_BLOCK);
        assertInvalid(header(good, h -> h.setLastBlockId(ByteString.copyFrom(new byte[32]))), ErrorCode.INVALID_BLOCK);
        assertInvalid(header(good, h -> h.setTimeMs(store.lastBlockTimeMs())), ErrorCode.INVALID_BLOCK);
        assertInvalid(header(good, h -> h.setProposer(ByteString.copyFrom(alice.address()))), ErrorCode.INVALID_BLOCK);
        assertInvalid(header(good, h -> h.setDataHash(ByteString.copyFrom(new byte[32]))), ErrorCode.INVALID_BLOCK);
        assertInvalid(header(good, h -> h.setValidatorsHash(ByteString.copyFrom(new byte[32]))), ErrorCode.INVALID_BLOCK);
        assertInvalid(header(good, h -> h.setChainId("other")), ErrorCode.WRONG_CHAIN);
        // The previous block's commit: too little power, then a forged signature.
        Block weak = good.toBuilder().setLastCommit(good.getLastCommit().toBuilder().removeSignatures(0).removeSignatures(0)).build();
        assertInvalid(relinkCommit(weak), ErrorCode.INVALID_BLOCK);
        var sigs = good.getLastCommit().toBuilder();
        byte[] s = sigs.getSignatures(0).getSignature().toByteArray();
        s[0] ^= 1;
        sigs.setSignatures(0, sigs.getSignatures(0).toBuilder().setSignature(ByteString.copyFrom(s)));
        assertInvalid(relinkCommit(good.toBuilder().setLastCommit(sigs).build()), ErrorCode.BAD_SIGNATURE);
        // And the good block still applies.
        chain.apply(store, good);
        assertEquals(2, store.height());
    }

    @Test
    void applyRefusesACommitForAnotherBlockOrWithoutQuorum() {
        Block good = chain.block(store, List.of(wish(alice, 0, w -> w)), 0);
        Block other = chain.block(store, List.of(wish(bob, 0, w -> w)), 0);
        Rejection r = assertThrows(Rejection.class,
                () -> chain.rules.applyBlock(store, good, chain.commit(other), PreVerified.NONE));
        assertEquals(ErrorCode.INVALID_BLOCK, r.code());
        var weak = chain.commit(good).toBuilder().removeSignatures(3).removeSignatures(2).build();
        r = assertThrows(Rejection.class, () -> chain.rules.applyBlock(store, good, weak, PreVerified.NONE));
        assertEquals(ErrorCode.INVALID_BLOCK, r.code());
        assertEquals(0, store.height());
    }

    private Block header(Block b, UnaryOperator<Header.Builder> edit) {
        return b.toBuilder().setHeader(edit.apply(b.getHeader().toBuilder())).build();
    }

    private Block relinkCommit(Block b) {
        return header(b, h -> h.setLastCommitHash(ByteString.copyFrom(org.wishledger.ledger.Hashes.commitHash(b.getLastCommit()))));
    }

    private void assertInvalid(Block block, ErrorCode code) {
        long height = store.height();
        byte[] appHash = store.appHash();
        BlockVerdict verdict = chain.rules.validateBlock(store, block, PreVerified.NONE);
        assertFalse(verdict.valid());
        assertEquals(code, verdict.code(), verdict.message());
        Rejection r = assertThrows(Rejection.class, () -> chain.apply(store, block));
        assertEquals(code, r.code(), r.toString());
        assertEquals(height, store.height());
        assertArrayEquals(appHash, store.appHash());
        assertTrue(r.getMessage().length() > 10);
    }
}
