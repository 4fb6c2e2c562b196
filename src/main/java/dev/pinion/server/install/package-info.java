/** Install and reinstall containers for servers. */
package dev.pinion.server.install;
