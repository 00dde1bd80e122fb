#!/usr/bin/env python3
"""readback.py - what omfordel wrote, read back and recomputed without the engine.

Usage:  readback.py excel PLAIN_DIR EXCEL_DIR LABEL
            every CSV under EXCEL_DIR (written with --excel) starts with a UTF-8 BOM, ends
            each line in CRLF, separates with ';' and writes decimals with ','; and says
            what the same CSV under PLAIN_DIR (the same command without --excel) says
        readback.py diff A.json B.json OUTPUT LABEL
            OUTPUT (of `omfordel diff A.json B.json`) is the diff recomputed from the two
            plan.json files
        readback.py explain PLAN_DIR OMFORDEL LABEL
            `omfordel explain` of every case of the plan is the sentence its assignments.csv
            and caseworkers.csv rows make (rows that tools/check_plan.py verifies against
            the inputs)

Prints "ok LABEL-..." or "FAIL LABEL-...: why" per check; Python 3 standard library only.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys

DECIMAL = re.compile(r"-?\d+\.\d+")
DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
# columns that measure the run rather than the plan: may differ between two runs
TIMED = {"seconds", "solve_seconds"}


def report(label, problems):
    if problems:
        print("FAIL %s: %s%s" % (label, "; ".join(problems[:5]),
                                 "; ..." if len(problems) > 5 else ""))
    else:
        print("ok %s" % label)


def csv_files(top):
    out = []
    for d, _, files in os.walk(top):
        out += [os.path.relpath(os.path.join(d, f), top) for f in files if f.endswith(".csv")]
    return sorted(out)


def excel_one(plain_path, excel_path):
    why = []
    raw = open(excel_path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        why.append("no UTF-8 BOM")
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    lines = body.split(b"\n")
    if lines[-1] != b"":
        why.append("the last line has no line end")
    bare = [n + 1 for n, x in enumerate(lines[:-1]) if not x.endswith(b"\r")]
    if bare:
        why.append("lines %s end in LF, not CRLF" % bare[:3])
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        return why + ["not UTF-8: %s" % e]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    with open(plain_path, encoding="utf-8", newline="") as f:
        want = list(csv.reader(f))
    if not rows or len(rows[0]) < 2 and len(want[0]) >= 2:
        why.append("not ';'-separated: header %r" % (rows[0] if rows else None))
        return why
    if len(rows) != len(want):
        why.append("%d rows, without --excel %d" % (len(rows), len(want)))
    header = want[0]
    for n, (r, w) in enumerate(zip(rows, want)):
        if len(r) != len(w):
            why.append("row %d has %d fields, without --excel %d" % (n + 1, len(r), len(w)))
            continue
        for col, a, b in zip(header, r, w):
            if col in TIMED and n > 0:
                continue
            if DECIMAL.fullmatch(a):
                why.append("row %d %s: %s has a decimal point" % (n + 1, col, a))
            elif a != (b.replace(".", ",") if DECIMAL.fullmatch(b) else b):
                why.append("row %d %s: %r, without --excel %r" % (n + 1, col, a, b))
    return why


def cmd_excel(plain, excel, label):
    a, b = csv_files(plain), csv_files(excel)
    report("%s-same-files" % label,
           [] if a == b and a else ["without --excel %s, with %s" % (a, b)])
    for rel in b:
        if rel in a:
            report("%s-%s" % (label, rel), excel_one(os.path.join(plain, rel),
                                                      os.path.join(excel, rel)))


def diff_block(title, column, a, b, name_a, name_b):
    """the diff of two id -> value maps (in file order), as omfordel diff writes it"""
    rows = [(k, v, b.get(k)) for k, v in a.items() if b.get(k) != v]
    rows += [(k, None, v) for k, v in b.items() if k not in a]
    out = ["# %s: %d" % (title, len(rows)), "%s,%s,%s" % (column, name_a, name_b)]
    for k, va, vb in rows:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow([k, va or "", vb or ""])
        out.append(buf.getvalue())
    return out


def cmd_diff(pa, pb, output, label):
    ja, jb = (json.load(open(p, encoding="utf-8")) for p in (pa, pb))
    names = ja["scenario"]["name"], jb["scenario"]["name"]
    want = []
    for title, column, table, key, val in (
            ("caseworkers whose department differs", "caseworker", "caseworkers",
             "caseworker", "department"),
            ("cases whose caseworker differs", "case", "assignments", "case", "to_caseworker")):
        a = {r[key]: r[val] or "" for r in ja[table]}
        b = {r[key]: r[val] or "" for r in jb[table]}
        want += diff_block(title, column, a, b, *names)
    got = open(output, encoding="utf-8").read().split("\n")
    if got and got[-1] == "":
        got.pop()
    why = []
    for n, (g, w) in enumerate(zip(got, want)):
        if g != w:
            why.append("line %d: %r, recomputed %r" % (n + 1, g, w))
            break
    if len(got) != len(want):
        why.append("%d lines, recomputed %d (%s)" % (len(got), len(want),
                                                    " ".join(x for x in want if x[0] == "#")))
    report(label, why)


def num(v):
    """a number as the plan files write it: at most 6 decimals, no trailing zeros"""
    return ("%.6f" % v).rstrip("0").rstrip(".")


def sentence(r, workers, departments, households=None, costs=None):
    """the sentence of explain for one assignments.csv row: caseworkers and departments
    as "name (id)" (caseworkers.csv's caseworker_name, departments.csv's department_name);
    then, for a case in a household (households: id -> its rows), where the household
    goes, and where costs are weighted (costs: (move_cost by segment, factor)) its cost"""
    def named(name, i):
        return "%s (%s)" % (name, i) if name and name != i else i

    def person(i):
        return named(workers.get(i, {}).get("caseworker_name", ""), i)

    def department(i):
        return named(departments.get(i, {}).get("department_name", ""), i)

    frm_id, to_id, seg = r["from_caseworker"], r["to_caseworker"], r["segment"]
    frm, to, dep = person(frm_id), person(to_id), department(r["to_department"])

    def load(who):
        u = workers.get(who, {}).get("utilisation", "")
        return " (their load after the plan: %.0f %%)" % (100 * float(u)) if u != "" else ""

    head = "Case %s (%s): " % (r["case"], seg)
    body = {
        "pinned": lambda: "pinned, so it stays with %s in %s" % (to, dep),
        "kept": lambda: "stays with %s, who joins %s, which serves %s%s" % (to, dep, seg,
                                                                            load(to_id)),
        "caseworker_leaves": lambda: "moves from %s to %s in %s, because %s leaves"
                                     % (frm, to, dep, frm_id),
        "no_caseworker": lambda: "has no caseworker today and goes to %s in %s" % (to, dep),
        "department_change": lambda: "moves from %s to %s in %s, because %s joins %s, where %s "
                                     "cannot hold %s cases" % (frm, to, dep, frm_id,
                                                               department(
                                                                   workers[frm_id]["department"]),
                                                               frm_id, seg),
        "over_cap": lambda: "moves from %s to %s in %s to keep loads within the caps: %s would "
                            "carry too much%s" % (frm, to, dep, frm_id, load(frm_id)),
    }[r["reason"]]()
    out = head + body + "."
    members = (households or {}).get(r.get("household") or "")
    if members:
        before = {m["from_caseworker"] for m in members if m["from_caseworker"]}
        after = {m["to_caseworker"] for m in members}
        n = len(members)
        if len(after) > 1:
            out += " Its household of %d is split over several caseworkers: no one may hold it whole." % n
        elif len(before) > 1:
            out += " Its household of %d, with several caseworkers today, is united with %s." % (n, to)
        elif r["moved"] == "1":
            out += " It moves with its household of %d to %s." % (n, to)
        else:
            out += " Its household of %d stays with %s." % (n, to)
    if costs:
        per_seg, factor = costs[0].get(seg, 1), costs[1]
        cost = float(r["move_cost"])
        changes = round((cost / per_seg - 1) / factor) if factor > 0 else 0
        out += (" Its change of caseworker counts %s" if r["moved"] == "1"
                else " A change of caseworker would count %s") % r["move_cost"]
        if changes > 0:
            out += ": %s (%s) x %s (%d %s in the last 12 months)." % (
                num(per_seg), seg, num(1 + factor * changes), changes,
                "change" if changes == 1 else "changes")
        else:
            out += " (%s)." % seg
    return out


def cmd_explain(plan_dir, binary, label):
    with open(os.path.join(plan_dir, "assignments.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(plan_dir, "caseworkers.csv"), encoding="utf-8", newline="") as f:
        workers = {w["caseworker"]: w for w in csv.DictReader(f)}
    with open(os.path.join(plan_dir, "departments.csv"), encoding="utf-8", newline="") as f:
        departments = {d["department"]: d for d in csv.DictReader(f)}
    with open(os.path.join(plan_dir, "plan.json"), encoding="utf-8") as f:
        scen = json.load(f)["scenario"]
    households = {}
    for r in rows:
        if r.get("household"):
            households.setdefault(r["household"], []).append(r)
    factor = scen.get("repeat_change_factor", 0)
    costs = (scen.get("move_cost", {}), factor) if "move_cost" in scen or factor > 0 else None
    why = []
    reasons = set()
    for r in rows:
        reasons.add(r["reason"])
        p = subprocess.run([binary, "explain", os.path.join(plan_dir, "plan.json"), r["case"]],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        want = sentence(r, workers, departments, households, costs)
        if p.returncode != 0 or p.stdout != want + "\n" or p.stderr:
            why.append("case %s: exit %d, %r%s, expected %r" % (
                r["case"], p.returncode, p.stdout.strip(),
                " (stderr %r)" % p.stderr[:200] if p.stderr else "", want))
    report("%s-every-case" % label, why)
    # the plans this runs on are drawn to have every reason
    missing = {"kept", "pinned", "caseworker_leaves", "no_caseworker", "department_change",
               "over_cap"} - reasons
    report("%s-reasons" % label, ["no case with reason %s" % ", ".join(sorted(missing))]
           if missing else [])


def main(argv):
    if len(argv) == 5 and argv[1] == "excel":
        cmd_excel(argv[2], argv[3], argv[4])
    elif len(argv) == 6 and argv[1] == "diff":
        cmd_diff(argv[2], argv[3], argv[4], argv[5])
    elif len(argv) == 5 and argv[1] == "explain":
        cmd_explain(argv[2], argv[3], argv[4])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
