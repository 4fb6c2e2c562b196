/**
 * The node configuration: Wings' config.yml model with its defaults, validation, and the persistence
 * of updates pushed by the Panel.
 *
 * <p>May use: Jackson, Dropwizard's configuration, logging and connector factories (the PEM HTTPS
 * listener, the request log), the JDK; no other Pinion package. Used by: almost every package.
 */
package dev.pinion.config;
