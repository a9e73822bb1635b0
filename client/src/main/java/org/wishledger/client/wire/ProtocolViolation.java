package org.wishledger.client.wire;

/**
 * The remote side broke the wire protocol (oversize or truncated frame, bad handshake, failed
 * authentication, undecodable message). Expected in the presence of hostile peers, so it carries no
 * stack trace: the handler that catches it logs the reason and closes the connection.
 */
public final class ProtocolViolation extends RuntimeException {
    public ProtocolViolation(String reason) {
        super(reason, null, false, false);
    }
}
