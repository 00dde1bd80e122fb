/* http.h - the embedded HTTP server (GNU libmicrohttpd) and the rules every request meets */
#ifndef OM_SERVE_HTTP_H
#define OM_SERVE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/select.h>

#include "lang.h"

/* One request that passed the checks: loopback Host, the token, and for a POST the
 * CSRF token and a body within the limit. */
typedef struct http_req http_req;

typedef struct {
    int status;
    const char *type; /* Content-Type; NULL: text/html; charset=utf-8 */
    char *body;       /* malloc'd, freed by the server */
    size_t len;
    int fd;               /* >= 0: the body is this file (closed by the server), len bytes */
    char *location;       /* for a 303, a path on this server (malloc'd) */
    const char *download; /* a file name for Content-Disposition: attachment */
    char *cookies[2];     /* Set-Cookie values (malloc'd) */
} http_resp;

/* Answers one request: fill rs (status 0 leaves 404). */
typedef void (*http_handler)(void *ctx, const http_req *rq, http_resp *rs);

typedef struct http_server http_server;

/* Listen on 127.0.0.1 and ::1 at port (0: any free port) with at most max_conn
 * connections and request bodies of at most max_body bytes. Returns new (caller frees
 * with http_stop), or NULL when the port cannot be had (errno set when known). */
http_server *http_start(int port, int max_conn, size_t max_body, http_handler fn, void *ctx);
void http_stop(http_server **h);
/* The port listened on, and the URL (with the token) to open. Borrowed. */
int http_port(const http_server *h);
const char *http_url(const http_server *h);
/* One turn of the loop: wait at most ms milliseconds for requests and answer them. */
void http_run(http_server *h, int ms);

const char *http_method(const http_req *rq);
const char *http_path(const http_req *rq);
/* The value of a form field of a POST body (the first when repeated), or NULL. */
const char *http_field(const http_req *rq, const char *key);
/* The values of a repeated form field, at most max of them into out (borrowed);
 * returns how many there are. */
int http_fields(const http_req *rq, const char *key, const char **out, int max);
/* The token to put in each form as the field "csrf". */
const char *http_csrf(const http_req *rq);
/* The switches of a visitor who has not set them (serve's --lang and --anonymise). */
void http_set_defaults(http_server *h, report_lang lang, bool anonymise);
/* The visitor's switches, from their cookies, else the defaults. */
report_lang http_lang(const http_req *rq);
bool http_anonymise(const http_req *rq);
/* Set the visitor's switches: cookies on rs. */
void http_set_prefs(const http_req *rq, http_resp *rs, report_lang lang, bool anonymise);

#endif
