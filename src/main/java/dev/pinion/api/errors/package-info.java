/**
 * Error rendering: the Wings error body {@code {error, request_id}}, Wings' messages, and the
 * exception mappers and Jetty error handler that answer every failure with it.
 *
 * <p>May use: Jersey, Jetty's error handler, filesystem (to map its error kinds), api/http (request
 * ids). Used by: every api resource, api/auth, api/http, PinionApplication.
 */
package dev.pinion.api.errors;
