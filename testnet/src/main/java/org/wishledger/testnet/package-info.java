/** Module testnet. */
package org.wishledger.testnet;
