package org.ictbench.curate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Adds each slot's resolution ({@code entity_status}, {@code iso3}, {@code aggregate_code},
 * {@code candidates}, {@code matched_by}) in the same pass that produces the slots: the resolver is
 * broadcast once and called from a UDF that remembers, per task, the answer for each (publisher,
 * code, name) it has seen, so each distinct entity is resolved once per task and no separate pass
 * collects the distinct keys first.
 */
final class EntityResolution {
  static final StructType RESOLUTION = new StructType()
      .add("entity_status", DataTypes.StringType).add("iso3", DataTypes.StringType)
      .add("aggregate_code", DataTypes.StringType)
      .add("candidates", DataTypes.createArrayType(DataTypes.StringType))
      .add("matched_by", DataTypes.StringType);

  private EntityResolution() {}

  /** {@code slots} (with publisher, entity_code, entity_name) plus the five resolution columns. */
  static Dataset<Row> resolve(Dataset<Row> slots, CountryResolver resolver) {
    Broadcast<CountryResolver> shared = JavaSparkContext.fromSparkContext(slots.sparkSession().sparkContext())
        .broadcast(resolver);
    UserDefinedFunction resolve = udf(new Memo(shared), RESOLUTION).withName("resolve_entity");
    Dataset<Row> withStruct = slots.withColumn("_resolution",
        resolve.apply(col("publisher"), col("entity_code"), col("entity_name")));
    for (String f : RESOLUTION.fieldNames()) {
      withStruct = withStruct.withColumn(f, col("_resolution." + f));
    }
    return withStruct.drop("_resolution");
  }

  /** The answer as a row of {@link #RESOLUTION}. */
  static Row row(Resolution r) {
    return RowFactory.create(r.status().name(), r.iso3(), r.aggregateCode(), r.candidates().toArray(new String[0]),
        r.matchedBy());
  }

  /** The UDF: one resolver call per distinct key per task (each task deserializes its own copy). */
  private static final class Memo implements UDF3<String, String, String, Row> {
    private final Broadcast<CountryResolver> resolver;
    private transient Map<List<String>, Row> seen;

    Memo(Broadcast<CountryResolver> resolver) {
      this.resolver = resolver;
    }

    @Override
    public Row call(String publisher, String code, String name) {
      if (seen == null) {
        seen = new ConcurrentHashMap<>();
      }
      List<String> key = Arrays.asList(publisher, code, name);
      Row r = seen.get(key);
      if (r == null) {
        r = row(resolver.value().resolve(publisher, code, name));
        seen.put(key, r);
      }
      return r;
    }
  }
}
