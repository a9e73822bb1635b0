/** Module p2p. */
package org.wishledger.p2p;
