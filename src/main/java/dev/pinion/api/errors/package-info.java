/** The Wings error body {error, request_id}, the exception mappers that produce it, request ids, CORS and client-address resolution behind trusted proxies. */
package dev.pinion.api.errors;
