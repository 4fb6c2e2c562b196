/** Outgoing and incoming server transfers between nodes. */
package dev.pinion.transfer;
