/* adapt/preview1/adapter.h - state and helpers shared by the adapter's files.
 *
 * The adapter runs in the main module's memory and owns none of it: no data
 * segments, no static variables. Its state is one 64 KiB block allocated on
 * first use with the main module's `cabi_realloc` and found through a wasm
 * global; constants are immediates. Preview 1 names, numbers and layouts are
 * those of the `wasi_snapshot_preview1` witx (typenames.witx). */
#ifndef WCOMP_ADAPTER_H
#define WCOMP_ADAPTER_H

#include "p2.h"

#include <stddef.h>
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(#name))) int32_t name

/* errno (only the values the adapter returns). */
enum {
  E_SUCCESS = 0, E_2BIG = 1, E_ACCES = 2, E_AGAIN = 6, E_ALREADY = 7, E_BADF = 8, E_BUSY = 10,
  E_DEADLK = 16, E_DQUOT = 19, E_EXIST = 20, E_FBIG = 22, E_ILSEQ = 25, E_INPROGRESS = 26,
  E_INTR = 27, E_INVAL = 28, E_IO = 29, E_ISDIR = 31, E_LOOP = 32, E_MFILE = 33, E_MLINK = 34,
  E_MSGSIZE = 35, E_NAMETOOLONG = 37, E_NODEV = 43, E_NOENT = 44, E_NOLCK = 46, E_NOMEM = 48,
  E_NOSPC = 51, E_NOTDIR = 54, E_NOTEMPTY = 55, E_NOTRECOVERABLE = 56, E_NOTSOCK = 57,
  E_NOTSUP = 58, E_NOTTY = 59, E_NXIO = 60, E_OVERFLOW = 61, E_PERM = 63, E_PIPE = 64,
  E_ROFS = 69, E_SPIPE = 70, E_TXTBSY = 74, E_XDEV = 75,
};

/* filetype */
enum {
  FT_UNKNOWN = 0, FT_BLOCK_DEVICE = 1, FT_CHARACTER_DEVICE = 2, FT_DIRECTORY = 3,
  FT_REGULAR_FILE = 4, FT_SOCKET_STREAM = 6, FT_SYMBOLIC_LINK = 7,
};

/* fdflags */
enum { FDF_APPEND = 1, FDF_DSYNC = 2, FDF_NONBLOCK = 4, FDF_RSYNC = 8, FDF_SYNC = 16 };

/* rights */
#define RIGHT(n) ((uint64_t)1 << (n))
#define R_FD_DATASYNC RIGHT(0)
#define R_FD_READ RIGHT(1)
#define R_FD_SEEK RIGHT(2)
#define R_FD_SYNC RIGHT(4)
#define R_FD_TELL RIGHT(5)
#define R_FD_WRITE RIGHT(6)
#define R_FD_ALLOCATE RIGHT(8)
#define R_FD_READDIR RIGHT(14)
#define R_FD_FILESTAT_SET_SIZE RIGHT(22)
#define R_POLL_FD_READWRITE RIGHT(27)
#define R_ALL (RIGHT(30) - 1)
/* What a descriptor opened for reading or for writing may do. */
#define R_READS (R_FD_READ | R_FD_READDIR)
#define R_WRITES (R_FD_DATASYNC | R_FD_WRITE | R_FD_ALLOCATE | R_FD_FILESTAT_SET_SIZE)

/* What an fd is. */
enum { K_FREE = 0, K_STDIN, K_STDOUT, K_STDERR, K_FILE, K_DIR };

/// One Preview 1 file descriptor.
typedef struct {
  uint8_t kind;
  uint8_t filetype;  /* P1 filetype, from get-type at open */
  uint16_t fdflags;  /* APPEND and NONBLOCK are kept here; the sync flags by the host */
  int32_t handle;    /* descriptor (files, directories) or stream (stdio, fetched lazily) */
  uint8_t readable, writable;
  uint16_t name_len; /* a preopened directory's name (name_len > 0) */
  char *name;
  uint64_t pos;      /* files: the position reads and writes use */
} Fd;

#define MAX_FDS 128
#define STATE_SIZE 65536
#define STATE_MAGIC 0x31505721u /* "!WP1" */

/// The adapter's state: one block of the main module's memory.
typedef struct {
  uint32_t magic;
  uint32_t nfds; /* fds at or above are free */
  Fd fds[MAX_FDS];
  /* cabi_import_realloc: the next allocation goes to `target` when it fits
   * (list results land where the caller wants them), else to the scratch
   * arena, reset at the start of every Preview 1 call. */
  uint8_t *target;
  uint32_t target_len;
  uint32_t arena_top, arena_size;
  uint8_t *arena;
  /* Long-lived allocations (preopen names). */
  uint8_t *keep;
  uint32_t keep_left;
  _Alignas(8) uint8_t space[];
} State;

/// The state, created on first use; also resets the scratch arena.
State *state(void);
/// The fd's entry, or null when `fd` is not open.
Fd *fd_get(State *s, uint32_t fd);
/// A free fd (the lowest), or -1 when the table is full.
int32_t fd_alloc(State *s);
/// Closes an fd's host resources and frees it.
void fd_release(Fd *f);
/// Scratch memory for this call (aligned to 8); traps when memory runs out.
void *scratch(State *s, uint32_t size);
/// Memory that lives as long as the instance.
void *keep(State *s, uint32_t size);
/// Directs the next list a host function returns into `p` when it fits.
void import_into(State *s, void *p, uint32_t len);

/// errno for a wasi:filesystem error-code.
int32_t errno_of(uint32_t code);
/// errno for a stream-error in a return area (tag at `o`, error handle at
/// `o + 4`); drops the error. A closed stream is `closed_errno`.
int32_t stream_errno(Ret *r, uint32_t o, int32_t closed_errno);
/// The P1 filetype of a wasi:filesystem descriptor-type.
uint8_t filetype_of(uint32_t type);
/// The stdio stream behind fd 0-2, fetched on first use.
int32_t stdio_stream(Fd *f);

/// fd_fdstat_get, which fd_filestat_get uses for stdio.
int32_t fd_fdstat_get(uint32_t fd, uint8_t *out);

/// Writes `len` bytes to an output stream; errno.
int32_t stream_write(int32_t stream, const uint8_t *p, uint32_t len);

static inline uint64_t ns_of(uint64_t seconds, uint32_t nanos) {
  return seconds * 1000000000ull + nanos;
}

static inline uint32_t str_len(const char *p) {
  uint32_t n = 0;
  while (p[n])
    ++n;
  return n;
}

#endif
