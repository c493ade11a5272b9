/* adapt/preview1/core.c - state, the import allocator, the fd table, stdio,
 * and the Preview 1 functions that are not about files: args, environ,
 * clocks, random, poll, proc, sched, sock, and the command's `run`. */
#include "adapter.h"

/* Globals, not memory: the state pointer, and `__stack_pointer`'s companion
 * that `new` looks for by name when it injects the lazy stack allocation. */
__asm__(".globaltype wcomp_state, i32\n"
        "wcomp_state:\n"
        ".globaltype allocation_state, i32\n"
        "allocation_state:\n"
        ".globl get_state_ptr\n"
        "get_state_ptr:\n"
        "  .functype get_state_ptr () -> (i32)\n"
        "  global.get wcomp_state\n"
        "  end_function\n"
        ".globl set_state_ptr\n"
        "set_state_ptr:\n"
        "  .functype set_state_ptr (i32) -> ()\n"
        "  local.get 0\n"
        "  global.set wcomp_state\n"
        "  end_function\n"
        ".globl get_allocation_state\n"
        "get_allocation_state:\n"
        "  .functype get_allocation_state () -> (i32)\n"
        "  global.get allocation_state\n"
        "  end_function\n");
State *get_state_ptr(void);
void set_state_ptr(State *);
int32_t get_allocation_state(void);

__attribute__((import_module("__main_module__"), import_name("cabi_realloc"))) void *
main_realloc(void *, uint32_t, uint32_t, uint32_t);

/* Fresh pages at the end of memory, for scratch or kept memory that outgrew
 * its space in the state block. */
static uint8_t *grow(uint32_t size) {
  uint32_t pages = (size + 65535) / 65536;
  int32_t old = (int32_t)__builtin_wasm_memory_grow(0, pages);
  if (old < 0)
    __builtin_trap();
  return (uint8_t *)((uintptr_t)old * 65536);
}

void *scratch(State *s, uint32_t size) {
  uint32_t top = (s->arena_top + 7) & ~7u;
  if (size > s->arena_size || top > s->arena_size - size) {
    /* The new region replaces the arena for later calls too. */
    uint32_t want = size > 65536 ? size : 65536;
    s->arena = grow(want);
    s->arena_size = (want + 65535) & ~65535u;
    top = 0;
  }
  s->arena_top = top + size;
  return s->arena + top;
}

void *keep(State *s, uint32_t size) {
  size = (size + 7) & ~7u;
  if (size > s->keep_left) {
    uint32_t want = size > 65536 ? size : 65536;
    s->keep = grow(want);
    s->keep_left = (want + 65535) & ~65535u;
  }
  void *p = s->keep;
  s->keep += size;
  s->keep_left -= size;
  return p;
}

void import_into(State *s, void *p, uint32_t len) {
  s->target = p;
  s->target_len = len;
}

/// The realloc `new` gives the adapter's lowered imports: where the host
/// puts strings and lists it returns.
__attribute__((export_name("cabi_import_realloc"))) void *
cabi_import_realloc(void *old, uint32_t old_size, uint32_t align, uint32_t size) {
  State *s = get_state_ptr();
  if (old || old_size || !s)
    __builtin_trap();
  uint8_t *t = s->target;
  s->target = 0;
  if (t && size <= s->target_len && ((uintptr_t)t & (align - 1)) == 0)
    return t;
  return scratch(s, size);
}

static void init_fd(Fd *f, uint8_t kind, uint8_t filetype) {
  __builtin_memset(f, 0, sizeof *f);
  f->kind = kind;
  f->filetype = filetype;
}

State *state(void) {
  State *s = get_state_ptr();
  if (!s) {
    (void)get_allocation_state();
    s = main_realloc(0, 0, 8, STATE_SIZE);
    __builtin_memset(s, 0, sizeof *s);
    s->magic = STATE_MAGIC;
    s->arena = s->space;
    s->arena_size = STATE_SIZE - sizeof(State) - 4096;
    s->keep = s->space + s->arena_size;
    s->keep_left = 4096;
    init_fd(&s->fds[0], K_STDIN, FT_UNKNOWN);
    init_fd(&s->fds[1], K_STDOUT, FT_UNKNOWN);
    init_fd(&s->fds[2], K_STDERR, FT_UNKNOWN);
    s->fds[0].readable = 1;
    s->fds[1].writable = s->fds[2].writable = 1;
    s->nfds = 3;
    set_state_ptr(s);
#ifndef WCOMP_PROXY
    /* Preopens become fds 3, 4, ... in the host's order. */
    Ret r;
    fs_get_directories(&r);
    const uint8_t *list = (const uint8_t *)(uintptr_t)R32(r, 0);
    for (uint32_t i = 0, n = R32(r, 4); i < n; ++i) {
      const uint8_t *e = list + 12 * i;
      int32_t fd = fd_alloc(s);
      if (fd < 0) {
        descriptor_drop(*(const int32_t *)e);
        continue;
      }
      Fd *f = &s->fds[fd];
      init_fd(f, K_DIR, FT_DIRECTORY);
      f->handle = *(const int32_t *)e;
      f->readable = f->writable = 1;
      uint32_t len = *(const uint32_t *)(e + 8);
      f->name = keep(s, len ? len : 1);
      __builtin_memcpy(f->name, (const void *)(uintptr_t) * (const uint32_t *)(e + 4), len);
      f->name_len = (uint16_t)(len > 0xffff ? 0xffff : len);
    }
#endif
  }
  if (s->magic != STATE_MAGIC)
    __builtin_trap();
  s->arena_top = 0;
  s->target = 0;
  return s;
}

Fd *fd_get(State *s, uint32_t fd) {
  if (fd >= s->nfds || s->fds[fd].kind == K_FREE)
    return 0;
  return &s->fds[fd];
}

int32_t fd_alloc(State *s) {
  for (uint32_t i = 0; i < MAX_FDS; ++i)
    if (i >= s->nfds || s->fds[i].kind == K_FREE) {
      if (i >= s->nfds)
        s->nfds = i + 1;
      __builtin_memset(&s->fds[i], 0, sizeof(Fd));
      return (int32_t)i;
    }
  return -1;
}

void fd_release(Fd *f) {
  if (f->handle) {
    if (f->kind == K_STDIN)
      input_stream_drop(f->handle);
    else if (f->kind == K_STDOUT || f->kind == K_STDERR)
      output_stream_drop(f->handle);
#ifndef WCOMP_PROXY
    else
      descriptor_drop(f->handle);
#endif
  }
  __builtin_memset(f, 0, sizeof *f);
}

int32_t stdio_stream(Fd *f) {
  if (!f->handle)
    f->handle = f->kind == K_STDIN    ? cli_get_stdin()
                : f->kind == K_STDOUT ? cli_get_stdout()
                                      : cli_get_stderr();
  return f->handle;
}

int32_t errno_of(uint32_t code) {
  /* wasi:filesystem error-code, in declaration order. */
  switch (code) {
  case 0: return E_ACCES;
  case 1: return E_AGAIN;
  case 2: return E_ALREADY;
  case 3: return E_BADF;
  case 4: return E_BUSY;
  case 5: return E_DEADLK;
  case 6: return E_DQUOT;
  case 7: return E_EXIST;
  case 8: return E_FBIG;
  case 9: return E_ILSEQ;
  case 10: return E_INPROGRESS;
  case 11: return E_INTR;
  case 12: return E_INVAL;
  case 14: return E_ISDIR;
  case 15: return E_LOOP;
  case 16: return E_MLINK;
  case 17: return E_MSGSIZE;
  case 18: return E_NAMETOOLONG;
  case 19: return E_NODEV;
  case 20: return E_NOENT;
  case 21: return E_NOLCK;
  case 22: return E_NOMEM;
  case 23: return E_NOSPC;
  case 24: return E_NOTDIR;
  case 25: return E_NOTEMPTY;
  case 26: return E_NOTRECOVERABLE;
  case 27: return E_NOTSUP;
  case 28: return E_NOTTY;
  case 29: return E_NXIO;
  case 30: return E_OVERFLOW;
  case 31: return E_PERM;
  case 32: return E_PIPE;
  case 33: return E_ROFS;
  case 34: return E_SPIPE;
  case 35: return E_TXTBSY;
  case 36: return E_XDEV;
  default: return E_IO;
  }
}

int32_t stream_errno(Ret *r, uint32_t o, int32_t closed_errno) {
  if (R8(*r, o) == 1)
    return closed_errno;
  int32_t err = (int32_t)R32(*r, o + 4);
  int32_t e = E_IO;
#ifndef WCOMP_PROXY
  Ret c;
  fs_error_code(err, &c);
  if (R8(c, 0) == 1)
    e = errno_of(R8(c, 1));
#endif
  io_error_drop(err);
  return e;
}

uint8_t filetype_of(uint32_t type) {
  switch (type) {
  case 1: return FT_BLOCK_DEVICE;
  case 2: return FT_CHARACTER_DEVICE;
  case 3: return FT_DIRECTORY;
  case 5: return FT_SYMBOLIC_LINK;
  case 6: return FT_REGULAR_FILE;
  case 7: return FT_SOCKET_STREAM;
  default: return FT_UNKNOWN; /* unknown, and fifo, which Preview 1 lacks */
  }
}

int32_t stream_write(int32_t stream, const uint8_t *p, uint32_t len) {
  /* blocking-write-and-flush takes at most 4096 bytes a call. */
  while (len) {
    uint32_t n = len > 4096 ? 4096 : len;
    Ret r;
    output_stream_blocking_write_and_flush(stream, p, n, &r);
    if (R8(r, 0))
      return stream_errno(&r, 4, E_PIPE);
    p += n;
    len -= n;
  }
  return E_SUCCESS;
}

/* ---- args and environ ---- */

#ifndef WCOMP_PROXY
/* The host's list of strings (args) or of pairs (environ), in scratch. */
static const uint32_t *strings(int environ, uint32_t *count) {
  Ret r;
  if (environ)
    cli_get_environment(&r);
  else
    cli_get_arguments(&r);
  *count = R32(r, 4);
  return (const uint32_t *)(uintptr_t)R32(r, 0);
}
#endif

/* The sizes Preview 1 reports: count, and the bytes of the NUL-terminated
 * strings (`key=value` for environ). */
static int32_t sizes(int environ, uint32_t *count, uint32_t *bytes) {
  uint32_t n = 0, total = 0;
#ifndef WCOMP_PROXY
  (void)state();
  const uint32_t *l = strings(environ, &n);
  uint32_t per = environ ? 4 : 2;
  for (uint32_t i = 0; i < n; ++i) {
    total += l[per * i + 1] + 1;
    if (environ)
      total += l[per * i + 3] + 1;
  }
#else
  (void)environ;
#endif
  *count = n;
  *bytes = total;
  return E_SUCCESS;
}

static int32_t fill(int environ, char **ptrs, char *buf) {
#ifndef WCOMP_PROXY
  (void)state();
  uint32_t n;
  const uint32_t *l = strings(environ, &n);
  uint32_t per = environ ? 4 : 2;
  for (uint32_t i = 0; i < n; ++i) {
    ptrs[i] = buf;
    const uint32_t *e = l + per * i;
    __builtin_memcpy(buf, (const void *)(uintptr_t)e[0], e[1]);
    buf += e[1];
    if (environ) {
      *buf++ = '=';
      __builtin_memcpy(buf, (const void *)(uintptr_t)e[2], e[3]);
      buf += e[3];
    }
    *buf++ = 0;
  }
#else
  (void)environ, (void)ptrs, (void)buf;
#endif
  return E_SUCCESS;
}

EXPORT(args_sizes_get)(uint32_t *argc, uint32_t *size) { return sizes(0, argc, size); }
EXPORT(args_get)(char **argv, char *buf) { return fill(0, argv, buf); }
EXPORT(environ_sizes_get)(uint32_t *count, uint32_t *size) { return sizes(1, count, size); }
EXPORT(environ_get)(char **environ, char *buf) { return fill(1, environ, buf); }

/* ---- clocks and random ---- */

enum { CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1 };

EXPORT(clock_res_get)(uint32_t id, uint64_t *res) {
  if (id == CLOCK_MONOTONIC) {
    *res = monotonic_resolution();
  } else if (id == CLOCK_REALTIME) {
    Ret r;
    wall_resolution(&r);
    *res = ns_of(R64(r, 0), R32(r, 8));
  } else {
    /* Preview 2 has no CPU-time clocks; EBADF is what wasmtime's Preview 1
     * gives for them. */
    return E_BADF;
  }
  return E_SUCCESS;
}

static uint64_t wall_ns(void) {
  Ret r;
  wall_now(&r);
  return ns_of(R64(r, 0), R32(r, 8));
}

EXPORT(clock_time_get)(uint32_t id, uint64_t precision, uint64_t *time) {
  (void)precision;
  if (id == CLOCK_MONOTONIC)
    *time = monotonic_now();
  else if (id == CLOCK_REALTIME)
    *time = wall_ns();
  else
    return E_BADF;
  return E_SUCCESS;
}

EXPORT(random_get)(uint8_t *buf, uint32_t len) {
  State *s = state();
  while (len) {
    uint32_t n = len > 65536 ? 65536 : len;
    import_into(s, buf, n);
    Ret r;
    random_bytes(n, &r);
    uint8_t *got = (uint8_t *)(uintptr_t)R32(r, 0);
    uint32_t got_len = R32(r, 4);
    if (got_len > n)
      got_len = n;
    if (got != buf)
      __builtin_memcpy(buf, got, got_len);
    if (!got_len)
      return E_IO;
    buf += got_len;
    len -= got_len;
    s->arena_top = 0;
  }
  return E_SUCCESS;
}

/* ---- poll ---- */

enum { EV_CLOCK = 0, EV_FD_READ = 1, EV_FD_WRITE = 2 };

static uint8_t *event(uint8_t *out, uint32_t *nev, const uint8_t *sub, uint16_t error) {
  uint8_t *e = out + 32 * (*nev)++;
  __builtin_memset(e, 0, 32);
  *(uint64_t *)e = *(const uint64_t *)sub;
  *(uint16_t *)(e + 8) = error;
  e[10] = sub[8];
  return e;
}

static void drop_all(const int32_t *polls, uint32_t n) {
  for (uint32_t k = 0; k < n; ++k)
    pollable_drop(polls[k]);
}

EXPORT(poll_oneoff)(const uint8_t *in, uint8_t *out, uint32_t n, uint32_t *nevents) {
  State *s = state();
  if (n == 0)
    return E_INVAL;
  int32_t *polls = scratch(s, n * 4);
  uint32_t *subOf = scratch(s, n * 4);
  uint32_t np = 0, nev = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t *sub = in + 48 * i;
    uint8_t tag = sub[8];
    int32_t p;
    if (tag == EV_CLOCK) {
      uint32_t id = *(const uint32_t *)(sub + 16);
      uint64_t timeout = *(const uint64_t *)(sub + 24);
      int abs = *(const uint16_t *)(sub + 40) & 1;
      if (id == CLOCK_MONOTONIC) {
        p = abs ? monotonic_subscribe_instant(timeout) : monotonic_subscribe_duration(timeout);
      } else if (id == CLOCK_REALTIME) {
        uint64_t now = abs ? wall_ns() : 0;
        p = monotonic_subscribe_duration(!abs ? timeout : timeout > now ? timeout - now : 0);
      } else {
        drop_all(polls, np);
        return E_BADF;
      }
    } else if (tag == EV_FD_READ || tag == EV_FD_WRITE) {
      Fd *f = fd_get(s, *(const uint32_t *)(sub + 16));
      if (!f) {
        /* The whole call fails, as in wasmtime's Preview 1. */
        drop_all(polls, np);
        return E_BADF;
      }
      if (f->kind == K_FILE || f->kind == K_DIR) {
        /* Files never block: a timer already due stands for them, so the
         * host's poll decides with the rest what to report. */
        p = monotonic_subscribe_duration(0);
      } else {
        int reading = f->kind == K_STDIN;
        if (reading != (tag == EV_FD_READ)) {
          drop_all(polls, np);
          return E_BADF;
        }
        int32_t stream = stdio_stream(f);
        p = reading ? input_stream_subscribe(stream) : output_stream_subscribe(stream);
      }
    } else {
      drop_all(polls, np);
      return E_INVAL;
    }
    polls[np] = p;
    subOf[np++] = i;
  }
  Ret r;
  io_poll(polls, np, &r);
  const uint32_t *ready = (const uint32_t *)(uintptr_t)R32(r, 0);
  for (uint32_t k = 0, nr = R32(r, 4); k < nr; ++k) {
    if (ready[k] >= np)
      continue;
    const uint8_t *sub = in + 48 * subOf[ready[k]];
    uint8_t *e = event(out, &nev, sub, E_SUCCESS);
    if (sub[8] == EV_CLOCK)
      continue;
    Fd *f = fd_get(s, *(const uint32_t *)(sub + 16));
    if (f->kind == K_FILE && sub[8] == EV_FD_READ) {
#ifndef WCOMP_PROXY
      /* What is left to read. */
      Ret st;
      fs_stat(f->handle, &st);
      uint64_t size = R8(st, 0) ? 0 : R64(st, 24);
      *(uint64_t *)(e + 16) = size > f->pos ? size - f->pos : 0;
#endif
    } else if (f->kind == K_STDIN) {
      *(uint64_t *)(e + 16) = 1;
    } else if (f->kind == K_STDOUT || f->kind == K_STDERR) {
      Ret c;
      output_stream_check_write(f->handle, &c);
      if (R8(c, 0))
        *(uint16_t *)(e + 8) = (uint16_t)stream_errno(&c, 8, E_PIPE);
      else
        *(uint64_t *)(e + 16) = R64(c, 8);
    }
  }
  drop_all(polls, np);
  *nevents = nev;
  return E_SUCCESS;
}

/* ---- proc, sched, sock ---- */

__attribute__((export_name("proc_exit"), noreturn)) void proc_exit(int32_t code) {
#ifndef WCOMP_PROXY
  /* wasi:cli/exit@0.2.0 tells success from failure, not the code. */
  cli_exit(code == 0 ? 0 : 1);
#else
  (void)code;
#endif
  __builtin_trap();
}

EXPORT(proc_raise)(uint32_t sig) {
  (void)sig;
  return E_NOTSUP;
}

EXPORT(sched_yield)(void) { return E_SUCCESS; }

/* Preview 1 sockets come only from the host's preopens, which a Preview 2
 * host does not give: every open fd is not a socket. */
static int32_t not_socket(uint32_t fd) { return fd_get(state(), fd) ? E_NOTSOCK : E_BADF; }

EXPORT(sock_accept)(uint32_t fd, uint32_t flags, uint32_t *out) {
  (void)flags, (void)out;
  return not_socket(fd);
}
EXPORT(sock_recv)(uint32_t fd, void *iovs, uint32_t n, uint32_t flags, uint32_t *len,
                  uint16_t *oflags) {
  (void)iovs, (void)n, (void)flags, (void)len, (void)oflags;
  return not_socket(fd);
}
EXPORT(sock_send)(uint32_t fd, const void *iovs, uint32_t n, uint32_t flags, uint32_t *len) {
  (void)iovs, (void)n, (void)flags, (void)len;
  return not_socket(fd);
}
EXPORT(sock_shutdown)(uint32_t fd, uint32_t how) {
  (void)how;
  return not_socket(fd);
}

#ifdef WCOMP_COMMAND
__attribute__((import_module("__main_module__"), import_name("_start"))) void main_start(void);

/// wasi:cli/run: the program's `_start`; a `proc_exit` inside never returns.
__attribute__((export_name("wasi:cli/run" P2V "#run"))) int32_t run(void) {
  main_start();
  return 0;
}
#endif
