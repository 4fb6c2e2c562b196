package dev.pinion.config;

import io.dropwizard.jetty.HttpsConnectorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** An HTTPS connector whose key comes from Wings' PEM files instead of a Java key store. */
final class PemHttpsConnectorFactory extends HttpsConnectorFactory {
    private final Path certificate;
    private final Path key;

    PemHttpsConnectorFactory(Path certificate, Path key) {
        this.certificate = certificate;
        this.key = key;
        // Wings serves TLS 1.2 and 1.3 only.
        setSupportedProtocols(List.of("TLSv1.2", "TLSv1.3"));
    }

    @Override
    protected SslContextFactory.Server configureSslContextFactory(SslContextFactory sslContextFactory) {
        SslContextFactory.Server factory = super.configureSslContextFactory(sslContextFactory);
        // The store lives in memory only; its password protects nothing on disk.
        char[] password = "pinion".toCharArray();
        try {
            factory.setKeyStore(PemKeyStore.load(certificate, key, password));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        factory.setKeyStorePassword(new String(password));
        factory.setKeyStoreType("PKCS12");
        return factory;
    }
}
