package dev.pinion.panel;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one {@link PanelRequest} with Wings' headers and retries it with backoff exactly as Wings
 * does (spec wings-to-panel-and-config.md A1): transport errors, 5xx and other non-2xx non-4xx
 * answers are retried until the max elapsed time; a 4xx is returned at once.
 */
final class PanelTransport {
    private static final Logger LOG = LoggerFactory.getLogger(PanelTransport.class);
    static final String ACCEPT = "application/vnd.pterodactyl.v1+json";
    static final String CONTENT_TYPE = "application/json";

    private final PanelClientSettings settings;
    private final Supplier<PanelCredentials> credentials;
    private final String version;
    private final HttpClient http;
    private final PanelErrorParser errors;
    private final RetryPolicy policy;
    private final RetryClock clock;
    private final DoubleSupplier random;

    PanelTransport(
            PanelClientSettings settings,
            Supplier<PanelCredentials> credentials,
            String version,
            HttpClient http,
            PanelErrorParser errors,
            RetryPolicy policy,
            RetryClock clock,
            DoubleSupplier random) {
        this.settings = settings;
        this.credentials = credentials;
        this.version = version;
        this.http = http;
        this.errors = errors;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
    }

    /** Returns the 2xx response body, or throws the last failure once retrying is over. */
    byte[] exchange(PanelRequest request) {
        ExponentialBackoff backoff = new ExponentialBackoff(policy, random);
        long start = clock.nanoTime();
        int attempt = 0;
        while (true) {
            attempt++;
            Outcome outcome = attemptOnce(request);
            if (outcome.failure() == null) {
                return outcome.body();
            }
            PanelCallException failure = outcome.failure();
            Duration elapsed = Duration.ofNanos(clock.nanoTime() - start);
            Optional<Duration> delay = failure instanceof PanelException answered && answered.isClientError()
                    ? Optional.empty()
                    : backoff.nextDelay(elapsed);
            if (delay.isEmpty()) {
                throw finalFailure(request, failure, attempt, elapsed);
            }
            LOG.debug(
                    "Panel call {} failed (attempt {}), retrying in {} ms: {}",
                    request,
                    attempt,
                    delay.get().toMillis(),
                    failure.getMessage());
            try {
                clock.sleep(delay.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PanelCallException("interrupted while retrying Panel call " + request, e);
            }
        }
    }

    /**
     * One attempt, never retried, its body discarded: the Panel's HTTP status. Throws
     * {@link PanelUnreachableException} when nothing answered.
     */
    int probe(PanelRequest request) {
        HttpRequest httpRequest = build(request);
        try {
            return http.send(httpRequest, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new PanelUnreachableException(
                    "Panel unreachable: " + request.method() + " " + httpRequest.uri() + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PanelCallException("interrupted during Panel call " + request, e);
        }
    }

    /** Wings' User-Agent, naming this node by its token id. */
    static String userAgent(String version, String tokenId) {
        return "Pterodactyl Wings/v" + version + " (id:" + tokenId + ")";
    }

    /** One attempt's result: the 2xx body, or the failure to retry or throw. */
    private record Outcome(byte[] body, PanelCallException failure) {}

    private Outcome attemptOnce(PanelRequest request) {
        HttpRequest httpRequest = build(request);
        try {
            HttpResponse<byte[]> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(response.body(), null);
            }
            return new Outcome(null, errors.parse(status, response.body()));
        } catch (IOException e) {
            return new Outcome(
                    null,
                    new PanelUnreachableException(
                            "Panel unreachable: " + request.method() + " " + httpRequest.uri() + ": " + describe(e),
                            e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PanelCallException("interrupted during Panel call " + request, e);
        }
    }

    private static PanelCallException finalFailure(
            PanelRequest request, PanelCallException failure, int attempts, Duration elapsed) {
        if (failure instanceof PanelUnreachableException unreachable) {
            return new PanelUnreachableException(
                    unreachable.getMessage() + " (gave up after " + attempts + " attempts over " + elapsed.toMillis()
                            + " ms)",
                    unreachable.getCause());
        }
        return failure;
    }

    private HttpRequest build(PanelRequest request) {
        // Read the credentials per attempt so a token rotated by POST /api/update applies at once.
        PanelCredentials current = credentials.get();
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        return HttpRequest.newBuilder(settings.uri(request.path(), request.query()))
                .timeout(settings.requestTimeout())
                .header("User-Agent", userAgent(version, current.tokenId()))
                .header("Accept", ACCEPT)
                .header("Content-Type", CONTENT_TYPE)
                .header("Authorization", current.authorizationHeader())
                .method(request.method(), body)
                .build();
    }

    private static String describe(IOException e) {
        // The JDK's ConnectException often has no message; the class name still says "refused".
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
