#!/usr/bin/env python3
"""Generate the ictbench country reference data from the raw files in shared/.

Writes (UTF-8, no BOM, RFC 4180, LF, deterministic order):
  src/main/resources/ictbench/reference/country.csv
  src/main/resources/ictbench/reference/country_alias.csv
  src/main/resources/ictbench/reference/aggregate_entity.csv

Usage (from the repository root):
  python3 jobs/dev/make_reference.py --shared ../shared

Standard library only. The ITU June-2019 .xls workbooks (BIFF8) are converted to
.xlsx with LibreOffice (`soffice --headless --convert-to xlsx`) when it is
installed; without it they are skipped with a message (the committed output was
generated with LibreOffice available). .xlsx files are read with zipfile + XML.

The script verifies, before writing anything, that every publisher code and
name in the shared files resolves to exactly one iso3 under the resolver's
rules (normalisation + scope + ambiguity, mirrored here in `norm`/`resolve`).
It exits 1 and writes nothing if a check fails (unless --force).
"""

import argparse
import collections
import csv
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from xml.etree import ElementTree as ET

# ---------------------------------------------------------------------------
# Normalisation: a line-by-line mirror of org.ictbench.curate.NameNormalizer and
# CountryResolver.code(). Keep them identical.
# ---------------------------------------------------------------------------
_JSPACE = "[ \\t\\n\\x0b\\f\\r]"  # Java's ASCII-only whitespace class
_SPACES = re.compile("(?:%s|_)+" % _JSPACE)
_FOOTNOTE = re.compile(r"(%s*(\*+|\(\d{1,3}\)|\d{1,3}))+$" % _JSPACE)


def norm(s):
    """Name key (kind=name), identical to the Java NameNormalizer.normalize:

    1. Unicode NFKC.
    2. NFD; drop every non-spacing mark (Mn) whose base character is ASCII (Latin
       accents go; Cyrillic/CJK marks such as the breve of the Cyrillic short i stay);
       NFC again.
    3. Lower-case (root locale).
    4. Replace U+2019, U+2018, ` and U+00B4 with an ASCII apostrophe.
    5. Replace '&' with ' and '.
    6. Collapse runs of whitespace/underscore to one space, trim.
    7. Remove trailing footnote markers: repeated (optional blanks +) a run of '*',
       a parenthesised number of 1-3 digits '(2)', or a bare number of 1-3 digits.
    8. Collapse whitespace/underscore again, trim.
    """
    if s is None:
        return ""
    n = unicodedata.normalize("NFKC", s)
    out = []
    base = 0
    for ch in unicodedata.normalize("NFD", n):
        if unicodedata.category(ch) == "Mn":
            if base < 128:
                continue
        else:
            base = ord(ch)
        out.append(ch)
    n = unicodedata.normalize("NFC", "".join(out))
    n = n.lower()
    n = n.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").replace("\u00b4", "'")
    n = n.replace("&", " and ")
    n = _jtrim(_SPACES.sub(" ", n))
    n = _FOOTNOTE.sub("", n)
    return _jtrim(_SPACES.sub(" ", n))


_JTRIM = "".join(chr(i) for i in range(33))


def _jtrim(s):
    """java.lang.String.trim(): strips code points <= U+0020 at both ends."""
    return s.strip(_JTRIM)


def code_key(s):
    """Code key (kind=code), identical to CountryResolver.code(): trim + upper case."""
    return "" if s is None else _jtrim(s).upper()


def key_of(kind, s):
    return code_key(s) if kind == "code" else norm(s)


# ---------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------
def read_csv_dicts(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_wdi(path):
    """WDI wide/metadata CSV: skip the junk lines before the header."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        raw = fh.read()
    pos = 0
    while True:
        end = raw.find("\n", pos)
        if end < 0:
            raise ValueError("no WDI header in " + path)
        line = raw[pos:end].replace('"', "")
        if line.startswith(("Country Name", "Country Code")):
            break
        pos = end + 1
    rows = list(csv.DictReader(io.StringIO(raw[pos:], newline="")))
    return [{(k or "").strip(): v for k, v in r.items() if k} for r in rows]


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_RNS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _col_index(ref):
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + (ord(ch.upper()) - 64)
        else:
            break
    return n - 1


def read_xlsx(path):
    """Return {sheet name: [row as list of str]} using only the stdlib."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            for si in root.findall("m:si", _NS):
                parts = [t.text or "" for t in si.iter("{%s}t" % _NS["m"])
                         if not _in_rph(si, t)]
                shared.append("".join(parts))
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        rel_target = {r.get("Id"): r.get("Target") for r in rels}
        out = {}
        for sh in wb.find("m:sheets", _NS):
            target = rel_target[sh.get(_RNS + "id")]
            target = target.lstrip("/")
            if not target.startswith("xl/"):
                target = "xl/" + target
            root = ET.fromstring(z.read(target))
            rows = []
            for row in root.iter("{%s}row" % _NS["m"]):
                cells = {}
                for c in row.findall("m:c", _NS):
                    t = c.get("t")
                    v = c.find("m:v", _NS)
                    if t == "s" and v is not None:
                        val = shared[int(v.text)]
                    elif t == "inlineStr":
                        val = "".join(x.text or "" for x in c.iter("{%s}t" % _NS["m"]))
                    else:
                        val = v.text if v is not None and v.text is not None else ""
                    cells[_col_index(c.get("r"))] = val
                rnum = int(row.get("r")) - 1
                while len(rows) < rnum:
                    rows.append([])
                width = max(cells) + 1 if cells else 0
                rows.append([cells.get(i, "") for i in range(width)])
            out[sh.get("name")] = rows
        return out


def _in_rph(si, t):
    for rph in si.findall("m:rPh", _NS):
        if t in list(rph.iter()):
            return True
    return False


class XlsConverter:
    """Converts legacy .xls to .xlsx with LibreOffice, if available."""

    def __init__(self):
        self.exe = shutil.which("soffice") or shutil.which("libreoffice")
        self.tmp = None

    def convert(self, path):
        if not self.exe:
            return None
        if self.tmp is None:
            self.tmp = tempfile.mkdtemp(prefix="ictbench_xls_")
        profile = "file://" + os.path.join(self.tmp, "lo_profile")
        cmd = [self.exe, "-env:UserInstallation=" + profile, "--headless",
               "--convert-to", "xlsx", "--outdir", self.tmp, path]
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=300, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        out = os.path.join(self.tmp, os.path.splitext(os.path.basename(path))[0] + ".xlsx")
        return out if os.path.exists(out) else None

    def close(self):
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------------------
# Manual facts
# ---------------------------------------------------------------------------
ITU, WB, OWID, STAR = "ITU", "WB", "OWID", "*"

# Entities that are not current ISO 3166-1 entries.
EXTRA_ENTITIES = [
    # iso3, iso2, m49, name_en, name_ru, name_zh, official_name_en, region, subregion, status, note
    ("XKX", "XK", "", "Kosovo", "Косово", "科索沃", "", "Europe", "Southern Europe", "user_assigned",
     "Not in ISO 3166-1 or UN M49; XKX/XK are the user-assigned codes used by the World Bank and EU. "
     "ITU DataHub uses KSO, OWID uses OWID_KOS, WDI 2017/2019 used KSV. Region assigned by geography."),
    ("CHI", "", "830", "Channel Islands", "Нормандские острова", "海峡群岛", "", "Europe", "Northern Europe",
     "publisher",
     "World Bank economy CHI = Guernsey (GGY) + Jersey (JEY) combined; ITU reports GGY/JEY separately "
     "(pseudo codes AAA/GBJ). m49 830 is the UN M49 code of the Channel Islands area."),
    ("ASC", "", "", "Ascension", "Остров Вознесения", "阿森松岛", "", "Africa", "Sub-Saharan Africa",
     "publisher",
     "ITU DataHub pseudo code ASC. Ascension is part of SHN (Saint Helena, Ascension and Tristan da Cunha), "
     "but ITU DataHub reports ASC and SHN ('St. Helena') side by side in the same series (i99H, i271mw, "
     "i4213tfbb, i992b, i271pop, i271G, i271GA), so it is kept as its own entity and never folded into SHN. "
     "ISO 3166-1 alpha-2 AC is only exceptionally reserved. Region by geography."),
    ("ANT", "AN", "530", "Netherlands Antilles", "Нидерландские Антильские острова", "荷属安的列斯",
     "Netherlands Antilles", "Americas", "Latin America and the Caribbean", "retired",
     "Dissolved 2010-10-10 into CUW, SXM and BES (ISO 3166-3 ANHH). ITU DataHub 'Neth. Antilles', "
     "WB OGHIST 'Netherlands Antilles (former)'. Region by geography."),
    ("SUN", "SU", "810", "USSR", "СССР", "苏联", "Union of Soviet Socialist Republics", "Europe",
     "Eastern Europe", "retired", "Former economy (to 1991, ISO 3166-3 SUHH); WB OGHIST 'USSR (former)'."),
    ("CSK", "", "200", "Czechoslovakia", "Чехословакия", "捷克斯洛伐克", "", "Europe", "Eastern Europe",
     "retired",
     "Former economy (to 1992, ISO 3166-3 CSHH). iso2 left empty: CS was later reused for Serbia and "
     "Montenegro (SCG), so 'CS' is not an alias."),
    ("YUG", "YU", "890", "Yugoslavia", "Югославия", "南斯拉夫", "Socialist Federal Republic of Yugoslavia",
     "Europe", "Southern Europe", "retired",
     "SFR Yugoslavia (to 1992; M49 890). ISO used YUG/891 for FR Yugoslavia until 2003; the World Bank "
     "uses YUGf for SFR Yugoslavia and YUG for Serbia and Montenegro, so WB-scoped aliases map "
     "YUGf->YUG and YUG->SCG."),
    ("SCG", "", "891", "Serbia and Montenegro", "Сербия и Черногория", "塞尔维亚和黑山",
     "Serbia and Montenegro", "Europe", "Southern Europe", "retired",
     "FR Yugoslavia 1992-2003 / Serbia and Montenegro 2003-2006 (ISO 3166-3 CSXX, M49 891). iso2 CS left "
     "empty (also used by Czechoslovakia). WB OGHIST code YUG 'Serbia and Montenegro (former)'."),
]

EXTRA_NAMES = [  # (alias, iso3, scope, origin)
    ("Republic of Kosovo", "XKX", STAR, "manual"),
    ("Ascension Island", "ASC", STAR, "manual"),
    ("Soviet Union", "SUN", STAR, "manual"),
    ("Union of Soviet Socialist Republics", "SUN", STAR, "manual"),
    ("Советский Союз", "SUN", STAR, "manual"),
    ("Союз Советских Социалистических Республик", "SUN", STAR, "manual"),
    ("Socialist Federal Republic of Yugoslavia", "YUG", STAR, "manual"),
    ("Federal Republic of Yugoslavia", "SCG", STAR, "manual"),
    ("Czech and Slovak Federative Republic", "CSK", STAR, "manual"),
]

# Publisher pseudo/legacy codes: (code, iso3, scope, origin)
PSEUDO_CODES = [
    ("AAA", "GGY", ITU, "manual: ITU pseudo code"),
    ("GBJ", "JEY", ITU, "manual: ITU pseudo code"),
    ("KSO", "XKX", ITU, "manual: ITU pseudo code"),
    ("OWID_KOS", "XKX", OWID, "manual: OWID pseudo code"),
    ("KSV", "XKX", WB, "manual: WDI 2017/2019 legacy code"),
    ("YUG", "SCG", WB, "manual: WB code for Serbia and Montenegro"),
    ("YUGf", "YUG", WB, "manual: WB code for SFR Yugoslavia"),
]

# Deliberately ambiguous global names (two rows each, scope *).
DELIBERATE_AMBIGUOUS = [
    ("Korea", ("KOR", "PRK")),
    ("Congo", ("COG", "COD")),
    ("Republic of China", ("CHN", "TWN")),
    ("Virgin Islands", ("VGB", "VIR")),
]
NOT_AMBIGUOUS = [("Guinea", "GIN")]

# Publisher name variants that must stay scoped even if globally unique.
FORCE_SCOPED = {
    (OWID, "timor"): "island shared by TLS and IDN; only OWID means Timor-Leste",
    (OWID, "united states of america virgin islands"): "damaged find/replace variant",
}

# ITU June-2019 workbook names (no codes) that no other source spells the same way.
# (Empty: with the DataHub/IDI names harvested first, every workbook name resolves; the
# workbooks spell COG "Congo (Rep. of the)", never bare "Congo".) Keys are normalised names.
ITU_XLS_MANUAL = {}

# Aggregate kinds (WB codes).
WB_AGG_KIND = {
    "WLD": "world",
    "HIC": "income", "LIC": "income", "LMC": "income", "LMY": "income", "MIC": "income",
    "UMC": "income", "INX": "income",
    "IBD": "lending", "IBT": "lending", "IDA": "lending", "IDB": "lending", "IDX": "lending",
    "LDC": "development_status",
    "AFE": "region", "AFW": "region", "ARB": "region", "CEB": "region", "EAP": "region",
    "EAS": "region", "ECA": "region", "ECS": "region", "LAC": "region", "LCN": "region",
    "MEA": "region", "MNA": "region", "NAC": "region", "SAS": "region", "SSA": "region",
    "SSF": "region", "TEA": "region", "TEC": "region", "TLA": "region", "TMN": "region",
    "TSA": "region", "TSS": "region",
    # unions, small states, demographic dividend, HIPC, FCS, OECD
    "EMU": "other", "EUU": "other", "CSS": "other", "OSS": "other", "PSS": "other",
    "SST": "other", "EAR": "other", "LTE": "other", "PRE": "other", "PST": "other",
    "HPC": "other", "FCS": "other", "OED": "other",
}


# ITU's Facts and Figures aggregates carry no codes in the workbook: ictbench gives them stable,
# ITU-prefixed ids (the region part follows the IDI annex's itu_region codes) so that
# silver.aggregate_observation has a code per ITU region and group.
ITU_AGG_CODE = {
    "World": "ITU_WLD", "Africa": "ITU_AFR", "Americas": "ITU_AMS", "Arab States": "ITU_ARB",
    "Asia-Pacific": "ITU_ASP", "CIS": "ITU_CIS", "Europe": "ITU_EUR",
    "Low-income": "ITU_LIC", "Lower-middle-income": "ITU_LMC", "Upper-middle-income": "ITU_UMC",
    "High-income": "ITU_HIC", "Least Developed Countries (LDCs)": "ITU_LDC",
    "Land Locked Developing Countries (LLDCs)": "ITU_LLDC",
    "Small Island Developing States (SIDS)": "ITU_SIDS",
}


def agg_kind_by_name(name):
    n = norm(name)
    if n == "world":
        return "world"
    if "income" in n:
        return "income"
    if n in ("european union",):
        return "other"
    if re.search(r"\b(ldcs|lldcs|sids|least developed|land ?locked|small island)\b", n):
        return "development_status"
    return "region"


# ---------------------------------------------------------------------------
# Alias table with the resolver's semantics
# ---------------------------------------------------------------------------
class AliasTable:
    """Rows keyed like the Java resolver: (kind, key, iso3, scope)."""

    def __init__(self):
        self.rows = collections.OrderedDict()  # (kind, key, iso3, scope) -> [alias, [origins]]

    def add(self, alias, kind, iso3, scope, origin):
        alias = (alias or "").strip()
        k = key_of(kind, alias)
        if not k:
            return
        key = (kind, k, iso3, scope)
        if key in self.rows:
            if origin not in self.rows[key][1]:
                self.rows[key][1].append(origin)
        else:
            self.rows[key] = [alias, [origin]]

    def remove(self, kind, k, scope):
        for key in [x for x in self.rows if x[0] == kind and x[1] == k and x[3] == scope]:
            del self.rows[key]

    def index(self):
        """(kind, key) -> scope -> {iso3}."""
        idx = collections.defaultdict(lambda: collections.defaultdict(set))
        for (kind, k, iso3, scope) in self.rows:
            idx[(kind, k)][scope].add(iso3)
        return idx

    def targets(self, kind, k, scope):
        return {x[2] for x in self.rows if x[0] == kind and x[1] == k and x[3] == scope}


def resolve(idx, kind, text, publisher):
    """Scoped-then-global lookup, as CountryResolver.lookup.

    Returns (status, candidates); status in ok / ambiguous / unresolved."""
    entry = idx.get((kind, key_of(kind, text)))
    if not entry:
        return "unresolved", []
    for scope in (publisher, STAR):
        if scope and scope in entry:
            cands = sorted(entry[scope])
            return ("ok" if len(cands) == 1 else "ambiguous"), cands
    return "unresolved", []


def global_targets(idx, kind, text):
    return idx.get((kind, key_of(kind, text)), {}).get(STAR, set())


# ---------------------------------------------------------------------------
# Main build
# ---------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="../shared", help="path to shared/ (holding data/)")
    ap.add_argument("--out", default=None, help="output dir (default: resources/ictbench/reference)")
    ap.add_argument("--force", action="store_true", help="write even if verification fails")
    args = ap.parse_args()

    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    data = os.path.join(args.shared, "data")
    if not os.path.isdir(data):
        sys.exit("no data/ under --shared %s" % args.shared)
    out_dir = args.out or os.path.join(repo, "src", "main", "resources", "ictbench", "reference")
    P = lambda *p: os.path.join(data, *p)  # noqa: E731

    problems = []
    notes = []
    conv = XlsConverter()

    # ---------------- ISO / UN reference ----------------
    cc = read_csv_dicts(P("reference", "country-codes", "country-codes.csv"))
    unsd = {lang: {r["ISO-alpha3 Code"]: r for r in read_csv_dicts(
        P("reference", "country-codes", "UNSD-%s.csv" % lang))} for lang in ("en", "ru", "cn")}

    countries = {}
    for r in cc:
        iso3 = r["ISO3166-1-Alpha-3"].strip()
        iso2 = r["ISO3166-1-Alpha-2"].strip()  # Namibia is the literal "NA"
        m49 = r["M49"].strip()
        en, ru, zh = unsd["en"].get(iso3), unsd["ru"].get(iso3), unsd["cn"].get(iso3)
        if not (en and ru and zh):
            problems.append("ISO %s missing from a UNSD file" % iso3)
            continue
        if en["M49 Code"] != m49.zfill(3) or en["ISO-alpha2 Code"] != iso2:
            problems.append("ISO %s code mismatch country-codes vs UNSD-en" % iso3)
        note = []
        if iso2 == "NA":
            note.append("iso2 is the literal string NA (Namibia), not a missing value")
        countries[iso3] = dict(
            iso3=iso3, iso2=iso2, m49=m49.zfill(3), name_en=en["Country or Area"],
            name_ru=ru["Country or Area"], name_zh=zh["Country or Area"],
            official_name_en=r["official_name_en"], un_region=en["Region Name"],
            un_subregion=en["Sub-region Name"], iso_status="iso", note=note, _cc=r)
    for e in EXTRA_ENTITIES:
        keys = ["iso3", "iso2", "m49", "name_en", "name_ru", "name_zh", "official_name_en",
                "un_region", "un_subregion", "iso_status"]
        d = dict(zip(keys, e[:10]))
        d["note"] = [e[10]]
        d["_cc"] = None
        countries[d["iso3"]] = d

    at = AliasTable()
    for iso3, c in countries.items():
        at.add(iso3, "code", iso3, STAR, "ISO 3166-1 alpha-3" if c["iso_status"] == "iso"
               else "manual: %s code" % c["iso_status"])
        if c["iso2"]:
            at.add(c["iso2"], "code", iso3, STAR, "ISO 3166-1 alpha-2" if c["iso_status"] == "iso"
                   else "manual: %s alpha-2" % c["iso_status"])
        if c["m49"]:
            at.add(c["m49"], "code", iso3, STAR, "UN M49")
            at.add(str(int(c["m49"])), "code", iso3, STAR, "UN M49 unpadded (country-codes)")
        for field, origin in (("name_en", "UNSD-en"), ("name_ru", "UNSD-ru"), ("name_zh", "UNSD-cn")):
            at.add(c[field], "name", iso3, STAR, origin if c["iso_status"] == "iso" else "manual")
        if c["official_name_en"]:
            at.add(c["official_name_en"], "name", iso3, STAR,
                   "country-codes official_name_en" if c["_cc"] else "manual")
        r = c["_cc"]
        if r:
            for col, origin in (
                    ("UNTERM English Short", "UNTERM English Short"),
                    ("UNTERM English Formal", "UNTERM English Formal"),
                    ("CLDR display name", "CLDR display name"),
                    ("UNTERM Russian Short", "UNTERM Russian Short"),
                    ("UNTERM Russian Formal", "UNTERM Russian Formal"),
                    ("official_name_ru", "country-codes official_name_ru"),
                    ("UNTERM Chinese Short", "UNTERM Chinese Short"),
                    ("UNTERM Chinese Formal", "UNTERM Chinese Formal"),
                    ("official_name_cn", "country-codes official_name_cn")):
                at.add(r[col], "name", iso3, STAR, origin)
    for alias, iso3, scope, origin in EXTRA_NAMES:
        at.add(alias, "name", iso3, scope, origin)

    # collisions inside the standard (global) layer
    std_collisions = {kn: sorted(sc[STAR]) for kn, sc in at.index().items()
                      if len(sc.get(STAR, ())) > 1}
    deliberate = {norm(a) for a, _ in DELIBERATE_AMBIGUOUS}

    # deliberate ambiguity: exactly two global rows each
    for name, targets in DELIBERATE_AMBIGUOUS:
        n = norm(name)
        had = at.targets("name", n, STAR)
        if had - set(targets):
            problems.append("deliberate ambiguous %r also maps to %s" % (name, had - set(targets)))
        if had:
            notes.append("deliberate ambiguous %r replaces global standard rows -> %s"
                         % (name, "/".join(sorted(had))))
        at.remove("name", n, STAR)
        for t in targets:
            at.add(name, "name", t, STAR, "manual: deliberate global ambiguity")
    for (kind, k), t in std_collisions.items():
        if not (kind == "name" and k in deliberate):
            problems.append("standard-source collision %s %r -> %s" % (kind, k, t))

    # ITU's own codes from the ITU column (scope ITU), unless they shadow a global code
    itu_code_dropped = []
    gidx = at.index()
    for iso3, c in sorted(countries.items()):
        r = c["_cc"]
        if not r:
            continue
        code = r["ITU"].replace("\xa0", " ").strip()
        if not code or code == iso3:
            continue
        glob_t = global_targets(gidx, "code", code)
        if glob_t and glob_t != {iso3}:
            itu_code_dropped.append((code, iso3, sorted(glob_t)))
            c["note"].append("ITU column code %s not used as an alias: it is the ISO code of %s"
                             % (code, "/".join(sorted(glob_t))))
            continue
        at.add(code, "code", iso3, ITU, "country-codes ITU column")

    for code, iso3, scope, origin in PSEUDO_CODES:
        at.add(code, "code", iso3, scope, origin)

    # ---------------- publisher harvest ----------------
    # candidates: (alias, kind, iso3, publisher, origin)
    cands = []
    pub_pairs = collections.defaultdict(set)  # publisher -> {(code or '', name, source)}

    pseudo = {(p, code_key(c)): t for c, t, p, _ in PSEUDO_CODES}

    def code_target(code, pub):
        t = pseudo.get((pub, code_key(code)))
        if t:
            return t
        if code in countries:
            return code
        return None

    # ITU DataHub
    dh_files = sorted(glob.glob(P("itu", "datahub", "*.csv")))
    for f in dh_files:
        for r in read_csv_dicts(f):
            code, name = r["entityIso"].strip(), r["entityName"].strip()
            pub_pairs[ITU].add((code, name, "DataHub " + os.path.basename(f)))
            t = code_target(code, ITU)
            if t is None:
                problems.append("DataHub code %r (%s) has no entity" % (code, name))
                continue
            cands.append((code, "code", t, ITU, "ITU DataHub entityIso"))
            cands.append((name, "name", t, ITU, "ITU DataHub entityName"))

    # ITU IDI 2024 annex
    for r in read_csv_dicts(P("itu", "idi2024_annex", "idi2024_indicator_values.csv")):
        code, name = r["iso3"].strip(), r["economy"].strip()
        pub_pairs[ITU].add((code, name, "IDI 2024 annex"))
        t = code_target(code, ITU)
        if t:
            cands.append((name, "name", t, ITU, "ITU IDI 2024 annex economy"))

    # WDI
    wdi_aggs = collections.OrderedDict()  # code -> name (newest vintage wins)
    wdi_files = sorted(glob.glob(P("wdi", "**", "*.csv"), recursive=True))
    meta_files = [f for f in wdi_files if os.path.basename(f).startswith("Metadata_Country")]
    data_files = [f for f in wdi_files if os.path.basename(f).startswith("API_")]
    def vintage(path):  # folder names carry the vintage: wdi_2023-05_internet, user_resaved_2024-11_...
        m = re.search(r"(\d{4})(?:-(\d{2}))?", os.path.basename(os.path.dirname(path)))
        return (m.group(1), m.group(2) or "00") if m else ("0000", "00")

    # oldest first, so the newest vintage's TableName wins
    for f in sorted(meta_files, key=lambda x: (vintage(x), x)):
        for r in read_wdi(f):
            if not r.get("Region", "").strip():
                wdi_aggs[r["Country Code"].strip()] = r["TableName"].strip()
    wdi_rows = []
    for f in data_files:
        for r in read_wdi(f):
            wdi_rows.append((r["Country Code"].strip(), r["Country Name"].strip(),
                             "WDI Country Name", f))
    for f in meta_files:
        for r in read_wdi(f):
            wdi_rows.append((r["Country Code"].strip(), r["TableName"].strip(), "WDI TableName", f))
    # codes found in data files but not in any Metadata_Country (older vintages)
    meta_codes = {c for c, _, _, f in wdi_rows if "Metadata_Country" in f}
    for code, name, _, f in wdi_rows:
        if code not in meta_codes and code not in countries and code_target(code, WB) is None:
            if code not in wdi_aggs:
                wdi_aggs[code] = name
                notes.append("WDI code %s %r only in older data files without metadata: "
                             "treated as an aggregate" % (code, name))
    for code, name, origin, f in wdi_rows:
        if code in wdi_aggs:
            continue
        pub_pairs[WB].add((code, name, os.path.relpath(f, data)))
        t = code_target(code, WB)
        if t is None:
            problems.append("WDI code %r (%s) has no entity" % (code, name))
            continue
        cands.append((code, "code", t, WB, "WDI Country Code"))
        cands.append((name, "name", t, WB, origin))

    # WB OGHIST
    oghist_path = sorted(glob.glob(P("reference", "worldbank", "OGHIST*.xlsx")))
    for f in oghist_path:
        sheets = read_xlsx(f)
        for sname in ("Country Analytical History", "Country Indebtedness History"):
            for row in sheets.get(sname, []):
                if len(row) < 2:
                    continue
                code, name = row[0].strip(), row[1].strip()
                if not re.fullmatch(r"[A-Z]{3}f?", code):
                    continue
                pub_pairs[WB].add((code, name, "OGHIST " + sname))
                t = code_target(code, WB)
                if t is None:
                    problems.append("OGHIST code %r (%s) has no entity" % (code, name))
                    continue
                cands.append((code, "code", t, WB, "WB OGHIST code"))
                cands.append((name, "name", t, WB, "WB OGHIST name"))

    # OWID
    owid_aggs = []  # (code, name)
    owid_rows = []
    for f in sorted(glob.glob(P("owid", "**", "*.csv"), recursive=True)):
        for r in read_csv_dicts(f):
            owid_rows.append((r["Code"].strip(), r["Entity"].strip(), f))
    owid_named_only = set()
    for code, name, f in owid_rows:
        if code.startswith("OWID_") and code_target(code, OWID) is None:
            owid_aggs.append((code, name))
            continue
        if not code:
            owid_named_only.add(name)
            continue
        pub_pairs[OWID].add((code, name, os.path.relpath(f, data)))
        t = code_target(code, OWID)
        if t is None:
            problems.append("OWID code %r (%s) has no entity" % (code, name))
            continue
        cands.append((code, "code", t, OWID, "OWID Code"))
        cands.append((name, "name", t, OWID, "OWID Entity"))

    # ITU June 2019 workbooks (names only)
    itu_xls_names = []  # (name, file)
    xls_skipped = []
    for f in sorted(glob.glob(P("itu", "itu_jun2019", "*.xls*"))):
        if f.lower().endswith(".xls"):
            x = conv.convert(f)
            if not x:
                xls_skipped.append(os.path.basename(f))
                continue
            sheets = read_xlsx(x)
            rows = sheets.get("Final") or next(iter(sheets.values()))
            for row in rows[2:]:
                if row and row[0].strip():
                    itu_xls_names.append((row[0].strip(), os.path.basename(f)))
        else:
            sheets = read_xlsx(f)
            for sname, rows in sheets.items():
                for row in rows:
                    if len(row) > 1 and re.fullmatch(r"\d+", row[0].strip() or "x") and row[1].strip():
                        # CoreHouseholdIndicators: running number, economy name
                        itu_xls_names.append((row[1].strip(), os.path.basename(f)))
                    elif (len(row) > 3 and not row[0].strip() and row[1].strip()
                          and re.fullmatch(r"(19|20)\d\d", row[3].strip())):
                        # internet by gender: name in col B, latest year in col D
                        itu_xls_names.append((row[1].strip(), os.path.basename(f)))
    if xls_skipped:
        print("WARNING: LibreOffice (soffice) not found or failed; skipped .xls: %s"
              % ", ".join(xls_skipped), file=sys.stderr)

    # ITU aggregates workbook
    itu_aggs = collections.OrderedDict()
    for f in sorted(glob.glob(P("itu", "aggregates_nov2024", "*.xlsx"))):
        for sname, rows in read_xlsx(f).items():
            for row in rows:
                if not row or not row[0].strip():
                    continue
                vals = [v.strip() for v in row[1:] if v.strip()]
                if not vals:
                    continue
                if all(re.fullmatch(r"(19|20)\d\d(\.0)?", v) for v in vals):
                    continue  # block header with year labels
                if all(re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?|N/A", v) for v in vals):
                    itu_aggs.setdefault(row[0].strip(), sname)

    # ---------------- scope decisions for publisher variants ----------------
    gidx = at.index()
    by_key = collections.OrderedDict()
    for alias, kind, iso3, pub, origin in cands:
        by_key.setdefault((kind, key_of(kind, alias)), []).append((alias, kind, iso3, pub, origin))
    collisions = []
    for (kind, k), items in by_key.items():
        glob_t = gidx.get((kind, k), {}).get(STAR, set())
        pubs = collections.defaultdict(set)
        for _a, _k, iso3, pub, _o in items:
            pubs[pub].add(iso3)
        for pub, ts in pubs.items():
            if len(ts) > 1:
                problems.append("publisher %s uses %s %r for %s" % (pub, kind, k, sorted(ts)))
        all_t = {t for ts in pubs.values() for t in ts}
        for alias, kind, iso3, pub, origin in items:
            forced = FORCE_SCOPED.get((pub, k)) if kind == "name" else None
            if kind == "code" and glob_t != {iso3}:
                # publisher-only codes (pseudo/legacy) stay in the publisher's scope
                at.add(alias, kind, iso3, pub, origin)
                if glob_t:
                    collisions.append((kind, k, pub, iso3, "global -> %s" % "/".join(sorted(glob_t))))
            elif forced or (kind == "name" and k in deliberate):
                at.add(alias, kind, iso3, pub, origin)
            elif glob_t:
                if glob_t == {iso3}:
                    at.add(alias, kind, iso3, STAR, origin)  # merges origin
                else:
                    at.add(alias, kind, iso3, pub, origin)
                    collisions.append((kind, k, pub, iso3, "global -> %s" % "/".join(sorted(glob_t))))
            elif len(all_t) == 1:
                at.add(alias, kind, iso3, STAR, origin)
            else:
                at.add(alias, kind, iso3, pub, origin)
                collisions.append((kind, k, pub, iso3, "publishers disagree: %s" % ", ".join(
                    "%s=%s" % (p, "/".join(sorted(t))) for p, t in sorted(pubs.items()))))

    # ITU workbook names: resolve against what we have, manual map for the rest
    idx = at.index()
    for name, f in itu_xls_names:
        n = norm(name)
        st, cs = resolve(idx, "name", name, ITU)
        glob_t = global_targets(idx, "name", name)
        if n in ITU_XLS_MANUAL:
            t = ITU_XLS_MANUAL[n]
            scope = ITU if (n in deliberate or (glob_t and glob_t != {t})) else STAR
            at.add(name, "name", t, scope, "ITU WTI Jun2019 workbook name")
        elif st == "ok":
            at.add(name, "name", cs[0], STAR if glob_t == {cs[0]} else ITU,
                   "ITU WTI Jun2019 workbook name")

    # OWID code-less names that are not aggregates (e.g. "Faeroe Islands")
    owid_agg_names = set()
    idx = at.index()
    for name in sorted(owid_named_only):
        st, cs = resolve(idx, "name", name, OWID)
        if st == "ok":
            at.add(name, "name", cs[0], STAR if global_targets(idx, "name", name) == {cs[0]} else OWID,
                   "OWID Entity (no Code)")
        else:
            owid_agg_names.add(name)

    # ---------------- aggregates ----------------
    aggs = []
    for code, name in wdi_aggs.items():
        kind = WB_AGG_KIND.get(code)
        if not kind:
            problems.append("WDI aggregate %s %r has no kind" % (code, name))
            kind = "other"
        aggs.append((code, name, WB, kind))
    for code, name in sorted(set(owid_aggs)):
        aggs.append((code, name, OWID, "world" if code == "OWID_WRL" else agg_kind_by_name(name)))
    for name in sorted(owid_agg_names):
        aggs.append(("", name, OWID, agg_kind_by_name(name)))
    for name in itu_aggs:
        aggs.append((ITU_AGG_CODE.get(name, ""), name, ITU, agg_kind_by_name(name)))
    aggs = sorted(set(aggs), key=lambda a: (a[2], a[0], norm(a[1]), a[1]))

    # ---------------- verification ----------------
    idx = at.index()
    agg_code = {(a[2], code_key(a[0])) for a in aggs if a[0]}
    agg_name = {(a[2], norm(a[1])) for a in aggs if a[1]}
    unresolved, ambiguous, mismatched = [], [], []

    def check(kind, text, pub, where, expect=None):
        st, cs = resolve(idx, kind, text, pub)
        if st == "unresolved":
            unresolved.append("%s %s %r [%s]" % (pub, kind, text, where))
        elif st == "ambiguous":
            ambiguous.append("%s %s %r -> %s [%s]" % (pub, kind, text, "/".join(cs), where))
        elif expect and cs[0] != expect:
            mismatched.append("%s %s %r -> %s, expected %s [%s]"
                              % (pub, kind, text, cs[0], expect, where))
        return cs[0] if st == "ok" else None

    def java_flow(pub, code, name):
        """CountryResolver.resolve: code alias, aggregate code, name alias, aggregate name."""
        if code_key(code):
            st, cs = resolve(idx, "code", code, pub)
            if st != "unresolved":
                return st, cs
            if (pub, code_key(code)) in agg_code:
                return "aggregate", [code_key(code)]
        if norm(name):
            st, cs = resolve(idx, "name", name, pub)
            if st != "unresolved":
                return st, cs
            if (pub, norm(name)) in agg_name:
                return "aggregate", [name]
        return "unknown", []

    n_checked = collections.Counter()
    for pub in (ITU, WB, OWID):
        for code, name, where in sorted(pub_pairs[pub]):
            exp = code if code in countries and (pub, code_key(code)) not in pseudo else None
            t = check("code", code, pub, where, exp)
            check("name", name, pub, where + " (code %s)" % code, t)
            n_checked[pub] += 1
    for name, f in sorted(set(itu_xls_names)):
        check("name", name, ITU, f)
        n_checked["ITU xls"] += 1
    for name in sorted(owid_named_only - owid_agg_names):
        check("name", name, OWID, "OWID name without code")
        n_checked["OWID no-code"] += 1
    for iso3, c in countries.items():
        for kind, v in (("code", iso3), ("code", c["iso2"]), ("code", c["m49"]),
                        ("name", c["name_en"]), ("name", c["name_ru"]), ("name", c["name_zh"])):
            if v and not (kind == "name" and norm(v) in deliberate):
                check(kind, v, None, "country.csv " + iso3, iso3)
    # the Java resolution flow on every raw publisher row kind
    flow_bad = []
    for code, name, f in owid_rows:
        st, cs = java_flow(OWID, code, name)
        want = "aggregate" if (code.startswith("OWID_") and code_target(code, OWID) is None) \
            or name in owid_agg_names else "ok"
        if st != want:
            flow_bad.append("OWID %r/%r -> %s %s" % (code, name, st, cs))
    for code, name, origin, f in wdi_rows:
        st, cs = java_flow(WB, code, name)
        want = "aggregate" if code in wdi_aggs else "ok"
        if st != want:
            flow_bad.append("WB %r/%r -> %s %s" % (code, name, st, cs))
    for name in itu_aggs:
        st, cs = java_flow(ITU, "", name)
        if st != "aggregate":
            flow_bad.append("ITU aggregate %r -> %s %s" % (name, st, cs))
    flow_bad = sorted(set(flow_bad))
    # aggregates must not look like economies
    agg_clash = []
    for code, name, pub, _k in aggs:
        for kind, v in (("code", code), ("name", name)):
            if v and resolve(idx, kind, v, pub)[0] != "unresolved":
                agg_clash.append("%s %s %r resolves as an economy: %s"
                                 % (pub, kind, v, resolve(idx, kind, v, pub)))
    # every alias target exists; deliberate rows present
    for (kind, k, iso3, scope) in at.rows:
        if iso3 not in countries:
            problems.append("alias %s %r -> unknown %s" % (kind, k, iso3))
        if scope not in (STAR, ITU, WB, OWID):
            problems.append("bad scope %r" % scope)
    deliberate_check = []
    for name, targets in DELIBERATE_AMBIGUOUS:
        st, cs = resolve(idx, "name", name, None)
        deliberate_check.append("%s -> %s %s" % (name, st, "/".join(cs)))
        if st != "ambiguous" or tuple(sorted(cs)) != tuple(sorted(targets)):
            problems.append("deliberate ambiguity broken for %r: %s %s" % (name, st, cs))
    for name, t in NOT_AMBIGUOUS:
        st, cs = resolve(idx, "name", name, None)
        if st != "ok" or cs != [t]:
            problems.append("%r should resolve to %s only: %s %s" % (name, t, st, cs))
    for (kind, k), sc in sorted(idx.items()):
        for scope, ts in sorted(sc.items()):
            if len(ts) > 1 and not (scope == STAR and kind == "name" and k in deliberate):
                problems.append("accidental ambiguity in scope %s: %s %r -> %s"
                                % (scope, kind, k, sorted(ts)))

    # ---------------- report ----------------
    print("ITU xls names read: %d (%d distinct)%s" % (
        len(itu_xls_names), len(set(n for n, _ in itu_xls_names)),
        "; SKIPPED: " + ", ".join(xls_skipped) if xls_skipped else ""))
    print("ITU aggregate labels: %s" % ", ".join(itu_aggs))
    print("Deliberate ambiguity: " + "; ".join(deliberate_check))
    if itu_code_dropped:
        print("ITU column codes not used (shadow a global ISO code): " + "; ".join(
            "%s (%s; is %s)" % (c, i, "/".join(g)) for c, i, g in itu_code_dropped))
    collisions = sorted(set(collisions))
    print("Publisher variants scoped because of a collision (%d):" % len(collisions))
    for kind, k, pub, iso3, why in collisions:
        print("  %s %-40r %-4s -> %s  (%s)" % (kind, k, pub, iso3, why))
    print("Forced publisher scope: " + "; ".join("%s %r (%s)" % (p, n, w)
                                                 for (p, n), w in sorted(FORCE_SCOPED.items())))
    for n in notes:
        print("NOTE: " + n)
    print("UNRESOLVED (%d):" % len(unresolved))
    for u in unresolved:
        print("  " + u)
    print("AMBIGUOUS (%d):" % len(ambiguous))
    for u in ambiguous:
        print("  " + u)
    print("MISMATCHED (%d):" % len(mismatched))
    for u in mismatched:
        print("  " + u)
    print("JAVA-FLOW FAILURES (%d):" % len(flow_bad))
    for u in flow_bad:
        print("  " + u)
    print("AGGREGATE/ECONOMY CLASHES (%d):" % len(agg_clash))
    for u in agg_clash:
        print("  " + u)
    print("PROBLEMS (%d):" % len(problems))
    for p in problems:
        print("  " + p)
    conv.close()

    print("checked (code, name, file) rows: %s" % dict(sorted(n_checked.items())))
    failed = bool(unresolved or ambiguous or mismatched or flow_bad or agg_clash or problems)
    if failed and not args.force:
        print("verification FAILED: nothing written", file=sys.stderr)
        return 1

    # ---------------- write ----------------
    os.makedirs(out_dir, exist_ok=True)

    def write(name, header, rows):
        path = os.path.join(out_dir, name)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(header)
            for r in rows:
                w.writerow(r)
        print("wrote %s (%d rows)" % (os.path.relpath(path, repo), len(rows)))

    crow = []
    for iso3 in sorted(countries):
        c = countries[iso3]
        crow.append([c["iso3"], c["iso2"], c["m49"], c["name_en"], c["name_ru"], c["name_zh"],
                     c["official_name_en"], c["un_region"], c["un_subregion"], c["iso_status"],
                     " ".join(c["note"])])
    write("country.csv", ["iso3", "iso2", "m49", "name_en", "name_ru", "name_zh", "official_name_en",
                          "un_region", "un_subregion", "iso_status", "note"], crow)

    arow = []
    for (kind, k, iso3, scope), (alias, origins) in at.rows.items():
        arow.append([alias, kind, iso3, scope, "; ".join(origins)])
    arow.sort(key=lambda r: (r[1], key_of(r[1], r[0]), r[2], r[3] != STAR, r[3], r[0]))
    write("country_alias.csv", ["alias", "kind", "iso3", "scope", "origin"], arow)

    write("aggregate_entity.csv", ["code", "name", "publisher", "kind"], [list(a) for a in aggs])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
