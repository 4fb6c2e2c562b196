/**
 * JWTs the Panel signs (jose4j, HS256 with the live node token): {@link dev.pinion.tokens.TokenVerifier}
 * checks signature, expiry and the endpoint's scope word and returns {@link dev.pinion.tokens.TokenClaims};
 * {@link dev.pinion.tokens.TokenRevocations} remembers jti denies, per user and server revocations
 * and the boot time. Used by the console WebSocket and the signed-URL endpoints; depends on
 * nothing else in Pinion.
 */
package dev.pinion.tokens;
