/** The egg configuration-file parsers (file, properties, yaml, json, ini, xml) applied before every boot. */
package dev.pinion.server.configfiles;
