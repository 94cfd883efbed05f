package io.blogimages.image.upload;

import org.apache.commons.fileupload2.core.MultipartInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The multipart reader against Commons FileUpload's MultipartInput, which it replaced, side by side in one run:
 * the same 256 MiB part of random bytes (as incompressible as image data) parsed from memory to a null stream,
 * both with 64 KiB buffers, four rounds each in turn. Run by multipart-parse.sh beside this file.
 */
public class MultipartParseBench {
    public static void main(String[] a) throws Exception {
        String boundary = "------------------------d74496d66958873e";
        byte[] data = new byte[256 * 1024 * 1024];
        new Random(1).nextBytes(data);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.write(data);
        b.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] body = b.toByteArray();
        byte[] bnd = boundary.getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            MultipartInput in = MultipartInput.builder().setInputStream(new ByteArrayInputStream(body)).setBoundary(bnd).setBufferSize(64 * 1024).get();
            in.skipPreamble(); in.readHeaders(); in.readBodyData(OutputStream.nullOutputStream());
            long t1 = System.nanoTime();
            MultipartReader r = new MultipartReader(new ByteArrayInputStream(body), bnd, 64 * 1024, 16384);
            r.skipPreamble(); r.readHeaders(); r.readBody(OutputStream.nullOutputStream());
            long t2 = System.nanoTime();
            System.out.printf("round %d: commons MultipartInput %.0f MiB/s, MultipartReader %.0f MiB/s%n", round,
                256 / ((t1 - t0) / 1e9), 256 / ((t2 - t1) / 1e9));
        }
    }
}
