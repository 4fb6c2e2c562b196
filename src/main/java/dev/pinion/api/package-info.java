/** Jersey resources, one class per endpoint group, and their request/response records. Calls the core (server, filesystem, backup, transfer); never the adapters directly. */
package dev.pinion.api;
