package dev.pinion.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinion.api.errors.ApiException;
import dev.pinion.filesystem.ErrorKind;
import dev.pinion.filesystem.FilesystemException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Stopping an oversized upload while it is read (files-backups-transfers.md §4.6 recommendation). */
class UploadSizeGuardTest {
    private static final String BOUNDARY = "XyZ--boundary";

    private static byte[] body(int... sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"dir/f" + i
                            + ".bin\"\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            // Content that almost matches the delimiter must not confuse the scanner.
            byte[] content = new byte[sizes[i]];
            byte[] near = ("\r\n--" + BOUNDARY.substring(0, 5)).getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(near, 0, content, 0, Math.min(near.length, content.length));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[7777];
        while (in.read(buffer) >= 0) {
            // reading is what the guard watches
        }
    }

    @Test
    void partsUpToTheLimitPassWhateverTheirNumber() throws IOException {
        int mib = 1024 * 1024;
        drain(new UploadSizeGuard(new ByteArrayInputStream(body(mib, mib, 10, mib)), BOUNDARY, 1, Long.MAX_VALUE));
    }

    @Test
    void aPartOneByteOverTheLimitStopsTheReadWithWingsMessage() {
        int mib = 1024 * 1024;
        InputStream guard =
                new UploadSizeGuard(new ByteArrayInputStream(body(10, mib + 1 + 64)), BOUNDARY, 1, Long.MAX_VALUE);
        assertThatThrownBy(() -> drain(guard)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("File f1.bin is larger than the maximum file upload size of 1 MB.");
        });
    }

    @Test
    void partsTogetherBeyondTheBudgetStopTheReadWithTheDiskSpaceError() {
        int mib = 1024 * 1024;
        InputStream guard = new UploadSizeGuard(new ByteArrayInputStream(body(mib, mib, mib)), BOUNDARY, 1, 2L * mib);
        assertThatThrownBy(() -> drain(guard))
                .isInstanceOfSatisfying(
                        FilesystemException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NO_DISK));
    }

    @Test
    void partsTogetherWithinTheBudgetPass() throws IOException {
        int mib = 1024 * 1024;
        InputStream guard = new UploadSizeGuard(new ByteArrayInputStream(body(mib, mib)), BOUNDARY, 1, 2L * mib);
        drain(guard);
        assertThat(guard.read()).isEqualTo(-1);
    }

    @Test
    void moreThanAThousandPartsStopTheRead() {
        int[] sizes = new int[UploadSizeGuard.MAX_PARTS + 1];
        InputStream guard = new UploadSizeGuard(new ByteArrayInputStream(body(sizes)), BOUNDARY, 1, Long.MAX_VALUE);
        assertThatThrownBy(() -> drain(guard)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("Failed to get multipart form data from request.");
        });
    }

    @Test
    void aThousandPartsPass() throws IOException {
        InputStream guard = new UploadSizeGuard(
                new ByteArrayInputStream(body(new int[UploadSizeGuard.MAX_PARTS])), BOUNDARY, 1, Long.MAX_VALUE);
        drain(guard);
        assertThat(guard.read()).isEqualTo(-1);
    }

    @Test
    void theBoundaryIsReadFromTheContentType() {
        assertThat(UploadSizeGuard.boundaryOf("multipart/form-data; boundary=----abc"))
                .isEqualTo("----abc");
        assertThat(UploadSizeGuard.boundaryOf("multipart/form-data; boundary=\"a b\"; charset=x"))
                .isEqualTo("a b");
        assertThat(UploadSizeGuard.boundaryOf("multipart/form-data")).isNull();
    }
}
