package io.blogimages.auth.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogTextTest {

    @Test
    void controlCharactersAndLineBreaksBecomeEscapes() {
        assertEquals("a\\nb\\r\\tc", LogText.escape("a\nb\r\tc"));
        assertEquals("\\u0000\\u001b[31m\\u007f\\u0085", LogText.escape("\u0000\u001b[31m\u007f\u0085"));
        assertEquals("\\u2028\\u2029\\u202e\\u2066", LogText.escape("\u2028\u2029\u202e\u2066"));
        assertEquals("x\\ud800y\\udc00", LogText.escape("x\ud800y\udc00"));
        assertEquals("back\\\\nslash", LogText.escape("back\\nslash")); // a literal "\n" cannot pose as an escape
    }

    @Test
    void plainTextIsLeftAlone() {
        String plain = "root-admin 198.51.100.7 émoji \uD83D\uDE00 日本";
        assertSame(plain, LogText.escape(plain));
        assertEquals("null", LogText.escape(null));
    }
}
