package dev.pinion.sftp;

import static java.lang.invoke.MethodType.methodType;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's Poly1305 ({@code com.sun.crypto.provider.Poly1305}, what its ChaCha20-Poly1305 AEAD uses, a
 * HotSpot intrinsic on AVX2/AVX-512) for {@link JdkChaCha20Poly1305}: about 0.15 CPU-s per GiB here
 * against 0.7 for Pinion's {@link Poly1305}, on every byte an SFTP transfer sends or receives. The class
 * is not exported, so this works only when the JVM runs with {@code --add-opens
 * java.base/com.sun.crypto.provider=ALL-UNNAMED} (the jar's manifest says so for {@code java -jar}; the
 * tests and the bench pass it); otherwise {@link #AVAILABLE} is false and {@link OneTimeMac#create} falls
 * back. The handle is checked against RFC 8439's vector before it is trusted. Its weak-key check is off:
 * the key comes from ChaCha20 per packet, as in OpenSSH.
 */
final class JdkPoly1305 implements OneTimeMac {
    private static final Logger LOG = LoggerFactory.getLogger(JdkPoly1305.class);
    private static final MethodHandle NEW;
    private static final MethodHandle INIT;
    private static final MethodHandle UPDATE;
    private static final MethodHandle FINISH;
    /** True when the JDK's Poly1305 can be used (and gave RFC 8439's tag). */
    static final boolean AVAILABLE;

    static {
        MethodHandle create = null;
        MethodHandle init = null;
        MethodHandle update = null;
        MethodHandle finish = null;
        boolean available = false;
        try {
            Class<?> type = Class.forName("com.sun.crypto.provider.Poly1305");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            create = lookup.findConstructor(type, methodType(void.class, boolean.class))
                    .asType(methodType(Object.class, boolean.class));
            init = lookup.findVirtual(
                            type, "engineInit", methodType(void.class, Key.class, AlgorithmParameterSpec.class))
                    .asType(methodType(void.class, Object.class, Key.class, AlgorithmParameterSpec.class));
            update = lookup.findVirtual(
                            type, "engineUpdate", methodType(void.class, byte[].class, int.class, int.class))
                    .asType(methodType(void.class, Object.class, byte[].class, int.class, int.class));
            finish = lookup.findVirtual(type, "engineDoFinal", methodType(byte[].class))
                    .asType(methodType(byte[].class, Object.class));
            available = rfc8439Vector(create, init, update, finish);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("sftp: the JDK's Poly1305 is not open to Pinion ({}); using Pinion's", e.toString());
        }
        NEW = create;
        INIT = init;
        UPDATE = update;
        FINISH = finish;
        AVAILABLE = available;
    }

    private final Object mac;

    JdkPoly1305() {
        try {
            mac = (Object) NEW.invokeExact(false);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's Poly1305", e);
        }
    }

    @Override
    public void init(byte[] key) {
        try {
            INIT.invokeExact(
                    mac, (Key) new SecretKeySpec(key, 0, Poly1305.KEY_BYTES, "Poly1305"), (AlgorithmParameterSpec)
                            null);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's Poly1305", e);
        }
    }

    @Override
    public void update(byte[] data, int offset, int length) {
        try {
            UPDATE.invokeExact(mac, data, offset, length);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's Poly1305", e);
        }
    }

    @Override
    public void doFinal(byte[] out, int offset) {
        try {
            byte[] tag = (byte[]) FINISH.invokeExact(mac);
            System.arraycopy(tag, 0, out, offset, Poly1305.TAG_BYTES);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK's Poly1305", e);
        }
    }

    private static boolean rfc8439Vector(
            MethodHandle create, MethodHandle init, MethodHandle update, MethodHandle finish) {
        try {
            // RFC 8439 §2.5.2
            byte[] key = HexFormat.of().parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
            byte[] message = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
            Object mac = (Object) create.invokeExact(false);
            init.invokeExact(mac, (Key) new SecretKeySpec(key, "Poly1305"), (AlgorithmParameterSpec) null);
            update.invokeExact(mac, message, 0, message.length);
            byte[] tag = (byte[]) finish.invokeExact(mac);
            return Arrays.equals(tag, HexFormat.of().parseHex("a8061dc1305136c6c22b8baf0c0127a9"));
        } catch (Throwable e) {
            LOG.debug("sftp: the JDK's Poly1305 failed its check ({}); using Pinion's", e.toString());
            return false;
        }
    }
}
