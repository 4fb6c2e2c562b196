/**
 * Operator tasks on the admin port ({@code POST /tasks/<name>}, Dropwizard tasks): re-sync every
 * server from the Panel; ship the activity queue now. Dropwizard's own {@code log-level} and
 * {@code gc} tasks sit beside them.
 *
 * <p>May use: server (the registry and each server's sync), activity (the shipper), Dropwizard's
 * tasks. Used by: PinionApplication.
 */
package dev.pinion.admin;
