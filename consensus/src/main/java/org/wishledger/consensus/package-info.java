/** Module consensus. */
package org.wishledger.consensus;
