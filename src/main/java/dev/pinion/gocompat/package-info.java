/**
 * Go's text formatting where Wings' output depends on it byte for byte ({@code strconv.Quote} and
 * {@code QuoteToASCII}), so the Panel and browsers see exactly what Wings would send.
 *
 * <p>May use: the JDK only. Used by: api (Content-Disposition), server/configfiles (properties values).
 */
package dev.pinion.gocompat;
