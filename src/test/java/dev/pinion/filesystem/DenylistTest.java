package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The go-gitignore translation of the egg file_denylist (spec files-backups-transfers.md §1.3). */
class DenylistTest {

    private static Denylist of(String... lines) {
        return Denylist.compile(List.of(lines));
    }

    @Test
    void plainNameMatchesAtAnyDepthAndEverythingBelowIt() {
        Denylist denylist = of("secret.txt");
        assertThat(denylist.matches("/secret.txt")).isTrue();
        assertThat(denylist.matches("secret.txt")).isTrue();
        assertThat(denylist.matches("/sub/secret.txt")).isTrue();
        assertThat(denylist.matches("/secret.txt/inner")).isTrue();
        assertThat(denylist.matches("/secret.txt.bak")).isFalse();
        assertThat(denylist.matches("/secretXtxt")).isFalse();
    }

    @Test
    void leadingSlashAnchorsAtTheRoot() {
        Denylist denylist = of("/config.yml");
        assertThat(denylist.matches("/config.yml")).isTrue();
        assertThat(denylist.matches("/plugins/config.yml")).isFalse();
    }

    @Test
    void starDoesNotCrossSlashes() {
        Denylist denylist = of("/*.jar");
        assertThat(denylist.matches("/server.jar")).isTrue();
        assertThat(denylist.matches("/plugins/x.jar")).isFalse();
    }

    @Test
    void dirSlashStarDotPatternIsAnchoredToTheRootLikeGoGitignore() {
        // §1.3 step 3: "plugins/*.jar" gets a leading '/', so it only matches at the root.
        Denylist denylist = of("plugins/*.jar");
        assertThat(denylist.matches("/plugins/a.jar")).isTrue();
        assertThat(denylist.matches("/x/plugins/a.jar")).isFalse();
    }

    @Test
    void doubleStarMatchesAnyDepth() {
        Denylist denylist = of("**/logs");
        assertThat(denylist.matches("/logs")).isTrue();
        assertThat(denylist.matches("/a/b/logs/latest.log")).isTrue();
        Denylist middle = of("a/**/z");
        assertThat(middle.matches("/a/z")).isTrue();
        assertThat(middle.matches("/a/b/c/z")).isTrue();
    }

    @Test
    void questionMarkIsALiteralNotAWildcard() {
        Denylist denylist = of("file?.txt");
        assertThat(denylist.matches("/file?.txt")).isTrue();
        assertThat(denylist.matches("/file1.txt")).isFalse();
    }

    @Test
    void negationOnlyClearsAnEarlierMatch() {
        Denylist denylist = of("*.log", "!keep.log");
        assertThat(denylist.matches("/a.log")).isTrue();
        assertThat(denylist.matches("/keep.log")).isFalse();
        Denylist negationFirst = of("!keep.log", "*.log");
        assertThat(negationFirst.matches("/keep.log")).isTrue();
    }

    @Test
    void commentsBlankLinesAndUncompilableLinesAreIgnored() {
        Denylist denylist = of("# secret.txt", "", "   ", "[unclosed", "real.txt\r");
        assertThat(denylist.matches("/secret.txt")).isFalse();
        assertThat(denylist.matches("/real.txt")).isTrue();
    }

    @Test
    void trailingSlashPatternMatchesTheDirectoryAndItsContents() {
        Denylist denylist = of("world/");
        assertThat(denylist.matches("/world")).isFalse();
        assertThat(denylist.matches("/world/")).isTrue();
        assertThat(denylist.matches("/world/region/r.0.0.mca")).isTrue();
    }

    @Test
    void endAnchorDoesNotMatchBeforeATrailingNewline() {
        // Wings' RE2 '$' is end of text; Java's '$' would also match before a final '\n'.
        assertThat(of("secret.txt").matches("/secret.txt\n")).isFalse();
    }
}
