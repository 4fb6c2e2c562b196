package dev.pinion.pull;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An HTTP/1.1 GET that can only reach addresses the {@link AddressPolicy} allows (CVE-2024-34068): the
 * host is resolved here, every resolved address is checked, and the socket connects to that checked
 * {@link InetAddress} itself, so nothing resolves the name again between check and connect (no DNS
 * rebinding). The connected peer is checked once more, no proxy is ever used, TLS keeps the original
 * host for SNI and certificate checks, and each redirect hop (at most 10, http/https only, as Pelican
 * follows them) goes through the same checks.
 */
public final class GuardedHttpGet {
    static final String USER_AGENT = "Pterodactyl Panel (https://pterodactyl.io)";
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final AddressPolicy policy;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final SSLSocketFactory tls;
    private final Resolver resolver;

    /** Name resolution, once per connection attempt (the system resolver in production). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public GuardedHttpGet(AddressPolicy policy, Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls) {
        this(policy, connectTimeout, readTimeout, tls, InetAddress::getAllByName);
    }

    public GuardedHttpGet(
            AddressPolicy policy,
            Duration connectTimeout,
            Duration readTimeout,
            SSLSocketFactory tls,
            Resolver resolver) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.tls = tls;
        this.resolver = resolver;
    }

    /** Rejects anything but an absolute http(s) URL with a host, with Wings' parse-error wording. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new PullException("An error occurred while parsing that URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new PullException(
                    "An error occurred while parsing that URL: unsupported protocol scheme \"" + scheme + "\"");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new PullException("An error occurred while parsing that URL: no host in request URL");
        }
        return uri;
    }

    public RemoteResponse get(URI start) throws IOException {
        return get(start, socket -> {});
    }

    /**
     * As {@link #get(URI)}; {@code onConnect} is handed each connection as soon as it is open, so the
     * caller can abort the request while it is still waiting for headers (a whole-pull deadline).
     */
    public RemoteResponse get(URI start, Consumer<Closeable> onConnect) throws IOException {
        URI uri = start;
        for (int hop = 0; ; hop++) {
            RemoteResponse response = once(parse(uri.toString()), onConnect);
            int status = response.status();
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            if (!redirect || response.header("location").isEmpty()) {
                return response;
            }
            response.close();
            if (hop >= MAX_REDIRECTS) {
                throw new PullException("downloader: stopped after " + MAX_REDIRECTS + " redirects");
            }
            try {
                uri = uri.resolve(
                        new URI(response.header("location").orElseThrow().trim()));
            } catch (URISyntaxException e) {
                throw new PullException("downloader: invalid redirect location", e);
            }
        }
    }

    private RemoteResponse once(URI uri, Consumer<Closeable> onConnect) throws IOException {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = bareHost(uri.getHost());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        Socket socket = connect(host, port);
        try {
            onConnect.accept(socket);
            socket.setSoTimeout((int) readTimeout.toMillis());
            if (https) {
                socket = wrapTls(socket, host, port);
            }
            OutputStream out = socket.getOutputStream();
            String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                target += "?" + uri.getRawQuery();
            }
            String hostHeader = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: " + USER_AGENT
                    + "\r\nAccept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            String statusLine = readLine(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new PullException("downloader: malformed HTTP response");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new PullException("downloader: malformed HTTP response");
            }
            Map<String, String> headers = new HashMap<>();
            int total = statusLine.length();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                total += line.length();
                if (total > MAX_HEADER_BYTES) {
                    throw new PullException("downloader: response headers too large");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            return new RemoteResponse(uri, status, parts.length > 2 ? parts[2] : "", Map.copyOf(headers), in, socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Resolves, checks every address, and connects to a checked one; never via a proxy. */
    private Socket connect(String host, int port) throws IOException {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new PullException("downloader: could not resolve host " + host, e);
        }
        for (InetAddress address : addresses) {
            if (policy.isBlocked(address)) {
                throw new PullException(PullException.INTERNAL_DESTINATION);
            }
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket(Proxy.NO_PROXY);
            try {
                socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
                // The peer we are actually connected to, checked again: the connection is the boundary.
                if (policy.isBlocked(socket.getInetAddress())) {
                    socket.close();
                    throw new PullException(PullException.INTERNAL_DESTINATION);
                }
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last != null ? last : new IOException("no address for " + host);
    }

    private Socket wrapTls(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String bareHost(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    throw new PullException("downloader: connection closed before a response");
                }
                break;
            }
            if (b == '\n') {
                break;
            }
            if (line.size() > MAX_HEADER_BYTES) {
                throw new PullException("downloader: response headers too large");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
