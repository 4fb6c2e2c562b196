package dev.pinion.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code GET <panel>/api/application/nodes/<id>/configuration} with an application API key, as
 * {@code wings configure} asks it (spec wings-to-panel-and-config.md B4). The answer is read with
 * a size budget; the key is never printed.
 */
final class NodeConfigurationFetch {
    /** A node configuration is a few hundred bytes; anything near this is not one. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The Panel's answer: status and body. */
    record Answer(int status, String body) {}

    private NodeConfigurationFetch() {}

    /** Where the configuration lives: the path joined onto any path already in the Panel URL. */
    static URI endpoint(String panelUrl, long node) {
        URI base;
        try {
            base = new URI(panelUrl.trim());
        } catch (URISyntaxException e) {
            throw new CommandFailure("--panel-url: not a URL: " + panelUrl);
        }
        if (base.getScheme() == null
                || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
                || base.getHost() == null) {
            throw new CommandFailure("--panel-url: must be an http or https URL, got " + panelUrl);
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/api/application/nodes/" + node
                + "/configuration");
    }

    static Answer get(URI endpoint, String applicationKey, boolean allowInsecure) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
            if (allowInsecure && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(trustingEverything().getSocketFactory());
                https.setHostnameVerifier((host, session) -> true);
            }
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty("Accept", "application/vnd.pterodactyl.v1+json");
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Authorization", "Bearer " + applicationKey);
            try {
                int status = connection.getResponseCode();
                InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
                return new Answer(status, stream == null ? "" : read(stream));
            } finally {
                connection.disconnect();
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new CommandFailure("Failed to fetch configuration from the panel: " + e);
        }
    }

    private static String read(InputStream stream) throws IOException {
        try (stream) {
            byte[] body = stream.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IOException("the Panel's answer is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    // Only with --allow-insecure, for Panels on self-signed certificates (APP_DEBUG installs).
    private static SSLContext trustingEverything() throws GeneralSecurityException {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        return context;
    }
}
