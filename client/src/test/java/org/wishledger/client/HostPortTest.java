package org.wishledger.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesHostsPortsAndIpv6() {
        assertEquals(new HostPort("127.0.0.1", 26656), HostPort.parse("127.0.0.1:26656"));
        assertEquals(new HostPort("::1", 80), HostPort.parse("[::1]:80"));
        assertEquals("[::1]:80", HostPort.parse("[::1]:80").toString());
        for (String bad : new String[] {"nohost", ":80", "host:", "host:x", "host:70000"}) {
            assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
        }
    }
}
