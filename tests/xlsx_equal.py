#!/usr/bin/env python3
"""xlsx_equal.py - a plan's plan.xlsx read back with the standard library only (zipfile
and XML), held cell for cell against the plan's CSV files and plan.json.

Usage:  python3 tests/xlsx_equal.py PLAN_DIR [da|en]
        python3 tests/xlsx_equal.py WORKBOOK.xlsx TABLE.csv SHEET [TABLE.csv SHEET ...]
(the second: a workbook of these sheets in this order, each against its CSV:
comparison.xlsx, staffing.xlsx or tradeoff.xlsx with one, schedule.xlsx with three)

Checks: the sheets and their order; each table sheet equals its CSV (text equal, numbers
equal to the CSV's, and a CSV number stored as a number; an empty CSV cell an absent
cell); the summary sheet holds plan.json's KPIs and levels; every sheet has its header row
bold and frozen and an autofilter over it; shares (columns named with utilisation) carry a
percent format. Prints `xlsx_equal: ok` or each difference, exit 1 when there is any."""

import csv
import json
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
NUMBER = {",": re.compile(r"-?[0-9]+(\.[0-9]+)?"), ";": re.compile(r"-?[0-9]+(,[0-9]+)?")}
SHEETS = {"da": ["Oversigt", "Sager", "Sagsbehandlere", "Afdelinger", "Overdragelser"],
          "en": ["Summary", "Cases", "Caseworkers", "Departments", "Handovers"]}
CSVS = [None, "assignments.csv", "caseworkers.csv", "departments.csv", "handovers.csv"]


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_book(path):
    z = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    numfmts = {int(f.get("numFmtId")): f.get("formatCode")
               for f in styles.findall("m:numFmts/m:numFmt", NS)}
    xfs = [int(x.get("numFmtId", 0)) for x in styles.findall("m:cellXfs/m:xf", NS)]
    fonts = styles.findall("m:fonts/m:font", NS)
    xf_font = [int(x.get("fontId", 0)) for x in styles.findall("m:cellXfs/m:xf", NS)]
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("p:Relationship", NS)}
    book = []
    for s in wb.findall("m:sheets/m:sheet", NS):
        target = rels[s.get("{%s}id" % NS["r"])]
        x = ET.fromstring(z.read("xl/" + target.lstrip("/").replace("xl/", "", 1)))
        rows = {}
        for row in x.findall("m:sheetData/m:row", NS):
            r = int(row.get("r")) - 1
            for c in row.findall("m:c", NS):
                v = c.find("m:v", NS)
                if v is None:
                    continue
                t = c.get("t")
                val = strings[int(v.text)] if t == "s" else float(v.text)
                rows.setdefault(r, {})[col_index(c.get("r"))] = (val, int(c.get("s", 0)))
        col_style = {}
        for col in x.findall("m:cols/m:col", NS):
            for k in range(int(col.get("min")) - 1, int(col.get("max"))):
                col_style[k] = int(col.get("style", 0))
        pane = x.find("m:sheetViews/m:sheetView/m:pane", NS)
        frozen = pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1"
        book.append({"name": s.get("name"), "rows": rows, "frozen": frozen,
                     "filter": x.find("m:autoFilter", NS) is not None,
                     "col_style": col_style})
    def is_percent(style):
        f = xfs[style] if style < len(xfs) else 0
        return f in (9, 10) or "%" in numfmts.get(f, "")
    def is_bold(style):
        fid = xf_font[style] if style < len(xf_font) else 0
        return fid < len(fonts) and fonts[fid].find("m:b", NS) is not None
    return book, is_percent, is_bold


def same_table(sheet, path, is_percent, bad):
    """The sheet equals the CSV at path cell for cell; differences appended to bad."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        text = f.read()
    sep = ";" if text.split("\n")[0].count(";") > text.split("\n")[0].count(",") else ","
    table = list(csv.reader(text.splitlines(), delimiter=sep))
    got_rows = max(sheet["rows"]) + 1 if sheet["rows"] else 0
    if got_rows != len(table):
        bad.append("%s: %d rows, %s has %d"
                   % (sheet["name"], got_rows, os.path.basename(path), len(table)))
    for r, rec in enumerate(table):
        got = sheet["rows"].get(r, {})
        for k, want in enumerate(rec):
            cell = got.get(k)
            where = "%s row %d col %d (%s)" % (sheet["name"], r + 1, k + 1, table[0][k])
            if want == "":
                if cell is not None and cell[0] != "":
                    bad.append("%s: %r, CSV empty" % (where, cell[0]))
                continue
            if cell is None:
                bad.append("%s: empty, CSV %r" % (where, want))
                continue
            v = cell[0]
            if isinstance(v, float):
                try:
                    w = float(want.replace(",", ".") if sep == ";" else want)
                except ValueError:
                    bad.append("%s: number %r, CSV text %r" % (where, v, want))
                    continue
                if v != w:
                    bad.append("%s: %r, CSV %r" % (where, v, want))
            elif v != want:
                bad.append("%s: %r, CSV %r" % (where, v, want))
            elif r > 0 and NUMBER[sep].fullmatch(want):
                bad.append("%s: %r stored as text" % (where, v))
    for k, name in enumerate(table[0]):
        if "utilisation" in name and not is_percent(sheet["col_style"].get(k, 0)):
            bad.append("%s: column %s not formatted as a percentage" % (sheet["name"], name))


def main():
    bad = []
    if sys.argv[1].endswith(".xlsx"):
        book, is_percent, is_bold = read_book(sys.argv[1])
        csvs, sheets = sys.argv[2::2], sys.argv[3::2]
        if [s["name"] for s in book] != sheets:
            bad.append("sheets %s, expected %s" % ([s["name"] for s in book], sheets))
        else:
            for sheet, path in zip(book, csvs):
                if not sheet["frozen"] or not sheet["filter"]:
                    bad.append("%s: header not frozen or no autofilter" % sheet["name"])
                if any(not is_bold(st) for _, st in sheet["rows"].get(0, {}).values()):
                    bad.append("%s: header not bold" % sheet["name"])
                same_table(sheet, path, is_percent, bad)
        return report(bad)
    plan = sys.argv[1]
    lang = sys.argv[2] if len(sys.argv) > 2 else "da"
    book, is_percent, is_bold = read_book(os.path.join(plan, "plan.xlsx"))
    names = [s["name"] for s in book]
    if names != SHEETS[lang]:
        bad.append("sheets %s, expected %s" % (names, SHEETS[lang]))
    for i, sheet in enumerate(book):
        if not sheet["frozen"]:
            bad.append("%s: header row not frozen" % sheet["name"])
        if not sheet["filter"]:
            bad.append("%s: no autofilter" % sheet["name"])
        header = sheet["rows"].get(0, {})
        if any(not is_bold(st) for _, st in header.values()):
            bad.append("%s: header not bold" % sheet["name"])
        if i == 0 or i >= len(CSVS):
            continue
        same_table(sheet, os.path.join(plan, CSVS[i]), is_percent, bad)

    with open(os.path.join(plan, "plan.json"), encoding="utf-8") as f:
        pj = json.load(f)
    summary = {row[0][0]: row for r, row in book[0]["rows"].items() if r > 0 and 0 in row}
    kpis = {}
    for key, want in pj["kpis"].items():  # an object's keys as key.sub rows
        if isinstance(want, dict):
            kpis.update({"%s.%s" % (key, sub): v for sub, v in want.items()})
        else:
            kpis[key] = want
    for key, want in kpis.items():
        got = summary.get(key, {}).get(1)
        if got is None or got[0] != want:
            bad.append("%s: %s is %r, plan.json %r" % (book[0]["name"], key, got, want))
    for lv in pj["solver"]["levels"]:
        row = summary.get(lv["name"], {})
        if row.get(2, (None,))[0] != lv["status"] or row.get(1, (None,))[0] != lv["value"]:
            bad.append("%s: level %s differs from plan.json" % (book[0]["name"], lv["name"]))
    return report(bad)


def report(bad):
    for b in bad[:50]:
        print("xlsx_equal: %s" % b)
    if not bad:
        print("xlsx_equal: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
