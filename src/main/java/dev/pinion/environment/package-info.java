/** The container contract the core uses (create, start, stop, attach, stats); no Docker types leak out of it. */
package dev.pinion.environment;
