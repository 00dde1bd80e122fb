/* http.c - the embedded HTTP server: loopback only, a token, CSRF, limits; no parser of ours */
#include "http.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FIELDS 20000 /* form fields in one POST: a leaver box per caseworker */

struct http_server {
    struct MHD_Daemon *d[2]; /* 127.0.0.1 and ::1 */
    int port;
    size_t max_body;
    char token[33], csrf[33];
    char cookie[40], lang_cookie[48], anon_cookie[48]; /* names, by port */
    char url[80];
    http_handler fn;
    void *ctx;
    report_lang lang; /* the switches' defaults */
    bool anonymise;
};

struct http_req {
    http_server *h;
    struct MHD_Connection *c;
    const char *method, *path;
    char **keys, **vals;
    int n, cap;
    size_t body;
    bool too_big, broken;
    struct MHD_PostProcessor *pp;
};

/* 32 hex digits from the kernel's random source. Returns 0, or -1. */
static int random_hex(char out[33])
{
    unsigned char b[16];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? read(fd, b, sizeof b) : -1;
    if (fd >= 0)
        close(fd);
    if (got != (ssize_t)sizeof b)
        return -1;
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    return 0;
}

/* Whether a equals the secret s, in time that does not depend on where they differ. */
static bool same_secret(const char *a, const char *s)
{
    if (!a || strlen(a) != strlen(s))
        return false;
    unsigned char diff = 0;
    for (size_t i = 0; s[i]; i++)
        diff |= (unsigned char)(a[i] ^ s[i]);
    return diff == 0;
}

/* Whether the Host header names this machine's loopback: localhost, 127.0.0.1 or [::1],
 * with or without a port. Anything else may be a rebound DNS name. */
static bool loopback_host(const char *host)
{
    if (!host)
        return false;
    size_t n;
    if (host[0] == '[') {
        const char *end = strchr(host, ']');
        n = end ? (size_t)(end - host) + 1 : strlen(host);
    } else {
        n = strcspn(host, ":");
    }
    const char *port = host + n;
    if (*port == ':')
        port += 1 + strspn(port + 1, "0123456789");
    if (*port)
        return false;
    return (n == 9 && strncasecmp(host, "localhost", n) == 0) ||
           (n == 9 && strncmp(host, "127.0.0.1", n) == 0) ||
           (n == 5 && strncmp(host, "[::1]", n) == 0);
}

static enum MHD_Result add_header(struct MHD_Response *r, const char *k, const char *v)
{
    return MHD_add_response_header(r, k, v);
}

/* Queue rs on c; frees what rs holds. */
static enum MHD_Result send_resp(struct MHD_Connection *c, http_resp *rs)
{
    struct MHD_Response *r;
    if (rs->fd >= 0) {
        r = MHD_create_response_from_fd(rs->len, rs->fd);
        if (!r)
            close(rs->fd);
        free(rs->body);
    } else {
        r = MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : (char *)"",
                                            rs->body ? MHD_RESPMEM_MUST_FREE
                                                     : MHD_RESPMEM_PERSISTENT);
        if (!r)
            free(rs->body);
    }
    rs->body = NULL;
    enum MHD_Result ok = MHD_NO;
    if (r) {
        add_header(r, "Content-Type", rs->type ? rs->type : "text/html; charset=utf-8");
        add_header(r, "Cache-Control", "no-store");
        add_header(r, "X-Content-Type-Options", "nosniff");
        add_header(r, "X-Frame-Options", "DENY");
        add_header(r, "Referrer-Policy", "no-referrer");
        add_header(r, "Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                   "img-src data:; connect-src 'self'; form-action 'self'; "
                   "frame-ancestors 'none'; base-uri 'none'");
        if (rs->location)
            add_header(r, "Location", rs->location);
        for (int i = 0; i < 2; i++)
            if (rs->cookies[i])
                add_header(r, "Set-Cookie", rs->cookies[i]);
        if (rs->download) {
            char cd[300];
            snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", rs->download);
            add_header(r, "Content-Disposition", cd);
        }
        ok = MHD_queue_response(c, (unsigned)rs->status, r);
        MHD_destroy_response(r);
    }
    free(rs->location);
    for (int i = 0; i < 2; i++)
        free(rs->cookies[i]);
    return ok;
}

static enum MHD_Result refuse(struct MHD_Connection *c, int status, const char *why)
{
    http_resp rs = {.status = status, .type = "text/plain; charset=utf-8", .fd = -1};
    rs.body = strdup(why);
    rs.len = rs.body ? strlen(rs.body) : 0;
    return send_resp(c, &rs);
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
    http_req *rq = cls;
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
    if (off > 0 && rq->n > 0 && strcmp(rq->keys[rq->n - 1], key) == 0) { /* a value's next piece */
        char **v = &rq->vals[rq->n - 1];
        size_t had = strlen(*v);
        char *more = realloc(*v, had + size + 1);
        if (!more)
            return rq->broken = true, MHD_NO;
        memcpy(more + had, data, size);
        more[had + size] = '\0';
        *v = more;
        return MHD_YES;
    }
    if (rq->n == rq->cap) {
        int cap = rq->cap ? 2 * rq->cap : 32;
        char **k = cap <= MAX_FIELDS ? realloc(rq->keys, (size_t)cap * sizeof *k) : NULL;
        if (k)
            rq->keys = k;
        char **v = k ? realloc(rq->vals, (size_t)cap * sizeof *v) : NULL;
        if (!v)
            return rq->broken = true, MHD_NO;
        rq->vals = v;
        rq->cap = cap;
    }
    rq->keys[rq->n] = strdup(key);
    rq->vals[rq->n] = strndup(data ? data : "", size);
    if (!rq->keys[rq->n] || !rq->vals[rq->n]) {
        free(rq->keys[rq->n]);
        free(rq->vals[rq->n]);
        return rq->broken = true, MHD_NO;
    }
    rq->n++;
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)c, (void)why;
    http_req *rq = *con_cls;
    if (!rq)
        return;
    if (rq->pp)
        MHD_destroy_post_processor(rq->pp);
    for (int i = 0; i < rq->n; i++) {
        free(rq->keys[i]);
        free(rq->vals[i]);
    }
    free(rq->keys);
    free(rq->vals);
    free(rq);
    *con_cls = NULL;
}

static char *cookie_value(const char *name, const char *value)
{
    size_t n = strlen(name) + strlen(value) + 64;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s=%s; HttpOnly; SameSite=Strict; Path=/", name, value);
    return s;
}

/* The checks of a request's head. Returns 0 to go on, or the status to refuse with;
 * *redirect when the token came in the URL (the answer then sets the cookie). */
static int check_head(http_server *h, struct MHD_Connection *c, const char *method, bool *redirect)
{
    if (!loopback_host(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host")))
        return 421;
    const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, h->cookie);
    const char *query = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
    *redirect = !same_secret(cookie, h->token) && same_secret(query, h->token);
    if (!same_secret(cookie, h->token) && !same_secret(query, h->token))
        return 403;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "POST") != 0)
        return 405;
    if (strcmp(method, "POST") != 0)
        return 0;
    const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (len && strtoull(len, NULL, 10) > h->max_body)
        return 413;
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!type || strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0)
        return 415;
    return 0;
}

static const char *refusal_text(int status)
{
    switch (status) {
    case 421:
        return "refused: the Host header must be localhost, 127.0.0.1 or [::1]\n";
    case 403:
        return "forbidden: open the URL that omfordel serve printed (it holds the token)\n";
    case 405:
        return "method not allowed\n";
    case 413:
        return "request body too large\n";
    case 415:
        return "a form must be sent as application/x-www-form-urlencoded\n";
    }
    return "forbidden: the form's CSRF token is missing or wrong; reload the page\n";
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    http_server *h = cls;
    http_req *rq = *con_cls;
    (void)version;
    if (!rq) {
        bool redirect = false;
        int status = check_head(h, c, method, &redirect);
        if (status)
            return refuse(c, status, refusal_text(status));
        if (redirect && strcmp(method, "POST") != 0) { /* the token into a cookie */
            http_resp rs = {.status = 303, .fd = -1};
            rs.location = strdup(url);
            rs.cookies[0] = cookie_value(h->cookie, h->token);
            return send_resp(c, &rs);
        }
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *rq = (http_req){.h = h, .c = c, .method = method, .path = url};
        *con_cls = rq;
        if (strcmp(method, "POST") == 0 &&
            !(rq->pp = MHD_create_post_processor(c, 16 * 1024, on_field, rq)))
            return refuse(c, 415, refusal_text(415));
        return MHD_YES;
    }
    if (*upload_size > 0) { /* a piece of the body */
        rq->body += *upload_size;
        if (rq->body > h->max_body)
            return MHD_NO; /* no Content-Length said so: close the connection */
        if (rq->pp && MHD_post_process(rq->pp, upload, *upload_size) != MHD_YES)
            rq->broken = true;
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->broken)
        return refuse(c, 400, "the form could not be read\n");
    if (rq->pp && !same_secret(http_field(rq, "csrf"), h->csrf))
        return refuse(c, 403, refusal_text(0));
    http_resp rs = {.fd = -1};
    h->fn(h->ctx, rq, &rs);
    if (!rs.status) {
        free(rs.body);
        rs.body = strdup("not found\n");
        rs.len = rs.body ? strlen(rs.body) : 0;
        rs.status = 404;
        rs.type = "text/plain; charset=utf-8";
    }
    return send_resp(c, &rs);
}

static struct MHD_Daemon *listen_on(http_server *h, int port, bool v6, int max_conn)
{
    struct sockaddr_in a4 = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port)};
    a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a6.sin6_addr = in6addr_loopback;
    return MHD_start_daemon(
        v6 ? MHD_USE_IPv6 : MHD_NO_FLAG, (uint16_t)port, NULL, NULL, on_request, h,
        MHD_OPTION_SOCK_ADDR, v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
        (unsigned)max_conn, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
}

http_server *http_start(int port, int max_conn, size_t max_body, http_handler fn, void *ctx)
{
    http_server *h = calloc(1, sizeof *h);
    if (!h || random_hex(h->token) < 0 || random_hex(h->csrf) < 0) {
        free(h);
        return NULL;
    }
    h->fn = fn;
    h->ctx = ctx;
    h->max_body = max_body;
    if (!(h->d[0] = listen_on(h, port, false, max_conn))) {
        free(h);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d[0], MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : port;
    h->d[1] = listen_on(h, h->port, true, max_conn); /* none where the machine has no ::1 */
    snprintf(h->cookie, sizeof h->cookie, "omfordel_%d", h->port);
    snprintf(h->lang_cookie, sizeof h->lang_cookie, "omfordel_lang_%d", h->port);
    snprintf(h->anon_cookie, sizeof h->anon_cookie, "omfordel_anon_%d", h->port);
    snprintf(h->url, sizeof h->url, "http://127.0.0.1:%d/?token=%s", h->port, h->token);
    return h;
}

void http_stop(http_server **hp)
{
    http_server *h = *hp;
    if (!h)
        return;
    for (int i = 0; i < 2; i++)
        if (h->d[i])
            MHD_stop_daemon(h->d[i]);
    free(h);
    *hp = NULL;
}

int http_port(const http_server *h) { return h->port; }
const char *http_url(const http_server *h) { return h->url; }

void http_run(http_server *h, int ms)
{
    fd_set r, w, e;
    MHD_socket max = 0;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_ZERO(&e);
    long long wait_ms = ms;
    for (int i = 0; i < 2; i++) {
        MHD_UNSIGNED_LONG_LONG t;
        if (!h->d[i])
            continue;
        MHD_get_fdset(h->d[i], &r, &w, &e, &max);
        if (MHD_get_timeout(h->d[i], &t) == MHD_YES && (long long)t < wait_ms)
            wait_ms = (long long)t;
    }
    struct timeval tv = {(time_t)(wait_ms / 1000), (suseconds_t)(wait_ms % 1000) * 1000};
    if (select(max + 1, &r, &w, &e, &tv) < 0) {
        FD_ZERO(&r);
        FD_ZERO(&w);
        FD_ZERO(&e);
    }
    for (int i = 0; i < 2; i++)
        if (h->d[i])
            MHD_run_from_select(h->d[i], &r, &w, &e);
}

const char *http_method(const http_req *rq) { return rq->method; }
const char *http_path(const http_req *rq) { return rq->path; }

const char *http_field(const http_req *rq, const char *key)
{
    for (int i = 0; i < rq->n; i++)
        if (strcmp(rq->keys[i], key) == 0)
            return rq->vals[i];
    return NULL;
}

int http_fields(const http_req *rq, const char *key, const char **out, int max)
{
    int n = 0;
    for (int i = 0; i < rq->n; i++)
        if (strcmp(rq->keys[i], key) == 0) {
            if (n < max)
                out[n] = rq->vals[i];
            n++;
        }
    return n;
}

const char *http_csrf(const http_req *rq) { return rq->h->csrf; }

void http_set_defaults(http_server *h, report_lang lang, bool anonymise)
{
    h->lang = lang;
    h->anonymise = anonymise;
}

report_lang http_lang(const http_req *rq)
{
    const char *v = MHD_lookup_connection_value(rq->c, MHD_COOKIE_KIND, rq->h->lang_cookie);
    return !v ? rq->h->lang : strcmp(v, "en") == 0 ? REPORT_EN : REPORT_DA;
}

bool http_anonymise(const http_req *rq)
{
    const char *v = MHD_lookup_connection_value(rq->c, MHD_COOKIE_KIND, rq->h->anon_cookie);
    return !v ? rq->h->anonymise : strcmp(v, "1") == 0;
}

void http_set_prefs(const http_req *rq, http_resp *rs, report_lang lang, bool anonymise)
{
    rs->cookies[0] = cookie_value(rq->h->lang_cookie, lang == REPORT_EN ? "en" : "da");
    rs->cookies[1] = cookie_value(rq->h->anon_cookie, anonymise ? "1" : "0");
}
