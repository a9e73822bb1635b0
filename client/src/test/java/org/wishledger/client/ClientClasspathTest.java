package org.wishledger.client;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client module's promise: none of the node's heavy parts are on an application's classpath. */
class ClientClasspathTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "org.lmdbjava.Env",                               // the LMDB store
        "ai.onnxruntime.OrtSession",                      // the embedding model's runtime
        "io.netty.handler.codec.http.HttpServerCodec",    // the RPC server
        "org.wishledger.p2p.PeerManager",                 // the p2p servers
        "org.wishledger.node.Node",                       // the daemon
        "org.wishledger.scoring.score.Scorer",            // the reward engine
    })
    void heavyPartsAreAbsent(String className) {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName(className, false, getClass().getClassLoader()), className);
    }
}
