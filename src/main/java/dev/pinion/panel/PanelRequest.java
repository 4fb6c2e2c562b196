package dev.pinion.panel;

/**
 * One call to make: method, path under /api/remote (already encoded), encoded query or null, and
 * the JSON body (null for GET).
 */
record PanelRequest(String method, String path, String query, byte[] body) {
    static PanelRequest get(String path, String query) {
        return new PanelRequest("GET", path, query, null);
    }

    static PanelRequest post(String path, byte[] body) {
        return new PanelRequest("POST", path, null, body);
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query);
    }
}
