package dev.pinion.pull;

import java.net.URI;

/**
 * One remote pull as the Panel asks for it (spec panel-to-wings-api.md §5.11): the URL, the destination
 * directory, an optional file name, and whether the response's Content-Disposition names the file.
 */
public record PullRequest(URI url, String root, String fileName, boolean useHeader) {}
