package dev.pinion.panel;

/**
 * The Panel answered with an error status. Carries the first entry of the Panel's
 * {@code {"errors":[{code,status,detail}]}} body, or Wings' {@code _MissingResponseCode} stand-in
 * when there is none (spec wings-to-panel-and-config.md A1).
 */
public class PanelException extends PanelCallException {
    /** The code Wings uses when the Panel's error body has no {@code errors} entry. */
    public static final String MISSING_RESPONSE_CODE = "_MissingResponseCode";
    /** The detail Wings uses when the Panel's error body has no {@code errors} entry. */
    public static final String MISSING_RESPONSE_DETAIL = "No error response returned from API endpoint.";

    private final int httpStatus;
    private final String code;
    private final String status;
    private final String detail;

    /**
     * @param httpStatus the response's HTTP status
     * @param code the error's {@code code} (exception class basename on the Panel)
     * @param status the error's {@code status} as the Panel wrote it (a string)
     * @param detail the error's {@code detail}
     */
    public PanelException(int httpStatus, String code, String status, String detail) {
        // Wings' log text, so operators see the same line from either daemon.
        super("Error response from Panel: " + code + ": " + detail + " (HTTP/" + httpStatus + ")");
        this.httpStatus = httpStatus;
        this.code = code;
        this.status = status;
        this.detail = detail;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    public String status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    /** True for a 4xx answer: the Panel refused the request and retrying will not help. */
    public boolean isClientError() {
        return httpStatus >= 400 && httpStatus < 500;
    }

    /** True when the Panel does not know the resource (e.g. "server does not exist on remote system"). */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
