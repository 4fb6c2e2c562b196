package dev.pinion.api;

import dev.pinion.api.errors.ApiException;
import dev.pinion.filesystem.ErrorKind;
import dev.pinion.filesystem.FilesystemException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches a multipart upload body as the parser reads it and stops the request as soon as it goes
 * past a bound, instead of spooling the whole body first as Wings does (files-backups-transfers.md
 * §4.6 recommendation; issue #10 item 5): one part past the upload limit, more parts than Go's
 * multipart reader accepts (1,000, where Wings answers that it cannot read the form), or more file
 * bytes in all than {@code budget} (the server's remaining quota, the spool's free space). It only
 * needs to be conservative: parts are found by their boundary delimiter, the allowance covers the
 * delimiter itself, and the exact checks still run after parsing and at the write.
 */
final class UploadSizeGuard extends FilterInputStream {
    /** Go's {@code mime/multipart} default (GODEBUG multipartmaxparts) that the Panel's uploads meet on Wings. */
    static final int MAX_PARTS = 1000;

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Pattern FILENAME =
            Pattern.compile("filename=\"((?:[^\"\\\\]|\\\\.)*)\"|filename=([^;\\s]+)", Pattern.CASE_INSENSITIVE);

    private final byte[] delimiter;
    private final int[] failure;
    private final long limitBytes;
    private final long limitMiB;
    private final long budget;
    private int matched;
    private boolean inHeaders;
    private final StringBuilder headers = new StringBuilder();
    private long partBytes;
    private long totalBytes;
    private int parts;
    private String fileName = "";

    /**
     * @param limitMiB the per-file limit ({@code api.upload_limit})
     * @param budget the file bytes the whole upload may carry
     */
    UploadSizeGuard(InputStream in, String boundary, long limitMiB, long budget) {
        super(in);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.failure = failureTable(delimiter);
        this.limitMiB = limitMiB;
        this.limitBytes = limitMiB * 1024 * 1024;
        this.budget = budget;
        // The body may start with the delimiter without its leading CRLF.
        this.matched = 2;
    }

    /** The boundary parameter of a multipart Content-Type, or null. */
    static String boundaryOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher m = Pattern.compile("boundary=(\"([^\"]+)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE)
                .matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            see((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        for (int i = 0; i < n; i++) {
            see(buffer[off + i]);
        }
        return n;
    }

    private void see(byte b) {
        while (matched > 0 && delimiter[matched] != b) {
            matched = failure[matched - 1];
        }
        if (delimiter[matched] == b) {
            matched++;
        }
        if (matched == delimiter.length) {
            matched = failure[matched - 1];
            // The closing delimiter is counted too: n parts come with n + 1 delimiters.
            if (++parts > MAX_PARTS + 1) {
                throw new ApiException(400, SignedUploadResource.NO_FORM);
            }
            inHeaders = true;
            headers.setLength(0);
            partBytes = 0;
            fileName = "";
            return;
        }
        if (inHeaders) {
            headers.append((char) (b & 0xff));
            if (headers.length() >= 4 && headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
                inHeaders = false;
                fileName = fileNameOf(headers.toString());
            } else if (headers.length() > MAX_HEADER_BYTES) {
                inHeaders = false;
            }
            return;
        }
        partBytes++;
        totalBytes++;
        // The closing delimiter's bytes are counted before it is recognised: allow for them.
        if (partBytes > limitBytes + delimiter.length) {
            throw new ApiException(
                    400, "File " + fileName + " is larger than the maximum file upload size of " + limitMiB + " MB.");
        }
        // Each delimiter's bytes were counted as content before it was recognised, and so may be the
        // next one's so far: allow for them.
        if (totalBytes - (parts + 1L) * delimiter.length > budget) {
            throw new FilesystemException(ErrorKind.NO_DISK, fileName, "the upload is larger than the space left");
        }
    }

    private static String fileNameOf(String partHeaders) {
        for (String line : partHeaders.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                Matcher m = FILENAME.matcher(line);
                if (m.find()) {
                    String name = m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2);
                    String utf8 = new String(name.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                    int slash = utf8.lastIndexOf('/');
                    return slash < 0 ? utf8 : utf8.substring(slash + 1);
                }
            }
        }
        return "";
    }

    private static int[] failureTable(byte[] pattern) {
        int[] table = new int[pattern.length];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = table[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            table[i] = k;
        }
        return table;
    }
}
