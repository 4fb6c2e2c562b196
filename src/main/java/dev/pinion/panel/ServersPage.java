package dev.pinion.panel;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of GET /servers: its items and the Laravel paginator's {@code meta} (spec A3). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServersPage(
        @JsonProperty("data") List<RawServerData> data,
        @JsonProperty("meta") Pagination meta) {
    public ServersPage {
        data = data == null ? List.of() : List.copyOf(data);
        meta = meta == null ? new Pagination(1, 0, 1, 0, 0, 0) : meta;
    }

    /** The paginator fields Wings reads; {@code from}/{@code to} are null on an empty page and read as 0. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pagination(
            @JsonProperty("current_page") long currentPage,
            @JsonProperty("from") long from,
            @JsonProperty("last_page") long lastPage,
            @JsonProperty("per_page") long perPage,
            @JsonProperty("to") long to,
            @JsonProperty("total") long total) {}
}
