package org.ictbench.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Where a file stops being UTF-8: the first invalid byte's offset and line, for the error that
 * rejects the file. (The CSV parser's decoder reads ahead, so its failure does not say which record.)
 */
final class Utf8Scan {
  /** The first invalid sequence: byte offset (0-based), line (1-based) and its bytes in hex. */
  record Invalid(long offset, long line, String bytes) {}

  private Utf8Scan() {}

  static Invalid firstInvalid(InputStream in) throws IOException {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    CharBuffer chars = CharBuffer.allocate(1 << 16);
    long consumed = 0;
    long line = 1;
    boolean eof = false;
    while (true) {
      if (!eof) {
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + n);
        }
      }
      bytes.flip();
      int start = bytes.position();
      CoderResult r = d.decode(bytes, chars, eof);
      for (int i = start; i < bytes.position(); i++) {
        if (bytes.get(i) == '\n') {
          line++;
        }
      }
      consumed += bytes.position() - start;
      if (r.isError()) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
          hex.append(i == 0 ? "" : " ").append(String.format("%02X", bytes.get(bytes.position() + i) & 0xFF));
        }
        return new Invalid(consumed, line, hex.toString());
      }
      chars.clear();
      bytes.compact();
      if (eof && bytes.position() == 0) {
        return null;
      }
      if (eof && r.isUnderflow() && bytes.position() > 0 && bytes.position() == bytes.capacity()) {
        return null;
      }
    }
  }
}
