/**
 * Signed-URL JWTs for the download and upload endpoints: verification (HS256 by the node token, exp,
 * scope) and the one-time {@code unique_id} memory. Self-contained; to be unified with the general
 * {@code dev.pinion.tokens} verifier later. Touches no HTTP and no server state.
 */
package dev.pinion.tokens.signedurl;
