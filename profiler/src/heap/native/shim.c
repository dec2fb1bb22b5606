// libprofiler_heap.so: sampled allocation reporting for `profiler record --heap -- CMD`.
//
// The profiler puts this library in LD_PRELOAD of the command it launches (and only there).
// It interposes malloc, calloc, realloc, reallocarray, free, posix_memalign, aligned_alloc,
// memalign, valloc and pvalloc (C++ operator new/delete reach malloc/free through libstdc++),
// calls the next definition (glibc's, or any allocator preloaded after this one) and reports a
// sample of the allocations to the profiler over a unix socket:
//
// - Sampling is by bytes, as a Poisson process: each thread counts down a random number of
//   bytes drawn from an exponential distribution with mean PROFILER_HEAP_INTERVAL; the
//   allocation that crosses zero is sampled. An allocation of n bytes is thus sampled with
//   probability 1 - exp(-n / interval); the profiler weights it by the inverse of that. An
//   interval of 1 samples every allocation.
// - A sampled allocation's stack comes from glibc backtrace() (libgcc's .eh_frame unwinder,
//   which works without frame pointers); frames inside this library are dropped. Addresses are
//   sent raw, with the process's executable mappings (/proc/self/maps lines) sent first and
//   again when a stack holds an address outside them (dlopen); the profiler symbolizes.
// - Sampled blocks are kept in a hash set, so that their free (or realloc) is reported. Every
//   free looks its pointer up there without a lock (a load from a 4 KiB filter, rarely more).
//   realloc reports the old block freed before it calls the next realloc; when that fails
//   (out of memory), the block is still allocated but no longer counted.
// - Each record is sent when it happens, one send per record under a lock, so that records of
//   threads do not interleave and a process killed with SIGKILL has reported everything up to
//   then. FREE is sent before the block is really freed, so that it reaches the profiler
//   before an ALLOC of the same address reused by another thread.
// - Processes: only the launched process reports (its parent is the profiler,
//   PROFILER_HEAP_PARENT), unless PROFILER_HEAP_FOLLOW=1. A forked child does not report
//   either; with PROFILER_HEAP_FOLLOW=1 it opens its own connection, tagged with its pid.
// - At exit, the library tells the profiler and waits (at most 2 s) for it to read the
//   process's memory totals while the process still exists.
//
// Nothing here allocates with malloc. Record layout (native byte order): u32 total length,
// u32 type, then the payload; see protocol.rs.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))
#define TLS __thread __attribute__((tls_model("initial-exec")))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

enum {
    PROTOCOL_VERSION = 1,
    MSG_HELLO = 1,
    MSG_MAPS = 2,
    MSG_ALLOC = 3,
    MSG_FREE = 4,
    MSG_EXIT = 5,
    MSG_OVERFLOW = 6,
    MAX_FRAMES = 128,
    // Frames captured: ours (the wrappers, up to 3) are dropped after the walk.
    WALK_FRAMES = MAX_FRAMES + 4,
    MAX_RANGES = 2048,
    MAPS_CHUNK = 16384,
};

// ---------------------------------------------------------------------------------------
// The next allocator, and a small arena for the allocations dlsym makes while we look it up.

static void *(*next_malloc)(size_t);
static void (*next_free)(void *);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static int (*next_posix_memalign)(void **, size_t, size_t);
static void *(*next_aligned_alloc)(size_t, size_t);
static void *(*next_memalign)(size_t, size_t);
static void *(*next_valloc)(size_t);
static void *(*next_pvalloc)(size_t);

static _Alignas(64) char boot_arena[65536];
static atomic_size_t boot_used;
static atomic_int resolve_state;  // 0 not yet, 1 in progress, 2 done

static int boot_owns(const void *p) {
    return (const char *)p >= boot_arena && (const char *)p < boot_arena + sizeof boot_arena;
}

static void *boot_alloc(size_t size, size_t align) {
    if (align < 16) align = 16;
    size_t used = atomic_load(&boot_used);
    for (;;) {
        size_t start = (used + align - 1) & ~(align - 1);
        if (start + size > sizeof boot_arena || start + size < start) return NULL;
        if (atomic_compare_exchange_weak(&boot_used, &used, start + size)) return boot_arena + start;
    }
}

static void resolve_next(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&resolve_state, &expected, 1)) return;
    next_malloc = dlsym(RTLD_NEXT, "malloc");
    next_free = dlsym(RTLD_NEXT, "free");
    next_calloc = dlsym(RTLD_NEXT, "calloc");
    next_realloc = dlsym(RTLD_NEXT, "realloc");
    next_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    next_aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
    next_memalign = dlsym(RTLD_NEXT, "memalign");
    next_valloc = dlsym(RTLD_NEXT, "valloc");
    next_pvalloc = dlsym(RTLD_NEXT, "pvalloc");
    atomic_store(&resolve_state, 2);
}

// True when the next allocator is known; false while dlsym runs (use the arena then).
static inline int ready_to_forward(void) {
    if (LIKELY(atomic_load_explicit(&resolve_state, memory_order_acquire) == 2)) return 1;
    resolve_next();
    return atomic_load_explicit(&resolve_state, memory_order_acquire) == 2;
}

// ---------------------------------------------------------------------------------------
// Global state.

static atomic_int active;  // 1 while reporting
static int sock = -1;
static dev_t sock_dev;
static ino_t sock_ino;
static uint64_t interval = 512 * 1024;
static int follow;
static uintptr_t self_lo, self_hi;  // this library's code
static pthread_mutex_t send_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

// Executable ranges already sent to the profiler (under send_lock).
static uintptr_t range_lo[MAX_RANGES], range_hi[MAX_RANGES];
static int range_count;
static uint64_t last_maps_ns;

// Per thread: bytes until the next sample (0: not drawn yet), the random state, and a flag
// set while this library itself runs (its own allocations, backtrace's) to not recurse.
static TLS int64_t t_countdown;
static TLS uint64_t t_rng;
static TLS int t_in_hook;
static TLS int t_started;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

// ---------------------------------------------------------------------------------------
// Sampling.

static uint64_t next_random(void) {
    // xorshift64*
    uint64_t x = t_rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    t_rng = x;
    return x * 0x2545F4914F6CDD1DULL;
}

// -ln(u) for u in (0, 1], without libm: u = m * 2^e with m in [1, 2), and
// ln(m) = 2 atanh(z) = 2 (z + z^3/3 + z^5/5 + ...), z = (m - 1) / (m + 1) < 1/3, to ~1e-7.
static double neg_ln(double u) {
    union {
        double d;
        uint64_t bits;
    } v = {.d = u};
    int e = (int)((v.bits >> 52) & 0x7ff) - 1023;
    v.bits = (v.bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double z = (v.d - 1.0) / (v.d + 1.0), z2 = z * z;
    double ln_m = 2.0 * z * (1.0 + z2 * (1.0 / 3 + z2 * (1.0 / 5 + z2 * (1.0 / 7 + z2 * (1.0 / 9 + z2 / 11)))));
    return -(e * 0.6931471805599453 + ln_m);
}

// Bytes until the next sample: exponential with mean `interval`, at least 1.
static int64_t draw_countdown(void) {
    double u = (double)((next_random() >> 11) + 1) * (1.0 / 9007199254740992.0);  // (0, 1]
    double x = neg_ln(u) * (double)interval;
    if (x < 1.0) return 1;
    if (x > 4e18) return (int64_t)4e18;
    return (int64_t)x;
}

static int sample_slow(size_t size) {
    if (t_in_hook) return 0;
    if (!atomic_load_explicit(&active, memory_order_acquire)) {
        // Not reporting (yet): look again after a while, in case the constructor has not run.
        t_countdown = 1 << 20;
        t_started = 0;
        return 0;
    }
    if (interval <= 1) return 1;
    if (!t_started) {
        // This thread's first allocation: seed, and draw where its first sample falls.
        t_started = 1;
        uintptr_t here = (uintptr_t)&t_rng;
        t_rng = (now_ns() ^ (here * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)getpid() << 32)) | 1;
        t_countdown = draw_countdown();
        if ((int64_t)size < t_countdown) {
            t_countdown -= (int64_t)size;
            return 0;
        }
    }
    // This allocation covers the sample point; the next one is an exponential draw away
    // from its end (the process is memoryless).
    t_countdown = draw_countdown();
    return 1;
}

// Whether an allocation of `size` bytes is sampled. The fast path is one compare and subtract.
static inline int should_sample(size_t size) {
    if (LIKELY((int64_t)size < t_countdown)) {
        t_countdown -= (int64_t)size;
        return 0;
    }
    return sample_slow(size);
}

// ---------------------------------------------------------------------------------------
// The set of sampled blocks still allocated: open addressing, linear probing, tombstones.
// Writers hold table_lock. Readers (every free) probe without it: inserting or removing one
// key never moves another, so a lookup can only go wrong while the table is rebuilt, which
// `table_seq` (odd during a rebuild) tells; then the lookup is answered under the lock. A
// table is one mapping (its size inside), published through one pointer; a table replaced by
// a larger one stays mapped, because a reader may still be probing it (growth by doubling
// bounds them to the size of the current one).

#define EMPTY ((uintptr_t)0)
#define TOMBSTONE ((uintptr_t)1)
#define MIN_BITS 12
#define MAX_BITS 24

struct table {
    size_t bits;
    size_t pad;
    uintptr_t slots[];
};

// In front of the table: how many keys fall in each of 4096 buckets (saturating at 255, and
// then never decremented). A free whose bucket holds 0 is not sampled, without touching the
// table; with k sampled blocks alive, about k/4096 of the frees go on to probe the table.
#define FILTER_BITS 12
static _Atomic uint8_t filter[1 << FILTER_BITS];

static inline size_t filter_of(uintptr_t p) {
    return (size_t)((((uint64_t)p >> 4) * 0xD6E8FEB86659FD93ULL) >> (64 - FILTER_BITS));
}

static void filter_add(uintptr_t p, int delta) {
    _Atomic uint8_t *c = &filter[filter_of(p)];
    uint8_t v = atomic_load_explicit(c, memory_order_relaxed);
    if (v != 255) atomic_store_explicit(c, (uint8_t)(v + delta), memory_order_relaxed);
}

static _Atomic(struct table *) table;
static atomic_uint table_seq;
static atomic_size_t table_live;  // keys
static size_t table_used;         // keys + tombstones, under table_lock

static inline size_t slot_of(uintptr_t p, size_t bits) {
    return (size_t)(((uint64_t)p >> 4) * 0x9E3779B97F4A7C15ULL >> (64 - bits));
}

static size_t table_bytes(size_t bits) { return sizeof(struct table) + (sizeof(uintptr_t) << bits); }

static struct table *map_table(size_t bits) {
    void *m = mmap(NULL, table_bytes(bits), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return NULL;
    ((struct table *)m)->bits = bits;
    return m;
}

// Lock-free: might `p` be a sampled block? (False only when it is not.)
static __attribute__((noinline)) int table_may_contain(uintptr_t p) {
    unsigned seq = atomic_load_explicit(&table_seq, memory_order_acquire);
    if (seq & 1) return 1;
    struct table *t = atomic_load_explicit(&table, memory_order_acquire);
    if (!t) return 0;
    size_t mask = ((size_t)1 << t->bits) - 1;
    int found = 0;
    for (size_t i = slot_of(p, t->bits), n = 0; n <= mask; i = (i + 1) & mask, n++) {
        uintptr_t v = __atomic_load_n(&t->slots[i], __ATOMIC_RELAXED);
        if (v == p) {
            found = 1;
            break;
        }
        if (v == EMPTY) break;
    }
    atomic_thread_fence(memory_order_acquire);
    if (atomic_load_explicit(&table_seq, memory_order_relaxed) != seq) return 1;
    return found;
}

// The check every free makes: a load or two, from memory that stays in the cache.
static inline __attribute__((always_inline)) int maybe_sampled(uintptr_t p) {
    if (LIKELY(atomic_load_explicit(&table_live, memory_order_relaxed) == 0)) return 0;
    if (LIKELY(atomic_load_explicit(&filter[filter_of(p)], memory_order_relaxed) == 0)) return 0;
    return table_may_contain(p);
}

static void put(struct table *t, uintptr_t p) {
    size_t mask = ((size_t)1 << t->bits) - 1;
    size_t i = slot_of(p, t->bits);
    while (t->slots[i] > TOMBSTONE) i = (i + 1) & mask;
    __atomic_store_n(&t->slots[i], p, __ATOMIC_RELAXED);
}

// Rebuilds the table without tombstones, doubling it while more than a quarter would be
// live. Returns 0 when it cannot hold one more key. Under table_lock.
static int table_rebuild(void) {
    struct table *old = atomic_load_explicit(&table, memory_order_relaxed);
    size_t live = atomic_load_explicit(&table_live, memory_order_relaxed);
    size_t bits = old->bits;
    while (bits < MAX_BITS && (live + 1) * 4 > ((size_t)1 << bits)) bits++;
    if ((live + 1) * 2 > ((size_t)1 << bits)) return 0;
    struct table *scratch = map_table(old->bits);
    if (!scratch) return 0;
    memcpy(scratch->slots, old->slots, sizeof(uintptr_t) << old->bits);
    struct table *target = old;
    if (bits != old->bits && !(target = map_table(bits))) {
        munmap(scratch, table_bytes(scratch->bits));
        return 0;
    }
    atomic_fetch_add_explicit(&table_seq, 1, memory_order_acq_rel);  // odd: rebuilding
    atomic_thread_fence(memory_order_seq_cst);
    if (target == old) memset(old->slots, 0, sizeof(uintptr_t) << old->bits);
    for (size_t i = 0; i < ((size_t)1 << scratch->bits); i++) {
        if (scratch->slots[i] > TOMBSTONE) put(target, scratch->slots[i]);
    }
    table_used = live;
    atomic_store_explicit(&table, target, memory_order_release);
    atomic_fetch_add_explicit(&table_seq, 1, memory_order_release);  // even: done
    munmap(scratch, table_bytes(scratch->bits));
    return 1;
}

static int table_insert(uintptr_t p) {
    pthread_mutex_lock(&table_lock);
    struct table *t = atomic_load_explicit(&table, memory_order_relaxed);
    int ok = t != NULL;
    if (ok && (table_used + 1) * 2 > ((size_t)1 << t->bits)) {
        ok = table_rebuild();
        t = atomic_load_explicit(&table, memory_order_relaxed);
    }
    if (ok) {
        size_t mask = ((size_t)1 << t->bits) - 1;
        size_t i = slot_of(p, t->bits), free_slot = SIZE_MAX;
        for (;; i = (i + 1) & mask) {
            uintptr_t v = t->slots[i];
            if (v == p) break;  // already there (a free we did not see)
            if (v == TOMBSTONE && free_slot == SIZE_MAX) free_slot = i;
            if (v == EMPTY) {
                if (free_slot == SIZE_MAX) {
                    free_slot = i;
                    table_used++;
                }
                filter_add(p, 1);
                __atomic_store_n(&t->slots[free_slot], p, __ATOMIC_RELAXED);
                atomic_fetch_add_explicit(&table_live, 1, memory_order_relaxed);
                break;
            }
        }
    }
    pthread_mutex_unlock(&table_lock);
    return ok;
}

static int table_remove(uintptr_t p) {
    pthread_mutex_lock(&table_lock);
    int found = 0;
    struct table *t = atomic_load_explicit(&table, memory_order_relaxed);
    if (t) {
        size_t mask = ((size_t)1 << t->bits) - 1;
        for (size_t i = slot_of(p, t->bits), n = 0; n <= mask; i = (i + 1) & mask, n++) {
            if (t->slots[i] == p) {
                __atomic_store_n(&t->slots[i], TOMBSTONE, __ATOMIC_RELAXED);
                atomic_fetch_sub_explicit(&table_live, 1, memory_order_relaxed);
                filter_add(p, -1);
                found = 1;
                break;
            }
            if (t->slots[i] == EMPTY) break;
        }
    }
    pthread_mutex_unlock(&table_lock);
    return found;
}

static void table_init(void) { atomic_store(&table, map_table(MIN_BITS)); }

// Forgets every key (in a forked child, whose frees of its parent's blocks are not news).
static void table_clear(void) {
    struct table *t = atomic_load(&table);
    if (t) memset(t->slots, 0, sizeof(uintptr_t) << t->bits);
    for (size_t i = 0; i < sizeof filter; i++) atomic_store_explicit(&filter[i], 0, memory_order_relaxed);
    atomic_store(&table_live, 0);
    table_used = 0;
}

// ---------------------------------------------------------------------------------------
// Sending. Every record goes out in one locked send loop; a failed send (the profiler is
// gone, or the program closed or reused our descriptor) stops the reporting.

static void stop_reporting(void) { atomic_store(&active, 0); }

static int sock_is_ours(void) {
    struct stat st;
    return fstat(sock, &st) == 0 && st.st_dev == sock_dev && st.st_ino == sock_ino;
}

static void send_locked(const void *data, size_t len) {
    if (sock < 0) return;
    const char *p = data;
    while (len > 0) {
        ssize_t n = send(sock, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            stop_reporting();
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

struct header {
    uint32_t len;
    uint32_t type;
};

// Sends one record, unless our descriptor was closed or reused by the program.
static void send_record(const void *data, size_t len) {
    pthread_mutex_lock(&send_lock);
    if (sock >= 0 && !sock_is_ours()) {
        sock = -1;
        stop_reporting();
    }
    send_locked(data, len);
    pthread_mutex_unlock(&send_lock);
}

static void put_header(void *buf, uint32_t len, uint32_t type) {
    struct header h = {len, type};
    memcpy(buf, &h, sizeof h);
}

static uintptr_t parse_hex(const char **c, const char *end) {
    uintptr_t v = 0;
    for (; *c < end; (*c)++) {
        char d = **c;
        if (d >= '0' && d <= '9') v = v * 16 + (uintptr_t)(d - '0');
        else if ((d | 32) >= 'a' && (d | 32) <= 'f') v = v * 16 + (uintptr_t)((d | 32) - 'a' + 10);
        else break;
    }
    return v;
}

// Reads /proc/self/maps, sends its executable lines (in records of whole lines) and remembers
// their ranges. Under send_lock.
static void send_maps_locked(void) {
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    static char in[MAPS_CHUNK];
    static char out[MAPS_CHUNK + 4096];
    size_t begin = 0, end = 0, out_len = sizeof(struct header);
    int eof = 0;
    range_count = 0;
    for (;;) {
        char *nl = memchr(in + begin, '\n', end - begin);
        if (!nl && !eof && end - begin < sizeof in) {
            memmove(in, in + begin, end - begin);
            end -= begin;
            begin = 0;
            ssize_t n = read(fd, in + end, sizeof in - end);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) eof = 1;
            else end += (size_t)n;
            continue;
        }
        if (begin == end) break;
        const char *line = in + begin;
        size_t len = nl ? (size_t)(nl - line) + 1 : end - begin;
        begin += len;
        // "start-end perms offset dev inode path": keep the executable mappings.
        const char *space = memchr(line, ' ', len);
        if (!space || space + 3 >= line + len || space[3] != 'x') continue;
        const char *c = line;
        uintptr_t lo = parse_hex(&c, space);
        c++;
        uintptr_t hi = parse_hex(&c, space);
        if (range_count < MAX_RANGES) {
            range_lo[range_count] = lo;
            range_hi[range_count] = hi;
            range_count++;
        }
        if (out_len + len + 1 > sizeof out) {
            put_header(out, (uint32_t)out_len, MSG_MAPS);
            send_locked(out, out_len);
            out_len = sizeof(struct header);
        }
        memcpy(out + out_len, line, len);
        out_len += len;
        if (!nl) out[out_len++] = '\n';
    }
    close(fd);
    if (out_len > sizeof(struct header)) {
        put_header(out, (uint32_t)out_len, MSG_MAPS);
        send_locked(out, out_len);
    }
    last_maps_ns = now_ns();
}

static int known_address(uintptr_t a) {
    for (int i = 0; i < range_count; i++) {
        if (a >= range_lo[i] && a < range_hi[i]) return 1;
    }
    return 0;
}

static void send_hello(void) {
    struct {
        struct header h;
        uint32_t version, pid, ppid, max_frames;
        uint64_t interval;
    } msg = {{sizeof msg, MSG_HELLO}, PROTOCOL_VERSION, (uint32_t)getpid(), (uint32_t)getppid(), MAX_FRAMES, interval};
    pthread_mutex_lock(&send_lock);
    send_locked(&msg, sizeof msg);
    send_maps_locked();
    pthread_mutex_unlock(&send_lock);
}

static void report_alloc(void *ptr, size_t size) {
    int saved_errno = errno;
    t_in_hook = 1;
    void *walk[WALK_FRAMES];
    int n = backtrace(walk, WALK_FRAMES);
    int first = 0;
    while (first < n && (uintptr_t)walk[first] >= self_lo && (uintptr_t)walk[first] < self_hi) first++;
    int count = n - first;
    uint32_t flags = 0;
    if (count > MAX_FRAMES) count = MAX_FRAMES;
    if (n == WALK_FRAMES) flags |= 1;  // truncated
    if (table_insert((uintptr_t)ptr)) {
        struct {
            struct header h;
            uint64_t addr, size;
            uint32_t frames, flags;
            uint64_t pcs[MAX_FRAMES];
        } msg;
        size_t len = offsetof(__typeof__(msg), pcs) + (size_t)count * sizeof(uint64_t);
        put_header(&msg, (uint32_t)len, MSG_ALLOC);
        msg.addr = (uintptr_t)ptr;
        msg.size = size;
        msg.frames = (uint32_t)count;
        msg.flags = flags;
        for (int i = 0; i < count; i++) msg.pcs[i] = (uintptr_t)walk[first + i];
        pthread_mutex_lock(&send_lock);
        if (sock >= 0 && !sock_is_ours()) {
            sock = -1;
            stop_reporting();
        }
        // A library loaded since the maps were sent: send them again first (at most 10 times
        // a second, for code outside any file, such as a JIT's).
        int unknown = 0;
        for (int i = 0; i < count && !unknown; i++) unknown = !known_address(msg.pcs[i] - 1);
        if (unknown && sock >= 0 && now_ns() - last_maps_ns > 100000000u) send_maps_locked();
        send_locked(&msg, len);
        pthread_mutex_unlock(&send_lock);
    } else {
        static atomic_int told;
        if (!atomic_exchange(&told, 1)) {
            struct {
                struct header h;
                uint64_t count;
            } msg = {{sizeof msg, MSG_OVERFLOW}, 1};
            send_record(&msg, sizeof msg);
        }
    }
    t_in_hook = 0;
    errno = saved_errno;
}

// Reports the free of `ptr` if it is a sampled block. Called before the block is freed.
static inline void maybe_report_free(void *ptr) {
    if (LIKELY(!maybe_sampled((uintptr_t)ptr))) return;
    if (t_in_hook || !atomic_load_explicit(&active, memory_order_relaxed)) return;
    int saved_errno = errno;
    t_in_hook = 1;
    if (table_remove((uintptr_t)ptr)) {
        struct {
            struct header h;
            uint64_t addr;
        } msg = {{sizeof msg, MSG_FREE}, (uintptr_t)ptr};
        send_record(&msg, sizeof msg);
    }
    t_in_hook = 0;
    errno = saved_errno;
}

static inline void *sampled(void *p, size_t size) {
    if (p && UNLIKELY(should_sample(size))) report_alloc(p, size);
    return p;
}

// ---------------------------------------------------------------------------------------
// The interposed functions.

EXPORT void *malloc(size_t size) {
    if (UNLIKELY(!ready_to_forward())) return boot_alloc(size, 16);
    return sampled(next_malloc(size), size);
}

EXPORT void free(void *ptr) {
    if (!ptr || UNLIKELY(boot_owns(ptr))) return;
    maybe_report_free(ptr);
    next_free(ptr);
}

EXPORT void *calloc(size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) total = SIZE_MAX;
    if (UNLIKELY(!ready_to_forward())) {
        // The arena is zeroed static memory, never reused.
        return total == SIZE_MAX ? NULL : boot_alloc(total, 16);
    }
    return sampled(next_calloc(n, size), total);
}

static void *boot_realloc(void *ptr, size_t size) {
    void *p = ready_to_forward() ? malloc(size) : boot_alloc(size, 16);
    if (p && ptr) {
        size_t room = (size_t)(boot_arena + sizeof boot_arena - (char *)ptr);
        memcpy(p, ptr, size < room ? size : room);
    }
    return p;
}

EXPORT void *realloc(void *ptr, size_t size) {
    if (UNLIKELY(ptr && boot_owns(ptr)) || UNLIKELY(!ready_to_forward())) return boot_realloc(ptr, size);
    if (ptr) maybe_report_free(ptr);
    void *p = next_realloc(ptr, size);
    return size ? sampled(p, size) : p;
}

// glibc's own reallocarray calls realloc, which is ours: report it once, there.
EXPORT void *reallocarray(void *ptr, size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(ptr, total);
}

EXPORT int posix_memalign(void **out, size_t align, size_t size) {
    if (UNLIKELY(!ready_to_forward())) {
        *out = boot_alloc(size, align);
        return *out ? 0 : ENOMEM;
    }
    int rc = next_posix_memalign(out, align, size);
    if (rc == 0) sampled(*out, size);
    return rc;
}

EXPORT void *aligned_alloc(size_t align, size_t size) {
    if (UNLIKELY(!ready_to_forward())) return boot_alloc(size, align);
    if (!next_aligned_alloc) {
        errno = ENOMEM;  // not in this C library
        return NULL;
    }
    return sampled(next_aligned_alloc(align, size), size);
}

EXPORT void *memalign(size_t align, size_t size) {
    if (UNLIKELY(!ready_to_forward())) return boot_alloc(size, align);
    if (!next_memalign) {
        errno = ENOMEM;  // not in this C library
        return NULL;
    }
    return sampled(next_memalign(align, size), size);
}

EXPORT void *valloc(size_t size) {
    if (UNLIKELY(!ready_to_forward())) return boot_alloc(size, 4096);
    if (!next_valloc) {
        errno = ENOMEM;  // not in this C library
        return NULL;
    }
    return sampled(next_valloc(size), size);
}

EXPORT void *pvalloc(size_t size) {
    if (UNLIKELY(!ready_to_forward())) return boot_alloc(size, 4096);
    if (!next_pvalloc) {
        errno = ENOMEM;  // not in this C library
        return NULL;
    }
    size_t page = 4096;
    return sampled(next_pvalloc(size), (size + page - 1) & ~(page - 1));
}

// ---------------------------------------------------------------------------------------
// Start, fork and exit.

static int find_self(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    uintptr_t here = (uintptr_t)data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (here >= lo && here < hi) {
            self_lo = lo;
            self_hi = hi;
            return 1;
        }
    }
    return 0;
}

static uint64_t env_u64(const char *name, uint64_t fallback) {
    const char *s = getenv(name);
    if (!s || !*s) return fallback;
    uint64_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) v = v * 10 + (uint64_t)(*s - '0');
    return v;
}

static int connect_to_profiler(const char *path) {
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) return -1;
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    // Out of the way of programs that expect the lowest free descriptors.
    int high = fcntl(fd, F_DUPFD_CLOEXEC, 700);
    if (high >= 0) {
        close(fd);
        fd = high;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return -1;
    }
    sock_dev = st.st_dev;
    sock_ino = st.st_ino;
    return fd;
}

static void before_fork(void) {
    pthread_mutex_lock(&table_lock);
    pthread_mutex_lock(&send_lock);
}

static void after_fork_parent(void) {
    pthread_mutex_unlock(&send_lock);
    pthread_mutex_unlock(&table_lock);
}

static void after_fork_child(void) {
    pthread_mutex_init(&send_lock, NULL);
    pthread_mutex_init(&table_lock, NULL);
    int was_active = atomic_exchange(&active, 0);
    if (sock >= 0) close(sock);
    sock = -1;
    if (!was_active || !follow) return;
    const char *path = getenv("PROFILER_HEAP_SOCKET");
    table_clear();
    sock = path ? connect_to_profiler(path) : -1;
    if (sock < 0) return;
    atomic_store(&active, 1);
    send_hello();
}

__attribute__((constructor)) static void heap_shim_start(void) {
    resolve_next();
    const char *path = getenv("PROFILER_HEAP_SOCKET");
    if (!path || !*path || !next_malloc || !next_free) return;
    interval = env_u64("PROFILER_HEAP_INTERVAL", 512 * 1024);
    follow = env_u64("PROFILER_HEAP_FOLLOW", 0) != 0;
    uint64_t parent = env_u64("PROFILER_HEAP_PARENT", 0);
    // A program the launched command started: report only when asked to follow children.
    if (!follow && parent != 0 && (uint64_t)getppid() != parent) return;
    dl_iterate_phdr(find_self, (void *)(uintptr_t)&heap_shim_start);
    table_init();
    // backtrace() loads libgcc_s (which allocates) the first time: do it now, unsampled.
    t_in_hook = 1;
    void *warm[4];
    backtrace(warm, 4);
    t_in_hook = 0;
    sock = connect_to_profiler(path);
    if (sock < 0) return;
    pthread_atfork(before_fork, after_fork_parent, after_fork_child);
    atomic_store(&active, 1);
    send_hello();
}

__attribute__((destructor)) static void heap_shim_stop(void) {
    if (!atomic_load(&active)) return;
    int saved_errno = errno;
    struct header h = {sizeof h, MSG_EXIT};
    pthread_mutex_lock(&send_lock);
    send_locked(&h, sizeof h);
    int fd = sock;
    pthread_mutex_unlock(&send_lock);
    // Wait for the profiler to read this process's memory while it still exists.
    if (fd >= 0 && atomic_load(&active)) {
        struct pollfd pfd = {fd, POLLIN, 0};
        if (poll(&pfd, 1, 2000) > 0) {
            char ack;
            ssize_t ignored = read(fd, &ack, 1);
            (void)ignored;
        }
    }
    errno = saved_errno;
}
