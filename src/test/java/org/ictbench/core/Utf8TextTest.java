package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Byte-order marks at the start of a text input are dropped, however many; nothing else is. No Spark. */
class Utf8TextTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private static byte[] bytes(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void oneOrTwoLeadingMarksAreDropped() {
    assertEquals("a,b\n1,2\n", Utf8Text.decode(bytes(BOM, utf8("a,b\n1,2\n"))));
    assertEquals("a,b\n", Utf8Text.decode(bytes(BOM, BOM, utf8("a,b\n"))), "a re-saved export carries two");
    assertEquals("", Utf8Text.decode(BOM));
    assertEquals("", Utf8Text.decode(new byte[0]));
  }

  @Test
  void textWithoutALeadingMarkIsUnchanged() {
    assertEquals("séries,Беларусь,中国\n", Utf8Text.decode(utf8("séries,Беларусь,中国\n")));
    assertEquals("a\uFEFFb", Utf8Text.decode(bytes(utf8("a"), BOM, utf8("b"))), "a mark inside the text is data");
  }

  @Test
  void theStreamStartsAfterTheMarksAndReadsToTheEnd() throws IOException {
    try (InputStream in = Utf8Text.withoutBom(new ByteArrayInputStream(bytes(BOM, BOM, utf8("x,y"))))) {
      assertArrayEquals(utf8("x,y"), in.readAllBytes());
    }
    try (InputStream in = Utf8Text.withoutBom(new ByteArrayInputStream(bytes(utf8("x"), BOM)))) {
      assertArrayEquals(bytes(utf8("x"), BOM), in.readAllBytes());
    }
    byte[] partial = {(byte) 0xEF, (byte) 0xBB, 'x'}; // two bytes of a mark are not a mark
    try (InputStream in = Utf8Text.withoutBom(new ByteArrayInputStream(partial))) {
      assertArrayEquals(partial, in.readAllBytes());
    }
  }
}
