/** The node configuration: Wings' config.yml model with its defaults, validation, and the persistence of updates pushed by the Panel. Depends on nothing else in Pinion. */
package dev.pinion.config;
