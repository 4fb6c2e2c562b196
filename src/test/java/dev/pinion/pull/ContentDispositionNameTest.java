package dev.pinion.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pull's name from Content-Disposition (files-backups-transfers.md §3.2). */
class ContentDispositionNameTest {
    @Test
    void readsQuotedAndPlainNamesAndPrefersFilenameStar() {
        assertThat(ContentDispositionName.of("attachment; filename=\"a b.jar\""))
                .hasValue("a b.jar");
        assertThat(ContentDispositionName.of("attachment; filename=plain.zip")).hasValue("plain.zip");
        assertThat(ContentDispositionName.of("attachment; filename=\"x.jar\"; filename*=UTF-8''%C3%A9.jar"))
                .hasValue("\u00e9.jar");
        assertThat(ContentDispositionName.of("attachment; filename=\"semi;colon.jar\""))
                .hasValue("semi;colon.jar");
    }

    @Test
    void noNameIsEmptyAndAnUnterminatedQuoteIsAnError() {
        assertThat(ContentDispositionName.of("inline")).isEmpty();
        assertThatThrownBy(() -> ContentDispositionName.of("attachment; filename=\"open"))
                .isInstanceOf(PullException.class);
    }

    @Test
    void onlyTheBaseNameIsKeptAndDotNamesAreRefused() {
        // issue #10 item 6: the remote server must not choose which in-root file gets overwritten.
        assertThat(ContentDispositionName.of("attachment; filename=\"../../server.properties\""))
                .hasValue("server.properties");
        assertThat(ContentDispositionName.of("attachment; filename*=UTF-8''..%2Fplugins%2Fevil.jar"))
                .hasValue("evil.jar");
        assertThat(ContentDispositionName.of("attachment; filename=/etc/passwd"))
                .hasValue("passwd");
        for (String bad : new String[] {"..", ".", "dir/", "a/..", "%2E%2E"}) {
            assertThatThrownBy(() -> ContentDispositionName.of("attachment; filename*=UTF-8''" + bad))
                    .as(bad)
                    .isInstanceOf(PullException.class);
        }
        assertThatThrownBy(() -> ContentDispositionName.of("attachment; filename=\"..\""))
                .isInstanceOf(PullException.class);
    }
}
