/**
 * Jersey resources, one class per endpoint group, and their request/response records. They only
 * translate HTTP: long work is handed to the core, which runs it on its executors. One exception to
 * "resources only": {@code ServerDetailsFastPath} and {@code SystemFastPath} (sharing {@code FastPaths}),
 * Jetty handlers that answer the happy path of the Panel's two polling calls before the servlet context
 * (issue #15), byte-identical to their resources.
 *
 * <p>May use: the core (server, filesystem, pull, backup, transfer, tokens, config, activity), the
 * records of panel and the container contract of environment (host and engine facts), api/auth,
 * api/errors, api/http, metrics (the {@code EndpointGroup} annotation), gocompat; never the adapters
 * (environment/docker, the Panel's HTTP client) directly. Used by: PinionApplication.
 */
package dev.pinion.api;
