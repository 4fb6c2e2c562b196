package dev.pinion.panel;

/** The Panel answered 2xx but the body is not the JSON this call expects. */
public class PanelResponseFormatException extends PanelCallException {
    public PanelResponseFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
