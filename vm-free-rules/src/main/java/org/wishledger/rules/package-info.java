/** Module vm-free-rules. */
package org.wishledger.rules;
