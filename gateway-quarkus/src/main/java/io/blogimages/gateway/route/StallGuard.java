package io.blogimages.gateway.route;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body on its way to a backend that fails when the client stops sending: no bytes for the body-read
 * timeout while the backend is ready to take more. Without it a stalled upload held a backend connection until
 * the response timeout, and counted as the backend's timeout. Time spent paused by back-pressure (the backend
 * is slow to read) is not the client's doing and is not counted.
 */
final class StallGuard implements ReadStream<Buffer> {

    /** The client sent nothing for the body-read timeout. */
    static final class BodyStalled extends RuntimeException {
        BodyStalled() {
            super("the request body stalled", null, false, false);
        }
    }

    private final ReadStream<Buffer> source;
    private final Vertx vertx;
    private final long timeoutMillis;
    private final Runnable onStall;
    private Handler<Throwable> exceptionHandler;
    private long timer = -1;
    private boolean flowing;
    private boolean done;

    StallGuard(ReadStream<Buffer> source, Vertx vertx, long timeoutMillis, Runnable onStall) {
        this.source = source;
        this.vertx = vertx;
        this.timeoutMillis = timeoutMillis;
        this.onStall = onStall;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        exceptionHandler = handler;
        source.exceptionHandler(failure -> {
            finish();
            if (handler != null) {
                handler.handle(failure);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        source.handler(handler == null ? null : chunk -> {
            arm();
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        flowing = false;
        disarm();
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        flowing = true;
        arm();
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        flowing = true;
        arm();
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
        source.endHandler(end -> {
            finish();
            if (handler != null) {
                handler.handle(end);
            }
        });
        return this;
    }

    private void arm() {
        disarm();
        if (flowing && !done) {
            timer = vertx.setTimer(timeoutMillis, id -> stalled());
        }
    }

    private void disarm() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void finish() {
        done = true;
        disarm();
    }

    private void stalled() {
        timer = -1;
        if (done) {
            return;
        }
        done = true;
        onStall.run();
        if (exceptionHandler != null) {
            exceptionHandler.handle(new BodyStalled());
        }
    }
}
