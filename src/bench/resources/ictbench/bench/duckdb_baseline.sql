-- The DuckDB baseline of jobs/bench.sh: what a user would write instead of ictbench, for speed.
-- Same inputs, same country resolution by code (publisher-scoped aliases first, then global ones,
-- then WB/ITU aggregate codes; names only as a fallback, normalized with strip_accents/lower/trim,
-- a simplification of ictbench's NameNormalizer), the same per-slot rules in the same order with the
-- same reason codes, the same within-file duplicate rules, the same vintage precedence, results
-- written to Parquet. Placeholders ${...} are filled by org.ictbench.bench.DuckDbBaseline.
SET threads = ${threads};
SET memory_limit = '${memory_limit}';
SET temp_directory = '${out}/duckdb_tmp';
SET preserve_insertion_order = false;

CREATE TEMP TABLE source AS SELECT source_id, publisher, CAST(precedence AS INTEGER) AS precedence
  FROM read_csv('${ref}/source.csv', header = true, all_varchar = true);
CREATE TEMP TABLE code_map AS
  SELECT c.source_id, c.publisher_code, c.indicator_id, i.unit,
         CAST(i.min_value AS DOUBLE) AS min_value, CAST(i.max_value AS DOUBLE) AS max_value
  FROM read_csv('${ref}/indicator_code.csv', header = true, all_varchar = true) c
  JOIN read_csv('${ref}/indicator.csv', header = true, all_varchar = true) i USING (indicator_id);

-- Every (publisher, key) the reference data resolves: country aliases (scoped beat global), then aggregates.
CREATE TEMP TABLE alias AS
  SELECT kind, scope, iso3,
         CASE WHEN kind = 'code' THEN upper(trim(alias))
              ELSE trim(regexp_replace(lower(strip_accents(alias)), '[\s_]+', ' ', 'g')) END AS k
  FROM read_csv('${ref}/country_alias.csv', header = true, all_varchar = true);
CREATE TEMP TABLE resolution AS
  WITH pubs AS (SELECT * FROM (VALUES ('ITU'), ('WB'), ('OWID')) p(publisher)),
  grouped AS (
    SELECT p.publisher, a.kind, a.k, a.scope, list(DISTINCT a.iso3) AS iso3s
    FROM pubs p JOIN alias a ON a.scope = p.publisher OR a.scope = '*'
    WHERE a.k <> '' GROUP BY ALL),
  hits AS (
    SELECT *, row_number() OVER (PARTITION BY publisher, kind, k ORDER BY scope = '*') AS pick FROM grouped),
  countries AS (
    SELECT publisher, kind, k, CASE WHEN len(iso3s) = 1 THEN 'COUNTRY' ELSE 'AMBIGUOUS' END AS status,
           CASE WHEN len(iso3s) = 1 THEN iso3s[1] END AS iso3, NULL::VARCHAR AS aggregate_code
    FROM hits WHERE pick = 1),
  aggs AS (
    SELECT publisher, 'code' AS kind, upper(trim(code)) AS k, 'AGGREGATE' AS status, NULL AS iso3,
           upper(trim(code)) AS aggregate_code
    FROM read_csv('${ref}/aggregate_entity.csv', header = true, all_varchar = true) WHERE trim(coalesce(code, '')) <> ''
    UNION ALL
    SELECT publisher, 'name', trim(regexp_replace(lower(strip_accents(name)), '[\s_]+', ' ', 'g')), 'AGGREGATE', NULL,
           CASE WHEN trim(coalesce(code, '')) = '' THEN publisher || ':' || trim(name) ELSE upper(trim(code)) END
    FROM read_csv('${ref}/aggregate_entity.csv', header = true, all_varchar = true))
  SELECT * FROM countries
  UNION ALL SELECT * FROM aggs a WHERE NOT EXISTS (
    SELECT 1 FROM countries c WHERE c.publisher = a.publisher AND c.kind = a.kind AND c.k = a.k)
  QUALIFY row_number() OVER (PARTITION BY publisher, kind, k ORDER BY status = 'AGGREGATE') = 1;
CREATE TEMP TABLE res_code AS SELECT publisher, k, status, iso3, aggregate_code FROM resolution WHERE kind = 'code';
CREATE TEMP TABLE res_name AS SELECT publisher, k, status, iso3, aggregate_code FROM resolution WHERE kind = 'name';

CREATE TEMP VIEW wdi_raw AS SELECT * FROM read_csv('${wdi_glob}', skip = 4, header = true, all_varchar = true,
                                                   filename = true, quote = '"', escape = '"');
-- Value slots from both layouts (DataHub: one per row; WDI: one per year column, empty ones included).
CREATE TEMP TABLE slots AS
  SELECT 'ITU_DATAHUB' AS source_id, 'ITU' AS publisher, filename, entityIso AS entity_code,
         entityName AS entity_name, seriesCode AS publisher_code, dataYear AS year_raw, dataValue AS value_raw,
         CAST(regexp_extract(filename, '/([0-9]{4}-[0-9]{2})/[^/]*$', 1) || '-01' AS DATE) AS vintage
  FROM read_csv('${datahub_glob}', header = true, all_varchar = true, filename = true, quote = '"', escape = '"')
  UNION ALL
  SELECT 'WB_WDI', 'WB', u.filename, "Country Code", "Country Name", "Indicator Code", year_raw, value_raw, v.vintage
  FROM wdi_raw UNPIVOT INCLUDE NULLS (value_raw FOR year_raw IN (COLUMNS('^[0-9]{4}$'))) u
  JOIN wdi_vintage v USING (filename);

CREATE TEMP TABLE routed AS
  WITH r AS (
    SELECT s.*, m.indicator_id, m.unit, m.min_value, m.max_value,
           coalesce(rc.status, rn.status, 'UNKNOWN') AS entity_status,
           coalesce(rc.iso3, rn.iso3) AS iso3, coalesce(rc.aggregate_code, rn.aggregate_code) AS aggregate_code,
           CASE WHEN regexp_matches(trim(year_raw), '^[0-9]{4}$') THEN CAST(trim(year_raw) AS INTEGER) END AS year,
           trim(regexp_replace(trim(value_raw), '[*]+$', '')) AS cleaned
    FROM slots s
    LEFT JOIN code_map m ON m.source_id = s.source_id AND m.publisher_code = s.publisher_code
    LEFT JOIN res_code rc ON rc.publisher = s.publisher AND rc.k = upper(trim(s.entity_code))
    LEFT JOIN res_name rn ON rc.k IS NULL AND rn.publisher = s.publisher
      AND rn.k = trim(regexp_replace(lower(strip_accents(s.entity_name)), '[\s_]+', ' ', 'g'))),
  v AS (
    SELECT *, CASE WHEN regexp_matches(cleaned, '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$')
                   THEN CAST(cleaned AS DOUBLE) END AS value
    FROM r),
  c AS (
    SELECT *, CASE
      WHEN indicator_id IS NULL THEN 'UNKNOWN_INDICATOR'
      WHEN year IS NULL OR year NOT BETWEEN 1900 AND 2100 THEN 'BAD_YEAR'
      WHEN entity_status = 'UNKNOWN' THEN 'UNKNOWN_COUNTRY'
      WHEN entity_status = 'AMBIGUOUS' THEN 'AMBIGUOUS_COUNTRY'
      WHEN value_raw IS NULL OR regexp_matches(lower(trim(value_raw)), '^(|[.]{2,3}|n/a|n[.]a[.]?|na|nan|null|-{2,})$')
        THEN 'MISSING_VALUE'
      WHEN value IS NULL THEN 'UNPARSEABLE_VALUE'
      WHEN isnan(value) OR value < min_value OR value > max_value THEN 'OUT_OF_RANGE'
    END AS rule_reason
    FROM v)
  SELECT * EXCLUDE (rule_reason, cleaned), CASE
      WHEN rule_reason IS NOT NULL THEN rule_reason
      WHEN min(value) OVER w <> max(value) OVER w THEN 'DUPLICATE_CONFLICT'
      WHEN row_number() OVER w > 1 THEN 'DUPLICATE_EXACT' END AS reason_code
  FROM c
  WINDOW w AS (PARTITION BY filename, coalesce(iso3, aggregate_code), indicator_id, year, rule_reason IS NULL);

COPY (SELECT iso3, indicator_id AS indicator, year, value, unit, source_id AS source, vintage, publisher_code,
             value_raw AS raw_value, filename AS file_uri
      FROM routed WHERE reason_code IS NULL AND entity_status = 'COUNTRY')
  TO '${out}/observation.parquet' (FORMAT parquet);
COPY (SELECT aggregate_code, entity_name AS aggregate_name, publisher, indicator_id AS indicator, year, value, unit,
             source_id AS source, vintage, publisher_code, value_raw AS raw_value, filename AS file_uri
      FROM routed WHERE reason_code IS NULL AND entity_status = 'AGGREGATE')
  TO '${out}/aggregate_observation.parquet' (FORMAT parquet);
COPY (SELECT reason_code, source_id AS source, publisher_code, entity_code, entity_name, year_raw, value_raw, vintage,
             filename AS file_uri
      FROM routed WHERE reason_code IS NOT NULL)
  TO '${out}/quarantine.parquet' (FORMAT parquet);
COPY (SELECT o.*, count(*) OVER k AS candidates
      FROM read_parquet('${out}/observation.parquet') o JOIN source s ON s.source_id = o.source
      WINDOW k AS (PARTITION BY iso3, indicator, year)
      QUALIFY row_number() OVER (k ORDER BY s.precedence, o.vintage DESC) = 1)
  TO '${out}/observation_latest.parquet' (FORMAT parquet);
