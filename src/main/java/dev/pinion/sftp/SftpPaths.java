package dev.pinion.sftp;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The client's view of paths (spec websocket-sftp-activity.md §2.6): the server root is {@code /}; every
 * path is cleaned lexically and made absolute against {@code /}, so {@code ..} can
 * never climb above the root. This is also REALPATH's answer: no disk access.
 */
final class SftpPaths {
    private SftpPaths() {}

    static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
