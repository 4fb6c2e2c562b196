/** The activity log, stored locally and shipped to the Panel in batches. */
package dev.pinion.activity;
