"""serve_lib.py - omfordel serve for a test: started on a free loopback port (--port 0),
its URL and token read from what it prints, requests with http.client (stdlib only)."""
import http.client
import os
import re
import signal
import time


class Server:
    def __init__(self, binary, folders, cwd, out="out"):
        self.cwd = cwd
        self.stdout_path = os.path.join(cwd, "serve.out")
        self.stderr_path = os.path.join(cwd, "serve.err")
        out_f = open(self.stdout_path, "w")
        err_f = open(self.stderr_path, "w")
        import subprocess
        self.proc = subprocess.Popen([binary, "serve", *folders, "--port", "0", "--out", out],
                                     cwd=cwd, stdout=out_f, stderr=err_f, stdin=subprocess.DEVNULL)
        out_f.close()
        err_f.close()
        deadline = time.time() + 60
        self.url = None
        while time.time() < deadline and self.proc.poll() is None:
            m = re.search(r"open (http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+))",
                          open(self.stdout_path).read())
            if m:
                self.url, self.port, self.token = m.group(1), int(m.group(2)), m.group(3)
                break
            time.sleep(0.1)
        if not self.url:
            raise RuntimeError("omfordel serve did not start: " + open(self.stderr_path).read())
        self.cookie = "omfordel_%d=%s" % (self.port, self.token)

    def request(self, method, path, body=None, headers=None, cookie=True, host=None,
                skip_host=False):
        """(status, headers dict with lower-case names, body bytes)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = dict(headers or {})
        if cookie:
            h["Cookie"] = self.cookie
        if skip_host:
            c.putrequest(method, path, skip_host=True)
            for k, v in h.items():
                c.putheader(k, v)
            c.endheaders(body)
        else:
            h["Host"] = host or "127.0.0.1:%d" % self.port
            c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        hs = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, hs, data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def csrf(self):
        _, _, page = self.get("/")
        return re.search(rb'name="csrf" value="([0-9a-f]+)"', page).group(1).decode()

    def post(self, path, fields, csrf=True):
        from urllib.parse import urlencode
        fields = list(fields) + ([("csrf", self.csrf())] if csrf else [])
        return self.request("POST", path, body=urlencode(fields),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def scenario_id(self, name):
        """The catalog number of the scenario called name on the list page."""
        _, _, page = self.get("/")
        m = re.search(r'href="/s/(\d+)">%s</a>' % re.escape(name), page.decode())
        return int(m.group(1)) if m else None

    def status(self, job):
        import json
        _, _, body = self.get("/job/%d/status" % job)
        return json.loads(body)

    def wait(self, job, states, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            st = self.status(job)
            if st["state"] in states:
                return st
            time.sleep(0.3)
        return self.status(job)

    def children(self):
        try:
            with open("/proc/%d/task/%d/children" % (self.proc.pid, self.proc.pid)) as f:
                return [int(p) for p in f.read().split()]
        except OSError:
            return []

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except Exception:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode
