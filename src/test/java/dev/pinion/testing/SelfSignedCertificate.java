package dev.pinion.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for localhost made by the real openssl, as PEM files like certbot's. */
public record SelfSignedCertificate(Path certificate, Path key) {

    /** {@code keyType}: "rsa" (PKCS#8), "rsa-pkcs1" (traditional RSA PRIVATE KEY) or "ec" (P-256, PKCS#8). */
    public static SelfSignedCertificate create(String keyType) {
        try {
            Path dir = Files.createTempDirectory("pinion-tls-");
            Path cert = dir.resolve("fullchain.pem");
            Path key = dir.resolve("privkey.pem");
            List<String> newKey = keyType.equals("ec")
                    ? List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256")
                    : List.of("-newkey", "rsa:2048");
            List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509"));
            command.addAll(newKey);
            command.addAll(List.of(
                    "-keyout",
                    key.toString(),
                    "-out",
                    cert.toString(),
                    "-days",
                    "2",
                    "-nodes",
                    "-subj",
                    "/CN=localhost",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost"));
            run(command);
            if (keyType.equals("rsa-pkcs1")) {
                run(List.of("openssl", "rsa", "-in", key.toString(), "-out", key.toString(), "-traditional"));
            }
            return new SelfSignedCertificate(cert, key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust store holding only this certificate. */
    public KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry(
                    "pinion", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return store;
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
