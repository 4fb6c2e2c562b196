/**
 * Server transfers between nodes, both directions, byte-compatible with Go Wings (spec
 * files-backups-transfers.md §6). Knows nothing about HTTP servers (no Jersey, Jetty or jakarta.ws.rs);
 * the api resources {@code ServerTransferResource} and {@code TransfersResource} only translate.
 *
 * <p>{@link dev.pinion.transfer.OutgoingTransfers} (source): stops the server as Wings does, then
 * {@code OutgoingTransfer} streams {@code ServerFilesystem.writeTransferArchive} through a bounded
 * {@code ChunkPipe} into a chunked multipart POST ({@code archive}, then {@code checksum}) sent with
 * the JDK HttpClient; nothing is staged on disk. {@link dev.pinion.transfer.IncomingTransfers}
 * (destination): verifies the Panel-signed transfer JWT, creates the server from the Panel's
 * configuration, reads the body with the streaming {@code MultipartReader}, extracts through
 * {@code ServerFilesystem.extractArchive} while hashing every byte of the part, creates the
 * container and reports; any failure discards the server completely. Both publish
 * {@code transfer status} / {@code transfer logs} ({@link dev.pinion.transfer.TransferMessages}) and
 * count into {@link dev.pinion.transfer.ActiveTransfers} (gauge, byte counters, stuck check).
 *
 * <p>May use: server, filesystem, panel, tokens and the JDK. Used by: api, PinionApplication, health.
 * Work runs on the executors passed in (the lifecycle's {@code transfer-%d} pool and the shared timers).
 */
package dev.pinion.transfer;
