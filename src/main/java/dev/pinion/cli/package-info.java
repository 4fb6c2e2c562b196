/**
 * Command-line commands beside {@code server}: {@code configure} (fetch config.yml from the Panel's
 * application API), {@code diagnostics} (a redacted support report), and the {@code server}
 * command's one-line start-up errors. Failures are {@link dev.pinion.cli.CommandFailure}: one line on
 * stderr, exit status 1.
 *
 * <p>May use: the root package (the configuration class, the version), config, environment and
 * environment/docker (Docker facts for diagnostics), the JDK's HTTP client. Used by: PinionApplication.
 */
package dev.pinion.cli;
