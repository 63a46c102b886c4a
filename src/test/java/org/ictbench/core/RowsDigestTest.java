package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The digest that lets a derived table keep its version when its new rows are the rows it holds: equal
 * for equal rows, different for any change a reader could see (a value, a null, the order, a column's
 * name or type), and absent for a value it cannot digest. No Spark needed.
 */
class RowsDigestTest {
  private static final StructType SCHEMA = new StructType().add("iso3", DataTypes.StringType)
      .add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType).add("is_member", DataTypes.BooleanType)
      .add("vintage", DataTypes.DateType);

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("BLR", 2023, 89.5, true, java.sql.Date.valueOf("2024-11-01")));
    rows.add(RowFactory.create("CHN", 2023, 90.6, false, java.sql.Date.valueOf("2024-11-01")));
    rows.add(RowFactory.create("ABW", null, null, null, null));
    return rows;
  }

  private static String digest(List<Row> rows, StructType schema) {
    return RowsDigest.of(rows, schema).orElseThrow();
  }

  @Test
  void equalRowsGiveEqualDigests() {
    assertEquals(digest(rows(), SCHEMA), digest(rows(), SCHEMA));
    assertEquals(64, digest(rows(), SCHEMA).length());
  }

  @Test
  void everyChangeAReaderCouldSeeGivesAnotherDigest() {
    Set<String> digests = new HashSet<>();
    digests.add(digest(rows(), SCHEMA));
    List<Row> value = rows();
    value.set(0, RowFactory.create("BLR", 2023, Math.nextUp(89.5), true, java.sql.Date.valueOf("2024-11-01")));
    digests.add(digest(value, SCHEMA));
    List<Row> nulled = rows();
    nulled.set(2, RowFactory.create("ABW", null, null, false, null));
    digests.add(digest(nulled, SCHEMA));
    List<Row> emptyText = rows();
    emptyText.set(2, RowFactory.create("", null, null, null, null));
    digests.add(digest(emptyText, SCHEMA));
    List<Row> order = rows();
    order.add(0, order.remove(1));
    digests.add(digest(order, SCHEMA));
    List<Row> fewer = rows();
    fewer.remove(2);
    digests.add(digest(fewer, SCHEMA));
    List<Row> date = rows();
    date.set(1, RowFactory.create("CHN", 2023, 90.6, false, java.sql.Date.valueOf("2024-11-02")));
    digests.add(digest(date, SCHEMA));
    // the same values under another column name or type
    digests.add(digest(rows(), new StructType().add("economy", DataTypes.StringType)
        .add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType).add("is_member", DataTypes.BooleanType)
        .add("vintage", DataTypes.DateType)));
    digests.add(digest(rows(), new StructType().add("iso3", DataTypes.StringType)
        .add("year", DataTypes.LongType).add("value", DataTypes.DoubleType).add("is_member", DataTypes.BooleanType)
        .add("vintage", DataTypes.DateType)));
    // values that run together differently: "AB" + "C" against "A" + "BC"
    StructType two = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType);
    digests.add(digest(List.of(RowFactory.create("AB", "C")), two));
    digests.add(digest(List.of(RowFactory.create("A", "BC")), two));
    assertEquals(11, digests.size(), "every change gives a digest of its own");
  }

  @Test
  void aValueItCannotDigestGivesNone() {
    StructType schema = new StructType().add("iso3", DataTypes.StringType)
        .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    assertEquals(Optional.empty(), RowsDigest.of(List.<Row>of(RowFactory.create("BLR", Map.of("a", "b"))), schema));
    assertTrue(RowsDigest.of(List.of(), schema).isPresent(), "no rows: nothing it cannot digest");
    assertNotEquals(RowsDigest.of(List.of(), schema), RowsDigest.of(List.of(), SCHEMA));
  }
}
