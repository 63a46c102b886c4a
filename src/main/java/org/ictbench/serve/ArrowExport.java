package org.ictbench.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Arrow IPC file writer (the Arrow Java that Spark ships, version 19). Spark's flat column types map to
 * the matching Arrow types (timestamps as microseconds in UTC); anything else is written as UTF-8 text.
 * Rows are written in record batches of {@link #BATCH} rows. Text is not neutralised (Arrow is read by
 * programs, not spreadsheets).
 */
final class ArrowExport {
  static final int BATCH = 65_536;

  private ArrowExport() {}

  static Schema arrowSchema(StructType schema) {
    List<Field> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      fields.add(new Field(f.name(), new FieldType(true, arrowType(f.dataType()), null), null));
    }
    return new Schema(fields);
  }

  static ArrowType arrowType(DataType t) {
    if (t instanceof BooleanType) {
      return ArrowType.Bool.INSTANCE;
    } else if (t instanceof ByteType) {
      return new ArrowType.Int(8, true);
    } else if (t instanceof ShortType) {
      return new ArrowType.Int(16, true);
    } else if (t instanceof IntegerType) {
      return new ArrowType.Int(32, true);
    } else if (t instanceof LongType) {
      return new ArrowType.Int(64, true);
    } else if (t instanceof FloatType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    } else if (t instanceof DoubleType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    } else if (t instanceof DecimalType d) {
      return new ArrowType.Decimal(d.precision(), d.scale(), 128);
    } else if (t instanceof DateType) {
      return new ArrowType.Date(DateUnit.DAY);
    } else if (t instanceof TimestampType) {
      return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
    } else if (t instanceof BinaryType) {
      return ArrowType.Binary.INSTANCE;
    }
    return ArrowType.Utf8.INSTANCE;
  }

  static long write(StructType schema, Iterator<Row> rows, OutputStream os) throws IOException {
    long total = 0;
    try (BufferAllocator alloc = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema(schema), alloc);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(os))) {
      writer.start();
      int n = 0;
      root.allocateNew();
      while (rows.hasNext()) {
        Row r = rows.next();
        for (int c = 0; c < schema.fields().length; c++) {
          set(root.getVector(c), n, r.isNullAt(c) ? null : r.get(c));
        }
        n++;
        total++;
        if (n == BATCH) {
          flush(root, writer, n);
          n = 0;
          root.allocateNew();
        }
      }
      if (n > 0 || total == 0) {
        flush(root, writer, n);
      }
      writer.end();
    }
    return total;
  }

  private static void flush(VectorSchemaRoot root, ArrowFileWriter writer, int n) throws IOException {
    for (FieldVector v : root.getFieldVectors()) {
      v.setValueCount(n);
    }
    root.setRowCount(n);
    writer.writeBatch();
  }

  private static void set(FieldVector v, int i, Object x) {
    if (x == null) {
      v.setNull(i);
      return;
    }
    if (v instanceof BitVector b) {
      b.setSafe(i, ((Boolean) x) ? 1 : 0);
    } else if (v instanceof TinyIntVector b) {
      b.setSafe(i, (Byte) x);
    } else if (v instanceof SmallIntVector b) {
      b.setSafe(i, (Short) x);
    } else if (v instanceof IntVector b) {
      b.setSafe(i, (Integer) x);
    } else if (v instanceof BigIntVector b) {
      b.setSafe(i, (Long) x);
    } else if (v instanceof Float4Vector b) {
      b.setSafe(i, (Float) x);
    } else if (v instanceof Float8Vector b) {
      b.setSafe(i, (Double) x);
    } else if (v instanceof DecimalVector b) {
      b.setSafe(i, (BigDecimal) x);
    } else if (v instanceof DateDayVector b) {
      LocalDate d = x instanceof Date sd ? sd.toLocalDate() : (LocalDate) x;
      b.setSafe(i, (int) d.toEpochDay());
    } else if (v instanceof TimeStampMicroTZVector b) {
      Instant t = x instanceof Timestamp ts ? ts.toInstant() : (Instant) x;
      b.setSafe(i, t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
    } else if (v instanceof VarBinaryVector b) {
      b.setSafe(i, (byte[]) x);
    } else {
      ((VarCharVector) v).setSafe(i, TableExport.CellText.of(x, false).getBytes(StandardCharsets.UTF_8));
    }
  }
}
