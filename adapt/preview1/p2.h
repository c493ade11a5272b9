/* adapt/preview1/p2.h - the WASI 0.2 functions the adapters call.
 *
 * Each is declared with its core signature as the Canonical ABI flattens it
 * (CanonicalABI.md, `flatten_functype` for lowered imports): at most 16 flat
 * parameters, more than one flat result goes through a return area, a
 * pointer the caller passes last. Return areas are read with the offsets the
 * ABI's `store` gives; each function notes its layout. `new` checks these
 * signatures against the world in wit/ when it builds a component.
 *
 * Handles are i32; 0 is never a valid handle, so it means "none" below. */
#ifndef WCOMP_P2_H
#define WCOMP_P2_H

#include <stdint.h>

#define P2V "@0.2.0"
#define IMPORT(iface, name) __attribute__((import_module(iface P2V), import_name(name)))

/* Return areas: 8-aligned bytes read at ABI offsets. */
typedef struct {
  _Alignas(8) uint8_t b[112];
} Ret;
#define R8(r, o) (*(uint8_t *)((r).b + (o)))
#define R32(r, o) (*(uint32_t *)((r).b + (o)))
#define R64(r, o) (*(uint64_t *)((r).b + (o)))

/* ---- wasi:io ---- */
IMPORT("wasi:io/error", "[resource-drop]error") void io_error_drop(int32_t);
IMPORT("wasi:io/poll", "[resource-drop]pollable") void pollable_drop(int32_t);
/* poll(list<borrow<pollable>>) -> list<u32>: ret (ptr @0, len @4). */
IMPORT("wasi:io/poll", "poll") void io_poll(const int32_t *, uint32_t, Ret *);
IMPORT("wasi:io/streams", "[resource-drop]input-stream") void input_stream_drop(int32_t);
IMPORT("wasi:io/streams", "[resource-drop]output-stream") void output_stream_drop(int32_t);
/* result<list<u8>, stream-error>: tag @0; ok: ptr @4, len @8;
 * err: stream-error tag @4 (0 last-operation-failed, 1 closed), error @8. */
IMPORT("wasi:io/streams", "[method]input-stream.read") void input_stream_read(int32_t, uint64_t, Ret *);
IMPORT("wasi:io/streams", "[method]input-stream.blocking-read")
void input_stream_blocking_read(int32_t, uint64_t, Ret *);
IMPORT("wasi:io/streams", "[method]input-stream.subscribe") int32_t input_stream_subscribe(int32_t);
/* result<u64, stream-error>: tag @0; ok @8; err: tag @8, error @12. */
IMPORT("wasi:io/streams", "[method]output-stream.check-write")
void output_stream_check_write(int32_t, Ret *);
/* result<_, stream-error>: tag @0; err: tag @4, error @8. */
IMPORT("wasi:io/streams", "[method]output-stream.blocking-write-and-flush")
void output_stream_blocking_write_and_flush(int32_t, const void *, uint32_t, Ret *);
IMPORT("wasi:io/streams", "[method]output-stream.subscribe") int32_t output_stream_subscribe(int32_t);

/* ---- wasi:clocks ---- */
IMPORT("wasi:clocks/monotonic-clock", "now") uint64_t monotonic_now(void);
IMPORT("wasi:clocks/monotonic-clock", "resolution") uint64_t monotonic_resolution(void);
IMPORT("wasi:clocks/monotonic-clock", "subscribe-instant") int32_t monotonic_subscribe_instant(uint64_t);
IMPORT("wasi:clocks/monotonic-clock", "subscribe-duration")
int32_t monotonic_subscribe_duration(uint64_t);
/* datetime: seconds @0, nanoseconds @8. */
IMPORT("wasi:clocks/wall-clock", "now") void wall_now(Ret *);
IMPORT("wasi:clocks/wall-clock", "resolution") void wall_resolution(Ret *);

/* ---- wasi:random ---- */
/* list<u8>: ptr @0, len @4. */
IMPORT("wasi:random/random", "get-random-bytes") void random_bytes(uint64_t, Ret *);

/* ---- wasi:cli ---- */
IMPORT("wasi:cli/stdin", "get-stdin") int32_t cli_get_stdin(void);
IMPORT("wasi:cli/stdout", "get-stdout") int32_t cli_get_stdout(void);
IMPORT("wasi:cli/stderr", "get-stderr") int32_t cli_get_stderr(void);
#ifndef WCOMP_PROXY
/* list<string>: ptr @0, len @4; each element (ptr, len), 8 bytes. */
IMPORT("wasi:cli/environment", "get-arguments") void cli_get_arguments(Ret *);
/* list<tuple<string, string>>: each element 16 bytes. */
IMPORT("wasi:cli/environment", "get-environment") void cli_get_environment(Ret *);
/* exit(result): 0 ok, 1 err. */
IMPORT("wasi:cli/exit", "exit") void cli_exit(int32_t);
/* option<own<terminal-*>>: tag @0, handle @4. */
IMPORT("wasi:cli/terminal-stdin", "get-terminal-stdin") void cli_terminal_stdin(Ret *);
IMPORT("wasi:cli/terminal-stdout", "get-terminal-stdout") void cli_terminal_stdout(Ret *);
IMPORT("wasi:cli/terminal-stderr", "get-terminal-stderr") void cli_terminal_stderr(Ret *);
IMPORT("wasi:cli/terminal-input", "[resource-drop]terminal-input") void terminal_input_drop(int32_t);
IMPORT("wasi:cli/terminal-output", "[resource-drop]terminal-output")
void terminal_output_drop(int32_t);

/* ---- wasi:filesystem ----
 * result<_, error-code>: tag @0, code @1 (written `RU`).
 * result<own<handle>, error-code>: tag @0, handle or code @4 (`RH`).
 * result<descriptor-stat, error-code>: tag @0, code @8 or the stat @8:
 *   type @8, link-count @16, size @24, then three option<datetime> at @32,
 *   @56, @80 (tag, seconds +8, nanoseconds +16) (`RS`).
 * result<metadata-hash-value, error-code>: tag @0, code @8, lower @8 (`RM`). */
#define FS(name) IMPORT("wasi:filesystem/types", name)
FS("[resource-drop]descriptor") void descriptor_drop(int32_t);
FS("[resource-drop]directory-entry-stream") void dir_stream_drop(int32_t);
FS("[method]descriptor.advise") void fs_advise(int32_t, uint64_t, uint64_t, int32_t, Ret *); /* RU */
FS("[method]descriptor.sync-data") void fs_sync_data(int32_t, Ret *);                        /* RU */
FS("[method]descriptor.sync") void fs_sync(int32_t, Ret *);                                  /* RU */
/* result<descriptor-flags | descriptor-type, error-code>: tag @0, value @1. */
FS("[method]descriptor.get-flags") void fs_get_flags(int32_t, Ret *);
FS("[method]descriptor.get-type") void fs_get_type(int32_t, Ret *);
FS("[method]descriptor.set-size") void fs_set_size(int32_t, uint64_t, Ret *); /* RU */
/* new-timestamp flattens to (tag, seconds, nanoseconds). */
FS("[method]descriptor.set-times")
void fs_set_times(int32_t, int32_t, uint64_t, int32_t, int32_t, uint64_t, int32_t, Ret *); /* RU */
/* result<tuple<list<u8>, bool>, error-code>: tag @0; ptr @4, len @8, eof @12; code @4. */
FS("[method]descriptor.read") void fs_read(int32_t, uint64_t, uint64_t, Ret *);
/* result<filesize, error-code>: tag @0, size or code @8. */
FS("[method]descriptor.write") void fs_write(int32_t, const void *, uint32_t, uint64_t, Ret *);
FS("[method]descriptor.read-directory") void fs_read_directory(int32_t, Ret *); /* RH */
FS("[method]descriptor.create-directory-at")
void fs_create_directory_at(int32_t, const char *, uint32_t, Ret *); /* RU */
FS("[method]descriptor.stat") void fs_stat(int32_t, Ret *);             /* RS */
FS("[method]descriptor.stat-at") void fs_stat_at(int32_t, int32_t, const char *, uint32_t, Ret *);
FS("[method]descriptor.set-times-at")
void fs_set_times_at(int32_t, int32_t, const char *, uint32_t, int32_t, uint64_t, int32_t, int32_t,
                     uint64_t, int32_t, Ret *); /* RU */
FS("[method]descriptor.link-at")
void fs_link_at(int32_t, int32_t, const char *, uint32_t, int32_t, const char *, uint32_t,
                Ret *); /* RU */
FS("[method]descriptor.open-at")
void fs_open_at(int32_t, int32_t, const char *, uint32_t, int32_t, int32_t, Ret *); /* RH */
/* result<string, error-code>: tag @0; ptr @4, len @8; code @4. */
FS("[method]descriptor.readlink-at") void fs_readlink_at(int32_t, const char *, uint32_t, Ret *);
FS("[method]descriptor.remove-directory-at")
void fs_remove_directory_at(int32_t, const char *, uint32_t, Ret *); /* RU */
FS("[method]descriptor.rename-at")
void fs_rename_at(int32_t, const char *, uint32_t, int32_t, const char *, uint32_t, Ret *); /* RU */
FS("[method]descriptor.symlink-at")
void fs_symlink_at(int32_t, const char *, uint32_t, const char *, uint32_t, Ret *); /* RU */
FS("[method]descriptor.unlink-file-at")
void fs_unlink_file_at(int32_t, const char *, uint32_t, Ret *); /* RU */
FS("[method]descriptor.metadata-hash") void fs_metadata_hash(int32_t, Ret *); /* RM */
FS("[method]descriptor.metadata-hash-at")
void fs_metadata_hash_at(int32_t, int32_t, const char *, uint32_t, Ret *); /* RM */
/* result<option<directory-entry>, error-code>: tag @0; some @4, type @8,
 * name ptr @12, len @16; code @4. */
FS("[method]directory-entry-stream.read-directory-entry") void fs_read_directory_entry(int32_t, Ret *);
/* option<error-code>: tag @0, code @1. */
FS("filesystem-error-code") void fs_error_code(int32_t, Ret *);
/* list<tuple<own<descriptor>, string>>: ptr @0, len @4; elements 12 bytes. */
IMPORT("wasi:filesystem/preopens", "get-directories") void fs_get_directories(Ret *);
#endif /* WCOMP_PROXY */

#endif
