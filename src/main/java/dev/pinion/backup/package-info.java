/** Local and S3 backups, and restores. */
package dev.pinion.backup;
