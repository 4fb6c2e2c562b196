package dev.pinion.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Panel's (Laravel exception handler's) error bodies, as spec wings-to-panel-and-config.md A1 shows them. */
final class PanelErrors {
    static final String GENERIC_DETAIL =
            "An unexpected error was encountered while processing this request, please try again.";
    static final String MODEL_NOT_FOUND_DETAIL = "The requested resource could not be found on the server.";

    private PanelErrors() {}

    /** {@code {"errors":[{"code":…,"status":"<status>","detail":…}]}}. */
    static ObjectNode body(String code, int status, String detail) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putArray("errors").addObject();
        error.put("code", code).put("status", Integer.toString(status)).put("detail", detail);
        return root;
    }

    /** The body an HTTP exception of this status would get, for injected failures. */
    static ObjectNode forStatus(int status) {
        return switch (status) {
            case 400 -> body("BadRequestHttpException", status, "");
            case 401 -> body("UnauthorizedHttpException", status, "");
            case 403 -> body("AccessDeniedHttpException", status, "");
            case 404 -> body("NotFoundHttpException", status, MODEL_NOT_FOUND_DETAIL);
            case 409 -> body("ConflictHttpException", status, "");
            case 429 -> body("TooManyRequestsHttpException", status, "Too Many Attempts.");
            case 503 -> body("ServiceUnavailableHttpException", status, "");
            default ->
                body(status >= 500 ? "HttpException" : "HttpException", status, status >= 500 ? GENERIC_DETAIL : "");
        };
    }

    /** A 422 body with one entry per failed rule. */
    static final class Validation {
        private final ObjectNode root = JsonNodeFactory.instance.objectNode();
        private final ArrayNode errors = root.putArray("errors");

        Validation fail(String field, String rule, String detail) {
            ObjectNode error = errors.addObject();
            error.put("code", "ValidationException").put("status", "422").put("detail", detail);
            error.putObject("meta").put("source_field", field).put("rule", rule);
            return this;
        }

        boolean failed() {
            return !errors.isEmpty();
        }

        ObjectNode body() {
            return root;
        }
    }
}
