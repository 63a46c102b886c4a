#!/usr/bin/env python3
"""Generate ictbench's bundled input data under data/raw/ from the shared publisher files.

Usage (from the repository root):

    python3 jobs/dev/make_bundled_raw.py --shared ../shared

Standard library only. The output is deterministic: the same shared files give byte-identical output.

The bundled files are small subsets (countries, years) of real publisher downloads, re-written by this
script in the publishers' own layouts:

* ITU DataHub long exports (BOM, type-dependent quoting, LF records, embedded CR/LF in notes, no final
  newline), with the long definition prose in seriesDescription replaced by a short sentence of our own.
* World Bank WDI bulk CSVs (BOM, CRLF, 4 junk lines, every field quoted, trailing comma), two vintages.
  The 2024 vintage was only available re-saved by Excel; this script restores the original layout.
* ITU IDI 2024 Annex 2 input values, with edition, reference-year and source columns added.

Every writer is checked against the shared originals (a whole-file round trip through the same writer
must reproduce the original bytes), so the layout is the publisher's, not an approximation.
"""

import argparse
import csv
import io
import os
import sys

# --------------------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------------------

COVER_GROUPS = [
    ("Belarus and China", ["BLR", "CHN"]),
    ("EAEU members", ["ARM", "KAZ", "KGZ", "RUS"]),
    ("CIS-related", ["AZE", "MDA", "TJK", "TKM", "UZB", "UKR", "GEO"]),
    ("China-CEEC", ["ALB", "BIH", "BGR", "HRV", "CZE", "GRC", "HUN", "MNE", "MKD", "POL", "ROU",
                    "SRB", "SVK", "SVN", "LTU", "EST", "LVA"]),
    ("comparators", ["DEU", "USA", "IND", "BRA", "JPN", "KOR", "FIN"]),
]
COVER = [c for _, codes in COVER_GROUPS for c in codes]
COVER_SET = set(COVER)

# WDI aggregates. HPC is added beyond the brief's list because it is the only aggregate whose
# SpecialNotes value spans several lines (the quirk we keep; see SOURCES.md).
WDI_AGGREGATES = ["WLD", "ECS", "EAS", "HIC", "UMC", "LMC", "EUU", "ARB", "HPC"]
WDI_MULTILINE_NOTE_CODE = "HPC"

DATAHUB_MIN_YEAR = 2015
DATAHUB_VINTAGE = "2025-10"

# file name -> (series codes kept, in the order they appear in the shared file)
DATAHUB_FILES = [
    ("individuals_using_internet.csv", ["i99H"]),
    ("households_internet_access.csv", ["xHH6_IDI"]),
    ("active_mobile_broadband_subscriptions.csv", ["i271mw", "i911mw"]),
    ("fixed_broadband_subscriptions.csv", ["i4213tfbb", "i992b"]),
    ("population_coverage_mobile_network.csv", ["i271pop", "i271G", "i271GA", "i271G5_pop"]),
    ("mobile_phone_ownership.csv", ["xHH18_IDI"]),
    ("fixed_broadband_price_5gb.csv", ["i154_FBB5$", "i154_FBB5_GNI", "i154_FBB5_PPP"]),
]

# Our own short descriptions (the shipped seriesDescription is long definition prose; not copied).
OWN_DESCRIPTIONS = {
    "i99H": "Internet users as a share of the population, in percent.",
    "xHH6_IDI": "Share of households that have Internet access at home, in percent.",
    "i271mw": "Number of active mobile-broadband subscriptions (a count, despite the units label).",
    "i911mw": "Active mobile-broadband subscriptions per 100 inhabitants (despite the units label).",
    "i4213tfbb": "Number of fixed-broadband subscriptions (a count, despite the units label).",
    "i992b": "Fixed-broadband subscriptions per 100 inhabitants.",
    "i271pop": "Share of the population covered by at least a 2G mobile signal, in percent.",
    "i271G": "Share of the population covered by at least a 3G mobile network, in percent.",
    "i271GA": "Share of the population covered by at least an LTE/WiMAX network, in percent.",
    "i271G5_pop": "Share of the population covered by at least a 5G network, in percent.",
    "xHH18_IDI": "Share of individuals who own a mobile phone, in percent.",
    "i154_FBB5$": "Price of a 5 GB fixed-broadband basket in US dollars (despite the units label).",
    "i154_FBB5_GNI": "Price of a 5 GB fixed-broadband basket as a percentage of GNI per capita.",
    "i154_FBB5_PPP": "Price of a 5 GB fixed-broadband basket in PPP dollars (despite the units label).",
    "i999zz": "Synthetic test series that does not exist at ITU.",
}

DATAHUB_HEADER = ["seriesID", "seriesCode", "seriesName", "seriesParent", "seriesUnits", "entityID",
                  "entityIso", "entityName", "dataValue", "dataYear", "dataNote", "dataSource",
                  "seriesDescription"]
# Columns written without quotes by the DataHub export (ids, year, the always-empty parent).
DATAHUB_UNQUOTED = {0, 3, 5, 9}

WDI_2023_DIR = "wdi/wdi_2023-05_internet"
WDI_2023_DATA = "API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv"
WDI_2023_META = "Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv"
WDI_2024_DIR = "wdi/user_resaved_2024-11_figure-friday"
WDI_2024_DATA = "API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
WDI_2024_META = "Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv"
# The Figure-Friday copy lost its "Last Updated Date" line in the Excel re-save. Its contents
# (FY25 income groups, published 2024-07-01) and its use in Figure-Friday 2024 week 48 (late
# November 2024) bound the release, but do not pin the day; the folder's month is used with day 01.
WDI_2024_LAST_UPDATED = "2024-11-01"

IDI_SRC = "itu/idi2024_annex/idi2024_indicator_values.csv"
IDI_SOURCE_TEXT = "ITU, Measuring digital development \u2013 The ICT Development Index 2024, Annex 2"

BOM = "\ufeff"


# --------------------------------------------------------------------------------------------------
# Low-level CSV tokenizer that keeps the raw structure (which fields were quoted)
# --------------------------------------------------------------------------------------------------

def tokenize(text):
    """Split CSV text into records of (quoted, value). Records end at LF or CRLF outside quotes.
    A trailing empty record (text ending in a newline) is not returned."""
    recs, rec, i, n = [], [], 0, len(text)
    while i < n:
        if text[i] == '"':
            j, buf = i + 1, []
            while True:
                k = text.index('"', j)
                buf.append(text[j:k])
                if k + 1 < n and text[k + 1] == '"':
                    buf.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            rec.append((True, "".join(buf)))
        else:
            j = i
            while j < n and text[j] not in ",\r\n":
                j += 1
            rec.append((False, text[i:j]))
            i = j
        if i >= n:
            recs.append(rec)
            rec = None
            break
        c = text[i]
        if c == ",":
            i += 1
            if i >= n:  # line ends in a comma at EOF
                rec.append((False, ""))
                recs.append(rec)
                rec = None
        elif c == "\n":
            recs.append(rec)
            rec = []
            i += 1
        elif text.startswith("\r\n", i):
            recs.append(rec)
            rec = []
            i += 2
        else:
            raise ValueError("unexpected %r at offset %d" % (c, i))
    if rec:  # pragma: no cover - defensive
        recs.append(rec)
    return recs


def q(value):
    return '"' + value.replace('"', '""') + '"'


def read_text(path):
    with open(path, "rb") as fh:
        return fh.read().decode("utf-8")


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


# --------------------------------------------------------------------------------------------------
# ITU DataHub
# --------------------------------------------------------------------------------------------------

def datahub_record(values):
    out = []
    for idx, v in enumerate(values):
        out.append(v if idx in DATAHUB_UNQUOTED else q(v))
    return ",".join(out)


def datahub_file(records):
    """Shipped layout: BOM, header quoted, records separated by LF, no newline after the last one."""
    lines = [",".join(q(h) for h in DATAHUB_HEADER)] + [datahub_record(r) for r in records]
    return (BOM + "\n".join(lines)).encode("utf-8")


def read_datahub(path):
    text = read_text(path)
    recs = tokenize(text[1:] if text.startswith(BOM) else text)
    header = [v for _, v in recs[0]]
    if header != DATAHUB_HEADER:
        raise SystemExit("unexpected DataHub header in %s" % path)
    rows = []
    for rec in recs[1:]:
        if len(rec) != 13:
            raise SystemExit("bad field count in %s" % path)
        quoted = [qq for qq, _ in rec]
        expect = [i not in DATAHUB_UNQUOTED for i in range(13)]
        if quoted != expect:
            raise SystemExit("unexpected quoting in %s: %r" % (path, rec))
        rows.append([v for _, v in rec])
    # Layout check: our writer must reproduce the shipped file byte for byte.
    if datahub_file(rows) != text.encode("utf-8"):
        raise SystemExit("DataHub writer does not round-trip %s" % path)
    return rows


def make_datahub(shared, out_root, report):
    src_dir = os.path.join(shared, "data", "itu", "datahub")
    out_dir = os.path.join(out_root, "itu_datahub", DATAHUB_VINTAGE)
    entity_ids, series_meta = {}, {}
    for name, codes in DATAHUB_FILES:
        rows = read_datahub(os.path.join(src_dir, name))
        kept = []
        for r in rows:
            entity_ids.setdefault(r[6], (r[5], r[7]))
            series_meta.setdefault(r[1], (r[0], r[2], r[4]))
            if r[1] in codes and r[6] in COVER_SET and int(r[9]) >= DATAHUB_MIN_YEAR:
                r = list(r)
                r[12] = OWN_DESCRIPTIONS[r[1]]
                kept.append(r)
        found = {r[1] for r in kept}
        if found != set(codes):
            raise SystemExit("%s: expected series %s, found %s" % (name, codes, sorted(found)))
        write_bytes(os.path.join(out_dir, name), datahub_file(kept))
        years = sorted({int(r[9]) for r in kept})
        report.append({
            "file": "itu_datahub/%s/%s" % (DATAHUB_VINTAGE, name),
            "rows": len(kept),
            "series": codes,
            "entities": len({r[6] for r in kept}),
            "missing": [c for c in COVER if c not in {r[6] for r in kept}],
            "years": "%d\u2013%d" % (years[0], years[-1]),
            "src": "itu/datahub/" + name,
        })
    make_dirty(out_dir, entity_ids, series_meta, report)


def make_dirty(out_dir, entity_ids, series_meta, report):
    """Synthetic test rows in the DataHub layout. None of these is a public figure."""

    def row(series, iso, value, year, note="", source="ITU estimate.", name=None, eid=None):
        if series in series_meta:
            sid, sname, units = series_meta[series]
        else:
            sid, sname, units = "99999", "Synthetic test series", "%"
        if iso in entity_ids:
            e_id, e_name = entity_ids[iso]
        else:
            e_id, e_name = eid, name
        return [sid, series, sname, "", units, e_id, iso, e_name, value, year, note, source,
                OWN_DESCRIPTIONS[series]]

    rows = [
        row("i99H", "TKM", "..", "2013"),
        row("xHH6_IDI", "UZB", "", "2014", source="State Statistics Committee"),
        row("i992b", "MDA", "12,5", "2014", source="National Regulatory Agency"),
        row("xHH6_IDI", "ALB", "45.2*", "2014", note="* provisional",
            source="National statistical office"),
        row("i99H", "KGZ", "134.7", "2014", source="National Statistical Committee"),
        row("i99H", "ARM", "61.3", "20x9", source="Statistical Committee"),
        row("i99H", "ZZZ", "50.1", "2019", name="Atlantis", eid="9999"),
        row("i999zz", "BLR", "1.0", "2020", source="Synthetic"),
        row("i99H", "MNE", "61.0", "2014", source="Statistical Office of Montenegro"),
        row("i99H", "MNE", "61.4", "2014", source="ITU estimate."),
    ]
    name = "dirty_examples.csv"
    write_bytes(os.path.join(out_dir, name), datahub_file(rows))
    report.append({"file": "itu_datahub/%s/%s" % (DATAHUB_VINTAGE, name), "rows": len(rows),
                   "dirty": rows})


# --------------------------------------------------------------------------------------------------
# World Bank WDI
# --------------------------------------------------------------------------------------------------

def wdi_line(values):
    """Original WDI bulk layout: every field quoted, a trailing comma, CRLF."""
    return ",".join(q(v) for v in values) + ",\r\n"


def wdi_data_file(last_updated, header, rows):
    out = [wdi_line(["Data Source", "World Development Indicators"]), "\r\n",
           wdi_line(["Last Updated Date", last_updated]), "\r\n", wdi_line(header)]
    out += [wdi_line(r) for r in rows]
    return (BOM + "".join(out)).encode("utf-8")


def wdi_meta_file(rows):
    out = [wdi_line(["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"])]
    out += [wdi_line(r) for r in rows]
    return (BOM + "".join(out)).encode("utf-8")


def read_wdi_original(path):
    """Untouched WDI download: returns (last_updated, header, rows) and checks the layout."""
    text = read_text(path)
    recs = tokenize(text[1:])
    if [v for _, v in recs[0]] != ["Data Source", "World Development Indicators", ""]:
        raise SystemExit("unexpected junk line 1 in %s" % path)
    last = recs[2][1][1]
    header = [v for _, v in recs[4]][:-1]
    rows = [[v for _, v in r][:-1] for r in recs[5:]]
    if wdi_data_file(last, header, rows) != text.encode("utf-8"):
        raise SystemExit("WDI data writer does not round-trip %s" % path)
    return last, header, rows


def read_wdi_meta_original(path):
    text = read_text(path)
    recs = tokenize(text[1:])
    rows = [[v for _, v in r][:-1] for r in recs[1:]]
    if wdi_meta_file(rows) != text.encode("utf-8"):
        raise SystemExit("WDI metadata writer does not round-trip %s" % path)
    return rows


def read_resaved(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def select_wdi(rows, meta_rows):
    wanted = COVER + WDI_AGGREGATES
    by_code = {r[1]: r for r in rows}
    meta_by_code = {r[0]: r for r in meta_rows}
    missing = [c for c in wanted if c not in by_code or c not in meta_by_code]
    if missing:
        raise SystemExit("WDI codes missing: %s" % missing)
    data = [r for r in rows if r[1] in wanted]          # keep the publisher's row order
    meta = []
    for r in meta_rows:
        if r[0] in wanted:
            r = list(r)
            if r[0] != WDI_MULTILINE_NOTE_CODE:
                r[3] = ""                                 # SpecialNotes prose not bundled
            elif "\n" not in r[3]:
                raise SystemExit("expected a multi-line SpecialNotes for %s" % r[0])
            meta.append(r)
    return data, meta


def make_wdi(shared, out_root, report):
    # 2023-05 vintage (untouched original)
    src = os.path.join(shared, "data", WDI_2023_DIR)
    last23, header23, rows23 = read_wdi_original(os.path.join(src, WDI_2023_DATA))
    meta23 = read_wdi_meta_original(os.path.join(src, WDI_2023_META))
    data, meta = select_wdi(rows23, meta23)
    out = os.path.join(out_root, "wdi", "2023-05")
    write_bytes(os.path.join(out, WDI_2023_DATA), wdi_data_file(last23, header23, data))
    write_bytes(os.path.join(out, WDI_2023_META), wdi_meta_file(meta))
    report.append({"file": "wdi/2023-05/" + WDI_2023_DATA, "rows": len(data),
                   "years": "%s\u2013%s" % (header23[4], header23[-1]), "last": last23,
                   "src": WDI_2023_DIR + "/" + WDI_2023_DATA})
    report.append({"file": "wdi/2023-05/" + WDI_2023_META, "rows": len(meta),
                   "src": WDI_2023_DIR + "/" + WDI_2023_META})

    # 2024 vintage (Excel re-saved; restore the original layout)
    src = os.path.join(shared, "data", WDI_2024_DIR)
    rs = read_resaved(os.path.join(src, WDI_2024_DATA))
    header24, rows24 = rs[0], rs[1:]
    if header24[:4] != header23[:4] or len(header24) != 4 + 64:
        raise SystemExit("unexpected 2024 header")
    meta24 = read_resaved(os.path.join(src, WDI_2024_META))
    if meta24[0] != ["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"]:
        raise SystemExit("unexpected 2024 metadata header")
    data, meta = select_wdi(rows24, meta24[1:])
    out = os.path.join(out_root, "wdi", "2024-11")
    write_bytes(os.path.join(out, WDI_2024_DATA), wdi_data_file(WDI_2024_LAST_UPDATED, header24, data))
    write_bytes(os.path.join(out, WDI_2024_META), wdi_meta_file(meta))
    short_e = sorted({(r[1], header24[i], v) for r in data for i, v in enumerate(r)
                      if i >= 4 and "E" in v})
    report.append({"file": "wdi/2024-11/" + WDI_2024_DATA, "rows": len(data),
                   "years": "%s\u2013%s" % (header24[4], header24[-1]),
                   "last": WDI_2024_LAST_UPDATED, "short_e": short_e,
                   "src": WDI_2024_DIR + "/" + WDI_2024_DATA})
    report.append({"file": "wdi/2024-11/" + WDI_2024_META, "rows": len(meta),
                   "src": WDI_2024_DIR + "/" + WDI_2024_META})


# --------------------------------------------------------------------------------------------------
# ITU IDI 2024 annex values
# --------------------------------------------------------------------------------------------------

def make_idi(shared, out_root, report):
    with open(os.path.join(shared, "data", IDI_SRC), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    if header[0] != "iso3" or len(header) != 24 or len(body) != 170:
        raise SystemExit("unexpected IDI annex file")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["edition", "reference_year"] + header + ["source"])
    for r in body:
        w.writerow(["2024", "2022"] + r + [IDI_SOURCE_TEXT])
    write_bytes(os.path.join(out_root, "itu_idi", "2024", "idi2024_indicator_values.csv"),
                buf.getvalue().encode("utf-8"))
    report.append({"file": "itu_idi/2024/idi2024_indicator_values.csv", "rows": len(body),
                   "src": IDI_SRC})


# --------------------------------------------------------------------------------------------------
# SOURCES.md
# --------------------------------------------------------------------------------------------------

def origin_of(shared_sources, rel):
    """The `origin` cell of the shared SOURCES.md table row for a path. A "same commit" cell is
    resolved to the owner/repo@commit of the nearest full origin above it."""
    base = None
    for line in shared_sources.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3:
            continue
        origin = cells[2]
        if "@" in origin:
            base = origin.split(":", 1)[0]
        if line.startswith("| `" + rel + "`"):
            if origin.startswith("same commit") and base:
                rest = origin[len("same commit"):].lstrip(", ")
                return "`%s` (same commit as the file above it in the shared list%s)" % (
                    base, "; path " + rest if rest else "")
            return origin
    raise SystemExit("no origin for %s in shared SOURCES.md" % rel)


def md_value(v):
    return "`" + v.replace("\r", "\\r").replace("\n", "\\n") + "`" if v != "" else "(empty)"


def make_sources(shared, out_root, report):
    shared_sources = read_text(os.path.join(shared, "data", "SOURCES.md"))
    by_file = {r["file"]: r for r in report}
    cover_lines = "\n".join("  - %s: %s" % (g, ", ".join(c)) for g, c in COVER_GROUPS)
    L = []
    a = L.append
    a("# Bundled raw input data: sources")
    a("")
    a("These files are ictbench's own small input files. They are written in the publishers' layouts and")
    a("hold public figures taken from the real publisher downloads kept in the shared data folder")
    a("(`../shared/data`, described in its own `SOURCES.md`). No file here is a byte copy of a")
    a("publisher file: each is a subset (countries, years) re-written by")
    a("`jobs/dev/make_bundled_raw.py`. Values, flags and short data notes are kept exactly as")
    a("published; long definition prose was not copied (one WDI note is kept on purpose, see below).")
    a("Every figure is a public figure from the named source, except in")
    a("`itu_datahub/%s/dirty_examples.csv`, which holds synthetic test rows (see below)." % DATAHUB_VINTAGE)
    a("")
    a("## Regenerate")
    a("")
    a("From the repository root, with the shared folder next to it:")
    a("")
    a("```")
    a("python3 jobs/dev/make_bundled_raw.py --shared ../shared")
    a("```")
    a("")
    a("The script uses only the Python standard library and writes the same bytes every time. Before")
    a("writing, it checks each layout: read through the script's own writer, the shared original must")
    a("come out byte for byte the same.")
    a("")
    a("## Country scope (\"COVER\", %d economies)" % len(COVER))
    a("")
    a(cover_lines)
    a("")
    a("## Licences")
    a("")
    a("- ITU DataHub and the ITU IDI 2024 report: © ITU, **CC BY-NC-SA 3.0 IGO** (non-commercial,")
    a("  share-alike; https://datahub.itu.int/about). These bundled files are derived from them and are")
    a("  under the same terms. Cite ITU as the source.")
    a("- World Bank WDI: **CC BY 4.0**. Cite \"World Bank, World Development Indicators\"; the")
    a("  underlying data for IT.NET.USER.ZS is from ITU.")
    a("")

    # ---- DataHub
    a("## ITU DataHub exports: `itu_datahub/%s/`" % DATAHUB_VINTAGE)
    a("")
    a("- **Publisher:** ITU DataHub (https://datahub.itu.int), long-format CSV exports. The folder")
    a("  name `%s` is the project's label for this vintage. The shared exports are undated; they hold" % DATAHUB_VINTAGE)
    a("  values up to 2025 and a data note dated 15.05.2025, so they were exported later in 2025.")
    a("- **Kept:** rows whose `entityIso` is in COVER and whose `dataYear` is %d or later. All" % DATAHUB_MIN_YEAR)
    a("  columns are kept and every value is byte-identical to the shared file: `dataValue` strings")
    a("  (including C-printf notation such as `1.1072e+006`), `dataNote` and `dataSource` (including")
    a("  their embedded CR/LF), `seriesName`, and `seriesUnits` (mislabelled as shipped). Rows stay in")
    a("  the shipped order.")
    a("- **Changed:** `seriesDescription` holds a one-line description we wrote ourselves, not ITU's")
    a("  definition text.")
    a("- **Layout reproduced:** UTF-8 BOM. The header names are quoted. `seriesID`, `seriesParent`")
    a("  (always empty), `entityID` and `dataYear` are unquoted. Every other field is quoted, numbers")
    a("  included (`\"89.5073\"`), and an embedded `\"` is doubled. Records end in LF, and the file has")
    a("  **no newline after the last record**, as shipped. CR/LF inside quoted notes means the")
    a("  physical line count is higher than the record count.")
    a("")
    a("| file | series | rows | economies | years | figures taken from (shared path) | origin of the shared file |")
    a("|---|---|---|---|---|---|---|")
    for name, codes in DATAHUB_FILES:
        r = by_file["itu_datahub/%s/%s" % (DATAHUB_VINTAGE, name)]
        miss = " (no rows for %s)" % ", ".join(r["missing"]) if r["missing"] else ""
        a("| `%s` | %s | %d | %d%s | %s | `data/%s` | %s |" % (
            name, ", ".join("`%s`" % c for c in codes), r["rows"], r["entities"], miss, r["years"],
            r["src"], origin_of(shared_sources, r["src"])))
    a("")
    a("Quirks inherited from the publisher that these files keep on purpose:")
    a("- `active_mobile_broadband_subscriptions.csv`: every row says `seriesUnits=\"count\"`, but")
    a("  `i911mw` is per 100 inhabitants. `i271mw` counts often use `e+006` notation.")
    a("- `fixed_broadband_subscriptions.csv`: every row says `\"per 100 people\"`, but `i4213tfbb` is an")
    a("  absolute count (often written like `1.1072e+006`).")
    a("- `population_coverage_mobile_network.csv`: four series share one file, and `seriesName`")
    a("  (\"At least 2G\" …) is the only label for the generation.")
    a("- `fixed_broadband_price_5gb.csv`: the `$` is part of the code `i154_FBB5$`, and all three series")
    a("  say `\"% GNI per capita\"`, including the USD and PPP ones.")
    a("- `mobile_phone_ownership.csv` is survey-based and sparse. TKM has no rows from %d on." % DATAHUB_MIN_YEAR)
    a("")
    a("### `dirty_examples.csv`: synthetic test rows, not public figures")
    a("")
    a("This file uses the same layout. Its rows were **invented** to exercise the loader's error")
    a("handling. They are not ITU figures and must never reach curated output. Series ids, names, units")
    a("and entity ids are copied from the real files so that each row looks plausible.")
    a("")
    a("| # | seriesCode | entityIso | entityName | dataValue | dataYear | quirk exercised |")
    a("|---|---|---|---|---|---|---|")
    quirks = ["missing-value marker `..`", "empty dataValue", "comma decimal separator",
              "footnote marker glued to the value", "percentage out of range (> 100) for i99H",
              "malformed year", "unknown entity code (ZZZ, \"Atlantis\")", "unknown series code",
              "duplicate key (i99H/MNE/2014), first value", "duplicate key (i99H/MNE/2014), second value"]
    for i, (row, qk) in enumerate(zip(by_file["itu_datahub/%s/dirty_examples.csv" % DATAHUB_VINTAGE]["dirty"],
                                      quirks), 1):
        a("| %d | `%s` | `%s` | %s | %s | `%s` | %s |" % (i, row[1], row[6], row[7], md_value(row[8]),
                                                      row[9], qk))
    a("")

    # ---- WDI
    w23 = by_file["wdi/2023-05/" + WDI_2023_DATA]
    m23 = by_file["wdi/2023-05/" + WDI_2023_META]
    w24 = by_file["wdi/2024-11/" + WDI_2024_DATA]
    m24 = by_file["wdi/2024-11/" + WDI_2024_META]
    a("## World Bank WDI, IT.NET.USER.ZS (Individuals using the Internet, % of population): `wdi/`")
    a("")
    a("There are two vintages of the same indicator, so the pipeline sees revisions. Both are in the")
    a("**original untouched WDI bulk-download layout**: UTF-8 BOM and CRLF. Four junk lines come before")
    a("the header: `\"Data Source\",\"World Development Indicators\",`, a blank line,")
    a("`\"Last Updated Date\",\"YYYY-MM-DD\",` and another blank line. Every field is quoted, every line")
    a("ends in a trailing comma (an empty last column), and a missing value is `\"\"`. The")
    a("Metadata_Country files have the same BOM, CRLF, quoting and trailing comma. Aggregates have an")
    a("empty Region and IncomeGroup.")
    a("")
    a("- **Rows kept (both vintages, data and metadata):** the %d COVER economies plus the aggregates" % len(COVER))
    a("  %s, in the publisher's row order. All year columns are kept. `HPC` (Heavily indebted poor" % ", ".join(WDI_AGGREGATES))
    a("  countries) is included because it is the only aggregate whose SpecialNotes value spans several")
    a("  lines. Its note is kept verbatim to preserve the quirk of a multi-line quoted field; every")
    a("  other SpecialNotes value is left empty (`\"\"`).")
    a("- **Values:** the publisher's strings, unchanged, including scientific notation and mixed precision.")
    a("")
    a("| file | rows | years | Last Updated Date | figures taken from (shared path) | origin of the shared file |")
    a("|---|---|---|---|---|---|")
    a("| `wdi/2023-05/%s` | %d | %s | %s (as shipped) | `data/%s` | %s |" % (
        WDI_2023_DATA, w23["rows"], w23["years"], w23["last"], w23["src"], origin_of(shared_sources, w23["src"])))
    a("| `wdi/2023-05/%s` | %d | – | – | `data/%s` | %s |" % (
        WDI_2023_META, m23["rows"], m23["src"], origin_of(shared_sources, m23["src"])))
    a("| `wdi/2024-11/%s` | %d | %s | %s (see below) | `data/%s` | %s |" % (
        WDI_2024_DATA, w24["rows"], w24["years"], w24["last"], w24["src"], origin_of(shared_sources, w24["src"])))
    a("| `wdi/2024-11/%s` | %d | – | – | `data/%s` | %s |" % (
        WDI_2024_META, m24["rows"], m24["src"], origin_of(shared_sources, m24["src"])))
    a("")
    a("**2024 vintage: restored layout.** The only 2024 copy available was re-saved by a user, probably")
    a("in Excel. The junk lines were gone, fields were unquoted and there were no trailing commas. The")
    a("script reads its values and writes them back in the original layout above. It does not repair")
    a("two things:")
    a("")
    a("- **Last Updated Date `%s` is a placeholder. The real date could not be determined.** The" % WDI_2024_LAST_UPDATED)
    a("  re-save dropped the line. The data bound the date: the metadata carries the FY25 income")
    a("  groups (published 2024-07-01, e.g. RUS and BGR High income, and the HIC note cites \"2023 Atlas")
    a("  GNI per capita\"), and the file was used in Figure-Friday 2024 week 48 (late November 2024).")
    a("  So the release lies between 2024-07-01 and late November 2024. Following the project's rule,")
    a("  the folder name's month (2024-11) is used, with day 01.")
    a("- **Excel rounding of small values:** the re-save cut values in scientific notation to three")
    a("  significant digits (in the 2023 file AFW 1990 is `4.37347303003985E-06`; in the re-saved file")
    a("  it is `4.37E-06`). They cannot be restored. In the bundled rows this affects: %s." % (
        ", ".join("%s %s = `%s`" % t for t in w24["short_e"]) or "nothing"))
    a("  Other values look like the publisher's own (ITU's six significant digits for recent years, for")
    a("  example BLR 2022 = `89.5073`).")
    a("")
    a("Revisions between the vintages that the pipeline should detect include: IND 2021 (`46.31` in")
    a("2023-05, empty in 2024-11), MDA 2015–2016 (43.1 → 69, 46.7 → 71), USA 2020–2021 (about 90.6 →")
    a("96.6), KGZ 2018 and 2021, and every aggregate (recomputed, and the income groups changed from FY24")
    a("to FY25).")
    a("")

    # ---- IDI
    r = by_file["itu_idi/2024/idi2024_indicator_values.csv"]
    a("## ITU ICT Development Index 2024, input values: `itu_idi/2024/idi2024_indicator_values.csv`")
    a("")
    a("- **Publisher:** ITU, *Measuring digital development – The ICT Development Index 2024* (June")
    a("  2024), Annex 2 economy tables. The reference year is 2022 (2021 lagged where flagged).")
    a("- **Figures taken from:** `data/%s` (origin: %s)." % (r["src"], origin_of(shared_sources, r["src"])))
    a("- **Kept:** all %d economies, and every column of the shared file unchanged (values as published" % r["rows"])
    a("  to one decimal, blank where ITU printed `n.a.`, and the `_flag` columns: `E` = ITU estimate,")
    a("  `2021` = lagged value, blank = official 2022 value).")
    a("- **Added:** two leading columns, `edition` (`2024`) and `reference_year` (`2022`), and a")
    a("  trailing column `source` (\"%s\")." % IDI_SOURCE_TEXT)
    a("- **Layout:** this is ictbench's own file, so ITU has no layout for it to follow. It is written")
    a("  as UTF-8 without a BOM, with LF line ends, and quoted only where needed (for example")
    a("  \"Hong Kong, China\"). IDI scores are not included.")
    a("- **Licence:** © ITU, CC BY-NC-SA 3.0 IGO.")
    a("")
    write_bytes(os.path.join(out_root, "SOURCES.md"), ("\n".join(L)).encode("utf-8"))


# --------------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", required=True, help="path to the shared folder (holds data/SOURCES.md)")
    ap.add_argument("--out", default=os.path.join("data", "raw"), help="output folder (default data/raw)")
    args = ap.parse_args(argv)
    if not os.path.isfile(os.path.join(args.shared, "data", "SOURCES.md")):
        raise SystemExit("--shared must point at the folder holding data/SOURCES.md")
    report = []
    make_datahub(args.shared, args.out, report)
    make_wdi(args.shared, args.out, report)
    make_idi(args.shared, args.out, report)
    make_sources(args.shared, args.out, report)
    for r in report:
        print("%-80s %6d rows" % (r["file"], r["rows"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
