package dev.pinion.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pinion.testing.FakePanelState.Backup;
import dev.pinion.testing.FakePanelState.Server;
import dev.pinion.testing.FakePanelState.User;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The Panel's /api/remote endpoints as the Panel's controllers answer them (spec
 * wings-to-panel-and-config.md A3–A11), over {@link FakePanelState}. Requests arrive authenticated.
 */
final class FakePanelRoutes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SERVER = Pattern.compile("/servers/([^/]+)");
    private static final Pattern INSTALL = Pattern.compile("/servers/([^/]+)/install");
    private static final Pattern TRANSFER = Pattern.compile("/servers/([^/]+)/transfer/(success|failure)");
    private static final Pattern BACKUP = Pattern.compile("/backups/([^/]+)");
    private static final Pattern RESTORE = Pattern.compile("/backups/([^/]+)/restore");
    private static final Pattern UUID_SHAPE =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern IPV4 =
            Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final int SFTP_MAX_ATTEMPTS = 5;
    private static final long SFTP_DECAY_NANOS = 60_000_000_000L;

    private final FakePanelState state;
    private final String baseUrl;
    private final Map<String, List<Long>> sftpFailures = new ConcurrentHashMap<>();

    FakePanelRoutes(FakePanelState state, String baseUrl) {
        this.state = state;
        this.baseUrl = baseUrl;
    }

    /** Dispatches one request; {@code path} is below /api/remote. */
    FakePanelReply handle(String method, String path, Map<String, String> query, byte[] body, String clientIp) {
        Matcher m;
        if (path.equals("/servers")) {
            return method.equals("GET") ? listServers(query) : notAllowed(method, path, "GET, HEAD");
        }
        if (path.equals("/servers/reset")) {
            return method.equals("POST") ? resetServers() : notAllowed(method, path, "POST");
        }
        if ((m = INSTALL.matcher(path)).matches()) {
            return switch (method) {
                case "GET" -> installScript(m.group(1));
                case "POST" -> installFinished(m.group(1), input(body));
                default -> notAllowed(method, path, "GET, HEAD, POST");
            };
        }
        if ((m = TRANSFER.matcher(path)).matches()) {
            // Routed for both GET and POST on the Panel.
            return method.equals("GET") || method.equals("POST")
                    ? transferStatus(m.group(1), m.group(2).equals("success"))
                    : notAllowed(method, path, "GET, HEAD, POST");
        }
        if ((m = SERVER.matcher(path)).matches()) {
            return method.equals("GET") ? serverDetails(m.group(1)) : notAllowed(method, path, "GET, HEAD");
        }
        if ((m = RESTORE.matcher(path)).matches()) {
            return method.equals("POST") ? restoreFinished(m.group(1), input(body)) : notAllowed(method, path, "POST");
        }
        if ((m = BACKUP.matcher(path)).matches()) {
            return switch (method) {
                case "GET" -> backupUploadUrls(m.group(1), query);
                case "POST" -> backupFinished(m.group(1), input(body));
                default -> notAllowed(method, path, "GET, HEAD, POST");
            };
        }
        if (path.equals("/sftp/auth")) {
            return method.equals("POST") ? sftpAuth(input(body), clientIp) : notAllowed(method, path, "POST");
        }
        if (path.equals("/activity")) {
            return method.equals("POST") ? activity(input(body)) : notAllowed(method, path, "POST");
        }
        return routeNotFound("api/remote" + path);
    }

    static FakePanelReply routeNotFound(String path) {
        return FakePanelReply.error("NotFoundHttpException", 404, "The route " + path + " could not be found.");
    }

    private static FakePanelReply notAllowed(String method, String path, String allowed) {
        return FakePanelReply.error(
                "MethodNotAllowedHttpException",
                405,
                "The " + method + " method is not supported for route api/remote" + path + ". Supported methods: "
                        + allowed + ".");
    }

    // ---- A3 ----

    private FakePanelReply listServers(Map<String, String> query) {
        int page = Math.max(1, phpInt(query.get("page")));
        int perPage = phpInt(query.getOrDefault("per_page", "50"));
        if (perPage <= 0) {
            perPage = 15; // Laravel falls back to the model's default page size.
        }
        List<Server> mine = state.servers.values().stream()
                .filter(s -> s.onThisNode)
                .sorted(Comparator.comparing(Server::uuid))
                .toList();
        int total = mine.size();
        int lastPage = Math.max(1, (total + perPage - 1) / perPage);
        int fromIndex = Math.min(total, (page - 1) * perPage);
        int toIndex = Math.min(total, fromIndex + perPage);

        ObjectNode root = JSON.objectNode();
        ArrayNode data = root.putArray("data");
        for (Server server : mine.subList(fromIndex, toIndex)) {
            ObjectNode item = data.addObject();
            item.put("uuid", server.uuid());
            item.set("settings", settingsOf(server));
            item.set(
                    "process_configuration",
                    server.config.path("process_configuration").deepCopy());
        }
        String path = baseUrl + "/api/remote/servers";
        ObjectNode links = root.putObject("links");
        links.put("first", path + "?page=1");
        links.put("last", path + "?page=" + lastPage);
        putUrlOrNull(links, "prev", page > 1 ? path + "?page=" + (page - 1) : null);
        putUrlOrNull(links, "next", page < lastPage ? path + "?page=" + (page + 1) : null);
        ObjectNode meta = root.putObject("meta");
        meta.put("current_page", page);
        if (fromIndex < toIndex) {
            meta.put("from", fromIndex + 1);
        } else {
            meta.putNull("from");
        }
        meta.put("last_page", lastPage);
        ArrayNode metaLinks = meta.putArray("links");
        ObjectNode previous = metaLinks.addObject();
        putUrlOrNull(previous, "url", page > 1 ? path + "?page=" + (page - 1) : null);
        previous.put("label", "&laquo; Previous").put("active", false);
        for (int p = 1; p <= lastPage; p++) {
            metaLinks
                    .addObject()
                    .put("url", path + "?page=" + p)
                    .put("label", Integer.toString(p))
                    .put("active", p == page);
        }
        ObjectNode next = metaLinks.addObject();
        putUrlOrNull(next, "url", page < lastPage ? path + "?page=" + (page + 1) : null);
        next.put("label", "Next &raquo;").put("active", false);
        meta.put("path", path);
        meta.put("per_page", perPage);
        if (fromIndex < toIndex) {
            meta.put("to", toIndex);
        } else {
            meta.putNull("to");
        }
        meta.put("total", total);
        return FakePanelReply.json(200, root);
    }

    private static void putUrlOrNull(ObjectNode node, String key, String url) {
        if (url == null) {
            node.putNull(key);
        } else {
            node.put(key, url);
        }
    }

    private static ObjectNode settingsOf(Server server) {
        ObjectNode settings = server.config.path("settings").deepCopy();
        // The Panel derives "suspended" from the server's status.
        settings.put("suspended", server.suspended());
        return settings;
    }

    // ---- A4, A5 ----

    private FakePanelReply serverDetails(String id) {
        // Not scoped to the calling node: any node can read any server.
        return state.server(id)
                .map(s -> {
                    ObjectNode body = JSON.objectNode();
                    body.set("settings", settingsOf(s));
                    body.set(
                            "process_configuration",
                            s.config.path("process_configuration").deepCopy());
                    return FakePanelReply.json(200, body);
                })
                .orElseGet(FakePanelRoutes::recordNotFound);
    }

    private static FakePanelReply recordNotFound() {
        return FakePanelReply.error("RecordNotFoundException", 404, "");
    }

    private FakePanelReply resetServers() {
        for (Server server : state.servers.values()) {
            if (server.onThisNode && ("installing".equals(server.status) || "restoring_backup".equals(server.status))) {
                server.status = null;
            }
        }
        return FakePanelReply.noContent();
    }

    // ---- A6, A7 ----

    private FakePanelReply installScript(String id) {
        return state.server(id)
                .map(s -> FakePanelReply.json(200, s.installScript.deepCopy()))
                .orElseGet(FakePanelRoutes::recordNotFound);
    }

    private FakePanelReply installFinished(String id, JsonNode input) {
        PanelErrors.Validation validation = new PanelErrors.Validation();
        requireBoolean(validation, input, "successful", true);
        requireBoolean(validation, input, "reinstall", false);
        if (validation.failed()) {
            return FakePanelReply.json(422, validation.body());
        }
        Server server = state.server(id).orElse(null);
        if (server == null) {
            return recordNotFound();
        }
        String status = null;
        if (!laravelBoolean(input.path("successful"))) {
            status = laravelBoolean(input.path("reinstall")) ? "reinstall_failed" : "install_failed";
        }
        if ("suspended".equals(server.status)) {
            status = "suspended";
        }
        server.status = status;
        return FakePanelReply.noContent();
    }

    // ---- A8 ----

    private FakePanelReply transferStatus(String id, boolean success) {
        Server server = state.server(id).orElse(null);
        if (server == null) {
            return recordNotFound();
        }
        if (!server.transferring) {
            return FakePanelReply.error("ConflictHttpException", 409, "Server is not being transferred.");
        }
        server.transferring = false;
        if (success) {
            // The Panel moves the server to the node that reported success (the target).
            server.onThisNode = true;
        }
        return FakePanelReply.noContent();
    }

    // ---- A9 ----

    private FakePanelReply backupUploadUrls(String id, Map<String, String> query) {
        long size = phpLong(query.get("size"));
        if (size == 0) {
            return FakePanelReply.error(
                    "BadRequestHttpException", 400, "A non-empty \"size\" query parameter must be provided.");
        }
        Backup backup = state.backups.get(id);
        if (backup == null) {
            return FakePanelReply.error("NotFoundHttpException", 404, PanelErrors.MODEL_NOT_FOUND_DETAIL);
        }
        Server server = state.servers.get(backup.serverUuid);
        if (server == null || !server.onThisNode) {
            // The Panel means a 403 here but references an un-imported class, so PHP answers 500 (spec A9.1).
            return FakePanelReply.error("Error", 500, PanelErrors.GENERIC_DETAIL);
        }
        if (backup.completed) {
            return FakePanelReply.error("ConflictHttpException", 409, "This backup is already in a completed state.");
        }
        if (!state.s3Backups) {
            return FakePanelReply.error(
                    "BadRequestHttpException", 400, "The configured backup adapter is not an S3 compatible adapter.");
        }
        long partSize = state.backupPartSize;
        long parts = (size + partSize - 1) / partSize;
        S3Proxy s3 = state.s3;
        if (s3 != null) {
            return realS3UploadUrls(s3, backup, partSize, parts);
        }
        backup.uploadId = UUID.randomUUID().toString().replace("-", "");
        ObjectNode body = JSON.objectNode();
        ArrayNode urls = body.putArray("parts");
        for (long part = 1; part <= parts; part++) {
            urls.add(baseUrl + "/fake-s3/" + backup.serverUuid + "/" + backup.uuid + ".tar.gz?partNumber=" + part
                    + "&uploadId=" + backup.uploadId
                    + "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=fake");
        }
        body.put("part_size", partSize);
        return FakePanelReply.json(200, body);
    }

    /**
     * BackupRemoteUploadController against a real S3: CreateMultipartUpload, then one presigned UploadPart
     * URL per part. The URLs point at this Panel's {@code /s3-relay/} path, which forwards to S3
     * unchanged (the signature covers S3's host), so tests can inject failures on the way.
     */
    private FakePanelReply realS3UploadUrls(S3Proxy s3, Backup backup, long partSize, long parts) {
        String key = backup.serverUuid + "/" + backup.uuid + ".tar.gz";
        backup.uploadId = s3.createMultipartUpload(key);
        ObjectNode body = JSON.objectNode();
        ArrayNode urls = body.putArray("parts");
        String endpoint = s3.endpoint().toString();
        for (int part = 1; part <= parts; part++) {
            String url = s3.presignUploadPart(key, backup.uploadId, part);
            urls.add(baseUrl + "/s3-relay" + url.substring(endpoint.length()));
        }
        body.put("part_size", partSize);
        return FakePanelReply.json(200, body);
    }

    /** Forwards a request under /s3-relay/ to the real S3, answering S3's status, ETag and body. */
    FakePanelReply s3Relay(RecordedRequest request) {
        S3Proxy s3 = state.s3;
        if (s3 == null) {
            return routeNotFound(request.path());
        }
        String target = s3.endpoint()
                + request.path().substring("/s3-relay".length())
                + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target))
                .method(request.method(), BodyPublishers.ofByteArray(request.body()));
        String type = request.header("Content-Type");
        if (type != null) {
            forward.header("Content-Type", type);
        }
        try {
            HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(forward.build(), BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            answer.headers().firstValue("ETag").ifPresent(etag -> headers.put("ETag", etag));
            answer.headers().firstValue("Content-Type").ifPresent(t -> headers.put("Content-Type", t));
            return new FakePanelReply(answer.statusCode(), headers, answer.body().length == 0 ? null : answer.body());
        } catch (IOException e) {
            return new FakePanelReply(502, Map.of(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FakePanelReply(502, Map.of(), null);
        }
    }

    /** The Panel's effect of a backup report on S3: complete with the listed parts (or S3's list), or abort. */
    private static FakePanelReply finishRealS3(S3Proxy s3, Backup backup, boolean successful, JsonNode parts) {
        String key = backup.serverUuid + "/" + backup.uuid + ".tar.gz";
        try {
            if (!successful) {
                s3.abortMultipartUpload(key, backup.uploadId);
                return null;
            }
            List<CompletedPart> completed = null;
            if (parts.isArray()) {
                completed = new ArrayList<>();
                for (JsonNode part : parts) {
                    completed.add(CompletedPart.builder()
                            .partNumber(part.path("part_number").asInt())
                            .eTag(part.path("etag").asText())
                            .build());
                }
            }
            s3.completeMultipartUpload(key, backup.uploadId, completed);
            return null;
        } catch (RuntimeException e) {
            // The Panel does not catch S3 errors here: the node gets a 500.
            return FakePanelReply.error("S3Exception", 500, e.getMessage());
        }
    }

    private FakePanelReply backupFinished(String id, JsonNode input) {
        PanelErrors.Validation validation = new PanelErrors.Validation();
        requireBoolean(validation, input, "successful", true);
        boolean successful = laravelBoolean(input.path("successful"));
        if (successful) {
            for (String field : List.of("checksum", "checksum_type", "size")) {
                if (blank(input.path(field))) {
                    validation.fail(
                            field,
                            "required_if",
                            "The " + field.replace('_', ' ') + " field is required when successful is true.");
                }
            }
        }
        JsonNode parts = input.path("parts");
        if (!parts.isMissingNode() && !parts.isNull()) {
            if (!parts.isArray()) {
                validation.fail("parts", "array", "The parts field must be an array.");
            } else {
                for (int i = 0; i < parts.size(); i++) {
                    if (blank(parts.get(i).path("etag"))) {
                        validation.fail(
                                "parts." + i + ".etag", "required", "The parts." + i + ".etag field is required.");
                    }
                    if (!parts.get(i).path("part_number").isNumber()) {
                        validation.fail(
                                "parts." + i + ".part_number",
                                "required",
                                "The parts." + i + ".part_number field is required.");
                    }
                }
            }
        }
        if (validation.failed()) {
            return FakePanelReply.json(422, validation.body());
        }
        Backup backup = state.backups.get(id);
        if (backup == null) {
            return FakePanelReply.error("NotFoundHttpException", 404, PanelErrors.MODEL_NOT_FOUND_DETAIL);
        }
        Server server = state.servers.get(backup.serverUuid);
        if (server == null || !server.onThisNode) {
            return FakePanelReply.error(
                    "HttpForbiddenException", 403, "You do not have permission to access that backup.");
        }
        if (backup.successful) {
            return FakePanelReply.error(
                    "BadRequestHttpException",
                    400,
                    "Cannot update the status of a backup that is already marked as completed.");
        }
        S3Proxy s3 = state.s3;
        if (s3 != null && backup.uploadId != null) {
            FakePanelReply failed = finishRealS3(s3, backup, successful, parts);
            if (failed != null) {
                return failed;
            }
        }
        backup.lastReport = input.deepCopy();
        backup.successful = successful;
        backup.completed = true;
        return FakePanelReply.noContent();
    }

    private FakePanelReply restoreFinished(String id, JsonNode input) {
        Backup backup = state.backups.get(id);
        if (backup == null) {
            return FakePanelReply.error("NotFoundHttpException", 404, PanelErrors.MODEL_NOT_FOUND_DETAIL);
        }
        backup.restoreSuccessful = laravelBoolean(input.path("successful"));
        Server server = state.servers.get(backup.serverUuid);
        if (server != null) {
            server.status = null; // even on failure, as the Panel does
        }
        return FakePanelReply.noContent();
    }

    /** PUT to a presigned part URL handed out by {@link #backupUploadUrls}: stores the part, answers its ETag. */
    FakePanelReply s3PutPart(String path, Map<String, String> query, byte[] body) {
        String[] segments = path.split("/");
        String file = segments[segments.length - 1];
        String backupUuid = file.endsWith(".tar.gz") ? file.substring(0, file.length() - ".tar.gz".length()) : file;
        Backup backup = state.backups.get(backupUuid);
        if (backup == null || backup.uploadId == null || !backup.uploadId.equals(query.get("uploadId"))) {
            return new FakePanelReply(
                    404,
                    Map.of("Content-Type", "application/xml"),
                    "<Error><Code>NoSuchUpload</Code></Error>".getBytes());
        }
        int part = phpInt(query.get("partNumber"));
        backup.s3Parts.put(part, body);
        return new FakePanelReply(200, Map.of("ETag", "\"" + md5(body) + "\""), null);
    }

    // ---- A10 ----

    private FakePanelReply sftpAuth(JsonNode input, String clientIp) {
        PanelErrors.Validation validation = new PanelErrors.Validation();
        for (String field : List.of("username", "password")) {
            if (blank(input.path(field))) {
                validation.fail(field, "required", "The " + field + " field is required.");
            } else if (!input.path(field).isTextual()) {
                validation.fail(field, "string", "The " + field + " field must be a string.");
            }
        }
        JsonNode type = input.path("type");
        if (!blank(type) && !List.of("password", "public_key").contains(type.asText())) {
            validation.fail("type", "in", "The selected type is invalid.");
        }
        if (validation.failed()) {
            return FakePanelReply.json(422, validation.body());
        }
        String username = input.path("username").asText();
        int dot = username.lastIndexOf('.');
        String serverPart = dot < 0 ? username : username.substring(dot + 1);
        String userPart = dot < 0 ? "" : username.substring(0, dot);
        if (serverPart.isEmpty()) {
            return FakePanelReply.error(
                    "BadRequestHttpException", 400, "No valid server identifier was included in the request.");
        }
        String throttleKey = serverPart.toLowerCase() + "|" + clientIp;
        long retryIn = throttledFor(throttleKey);
        if (retryIn > 0) {
            return FakePanelReply.error(
                            "TooManyRequestsHttpException",
                            429,
                            "Too many login attempts for this account, please try again in " + retryIn + " seconds.")
                    .withHeader("Retry-After", Long.toString(retryIn));
        }
        User user = state.users.get(userPart);
        if (user == null) {
            return rejectSftp(throttleKey, true);
        }
        Server server = state.server(serverPart).filter(s -> s.onThisNode).orElse(null);
        if (server == null) {
            return rejectSftp(throttleKey, true);
        }
        String secret = input.path("password").asText();
        if (!"public_key".equals(type.asText())) {
            if (!secret.equals(user.password)) {
                return rejectSftp(throttleKey, true);
            }
        } else {
            String key = keyBody(secret);
            if (key == null || user.keys.stream().map(FakePanelRoutes::keyBody).noneMatch(key::equals)) {
                // Only a key that cannot be parsed counts as a failed attempt: clients offer several keys.
                return rejectSftp(throttleKey, key == null);
            }
        }
        boolean owner = user.username.equals(server.owner);
        List<String> permissions;
        if (user.rootAdmin || owner) {
            permissions = new ArrayList<>(List.of("*"));
            if (user.rootAdmin) {
                permissions.addAll(
                        List.of("admin.websocket.errors", "admin.websocket.install", "admin.websocket.transfer"));
            }
        } else {
            permissions = server.subusers.getOrDefault(user.username, List.of());
            if (!permissions.contains("file.sftp")) {
                return FakePanelReply.error(
                        "HttpForbiddenException", 403, "You do not have permission to access SFTP for this server.");
            }
        }
        FakePanelReply conflict = stateConflict(server);
        if (conflict != null) {
            return conflict;
        }
        ObjectNode body = JSON.objectNode();
        body.put("user", user.uuid);
        body.put("server", server.uuid());
        ArrayNode list = body.putArray("permissions");
        permissions.forEach(list::add);
        return FakePanelReply.json(200, body);
    }

    private static FakePanelReply stateConflict(Server server) {
        String detail = null;
        if (server.suspended()) {
            detail = "This server is currently suspended and the functionality requested is unavailable.";
        } else if ("installing".equals(server.status)
                || "install_failed".equals(server.status)
                || "reinstall_failed".equals(server.status)) {
            detail = "This server has not yet completed its installation process, please try again later.";
        } else if ("restoring_backup".equals(server.status)) {
            detail = "This server is currently restoring from a backup, please try again later.";
        } else if (server.transferring) {
            detail = "This server is currently being transferred to a new machine, please try again later.";
        }
        return detail == null ? null : FakePanelReply.error("ServerStateConflictException", 409, detail);
    }

    private FakePanelReply rejectSftp(String throttleKey, boolean countsAsFailure) {
        if (countsAsFailure) {
            sftpFailures.computeIfAbsent(throttleKey, k -> new ArrayList<>());
            sftpFailures.computeIfPresent(throttleKey, (k, list) -> {
                list.add(System.nanoTime());
                return list;
            });
        }
        return FakePanelReply.error(
                "HttpForbiddenException", 403, "Authorization credentials were not correct, please try again.");
    }

    /** Seconds until the key may try again, or 0 when fewer than 5 failures happened in the last minute. */
    private long throttledFor(String key) {
        long now = System.nanoTime();
        List<Long> recent = new ArrayList<>();
        sftpFailures.computeIfPresent(key, (k, list) -> {
            list.removeIf(t -> now - t > SFTP_DECAY_NANOS);
            recent.addAll(list);
            return list;
        });
        if (recent.size() < SFTP_MAX_ATTEMPTS) {
            return 0;
        }
        long oldest = recent.get(0);
        return Math.max(1, (SFTP_DECAY_NANOS - (now - oldest)) / 1_000_000_000L);
    }

    /** The "type base64" part of an authorized_keys line, or null when it is not one. */
    private static String keyBody(String authorizedKey) {
        String[] parts = authorizedKey.trim().split("\\s+");
        if (parts.length < 2 || !parts[0].matches("[a-z0-9@.-]+") || !parts[1].matches("[A-Za-z0-9+/]+=*")) {
            return null;
        }
        return parts[0] + " " + parts[1];
    }

    // ---- A11 ----

    private FakePanelReply activity(JsonNode input) {
        PanelErrors.Validation validation = new PanelErrors.Validation();
        JsonNode data = input.path("data");
        if (!data.isArray()) {
            validation.fail(
                    "data",
                    data.isMissingNode() || data.isNull() ? "required" : "array",
                    data.isMissingNode() || data.isNull()
                            ? "The data field is required."
                            : "The data field must be an array.");
            return FakePanelReply.json(422, validation.body());
        }
        for (int i = 0; i < data.size(); i++) {
            JsonNode entry = data.get(i);
            String prefix = "data." + i + ".";
            JsonNode user = entry.path("user");
            if (!blank(user)
                    && !(user.isTextual() && UUID_SHAPE.matcher(user.asText()).matches())) {
                validation.fail(prefix + "user", "uuid", "The " + prefix + "user field must be a valid UUID.");
            }
            JsonNode server = entry.path("server");
            if (blank(server)) {
                validation.fail(prefix + "server", "required", "The " + prefix + "server field is required.");
            } else if (!UUID_SHAPE.matcher(server.asText()).matches()) {
                validation.fail(prefix + "server", "uuid", "The " + prefix + "server field must be a valid UUID.");
            }
            if (blank(entry.path("event"))) {
                validation.fail(prefix + "event", "required", "The " + prefix + "event field is required.");
            }
            JsonNode metadata = entry.path("metadata");
            if (metadata.isMissingNode()) {
                validation.fail(prefix + "metadata", "present", "The " + prefix + "metadata field must be present.");
            } else if (!metadata.isNull() && !metadata.isContainerNode()) {
                validation.fail(prefix + "metadata", "array", "The " + prefix + "metadata field must be an array.");
            }
            JsonNode ip = entry.path("ip");
            if (!blank(ip) && !isIp(ip.asText())) {
                validation.fail(prefix + "ip", "ip", "The " + prefix + "ip field must be a valid IP address.");
            }
            if (blank(entry.path("timestamp"))) {
                validation.fail(prefix + "timestamp", "required", "The " + prefix + "timestamp field is required.");
            }
        }
        if (validation.failed()) {
            return FakePanelReply.json(422, validation.body());
        }
        for (JsonNode entry : data) {
            String event = entry.path("event").asText();
            boolean onThisNode = state.server(entry.path("server").asText())
                    .map(s -> s.onThisNode)
                    .orElse(false);
            // Entries for other nodes' servers or non-server events are dropped silently.
            if (onThisNode && event.startsWith("server:")) {
                state.activity.add(entry.deepCopy());
            }
        }
        return FakePanelReply.emptyOk();
    }

    // ---- helpers ----

    /** The request input as Laravel sees it: the JSON object body, or nothing. */
    private static JsonNode input(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? node : MissingNode.getInstance();
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    /** Laravel's "required" after ConvertEmptyStringsToNull: missing, null and "" (after trim) are blank. */
    private static boolean blank(JsonNode node) {
        return node.isMissingNode()
                || node.isNull()
                || (node.isTextual() && node.asText().trim().isEmpty());
    }

    private static void requireBoolean(
            PanelErrors.Validation validation, JsonNode input, String field, boolean required) {
        JsonNode value = input.path(field);
        if (blank(value)) {
            if (required) {
                validation.fail(field, "required", "The " + field + " field is required.");
            }
            return;
        }
        boolean ok = value.isBoolean()
                || (value.isIntegralNumber() && (value.asLong() == 0 || value.asLong() == 1))
                || (value.isTextual() && List.of("0", "1").contains(value.asText()));
        if (!ok) {
            validation.fail(field, "boolean", "The " + field + " field must be true or false.");
        }
    }

    private static boolean laravelBoolean(JsonNode value) {
        return value.isBoolean()
                ? value.asBoolean()
                : value.asText().equals("1") || value.asText().equals("true");
    }

    /** PHP's (int) cast of a query value: leading digits, else 0. */
    private static long phpLong(String value) {
        if (value == null) {
            return 0;
        }
        Matcher m = Pattern.compile("^\\s*(-?\\d+)").matcher(value);
        if (!m.find()) {
            return 0;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException tooBig) {
            return Long.MAX_VALUE;
        }
    }

    private static int phpInt(String value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, phpLong(value)));
    }

    private static boolean isIp(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !value.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(value);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
