package dev.pinion.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP host key (spec websocket-sftp-activity.md §2.2): {@code <system.data>/.sftp/id_ed25519}, an
 * Ed25519 key in PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), file 0600 in a 0755 directory. The file Wings
 * wrote is loaded as is, so clients see no host-key change when a node switches; a missing one is
 * generated (written to a temporary file and renamed, so a crash never leaves half a key).
 */
public final class HostKey {
    private static final Logger LOG = LoggerFactory.getLogger(HostKey.class);
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private HostKey() {}

    /** Loads the key at {@code file}, generating it first when absent. */
    public static KeyPair loadOrCreate(Path file) throws IOException {
        BouncyCastleProvider provider = new BouncyCastleProvider();
        try {
            if (!Files.exists(file)) {
                generate(file, provider);
            }
            KeyPair pair = read(file, provider);
            LOG.info("sftp host key {}: {}", file, PublicKeyEntry.toString(pair.getPublic()));
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the SFTP host key " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair read(Path file, BouncyCastleProvider provider) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException("not a PKCS#8 PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        PrivateKey key = KeyFactory.getInstance("Ed25519", provider).generatePrivate(new PKCS8EncodedKeySpec(der));
        if (!(key instanceof EdDSAPrivateKey edKey)) {
            throw new GeneralSecurityException("not an Ed25519 key");
        }
        return new KeyPair(edKey.getPublicKey(), key);
    }

    private static void generate(Path file, BouncyCastleProvider provider)
            throws IOException, GeneralSecurityException {
        Path directory = file.getParent();
        Files.createDirectories(
                directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519", provider).generateKeyPair();
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded());
        Path temporary = directory.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, BEGIN + "\n" + body + "\n" + END + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("sftp: generated a new Ed25519 host key at {}", file);
    }
}
