#!/bin/sh
# serve.sh - omfordel serve's rules, over loopback with python3's http.client: the token,
# the Host check, CSRF, no path from a request reaching the file system, body and
# connection limits, 20 requests at once while a plan runs, a killed or cancelled plan,
# the queue, variants that extend their scenario, files 0600, no case id in the log.
# Prints "ok NAME" or "FAIL NAME: why" per check.
. "$(dirname "$0")/../suite_lib.sh"
printf 'checks 28\n'

w=$tmp/w
mkdir -p "$w/sc/small"
cp -r scenarios/slagelse-2017 "$w/sc/"
cp tests/cases/base/scenario.json tests/cases/base/*.csv "$w/sc/small/"
ln -s /etc/hostname "$w/sc/outside.json" # links out of the folder served
ln -s /etc "$w/sc/etc"

PYTHONPATH=$top/tests python3 - "$bin" "$w" "$top" <<'EOF'
import concurrent.futures, hashlib, json, os, re, signal, socket, subprocess, sys, time
from serve_lib import Server

binary, w, top = sys.argv[1:4]

def check(name, cond, why=""):
    print(("ok %s" % name) if cond else ("FAIL %s: %s" % (name, why)))
    sys.stdout.flush()

def guarded(name, fn):
    try:
        cond, why = fn()
    except Exception as e:
        cond, why = False, "%s: %s" % (type(e).__name__, e)
    check(name, cond, why)

def tree_hash(root):
    h = hashlib.sha256()
    for d, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            if not os.path.islink(p):
                h.update(p.encode() + open(p, "rb").read())
    return h.hexdigest()

inputs_before = tree_hash(os.path.join(w, "sc"))
s = Server(binary, ["sc"], w)
out = os.path.join(w, "out")

def raw(data, read=True):
    """Send bytes on a fresh connection; the status line's code (0: closed without one)."""
    c = socket.create_connection(("127.0.0.1", s.port), timeout=30)
    try:
        c.sendall(data)
    except OSError:
        pass
    got = b""
    try:
        while read:
            b = c.recv(4096)
            if not b:
                break
            got += b
    except OSError:
        pass
    c.close()
    m = re.match(rb"HTTP/1\.[01] (\d+)", got)
    return int(m.group(1)) if m else 0

guarded("no token: 403", lambda: (s.get("/", cookie=False)[0] == 403, "status %d" % s.get("/", cookie=False)[0]))

def wrong_token():
    a = s.get("/", cookie=False, headers={"Cookie": "omfordel_%d=%s" % (s.port, "0" * 32)})[0]
    b = s.get("/?token=" + "0" * 32, cookie=False)[0]
    return a == 403 and b == 403, "cookie %d, URL %d" % (a, b)
guarded("a wrong token: 403", wrong_token)

def token_cookie():
    st, hs, _ = s.get("/?token=" + s.token, cookie=False)
    c = hs.get("set-cookie", "")
    return st == 303 and "HttpOnly" in c and "SameSite=Strict" in c and s.token in c, "%d %s" % (st, c)
guarded("the token in the URL becomes an HttpOnly SameSite=Strict cookie", token_cookie)

def hosts():
    bad = [h for h in ("evil.example", "127.0.0.1.evil.example", "localhost.evil", "10.0.0.1:%d" % s.port)
           if s.get("/", host=h)[0] != 421]
    good = [h for h in ("localhost:%d" % s.port, "127.0.0.1", "[::1]:%d" % s.port) if s.get("/", host=h)[0] != 200]
    none = s.get("/", skip_host=True)[0]
    return not bad and not good and none != 200, "refused wrongly %s, let through %s, no Host %d" % (good, bad, none)
guarded("a Host other than localhost, 127.0.0.1 or [::1] is refused", hosts)

small = s.scenario_id("base")
cut = s.scenario_id("cut-40")

def no_csrf():
    st = s.post("/s/%d/plan" % small, [], csrf=False)[0]
    return st == 403 and s.get("/job/0")[0] == 404, "status %d" % st
guarded("a POST without the CSRF token is refused", no_csrf)

def wrong_csrf():
    st = s.post("/s/%d/plan" % small, [("csrf", "1" * 32)], csrf=False)[0]
    return st == 403 and s.get("/job/0")[0] == 404, "status %d" % st
guarded("a POST with a wrong CSRF token is refused", wrong_csrf)

guarded("a GET changes nothing", lambda: (s.get("/s/%d/plan" % small)[0] == 404 and s.get("/job/0")[0] == 404, ""))
guarded("other methods are refused", lambda: (s.request("PUT", "/")[0] == 405, ""))

def links_out():
    page = s.get("/")[1:] and s.get("/")[2].decode()
    return "outside.json" not in page and "sc/etc" not in page and small is not None and cut is not None, \
        "listed a link out, or missed base/cut-40"
guarded("links out of the folders are not listed", links_out)

def big_body():
    st = raw(b"POST /s/0/plan HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + s.cookie.encode() +
             b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n")
    return st == 413, "status %d" % st
guarded("an oversized body is refused (Content-Length)", big_body)

def big_chunked():
    chunk = b"40000\r\n" + b"a" * 0x40000 + b"\r\n"
    st = raw(b"POST /s/0/plan HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + s.cookie.encode() +
             b"\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n" +
             chunk * 3 + b"0\r\n\r\n")
    return st not in range(200, 400), "status %d" % st
guarded("an oversized body is refused (chunked)", big_chunked)

# a small plan to the end
job = None
def small_plan():
    global job
    st, hs, _ = s.post("/s/%d/plan" % small, [])
    job = int(hs["location"].rsplit("/", 1)[1])
    end = s.wait(job, ("done", "failed", "cancelled"), 120)
    r = subprocess.run(["python3", os.path.join(top, "tools/check_plan.py"),
                        os.path.join(w, "sc/small/scenario.json"), os.path.join(out, "base")],
                       capture_output=True, text=True)
    return st == 303 and end["state"] == "done" and r.returncode == 0, "%s; %s" % (end, r.stdout[-300:] + r.stderr[-300:])
guarded("a plan is made and tools/check_plan.py accepts it", small_plan)

def dotdot():
    codes = [s.get("/job/%d/file/%s" % (job, p))[0] for p in
             ("..%2F..%2Fsc%2Fsmall%2Fscenario.json", "../../sc/small/scenario.json", "..", "%2e%2e/variants")]
    return all(c == 404 for c in codes), str(codes)
guarded("'..' in a file name is refused", dotdot)

def absolute():
    codes = [s.get("/job/%d/file/%s" % (job, p))[0] for p in ("/etc/passwd", "%2Fetc%2Fpasswd")]
    return all(c == 404 for c in codes), str(codes)
guarded("an absolute path is refused", absolute)

def symlink():
    os.symlink("/etc/passwd", os.path.join(out, "base", "link.csv"))
    st = s.get("/job/%d/file/link.csv" % job)[0]
    page = s.get("/job/%d" % job)[2].decode()
    return st == 404 and "link.csv" not in page, "status %d" % st
guarded("a link in the plan folder is neither listed nor served", symlink)

def download():
    st, hs, body = s.get("/job/%d/file/plan.json" % job)
    same = body == open(os.path.join(out, "base", "plan.json"), "rb").read()
    return st == 200 and same and "attachment" in hs.get("content-disposition", ""), "status %d" % st
guarded("the plan files are downloaded as they are", download)

def variant():
    st, hs, _ = s.post("/s/%d/variant" % small, [("name", "v1"), ("leave", "s2"), ("cap:Job", "60"),
                       ("cap:Akt", "40"), ("weight:jobparat", "1"), ("weight:aktivitetsparat", "1.38"),
                       ("weight:sygedagpenge", "1"), ("prio1", "caps"), ("prio2", "continuity"),
                       ("prio3", "balance"), ("max_utilisation", ""), ("time_limit", "60")])
    v = json.load(open(os.path.join(out, "variants", "v1.json")))
    want = {"name": "v1", "extends": os.path.realpath(os.path.join(w, "sc/small/scenario.json")),
            "leaves": ["s2"], "caps": {"Job": 60}}
    return st == 303 and v == want, "%d %s" % (st, v)
guarded("a variant holds only what changed and extends the original", variant)

def variant_error():
    st, _, page = s.post("/s/%d/variant" % small, [("name", "v2"), ("cap:Job", "abc"), ("prio1", "caps"),
                         ("prio2", "continuity"), ("prio3", "balance")])
    m = re.search(r'name="cap:Job"[^>]*>\s*<span class="err">([^<]*)', page.decode())
    return st == 422 and m and not os.path.exists(os.path.join(out, "variants", "v2.json")), "status %d" % st
guarded("a wrong value is shown beside its field and nothing is written", variant_error)

def private_files():
    loose = []
    for d, _, files in os.walk(out):
        for f in files:
            p = os.path.join(d, f)
            if not os.path.islink(p) and os.stat(p).st_mode & 0o077:
                loose.append(p)
    return not loose, str(loose)
guarded("every file written is 0600", private_files)

# a long plan: Slagelse cut-40
long_job = None
def busy():
    global long_job
    # what a child killed while writing leaves: a temporary file of the plan's own
    os.makedirs(os.path.join(out, "cut-40"), mode=0o700)
    with open(os.path.join(out, "cut-40", ".plan.json.Ab12Cd"), "w") as f:
        f.write('{"scenario": ')
    _, hs, _ = s.post("/s/%d/plan" % cut, [("csrf", s.csrf())], csrf=False)
    long_job = int(hs["location"].rsplit("/", 1)[1])
    st = s.wait(long_job, ("running",), 30)
    with concurrent.futures.ThreadPoolExecutor(20) as ex:
        codes = list(ex.map(lambda i: s.get("/" if i % 2 else "/job/%d/status" % long_job)[0], range(20)))
    still = s.status(long_job)["state"]
    return st["state"] == "running" and codes == [200] * 20 and still == "running", "%s %s %s" % (st, codes, still)
guarded("20 requests at once while a plan runs are all answered", busy)

def kill_child():
    kids = s.children()
    for k in kids:
        os.kill(k, signal.SIGKILL)
    st = s.wait(long_job, ("failed", "done", "cancelled"), 30)
    return kids and st["state"] == "failed" and s.get("/")[0] == 200, "children %s, %s" % (kids, st)
guarded("a killed planning child leaves the server serving", kill_child)

def no_partial():
    d = os.path.join(out, "cut-40")
    left = os.listdir(d) if os.path.isdir(d) else []
    return not left, str(left)
guarded("a killed plan leaves no partial files (its temporary files removed)", no_partial)

def cancel():
    _, hs, _ = s.post("/s/%d/plan" % cut, [])
    j = int(hs["location"].rsplit("/", 1)[1])
    s.wait(j, ("running",), 30)
    st = s.post("/job/%d/cancel" % j, [])[0]
    end = s.wait(j, ("cancelled", "failed", "done"), 30)
    time.sleep(0.5)
    return st == 303 and end["state"] == "cancelled" and not s.children(), "%d %s" % (st, end)
guarded("cancel stops a running plan", cancel)

def queue():
    names = ["baseline", "cut-40", "three-departments", "old-units", "union-norms", "meetings-3m", "scenario"]
    ids = [i for i in (s.scenario_id(n) for n in names) if i is not None][: os.cpu_count() + 1]
    jobs = [int(s.post("/s/%d/plan" % i, [])[1]["location"].rsplit("/", 1)[1]) for i in ids]
    states = [s.status(j)["state"] for j in jobs]
    running = len(s.children())
    for j in jobs:
        s.post("/job/%d/cancel" % j, [])
    for j in jobs:
        s.wait(j, ("cancelled", "failed", "done"), 30)
    return len(jobs) == os.cpu_count() + 1 and "queued" in states and running <= os.cpu_count(), \
        "%s, %d children" % (states, running)
guarded("at most one plan per processor, the others queued", queue)

def loopback_only():
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for r in rows:
            f = r.split()
            addr, port = f[1].rsplit(":", 1)
            if int(port, 16) == s.port and f[3] == "0A":
                listening.append(addr)
    ok = {"0100007F", "00000000000000000000000001000000"}
    return listening and all(a in ok for a in listening), str(listening)
guarded("it listens on 127.0.0.1 and ::1 only", loopback_only)

guarded("the inputs are never modified", lambda: (tree_hash(os.path.join(w, "sc")) == inputs_before, ""))

code = s.stop()
log = open(s.stdout_path).read() + open(s.stderr_path).read()
ids = set(l.split(",", 1)[0] for l in open(os.path.join(w, "sc/slagelse-2017/cases.csv")).read().splitlines()[1:])
ids |= {"c1", "c2", "c3", "c4"}
said = set(re.findall(r"[A-Za-z0-9_]+", log))
check("no case id in the server's log", not (ids & said), str(sorted(ids & said)[:5]))
check("SIGTERM stops the server cleanly", code == 0 and not re.search("runtime error|Sanitizer", log),
      "exit %s: %s" % (code, log[-500:]))
EOF
