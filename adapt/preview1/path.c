/* adapt/preview1/path.c - metadata (filestat, sync, advise), directory
 * listing, and the path_* family, on wasi:filesystem. The proxy adapter has
 * no filesystem: there every fd these take is stdio or not open. */
#include "adapter.h"

/* fstflags */
enum { FST_ATIM = 1, FST_ATIM_NOW = 2, FST_MTIM = 4, FST_MTIM_NOW = 8 };
/* oflags and lookupflags have wasi:filesystem's bit values. */
enum { OFLAGS = 0xf, LOOKUP_SYMLINK_FOLLOW = 1 };

#ifndef WCOMP_PROXY

/* The directory handle behind `fd`, or the errno. */
static int32_t dir_of(uint32_t fd, int32_t *handle) {
  Fd *f = fd_get(state(), fd);
  if (!f)
    return E_BADF;
  if (f->kind != K_DIR)
    return E_NOTDIR;
  *handle = f->handle;
  return E_SUCCESS;
}

/* A file or directory handle behind `fd`, or the errno (stdio has none). */
static int32_t handle_of(uint32_t fd, int32_t *handle) {
  Fd *f = fd_get(state(), fd);
  if (!f)
    return E_BADF;
  if (f->kind != K_FILE && f->kind != K_DIR)
    return E_BADF;
  *handle = f->handle;
  return E_SUCCESS;
}

static int32_t unit(Ret *r) { return R8(*r, 0) ? errno_of(R8(*r, 1)) : E_SUCCESS; }

static uint64_t ts(Ret *r, uint32_t o) {
  return R8(*r, o) ? ns_of(R64(*r, o + 8), R32(*r, o + 16)) : 0;
}

/* A filestat from a stat result; the inode is the low half of the host's
 * metadata hash (Preview 2 has no inode numbers). */
static int32_t filestat(Ret *st, Ret *hash, uint8_t *out) {
  if (R8(*st, 0))
    return errno_of(R8(*st, 8));
  __builtin_memset(out, 0, 64);
  *(uint64_t *)(out + 8) = R8(*hash, 0) ? 0 : R64(*hash, 8);
  out[16] = filetype_of(R8(*st, 8));
  *(uint64_t *)(out + 24) = R64(*st, 16);
  *(uint64_t *)(out + 32) = R64(*st, 24);
  *(uint64_t *)(out + 40) = ts(st, 32);
  *(uint64_t *)(out + 48) = ts(st, 56);
  *(uint64_t *)(out + 56) = ts(st, 80);
  return E_SUCCESS;
}

/* A new-timestamp for one of atime/mtime from the fstflags bits. */
typedef struct {
  int32_t tag;
  uint64_t seconds;
  int32_t nanos;
} Stamp;

static int32_t stamps(uint64_t atim, uint64_t mtim, uint32_t flags, Stamp *a, Stamp *m) {
  if (((flags & FST_ATIM) && (flags & FST_ATIM_NOW)) ||
      ((flags & FST_MTIM) && (flags & FST_MTIM_NOW)) || (flags & ~15u))
    return E_INVAL;
  a->tag = flags & FST_ATIM_NOW ? 1 : flags & FST_ATIM ? 2 : 0;
  a->seconds = atim / 1000000000ull;
  a->nanos = (int32_t)(atim % 1000000000ull);
  m->tag = flags & FST_MTIM_NOW ? 1 : flags & FST_MTIM ? 2 : 0;
  m->seconds = mtim / 1000000000ull;
  m->nanos = (int32_t)(mtim % 1000000000ull);
  return E_SUCCESS;
}

#define CHECK(x)                                                                                   \
  do {                                                                                             \
    int32_t e_ = (x);                                                                              \
    if (e_)                                                                                        \
      return e_;                                                                                   \
  } while (0)

#endif /* WCOMP_PROXY */

/* In the proxy adapter: fds 0-2 are stdio, which has no file metadata. */
#ifdef WCOMP_PROXY
#define FILE_ONLY(fd) return ((void)(fd), E_BADF)
#define DIR_ONLY(fd) return fd_get(state(), fd) ? E_NOTDIR : E_BADF
#endif

/* ---- fd metadata ---- */

EXPORT(fd_filestat_get)(uint32_t fd, uint8_t *out) {
  State *s = state();
  Fd *f = fd_get(s, fd);
  if (!f)
    return E_BADF;
  if (f->kind != K_FILE && f->kind != K_DIR) {
    __builtin_memset(out, 0, 64);
    uint8_t stat[24];
    fd_fdstat_get(fd, stat);
    out[16] = stat[0];
    return E_SUCCESS;
  }
#ifndef WCOMP_PROXY
  Ret st, hash;
  fs_stat(f->handle, &st);
  fs_metadata_hash(f->handle, &hash);
  return filestat(&st, &hash, out);
#else
  return E_BADF;
#endif
}

EXPORT(fd_filestat_set_size)(uint32_t fd, uint64_t size) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(handle_of(fd, &h));
  Ret r;
  fs_set_size(h, size, &r);
  return unit(&r);
#else
  (void)size;
  FILE_ONLY(fd);
#endif
}

EXPORT(fd_filestat_set_times)(uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t flags) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(handle_of(fd, &h));
  Stamp a, m;
  CHECK(stamps(atim, mtim, flags, &a, &m));
  Ret r;
  fs_set_times(h, a.tag, a.seconds, a.nanos, m.tag, m.seconds, m.nanos, &r);
  return unit(&r);
#else
  (void)atim, (void)mtim, (void)flags;
  FILE_ONLY(fd);
#endif
}

EXPORT(fd_advise)(uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(handle_of(fd, &h));
  if (advice > 5)
    return E_INVAL;
  Ret r;
  fs_advise(h, offset, len, (int32_t)advice, &r);
  return unit(&r);
#else
  (void)offset, (void)len, (void)advice;
  FILE_ONLY(fd);
#endif
}

EXPORT(fd_allocate)(uint32_t fd, uint64_t offset, uint64_t len) {
  (void)offset, (void)len;
  /* Preview 2 cannot reserve file space. */
  return fd_get(state(), fd) ? E_NOTSUP : E_BADF;
}

EXPORT(fd_datasync)(uint32_t fd) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(handle_of(fd, &h));
  Ret r;
  fs_sync_data(h, &r);
  return unit(&r);
#else
  FILE_ONLY(fd);
#endif
}

EXPORT(fd_sync)(uint32_t fd) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(handle_of(fd, &h));
  Ret r;
  fs_sync(h, &r);
  return unit(&r);
#else
  FILE_ONLY(fd);
#endif
}

/* ---- fd_readdir ---- */

#ifndef WCOMP_PROXY
/* Copies one dirent (header, then name) into what is left of the buffer;
 * false once the buffer is full (a cut entry tells the caller to come back
 * with a bigger buffer from that entry's cookie). */
static int dirent(uint8_t *buf, uint32_t len, uint32_t *used, uint64_t next, uint64_t ino,
                  const char *name, uint32_t namelen, uint8_t type) {
  uint8_t head[24];
  __builtin_memset(head, 0, 24);
  *(uint64_t *)head = next;
  *(uint64_t *)(head + 8) = ino;
  *(uint32_t *)(head + 16) = namelen;
  head[20] = type;
  uint32_t room = len - *used;
  uint32_t n = room < 24 ? room : 24;
  __builtin_memcpy(buf + *used, head, n);
  *used += n;
  room -= n;
  n = room < namelen ? room : namelen;
  __builtin_memcpy(buf + *used, name, n);
  *used += n;
  return *used < len;
}
#endif

EXPORT(fd_readdir)(uint32_t fd, uint8_t *buf, uint32_t len, uint64_t cookie, uint32_t *used) {
#ifndef WCOMP_PROXY
  State *s = state();
  int32_t h;
  CHECK(dir_of(fd, &h));
  *used = 0;
  if (!len)
    return E_SUCCESS;
  Ret r;
  fs_metadata_hash(h, &r);
  uint64_t self = R8(r, 0) ? 0 : R64(r, 8);
  /* Cookies count entries: 0 is ".", 1 is "..", then the host's order. */
  char dots[2] = {'.', '.'};
  uint64_t i = cookie;
  for (; i < 2; ++i)
    if (!dirent(buf, len, used, i + 1, self, dots, (uint32_t)i + 1, FT_DIRECTORY))
      return E_SUCCESS;
  fs_read_directory(h, &r);
  if (R8(r, 0))
    return errno_of(R8(r, 4));
  int32_t stream = (int32_t)R32(r, 4);
  int32_t e = E_SUCCESS;
  for (uint64_t k = 2;; ++k) {
    uint32_t mark = s->arena_top; /* names are copied out: reuse scratch */
    fs_read_directory_entry(stream, &r);
    if (R8(r, 0)) {
      e = errno_of(R8(r, 4));
      break;
    }
    if (!R8(r, 4))
      break;
    if (k >= i) {
      const char *name = (const char *)(uintptr_t)R32(r, 12);
      uint32_t namelen = R32(r, 16);
      uint8_t type = filetype_of(R8(r, 8));
      Ret hash;
      fs_metadata_hash_at(h, 0, name, namelen, &hash);
      uint64_t ino = R8(hash, 0) ? 0 : R64(hash, 8);
      if (!dirent(buf, len, used, k + 1, ino, name, namelen, type))
        break;
    }
    s->arena_top = mark;
  }
  dir_stream_drop(stream);
  return e;
#else
  (void)buf, (void)len, (void)cookie, (void)used;
  DIR_ONLY(fd);
#endif
}

/* ---- path_* ---- */

EXPORT(path_open)(uint32_t fd, uint32_t dirflags, const char *path, uint32_t path_len,
                  uint32_t oflags, uint64_t base, uint64_t inheriting, uint32_t fdflags,
                  uint32_t *out) {
  (void)inheriting;
#ifndef WCOMP_PROXY
  State *s = state();
  int32_t h;
  CHECK(dir_of(fd, &h));
  if (oflags & ~(uint32_t)OFLAGS)
    return E_INVAL;
  /* descriptor-flags: read 1, write 2, file-integrity-sync 4,
   * data-integrity-sync 8, requested-write-sync 16. */
  int32_t flags = (base & R_READS ? 1 : 0) | (base & R_FD_WRITE ? 2 : 0) |
                  (fdflags & FDF_SYNC ? 4 : 0) | (fdflags & FDF_DSYNC ? 8 : 0) |
                  (fdflags & FDF_RSYNC ? 16 : 0);
  Ret r;
  fs_open_at(h, (int32_t)(dirflags & LOOKUP_SYMLINK_FOLLOW), path, path_len, (int32_t)oflags,
             flags, &r);
  if (R8(r, 0))
    return errno_of(R8(r, 4));
  int32_t handle = (int32_t)R32(r, 4);
  fs_get_type(handle, &r);
  uint8_t type = R8(r, 0) ? FT_UNKNOWN : filetype_of(R8(r, 1));
  int32_t n = fd_alloc(s);
  if (n < 0) {
    descriptor_drop(handle);
    return E_MFILE;
  }
  Fd *f = &s->fds[n];
  f->kind = type == FT_DIRECTORY ? K_DIR : K_FILE;
  f->filetype = type;
  f->handle = handle;
  f->readable = (flags & 1) != 0;
  f->writable = (flags & 2) != 0;
  f->fdflags = (uint16_t)(fdflags & (FDF_APPEND | FDF_NONBLOCK));
  *out = (uint32_t)n;
  return E_SUCCESS;
#else
  (void)dirflags, (void)path, (void)path_len, (void)oflags, (void)base, (void)fdflags, (void)out;
  DIR_ONLY(fd);
#endif
}

EXPORT(path_create_directory)(uint32_t fd, const char *path, uint32_t len) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(dir_of(fd, &h));
  Ret r;
  fs_create_directory_at(h, path, len, &r);
  return unit(&r);
#else
  (void)path, (void)len;
  DIR_ONLY(fd);
#endif
}

EXPORT(path_filestat_get)(uint32_t fd, uint32_t flags, const char *path, uint32_t len,
                          uint8_t *out) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(dir_of(fd, &h));
  Ret st, hash;
  int32_t pf = (int32_t)(flags & LOOKUP_SYMLINK_FOLLOW);
  fs_stat_at(h, pf, path, len, &st);
  fs_metadata_hash_at(h, pf, path, len, &hash);
  return filestat(&st, &hash, out);
#else
  (void)flags, (void)path, (void)len, (void)out;
  DIR_ONLY(fd);
#endif
}

EXPORT(path_filestat_set_times)(uint32_t fd, uint32_t flags, const char *path, uint32_t len,
                                uint64_t atim, uint64_t mtim, uint32_t fstflags) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(dir_of(fd, &h));
  Stamp a, m;
  CHECK(stamps(atim, mtim, fstflags, &a, &m));
  Ret r;
  fs_set_times_at(h, (int32_t)(flags & LOOKUP_SYMLINK_FOLLOW), path, len, a.tag, a.seconds,
                  a.nanos, m.tag, m.seconds, m.nanos, &r);
  return unit(&r);
#else
  (void)flags, (void)path, (void)len, (void)atim, (void)mtim, (void)fstflags;
  DIR_ONLY(fd);
#endif
}

EXPORT(path_link)(uint32_t old_fd, uint32_t old_flags, const char *old_path, uint32_t old_len,
                  uint32_t new_fd, const char *new_path, uint32_t new_len) {
#ifndef WCOMP_PROXY
  int32_t oh, nh;
  CHECK(dir_of(old_fd, &oh));
  CHECK(dir_of(new_fd, &nh));
  Ret r;
  fs_link_at(oh, (int32_t)(old_flags & LOOKUP_SYMLINK_FOLLOW), old_path, old_len, nh, new_path,
             new_len, &r);
  return unit(&r);
#else
  (void)old_flags, (void)old_path, (void)old_len, (void)new_fd, (void)new_path, (void)new_len;
  DIR_ONLY(old_fd);
#endif
}

EXPORT(path_readlink)(uint32_t fd, const char *path, uint32_t len, uint8_t *buf, uint32_t buf_len,
                      uint32_t *used) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(dir_of(fd, &h));
  Ret r;
  fs_readlink_at(h, path, len, &r);
  if (R8(r, 0))
    return errno_of(R8(r, 4));
  /* A link longer than the buffer is cut, as readlink(2) does. */
  uint32_t n = R32(r, 8) < buf_len ? R32(r, 8) : buf_len;
  __builtin_memcpy(buf, (const void *)(uintptr_t)R32(r, 4), n);
  *used = n;
  return E_SUCCESS;
#else
  (void)path, (void)len, (void)buf, (void)buf_len, (void)used;
  DIR_ONLY(fd);
#endif
}

EXPORT(path_remove_directory)(uint32_t fd, const char *path, uint32_t len) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(dir_of(fd, &h));
  Ret r;
  fs_remove_directory_at(h, path, len, &r);
  return unit(&r);
#else
  (void)path, (void)len;
  DIR_ONLY(fd);
#endif
}

EXPORT(path_rename)(uint32_t fd, const char *old_path, uint32_t old_len, uint32_t new_fd,
                    const char *new_path, uint32_t new_len) {
#ifndef WCOMP_PROXY
  int32_t oh, nh;
  CHECK(dir_of(fd, &oh));
  CHECK(dir_of(new_fd, &nh));
  Ret r;
  fs_rename_at(oh, old_path, old_len, nh, new_path, new_len, &r);
  return unit(&r);
#else
  (void)old_path, (void)old_len, (void)new_fd, (void)new_path, (void)new_len;
  DIR_ONLY(fd);
#endif
}

EXPORT(path_symlink)(const char *old_path, uint32_t old_len, uint32_t fd, const char *new_path,
                     uint32_t new_len) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(dir_of(fd, &h));
  Ret r;
  fs_symlink_at(h, old_path, old_len, new_path, new_len, &r);
  return unit(&r);
#else
  (void)old_path, (void)old_len, (void)new_path, (void)new_len;
  DIR_ONLY(fd);
#endif
}

EXPORT(path_unlink_file)(uint32_t fd, const char *path, uint32_t len) {
#ifndef WCOMP_PROXY
  int32_t h;
  CHECK(dir_of(fd, &h));
  Ret r;
  fs_unlink_file_at(h, path, len, &r);
  return unit(&r);
#else
  (void)path, (void)len;
  DIR_ONLY(fd);
#endif
}
