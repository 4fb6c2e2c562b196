/** Authentication at the HTTP edge: the node bearer-token filter (dropwizard-auth) and signed-URL checks. */
package dev.pinion.api.auth;
