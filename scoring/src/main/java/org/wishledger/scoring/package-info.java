/** Module scoring. */
package org.wishledger.scoring;
