package dev.pinion.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.pinion.filesystem.FileStat;
import java.time.ZoneId;

/**
 * One entry object as Wings sends it from list-directory, compress and foreground pull (spec
 * panel-to-wings-api.md §5.2): times in the node's zone at second precision, Go mode strings.
 */
@JsonPropertyOrder({"name", "created", "modified", "mode", "mode_bits", "size", "directory", "file", "symlink", "mime"})
public record FileEntry(
        @JsonProperty("name") String name,
        @JsonProperty("created") String created,
        @JsonProperty("modified") String modified,
        @JsonProperty("mode") String mode,
        @JsonProperty("mode_bits") String modeBits,
        @JsonProperty("size") long size,
        @JsonProperty("directory") boolean directory,
        @JsonProperty("file") boolean file,
        @JsonProperty("symlink") boolean symlink,
        @JsonProperty("mime") String mime) {

    public static FileEntry of(FileStat stat, ZoneId zone) {
        return new FileEntry(
                stat.name(),
                stat.createdText(zone),
                stat.modifiedText(zone),
                stat.modeString(),
                stat.modeBits(),
                stat.size(),
                stat.directory(),
                stat.file(),
                stat.symlink(),
                stat.mime());
    }
}
