/** Command-line commands beside 'server': configure, diagnostics. */
package dev.pinion.cli;
