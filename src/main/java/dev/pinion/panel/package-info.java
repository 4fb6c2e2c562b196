/** The client for the Panel's /api/remote API and the records it sends and receives. */
package dev.pinion.panel;
