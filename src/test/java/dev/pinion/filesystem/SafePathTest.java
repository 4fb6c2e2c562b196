package dev.pinion.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Lexical normalisation of request paths (spec files-backups-transfers.md §1.1). */
class SafePathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/foo/../bar, bar",
        "foo/./bar//baz/, foo/bar/baz",
        "/, .",
        "'', .",
        "///a, a",
        "a/b/.., a",
        "a\\..\\b, a\\..\\b",
    })
    void normalisesRelativeToTheRoot(String input, String expected) {
        assertThat(SafePath.parse(input).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "/../x", "a/../../x", "a/b/../../../etc/passwd"})
    void refusesPathsThatClimbAboveTheRoot(String input) {
        assertThatThrownBy(() -> SafePath.parse(input))
                .isInstanceOfSatisfying(
                        FilesystemException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_PATH));
    }

    @Test
    void refusesNulBytesUpFront() {
        // spec §1.1: "A NUL byte fails at the syscall. Recommended: reject it up front as a bad path."
        assertThatThrownBy(() -> SafePath.parse("a\0b"))
                .isInstanceOfSatisfying(
                        FilesystemException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_PATH));
    }

    @Test
    void joinAppliesDotDotAcrossRootAndChildLikeGoPathJoin() {
        assertThat(SafePath.join("/dir", "../other/file").toString()).isEqualTo("other/file");
        assertThat(SafePath.join("/", "/abs").toString()).isEqualTo("abs");
    }

    @Test
    void parentAndNameSplitTheFinalComponent() {
        SafePath path = SafePath.parse("a/b/c.txt");
        assertThat(path.name()).isEqualTo("c.txt");
        assertThat(path.parent().toString()).isEqualTo("a/b");
        assertThat(path.slashPath()).isEqualTo("/a/b/c.txt");
        assertThat(SafePath.ROOT.parent().isRoot()).isTrue();
    }
}
