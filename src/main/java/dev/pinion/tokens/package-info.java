/**
 * JWTs the Panel signs (jose4j, HS256 with the live node token): {@link dev.pinion.tokens.TokenVerifier}
 * checks signature, expiry and the endpoint's scope word and returns {@link dev.pinion.tokens.TokenClaims};
 * {@link dev.pinion.tokens.TokenRevocations} remembers jti denies, per user and server revocations
 * and the boot time.
 *
 * <p>May use: jose4j and the JDK; no other Pinion package. Used by: console, api (signed URLs),
 * transfer (the receiving node's token), sftp (revocations), PinionApplication.
 */
package dev.pinion.tokens;
