/** Remote downloads into a server, with SSRF protection checked at connect time. */
package dev.pinion.pull;
