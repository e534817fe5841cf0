package dev.presence.interfaces.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Bodies over 1 MiB get 413 {@code too-large}: by their Content-Length, or while reading a chunked body. */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {

    static final long MAX_BODY_BYTES = 1024 * 1024;
    /** Larger refused bodies are not read: the connection is closed under the sender instead. */
    static final long MAX_DRAINED_BYTES = 16 * 1024 * 1024;

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client gave up: nothing to answer
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > MAX_BODY_BYTES) {
            if (request.getLength() <= MAX_DRAINED_BYTES) {
                drain(request.getEntityStream()); // so the client, still sending, can read the 413
            }
            request.abortWith(ApiErrors.of(413, "too-large", "the body is larger than 1 MiB"));
            return;
        }
        request.setEntityStream(new Limited(request.getEntityStream()));
    }

    private static final class Limited extends FilterInputStream {
        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BODY_BYTES) {
                throw new ApiException(413, "too-large", "the body is larger than 1 MiB");
            }
        }
    }
}
