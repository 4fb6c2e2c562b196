/**
 * Command-line commands beside {@code server}: {@code configure} (fetch config.yml from the Panel's
 * application API), {@code diagnostics} (a redacted support report), and the {@code server}
 * command's one-line start-up errors. May use config, environment (for Docker facts) and the JDK's
 * HTTP client; used only by PinionApplication. Failures are {@link dev.pinion.cli.CommandFailure}:
 * one line on stderr, exit status 1.
 */
package dev.pinion.cli;
