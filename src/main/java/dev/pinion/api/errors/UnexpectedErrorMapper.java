package dev.pinion.api.errors;

import dev.pinion.api.http.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything unhandled: logged with its stack trace and the request id, answered with Wings' generic
 * 500 message and never the trace itself — except a {@link VirtualMachineError} (OutOfMemoryError,
 * StackOverflowError...), which ends the process instead of leaving a JVM in an unknown state to limp
 * on (issue #10 item 3; systemd restarts the daemon, as for Wings). {@code scripts/run.sh} also passes
 * {@code -XX:+ExitOnOutOfMemoryError} so an OOM anywhere ends the process at once.
 */
@Provider
public final class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorMapper.class);
    /** Exit status after a fatal JVM error (as the JVM's own ExitOnOutOfMemoryError uses 3). */
    static final int FATAL_EXIT_STATUS = 3;

    /** Ends the process; {@link Runtime#halt} in production (no shutdown hooks: the heap may be gone). */
    @FunctionalInterface
    public interface Halt {
        void halt(int status);
    }

    private final Halt halt;

    @Context
    private HttpServletRequest request;

    public UnexpectedErrorMapper() {
        this(status -> Runtime.getRuntime().halt(status));
    }

    UnexpectedErrorMapper(Halt halt) {
        this.halt = halt;
    }

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof VirtualMachineError fatal) {
            try {
                LOG.error("fatal JVM error; ending the process", fatal);
            } finally {
                halt.halt(FATAL_EXIT_STATUS);
            }
            throw fatal;
        }
        LOG.error(
                "unexpected error handling {} {} (request id {})",
                request.getMethod(),
                request.getRequestURI(),
                RequestIds.of(request),
                e);
        return ErrorResponses.of(500, WingsMessages.UNEXPECTED, request);
    }
}
