/**
 * Authentication at the HTTP edge: the node bearer-token filter (dropwizard-auth) and signed-URL checks.
 *
 * <p>May use: config (the live node token), api/errors (the refusal in the Wings body),
 * dropwizard-auth, Jersey. Used by: api, PinionApplication.
 */
package dev.pinion.api.auth;
