/**
 * The egg configuration-file parsers (file, properties, yaml, json, ini, xml) applied before every boot.
 *
 * <p>Entry point: {@link dev.pinion.server.configfiles.ConfigFileApplier#applyAll}. It takes the
 * {@code process_configuration.configs} list as the Panel sends it, the server's values for
 * placeholders and the only node value eggs may read (the docker interface), and reports one
 * {@link dev.pinion.server.configfiles.ConfigFileResult} per file. It touches the disk only through
 * the server's {@link dev.pinion.filesystem.ServerFilesystem} (descriptor-based create, read and atomic
 * replace; issue #10 item 1).
 *
 * <p>May use: Jackson, the JDK, filesystem, gocompat (Go's quoting for properties values). Used by:
 * server (PreBoot, before every start).
 */
package dev.pinion.server.configfiles;
