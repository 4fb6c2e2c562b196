package dev.pinion.backup;

import dev.pinion.panel.RetryClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUTs one part of an S3 backup to its presigned UploadPart URL with the JDK's HttpClient (no AWS SDK:
 * the Panel signs) — spec §5.4 step 3, A9.1: {@code Content-Length} exact, {@code Content-Type:
 * application/x-gzip}, only 200 counts, the {@code ETag} header kept verbatim. Transport errors and 5xx
 * are retried with backoff (×2, at most {@code maxElapsed} in all); every attempt re-reads the part from
 * its file, from the start (Wings resends an already consumed body). Any other status is final.
 */
public final class S3PartUploader {
    private static final Logger LOG = LoggerFactory.getLogger(S3PartUploader.class);
    private static final Duration FIRST_DELAY = Duration.ofMillis(500);

    private final HttpClient http;
    private final RetryClock clock;
    private final Duration maxElapsed;
    private final Duration requestTimeout;

    public S3PartUploader(HttpClient http, RetryClock clock, Duration maxElapsed, Duration requestTimeout) {
        this.http = http;
        this.clock = clock;
        this.maxElapsed = maxElapsed;
        this.requestTimeout = requestTimeout;
    }

    /** Wings' values: 1 min of retries, a 2 h timeout per request. */
    public static S3PartUploader wings(HttpClient http) {
        return new S3PartUploader(http, RetryClock.system(), Duration.ofMinutes(1), Duration.ofHours(2));
    }

    /** A part that S3 refused for good. */
    static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** Uploads the whole of {@code part} (its current contents) as part {@code number}; returns the ETag. */
    String put(String url, int number, Path part) throws IOException {
        long started = clock.nanoTime();
        Duration delay = FIRST_DELAY;
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(requestTimeout)
                        .header("Content-Type", "application/x-gzip")
                        .PUT(HttpRequest.BodyPublishers.ofFile(part))
                        .build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    String etag = response.headers().firstValue("ETag").orElse("");
                    if (etag.isEmpty()) {
                        throw new RefusedException("part " + number + ": S3 answered 200 without an ETag");
                    }
                    return etag;
                }
                if (status < 500) {
                    throw new RefusedException(
                            "part " + number + ": S3 answered " + status + ": " + abbreviate(response.body()));
                }
                problem = "S3 answered " + status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while uploading part " + number);
            } catch (RefusedException e) {
                throw e;
            } catch (IOException e) {
                problem = e.toString();
            }
            long elapsed = clock.nanoTime() - started;
            if (Duration.ofNanos(elapsed).plus(delay).compareTo(maxElapsed) > 0) {
                throw new IOException("part " + number + ": giving up after " + attempt + " attempts: " + problem);
            }
            LOG.warn(
                    "part {} upload attempt {} failed ({}); retrying in {} ms",
                    number,
                    attempt,
                    problem,
                    delay.toMillis());
            try {
                clock.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while uploading part " + number);
            }
            delay = delay.multipliedBy(2);
        }
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ");
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
