package dev.pinion.environment.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.pinion.environment.EnvironmentException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Engine calls made on the raw transport, for what docker-java's model cannot express exactly
 * (omitted rather than null fields, empty port-binding lists, X-Registry-Auth as Wings encodes it,
 * the wait condition, stop with t=-1, hijacked attach, stats field names of cgroup v1 and v2).
 */
final class RawDockerApi {
    private final DockerHttpClient transport;
    private final ObjectMapper mapper;

    RawDockerApi(DockerHttpClient transport, ObjectMapper mapper) {
        this.transport = transport;
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Opens a request; the caller closes the response. Transport failures become EnvironmentException. */
    DockerHttpClient.Response open(
            DockerHttpClient.Request.Method method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            JsonNode body,
            InputStream hijackedInput) {
        DockerHttpClient.Request.Builder builder =
                DockerHttpClient.Request.builder().method(method).path(path + queryString(query));
        Map<String, String> allHeaders = new LinkedHashMap<>(headers);
        if (body != null) {
            allHeaders.put("Content-Type", "application/json");
            try {
                builder.bodyBytes(mapper.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new EnvironmentException("cannot encode the request to " + path, e);
            }
        }
        builder.headers(allHeaders);
        if (hijackedInput != null) {
            builder.hijackedInput(hijackedInput);
        }
        try {
            return transport.execute(builder.build());
        } catch (RuntimeException e) {
            throw new EnvironmentException(method + " " + path + " failed: " + rootMessage(e), e);
        }
    }

    /** A call whose answer is read whole: the status code and the body as text. */
    Answer call(DockerHttpClient.Request.Method method, String path, Map<String, String> query, JsonNode body) {
        try (DockerHttpClient.Response response = open(method, path, query, Map.of(), body, null);
                InputStream in = response.getBody()) {
            return new Answer(response.getStatusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EnvironmentException(method + " " + path + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A call where 404 means the container (or other object) is absent: empty then. Any other
     * non-2xx answer throws {@code "<failure>: <the engine's message>"}.
     */
    Optional<Answer> callUnlessAbsent(
            DockerHttpClient.Request.Method method,
            String path,
            Map<String, String> query,
            JsonNode body,
            String failure) {
        Answer answer = call(method, path, query, body);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw new EnvironmentException(failure + ": " + errorMessage(answer.body()));
        }
        return Optional.of(answer);
    }

    /**
     * The same ladder for a docker-java call: a missing object ({@link NotFoundException}, Docker's
     * 404) is empty, as is a call that returns nothing; any other failure throws
     * {@code "<failure>: <root cause's message>"}.
     */
    static <T> Optional<T> unlessAbsent(Supplier<T> call, String failure) {
        try {
            return Optional.ofNullable(call.get());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new EnvironmentException(failure + ": " + rootMessage(e), e);
        }
    }

    /** The engine's error message out of an error body ({"message": "..."}), else the body itself. */
    String errorMessage(String body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (IOException e) {
            // Not JSON: the body is the message.
        }
        return body.trim();
    }

    static String path(String template, String name) {
        return template.replace("{}", URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        query.forEach((key, value) -> joined.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /** A whole answer from the engine. */
    record Answer(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
