package org.ictbench.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The SHA-256 of a table's rows as the driver holds them: the schema (names, types) and every value in
 * row order, each with its type tag and length, so equal digests mean the same rows in the same order.
 * Empty for a value of a type it does not know (a map, say): such rows are never taken as unchanged.
 */
final class RowsDigest {
  private static final int FLUSH_AT = 1 << 15;

  private RowsDigest() {}

  static Optional<String> of(List<Row> rows, StructType schema) {
    MessageDigest sha = ResourceTable.sha256Digest();
    ByteBuffer buf = ByteBuffer.allocate(FLUSH_AT + 64);
    putBytes(sha, buf, schema.catalogString().getBytes(StandardCharsets.UTF_8));
    for (Row r : rows) {
      buf.put((byte) 'R');
      for (int c = 0; c < r.length(); c++) {
        if (!put(sha, buf, r.get(c))) {
          return Optional.empty();
        }
      }
      if (buf.position() >= FLUSH_AT) {
        flush(sha, buf);
      }
    }
    flush(sha, buf);
    return Optional.of(HexFormat.of().formatHex(sha.digest()));
  }

  private static boolean put(MessageDigest sha, ByteBuffer buf, Object v) {
    if (v == null) {
      buf.put((byte) 'N');
    } else if (v instanceof String s) {
      buf.put((byte) 'S');
      putBytes(sha, buf, s.getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof Double d) {
      buf.put((byte) 'D').putLong(Double.doubleToLongBits(d));
    } else if (v instanceof Float f) {
      buf.put((byte) 'F').putInt(Float.floatToIntBits(f));
    } else if (v instanceof Long l) {
      buf.put((byte) 'L').putLong(l);
    } else if (v instanceof Integer i) {
      buf.put((byte) 'I').putInt(i);
    } else if (v instanceof Short s) {
      buf.put((byte) 'H').putShort(s);
    } else if (v instanceof Byte b) {
      buf.put((byte) 'B').put(b);
    } else if (v instanceof Boolean b) {
      buf.put((byte) (b ? 'T' : 'U'));
    } else if (v instanceof java.math.BigDecimal
        || v instanceof java.sql.Date || v instanceof java.sql.Timestamp
        || v instanceof java.time.LocalDate || v instanceof java.time.Instant) {
      // each of these prints the same text for the same value
      buf.put((byte) 'V');
      putBytes(sha, buf, (v.getClass().getSimpleName() + ':' + v).getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof Row nested) {
      buf.put((byte) 'W').putInt(nested.length());
      for (int c = 0; c < nested.length(); c++) {
        if (!put(sha, buf, nested.get(c))) {
          return false;
        }
      }
    } else if (v instanceof scala.collection.Seq<?> seq) {
      buf.put((byte) 'A').putInt(seq.size());
      for (scala.collection.Iterator<?> it = seq.iterator(); it.hasNext(); ) {
        if (!put(sha, buf, it.next())) {
          return false;
        }
      }
    } else if (v instanceof List<?> list) {
      buf.put((byte) 'A').putInt(list.size());
      for (Object o : list) {
        if (!put(sha, buf, o)) {
          return false;
        }
      }
    } else {
      return false;
    }
    if (buf.position() >= FLUSH_AT) {
      flush(sha, buf);
    }
    return true;
  }

  /** Length-prefixed, so that no two sequences of values share their bytes. */
  private static void putBytes(MessageDigest sha, ByteBuffer buf, byte[] bytes) {
    buf.putInt(bytes.length);
    if (bytes.length > buf.remaining()) {
      flush(sha, buf);
      sha.update(bytes);
    } else {
      buf.put(bytes);
    }
  }

  private static void flush(MessageDigest sha, ByteBuffer buf) {
    sha.update(buf.array(), 0, buf.position());
    buf.clear();
  }
}
