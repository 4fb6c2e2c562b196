/**
 * Remote downloads ("pull") into a server: the per-server list of running pulls with progress and
 * cancel, and an HTTP GET that resolves host names itself and connects only to addresses its
 * {@link dev.pinion.pull.AddressPolicy} allows (SSRF protection at connect time, every redirect hop
 * included).
 *
 * <p>May use: filesystem (writes only through {@link dev.pinion.filesystem.ServerFilesystem}), config
 * (its limits), the JDK's sockets and TLS. Knows nothing about Jersey. Used by: api (PullResource),
 * backup (the guarded GET for S3 restores), PinionApplication.
 */
package dev.pinion.pull;
