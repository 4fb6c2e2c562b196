/**
 * Edge HTTP plumbing in front of every resource: request ids, CORS, the client address behind
 * trusted proxies, the JSON body limit and the draining of refused bodies.
 *
 * <p>May use: Jersey, the Servlet API, config (for live CORS and proxy settings) and api/errors to
 * answer a refusal in the Wings body. Used by: PinionApplication (wiring), api/errors (request ids),
 * console (request ids, client address).
 */
package dev.pinion.api.http;
