/** The docker-java implementation of the environment contract, and the process-wide Docker client. */
package dev.pinion.environment.docker;
