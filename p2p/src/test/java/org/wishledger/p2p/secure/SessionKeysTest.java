package org.wishledger.p2p.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.wishledger.client.wire.ProtocolViolation;

class SessionKeysTest {
    @Test
    void bothSidesDeriveMirroredKeysAndTheSameChallenge() {
        X25519PrivateKeyParameters a = SessionKeys.newEphemeral();
        X25519PrivateKeyParameters b = SessionKeys.newEphemeral();
        SessionKeys ka = SessionKeys.derive(a, b.generatePublicKey().getEncoded());
        SessionKeys kb = SessionKeys.derive(b, a.generatePublicKey().getEncoded());
        assertArrayEquals(ka.sendKey(), kb.receiveKey());
        assertArrayEquals(ka.receiveKey(), kb.sendKey());
        assertArrayEquals(ka.challenge(), kb.challenge());
        assertFalse(Arrays.equals(ka.sendKey(), ka.receiveKey()), "each direction has its own key");
        assertArrayEquals(ka.authSignBytes(), kb.authSignBytes());
    }

    @Test
    void everySessionHasFreshKeys() {
        X25519PrivateKeyParameters b = SessionKeys.newEphemeral();
        SessionKeys first = SessionKeys.derive(SessionKeys.newEphemeral(), b.generatePublicKey().getEncoded());
        SessionKeys second = SessionKeys.derive(SessionKeys.newEphemeral(), b.generatePublicKey().getEncoded());
        assertFalse(Arrays.equals(first.challenge(), second.challenge()));
        assertFalse(Arrays.equals(first.sendKey(), second.sendKey()));
    }

    @Test
    void lowOrderReflectedAndMalformedKeysAreRefused() {
        X25519PrivateKeyParameters a = SessionKeys.newEphemeral();
        ProtocolViolation zero = assertThrows(ProtocolViolation.class, () -> SessionKeys.derive(a, new byte[32]));
        assertTrue(zero.getMessage().contains("low-order"), zero.getMessage());
        byte[] one = new byte[32];
        one[0] = 1; // the point of order 1 (u = 1) also gives an all-zero secret
        assertThrows(ProtocolViolation.class, () -> SessionKeys.derive(a, one));
        assertThrows(ProtocolViolation.class, () -> SessionKeys.derive(a, a.generatePublicKey().getEncoded()));
        assertThrows(ProtocolViolation.class, () -> SessionKeys.derive(a, new byte[31]));
    }

    @Test
    void authSignBytesCannotBeMistakenForAProtobufMessage() {
        SessionKeys k = SessionKeys.derive(SessionKeys.newEphemeral(), SessionKeys.newEphemeral().generatePublicKey().getEncoded());
        byte[] bytes = k.authSignBytes();
        assertThrows(com.google.protobuf.InvalidProtocolBufferException.class,
                () -> org.wishledger.ledger.proto.TxBody.parseFrom(bytes));
        assertThrows(com.google.protobuf.InvalidProtocolBufferException.class,
                () -> org.wishledger.ledger.proto.CanonicalVote.parseFrom(bytes));
    }
}
