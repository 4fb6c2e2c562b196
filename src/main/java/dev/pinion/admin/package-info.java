/**
 * Operator tasks on the admin port ({@code POST /tasks/<name>}, Dropwizard tasks): re-sync every
 * server from the Panel. Dropwizard's own {@code log-level} and {@code gc} tasks sit beside them;
 * the activity queue's flush task belongs with the activity log. May call the server core; wired
 * by PinionApplication.
 */
package dev.pinion.admin;
