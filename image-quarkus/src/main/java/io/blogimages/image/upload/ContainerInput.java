package io.blogimages.image.upload;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The reading side of the container scrubbers: one fixed buffer over a file's stream, with the few primitives a
 * walk over markers, chunks and blocks needs. Every read past the end throws {@link EOFException} (a truncated
 * file); bulk copies and skips go through the buffer, so a large image chunk is never held in memory.
 */
final class ContainerInput {

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long consumed;

    ContainerInput(InputStream in) {
        this.in = in;
    }

    /** Bytes read so far (the offset of the next byte). */
    long position() {
        return consumed + pos;
    }

    /** The next byte, or -1 at the end of the file. */
    int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos++] & 0xFF;
    }

    int u8() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    int u16be() throws IOException {
        return (u8() << 8) | u8();
    }

    int u16le() throws IOException {
        return u8() | (u8() << 8);
    }

    int u24le() throws IOException {
        return u8() | (u8() << 8) | (u8() << 16);
    }

    long u32be() throws IOException {
        return ((long) u16be() << 16) | u16be();
    }

    long u32le() throws IOException {
        return u16le() | ((long) u16le() << 16);
    }

    byte[] bytes(int length) throws IOException {
        byte[] bytes = new byte[length];
        int done = 0;
        while (done < length) {
            if (pos == limit && !fill()) {
                throw new EOFException();
            }
            int n = Math.min(length - done, limit - pos);
            System.arraycopy(buffer, pos, bytes, done, n);
            pos += n;
            done += n;
        }
        return bytes;
    }

    /** Copies the next {@code length} bytes to {@code out}; {@code null} skips them. */
    void copy(long length, OutputStream out) throws IOException {
        long left = length;
        while (left > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException();
            }
            int n = (int) Math.min(left, limit - pos);
            if (out != null) {
                out.write(buffer, pos, n);
            }
            pos += n;
            left -= n;
        }
    }

    /** True when nothing follows. */
    boolean atEnd() throws IOException {
        return pos == limit && !fill();
    }

    /**
     * JPEG entropy-coded data: copies it to {@code out} up to the next marker and returns that marker's code (the
     * byte after 0xFF). 0xFF 0x00 (a stuffed byte) and 0xFF 0xD0–D7 (restart markers) belong to the data; fill bytes
     * (0xFF runs) before a marker are copied as they are, so the data stays byte for byte what it was.
     */
    int copyEntropyCoded(OutputStream out) throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                throw new EOFException();
            }
            int start = pos;
            while (pos < limit && buffer[pos] != (byte) 0xFF) {
                pos++;
            }
            if (out != null && pos > start) {
                out.write(buffer, start, pos - start);
            }
            if (pos == limit) {
                continue;
            }
            pos++; // the 0xFF
            int fills = 0;
            int next;
            while ((next = u8()) == 0xFF) {
                fills++;
            }
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                if (out != null) {
                    for (int i = 0; i <= fills; i++) {
                        out.write(0xFF);
                    }
                    out.write(next);
                }
                continue;
            }
            if (out != null) {
                for (int i = 0; i < fills; i++) {
                    out.write(0xFF);
                }
            }
            return next;
        }
    }

    private boolean fill() throws IOException {
        consumed += limit;
        pos = 0;
        limit = 0;
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }
}
