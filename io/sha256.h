/* sha256.h - SHA-256 of a file, for recording which inputs made a plan */
#ifndef OM_SHA256_H
#define OM_SHA256_H

/* Write the file's SHA-256 as 64 lowercase hex digits and a NUL into hex.
 * Returns 0, or -1 when the file cannot be read. */
int sha256_file(const char *path, char hex[65]);

#endif
