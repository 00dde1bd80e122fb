#!/bin/sh
# serve_browser.sh - omfordel serve in a real browser (Debian's chromium through
# chromium-driver and python3-selenium): open with the token, make a variant (two more
# leavers, a cap changed), plan it with progress, the report's KPIs against the plan.json
# the server wrote, tools/check_plan.py on that plan, compare two plans, switch language
# and anonymise, staffing, nothing wider than a phone. Screenshots of each page at 1200 and 375 px
# into docs/screenshots/. Prints "ok NAME" or "FAIL NAME: why" per check.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 16\n'

# python3-selenium is Debian's: its python3 when the one first on PATH is another
have() { command -v chromedriver >/dev/null 2>&1 && "$1" -c 'import selenium' 2>/dev/null; }
py=python3
have "$py" || py=/usr/bin/python3
if ! have "$py"; then
    tools/install-deps.sh --with-browser >"$tmp/install.log" 2>&1
fi
if ! have "$py"; then
    printf 'FAIL chromium-driver and python3-selenium are installed: %s\n' \
        "tools/install-deps.sh --with-browser: $(tail -3 "$tmp/install.log" | tr '\n' ' ')"
    exit 0
fi
printf 'ok chromium-driver and python3-selenium are installed\n'

w=$tmp/w
mkdir -p "$w/sc" "$top/docs/screenshots"
cp -r scenarios/slagelse-2017 "$w/sc/"

# the optimised build: Slagelse-size plans
PYTHONPATH=$top/tests timeout 900 "$py" - "$fast" "$w" "$top" <<'EOF'
import json, os, re, subprocess, sys, time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from report_kpis import report_kpis
from serve_lib import Server

binary, w, top = sys.argv[1:4]
shots = os.path.join(top, "docs", "screenshots")
checks = 0

def check(name, cond, why=""):
    print(("ok %s" % name) if cond else ("FAIL %s: %s" % (name, why)))
    sys.stdout.flush()

s = Server(binary, ["sc"], w)
opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + os.path.join(w, "profile")):
    opts.add_argument(a)
d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
d.set_page_load_timeout(60)

def wait_for(fn, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            v = fn()
            if v:
                return v
        except Exception:
            pass
        time.sleep(0.25)
    return None

too_wide = []
def shoot(name):
    """A screenshot at 1200 and at 375 px; at 375 nothing may be wider than the screen
    (a wide table scrolls within the page)."""
    for width, height in ((1200, 900), (375, 812)):
        d.set_window_size(width, height)
        time.sleep(0.3)
        d.save_screenshot(os.path.join(shots, "serve-%s-%d.png" % (name, width)))
        if width == 375:
            sw = d.execute_script("return document.documentElement.scrollWidth")
            iw = d.execute_script("return document.documentElement.clientWidth")
            if sw > iw:
                too_wide.append("%s: %d > %d" % (name, sw, iw))
    d.set_window_size(1200, 900)

def h1():
    return d.find_element(By.TAG_NAME, "h1").text

try:
    d.get(s.url)
    check("the URL with the token opens the scenario list in Danish",
          h1() == "Scenarier" and d.find_elements(By.CSS_SELECTOR, "section.scenario"), h1())
    shoot("list")

    # a variant of cut-40: two more leavers, the cap of Job 60
    d.find_element(By.LINK_TEXT, "cut-40").click()
    boxes = [b for b in d.find_elements(By.CSS_SELECTOR, "input[name=leave]")
             if not b.is_selected() and b.is_enabled()][:2]
    ticked = [b.get_attribute("value") for b in boxes]
    for b in boxes:
        d.execute_script("arguments[0].click()", b)
    name = d.find_element(By.ID, "name")
    name.clear()
    name.send_keys("cut-40-moede")
    cap = d.find_element(By.ID, "cap:Job")
    cap.clear()
    cap.send_keys("60")
    shoot("variant")
    d.execute_script("arguments[0].click()", d.find_element(By.ID, "save"))
    wait_for(lambda: h1() == "cut-40-moede", 20)
    v = json.load(open(os.path.join(w, "out", "variants", "cut-40-moede.json")))
    base = json.load(open(os.path.join(w, "sc", "slagelse-2017", "cut-40.json")))
    check("the variant extends cut-40 with two more leavers and the cap",
          h1() == "cut-40-moede" and sorted(v["leaves"]) == sorted(base["leaves"] + ticked)
          and v["caps"] == {"Job": 60} and v["extends"].endswith("slagelse-2017/cut-40.json"),
          "%s %s" % (h1(), v))

    # plan it: progress, then the report
    d.find_element(By.ID, "plan").click()
    seen = wait_for(lambda: d.find_element(By.ID, "level").text and d.find_element(By.ID, "state").text, 60)
    check("progress is shown while the plan runs", seen == "planlægger", str(seen))
    shoot("progress")
    done = wait_for(lambda: d.find_elements(By.ID, "report"), 300)
    check("the page shows the report and the files when the plan is done", done,
          d.find_element(By.TAG_NAME, "main").text[:300])
    files = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#files a")]
    written = sorted(f for f in os.listdir(os.path.join(w, "out", "cut-40-moede")) if f[0] != ".")
    check("every plan file is offered for download", "plan.json" in files and files == written,
          "%s, written %s" % (files, written))
    d.find_element(By.ID, "report").click()
    wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "[data-kpi]"), 30)
    plan_dir = os.path.join(w, "out", "cut-40-moede")
    plan = json.load(open(os.path.join(plan_dir, "plan.json")))
    shown = {e.get_attribute("data-kpi"): e.get_attribute("data-value")
             for e in d.find_elements(By.CSS_SELECTOR, "[data-kpi]")}
    bad = [k for k, val in report_kpis(plan)[0].items()
           if k not in shown or abs(float(shown[k]) - float(val)) > 1e-6 * max(1, abs(float(val)))]
    check("the report's KPIs equal the plan.json the server wrote", shown and not bad, str(bad))
    shoot("report")
    r = subprocess.run(["python3", os.path.join(top, "tools", "check_plan.py"),
                        os.path.join(w, "out", "variants", "cut-40-moede.json"), plan_dir],
                       capture_output=True, text=True)
    check("tools/check_plan.py accepts the plan", r.returncode == 0, (r.stdout + r.stderr)[-400:])

    # a second plan, then compare the two
    d.get("http://127.0.0.1:%d/" % s.port)
    d.find_element(By.LINK_TEXT, "baseline").click()
    d.find_element(By.ID, "plan").click()
    wait_for(lambda: d.find_elements(By.ID, "report"), 300)
    d.get("http://127.0.0.1:%d/compare" % s.port)
    for b in d.find_elements(By.CSS_SELECTOR, "input[name=job]"):
        d.execute_script("arguments[0].click()", b)
    d.find_element(By.ID, "compare").click()
    text = wait_for(lambda: "baseline" in d.page_source and "cut-40-moede" in d.page_source, 30)
    check("two plans compared side by side", text and os.path.exists(os.path.join(w, "out", "compare", "comparison.html")),
          d.page_source[:300])
    shoot("compare")

    # staffing of baseline: the table and its files
    d.get("http://127.0.0.1:%d/" % s.port)
    d.find_element(By.LINK_TEXT, "baseline").click()
    d.find_element(By.ID, "staffing").click()
    table = wait_for(lambda: d.find_element(By.ID, "result").text, 300) or ""
    files = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#files a")]
    check("staffing shows its table and its files", "staffing: baseline" in table
          and files == ["staffing.csv", "staffing.json"], "%s %s" % (table[:200], files))
    shoot("staffing")

    # the switches: English, then anonymised
    d.get("http://127.0.0.1:%d/" % s.port)
    d.find_element(By.XPATH, "//button[text()='English']").click()
    check("the language switch speaks English", wait_for(lambda: h1() == "Scenarios", 10), h1())
    d.find_element(By.LINK_TEXT, "cut-40").click()
    d.find_element(By.XPATH, "//button[text()='Anonymise']").click()
    staff = wait_for(lambda: d.find_element(By.CSS_SELECTOR, "table.staff").text, 10) or ""
    check("anonymised, the form names no caseworker",
          "Caseworker 1" in staff and not re.search(r"\bs0\d\d\d\b", staff), staff[:200])
    d.find_element(By.XPATH, "//button[text()='Dansk']").click()
    check("and back to Danish", wait_for(lambda: "Ny variant" in d.page_source, 10), h1())
    check("no page is wider than a 375 px screen", not too_wide, "; ".join(too_wide))
    pngs = [f for f in os.listdir(shots) if f.startswith("serve-") and f.endswith(".png")]
    check("a screenshot of each page at 1200 and 375 px in docs/screenshots", len(pngs) >= 12, str(pngs))
finally:
    d.quit()
    code = s.stop()
check("the server stops cleanly", code == 0, open(s.stderr_path).read()[-300:])
EOF
