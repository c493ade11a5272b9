/* adapt/preview1/fs.c - the fd_* and path_* families.
 *
 * Files are read and written with wasi:filesystem's positioned `read` and
 * `write`, the position kept here (so seek and tell need no host call);
 * stdio goes through wasi:cli's streams. Without a filesystem (the proxy
 * adapter) fds 0-2 are all there is. */
#include "adapter.h"

typedef struct {
  uint8_t *buf;
  uint32_t len;
} Iov;

/* ---- reading and writing ---- */

/* Reads into the first non-empty iovec from stdin: a read never waits for
 * more than the first bytes. */
static int32_t stdin_read(State *s, Fd *f, const Iov *iovs, uint32_t n, uint32_t *nread) {
  uint32_t i = 0;
  while (i < n && !iovs[i].len)
    ++i;
  *nread = 0;
  if (i == n)
    return E_SUCCESS;
  Ret r;
  import_into(s, iovs[i].buf, iovs[i].len);
  if (f->fdflags & FDF_NONBLOCK)
    input_stream_read(stdio_stream(f), iovs[i].len, &r);
  else
    input_stream_blocking_read(stdio_stream(f), iovs[i].len, &r);
  if (R8(r, 0)) {
    if (R8(r, 4) == 1)
      return E_SUCCESS; /* closed: end of file */
    return stream_errno(&r, 4, E_IO);
  }
  uint8_t *got = (uint8_t *)(uintptr_t)R32(r, 4);
  uint32_t len = R32(r, 8);
  if (len > iovs[i].len)
    len = iovs[i].len;
  if (got != iovs[i].buf)
    __builtin_memcpy(iovs[i].buf, got, len);
  if (!len && (f->fdflags & FDF_NONBLOCK))
    return E_AGAIN;
  *nread = len;
  return E_SUCCESS;
}

#ifndef WCOMP_PROXY
/* Positioned reads into the iovecs until one comes back short. */
static int32_t file_read(State *s, Fd *f, const Iov *iovs, uint32_t n, uint64_t offset,
                         uint32_t *nread) {
  uint32_t total = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (!iovs[i].len)
      continue;
    Ret r;
    import_into(s, iovs[i].buf, iovs[i].len);
    fs_read(f->handle, iovs[i].len, offset, &r);
    if (R8(r, 0)) {
      if (total)
        break;
      return errno_of(R8(r, 4));
    }
    uint8_t *got = (uint8_t *)(uintptr_t)R32(r, 4);
    uint32_t len = R32(r, 8);
    if (len > iovs[i].len)
      len = iovs[i].len;
    if (got != iovs[i].buf)
      __builtin_memcpy(iovs[i].buf, got, len);
    s->arena_top = 0;
    total += len;
    offset += len;
    if (len < iovs[i].len)
      break;
  }
  *nread = total;
  return E_SUCCESS;
}

static int32_t file_size(Fd *f, uint64_t *size) {
  Ret r;
  fs_stat(f->handle, &r);
  if (R8(r, 0))
    return errno_of(R8(r, 8));
  *size = R64(r, 24);
  return E_SUCCESS;
}

static int32_t file_write(Fd *f, const Iov *iovs, uint32_t n, uint64_t *offset,
                          uint32_t *nwritten) {
  uint32_t total = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (!iovs[i].len)
      continue;
    Ret r;
    fs_write(f->handle, iovs[i].buf, iovs[i].len, *offset, &r);
    if (R8(r, 0)) {
      if (total)
        break;
      return errno_of(R8(r, 8));
    }
    uint64_t len = R64(r, 8);
    total += (uint32_t)len;
    *offset += len;
    if (len < iovs[i].len)
      break;
  }
  *nwritten = total;
  return E_SUCCESS;
}
#endif

EXPORT(fd_read)(uint32_t fd, const Iov *iovs, uint32_t n, uint32_t *nread) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
  if (f->kind == K_STDIN)
    return stdin_read(s, f, iovs, n, nread);
#ifndef WCOMP_PROXY
  if (f->kind == K_FILE) {
    if (!f->readable)
      return E_BADF;
    int32_t e = file_read(s, f, iovs, n, f->pos, nread);
    if (!e)
      f->pos += *nread;
    return e;
  }
#endif
  return E_BADF;
}

EXPORT(fd_write)(uint32_t fd, const Iov *iovs, uint32_t n, uint32_t *nwritten) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
  if (f->kind == K_STDOUT || f->kind == K_STDERR) {
    uint32_t total = 0;
    for (uint32_t i = 0; i < n; ++i) {
      int32_t e = stream_write(stdio_stream(f), iovs[i].buf, iovs[i].len);
      if (e) {
        if (!total)
          return e;
        break;
      }
      total += iovs[i].len;
    }
    *nwritten = total;
    return E_SUCCESS;
  }
#ifndef WCOMP_PROXY
  if (f->kind == K_FILE) {
    /* Checked here: a descriptor opened without write is not the host's
     * to refuse (not every host refuses it cleanly). */
    if (!f->writable)
      return E_BADF;
    if (f->fdflags & FDF_APPEND) {
      int32_t e = file_size(f, &f->pos);
      if (e)
        return e;
    }
    return file_write(f, iovs, n, &f->pos, nwritten);
  }
#endif
  return E_BADF;
}

EXPORT(fd_pread)(uint32_t fd, const Iov *iovs, uint32_t n, uint64_t offset, uint32_t *nread) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
#ifndef WCOMP_PROXY
  if (f->kind == K_FILE)
    return f->readable ? file_read(s, f, iovs, n, offset, nread) : E_BADF;
#else
  (void)iovs, (void)n, (void)offset, (void)nread;
#endif
  return f->kind == K_DIR ? E_BADF : E_SPIPE;
}

EXPORT(fd_pwrite)(uint32_t fd, const Iov *iovs, uint32_t n, uint64_t offset, uint32_t *nwritten) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
#ifndef WCOMP_PROXY
  if (f->kind == K_FILE)
    return f->writable ? file_write(f, iovs, n, &offset, nwritten) : E_BADF;
#else
  (void)iovs, (void)n, (void)offset, (void)nwritten;
#endif
  return f->kind == K_DIR ? E_BADF : E_SPIPE;
}

enum { WHENCE_SET = 0, WHENCE_CUR = 1, WHENCE_END = 2 };

EXPORT(fd_seek)(uint32_t fd, int64_t offset, uint32_t whence, uint64_t *newoffset) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
  if (f->kind != K_FILE)
    return f->kind == K_DIR ? E_BADF : E_SPIPE;
#ifndef WCOMP_PROXY
  uint64_t base;
  if (whence == WHENCE_SET) {
    base = 0;
  } else if (whence == WHENCE_CUR) {
    base = f->pos;
  } else if (whence == WHENCE_END) {
    int32_t e = file_size(f, &base);
    if (e)
      return e;
  } else {
    return E_INVAL;
  }
  if ((offset < 0 && (uint64_t)-offset > base) || (int64_t)(base + (uint64_t)offset) < 0)
    return E_INVAL;
  f->pos = base + (uint64_t)offset;
  *newoffset = f->pos;
  return E_SUCCESS;
#else
  (void)offset, (void)whence, (void)newoffset;
  return E_BADF;
#endif
}

EXPORT(fd_tell)(uint32_t fd, uint64_t *offset) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
  if (f->kind != K_FILE)
    return f->kind == K_DIR ? E_BADF : E_SPIPE;
  *offset = f->pos;
  return E_SUCCESS;
}

/* ---- the table ---- */

EXPORT(fd_close)(uint32_t fd) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
  fd_release(f);
  return E_SUCCESS;
}

EXPORT(fd_renumber)(uint32_t from, uint32_t to) {
  State *s = state();
  Fd *f = fd_get(s, from), *t = fd_get(s, to);
  if (!f || !t)
    return E_BADF;
  if (from == to)
    return E_SUCCESS;
  fd_release(t);
  *t = *f;
  __builtin_memset(f, 0, sizeof *f);
  return E_SUCCESS;
}

/* Whether stdio is a terminal: wasi:cli/terminal-* give a handle if so. */
static int is_terminal(Fd *f) {
#ifndef WCOMP_PROXY
  Ret r;
  if (f->kind == K_STDIN)
    cli_terminal_stdin(&r);
  else if (f->kind == K_STDOUT)
    cli_terminal_stdout(&r);
  else
    cli_terminal_stderr(&r);
  if (!R8(r, 0))
    return 0;
  if (f->kind == K_STDIN)
    terminal_input_drop((int32_t)R32(r, 4));
  else
    terminal_output_drop((int32_t)R32(r, 4));
  return 1;
#else
  (void)f;
  return 0;
#endif
}

EXPORT(fd_fdstat_get)(uint32_t fd, uint8_t *out) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
  uint8_t type = f->filetype;
  uint16_t flags = f->fdflags;
  uint64_t base, inheriting;
  if (f->kind == K_DIR) {
    base = inheriting = R_ALL;
  } else if (f->kind == K_FILE) {
    base = R_ALL & ~(R_READS | R_WRITES);
    if (f->readable)
      base |= R_FD_READ;
    if (f->writable)
      base |= R_WRITES;
    inheriting = 0;
#ifndef WCOMP_PROXY
    Ret r;
    fs_get_flags(f->handle, &r);
    if (!R8(r, 0)) {
      uint8_t d = R8(r, 1);
      flags |= (d & 4 ? FDF_SYNC : 0) | (d & 8 ? FDF_DSYNC : 0) | (d & 16 ? FDF_RSYNC : 0);
    }
#endif
  } else {
    /* stdio: a terminal is a character device, which isatty() wants
     * without seek and tell rights. */
    type = is_terminal(f) ? FT_CHARACTER_DEVICE : FT_UNKNOWN;
    base = (f->kind == K_STDIN ? R_FD_READ : R_FD_WRITE) | R_POLL_FD_READWRITE;
    inheriting = 0;
  }
  __builtin_memset(out, 0, 24);
  out[0] = type;
  *(uint16_t *)(out + 2) = flags;
  *(uint64_t *)(out + 8) = base;
  *(uint64_t *)(out + 16) = inheriting;
  return E_SUCCESS;
}

EXPORT(fd_fdstat_set_flags)(uint32_t fd, uint32_t flags) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
  /* Preview 2 sets the sync flags only at open. */
  if (flags & ~(uint32_t)(FDF_APPEND | FDF_NONBLOCK))
    return E_NOTSUP;
  f->fdflags = (uint16_t)flags;
  return E_SUCCESS;
}

EXPORT(fd_fdstat_set_rights)(uint32_t fd, uint64_t base, uint64_t inheriting) {
  (void)base, (void)inheriting;
  /* Preview 2 descriptors have no rights to drop. */
  return fd_get(state(), fd) ? E_NOTSUP : E_BADF;
}

EXPORT(fd_prestat_get)(uint32_t fd, uint8_t *out) {
  Fd *f = fd_get(state(), fd);
  if (!f || !f->name)
    return E_BADF;
  *(uint32_t *)out = 0; /* a directory */
  *(uint32_t *)(out + 4) = f->name_len;
  return E_SUCCESS;
}

EXPORT(fd_prestat_dir_name)(uint32_t fd, char *buf, uint32_t len) {
  Fd *f = fd_get(state(), fd);
  if (!f || !f->name)
    return E_BADF;
  if (len < f->name_len)
    return E_NAMETOOLONG;
  __builtin_memcpy(buf, f->name, f->name_len);
  return E_SUCCESS;
}
