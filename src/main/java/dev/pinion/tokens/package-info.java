/** JWT verification (jose4j) and one-time token memory. */
package dev.pinion.tokens;
