package org.ictbench.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.io.input.BOMInputStream;

/**
 * UTF-8 text inputs without their byte-order marks, however many the text starts with (a re-saved
 * export can carry two): every reader of raw files, reference tables, claims and peer-group files
 * goes through here, so a BOM never reaches a header or a value.
 */
public final class Utf8Text {
  private Utf8Text() {}

  /** {@code in} positioned after the UTF-8 byte-order marks it starts with. */
  public static InputStream withoutBom(InputStream in) throws IOException {
    BOMInputStream s = BOMInputStream.builder().setInputStream(in).get();
    while (s.hasBOM()) {
      s = BOMInputStream.builder().setInputStream(s).get();
    }
    return s;
  }

  /** The rest of {@code in} as UTF-8 text, without leading byte-order marks. */
  public static String read(InputStream in) throws IOException {
    return new String(withoutBom(in).readAllBytes(), StandardCharsets.UTF_8);
  }

  /** {@code bytes} as UTF-8 text, without leading byte-order marks. */
  public static String decode(byte[] bytes) {
    try {
      return read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail to read
    }
  }
}
