package dev.pinion.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an in-memory key store from the PEM certificate chain and private key Wings is configured
 * with ({@code api.ssl.cert}, {@code api.ssl.key}), e.g. certbot's fullchain.pem and privkey.pem.
 */
public final class PemKeyStore {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    // DER prefix wrapping a PKCS#1 RSA key into PKCS#8 (version 0, rsaEncryption, NULL params).
    private static final byte[] RSA_PKCS8_ALGORITHM = {
        0x02,
        0x01,
        0x00,
        0x30,
        0x0d,
        0x06,
        0x09,
        0x2a,
        (byte) 0x86,
        0x48,
        (byte) 0x86,
        (byte) 0xf7,
        0x0d,
        0x01,
        0x01,
        0x01,
        0x05,
        0x00
    };

    private PemKeyStore() {}

    public static KeyStore load(Path certificateFile, Path keyFile, char[] password) throws IOException {
        try {
            List<Certificate> chain = certificates(Files.readString(certificateFile));
            if (chain.isEmpty()) {
                throw new IOException(certificateFile + " holds no PEM certificate");
            }
            PrivateKey key = privateKey(Files.readString(keyFile), keyFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("pinion", key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "cannot load TLS certificate " + certificateFile + " and key " + keyFile + ": " + e.getMessage(),
                    e);
        }
    }

    private static List<Certificate> certificates(String pem) throws GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                chain.add(factory.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
            }
        }
        return chain;
    }

    private static PrivateKey privateKey(String pem, Path file) throws GeneralSecurityException, IOException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der = decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der);
                }
                case "RSA PRIVATE KEY" -> {
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapRsa(der)));
                }
                default -> {
                    // other blocks (parameters, certificates) are skipped
                }
            }
        }
        throw new IOException(file + " holds no PKCS#8 'PRIVATE KEY' or PKCS#1 'RSA PRIVATE KEY' block");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new InvalidKeySpecException("unsupported private key algorithm");
    }

    private static byte[] wrapRsa(byte[] pkcs1) {
        byte[] octetString = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
        byte[] body = concat(RSA_PKCS8_ALGORITHM, octetString);
        return concat(new byte[] {0x30}, length(body.length), body);
    }

    private static byte[] length(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        if (length < 0x100) {
            return new byte[] {(byte) 0x81, (byte) length};
        }
        if (length < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] out = new byte[total];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
    }
}
