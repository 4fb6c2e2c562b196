/** A server's confined filesystem: safe path resolution inside the root, denylist, quota, archives. Knows nothing about HTTP. */
package dev.pinion.filesystem;
