/**
 * Remote downloads ("pull") into a server: the per-server list of running pulls with progress and
 * cancel, and an HTTP GET that resolves host names itself and connects only to addresses its
 * {@link dev.pinion.pull.AddressPolicy} allows (SSRF protection at connect time, every redirect hop
 * included). Writes only through {@link dev.pinion.filesystem.ServerFilesystem}; knows nothing about
 * Jersey.
 */
package dev.pinion.pull;
