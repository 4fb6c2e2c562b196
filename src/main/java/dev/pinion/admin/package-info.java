/**
 * Operator tasks on the admin port ({@code POST /tasks/<name>}, Dropwizard tasks): re-sync every
 * server from the Panel; ship the activity queue now. Dropwizard's own {@code log-level} and
 * {@code gc} tasks sit beside them. May call the server core and the activity shipper; wired by
 * PinionApplication.
 */
package dev.pinion.admin;
