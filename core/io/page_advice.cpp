#include "core/io/page_advice.h"

#include <sys/mman.h>
#include <unistd.h>

namespace pb {

namespace {

// The page-aligned range covering [p, p + n); madvise needs an aligned start.
void advise(const uint8_t* p, uint64_t n, int advice) {
    if (!p || n == 0) return;
    const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const uintptr_t begin = reinterpret_cast<uintptr_t>(p) / page * page;
    const uintptr_t end = reinterpret_cast<uintptr_t>(p) + n;
    madvise(reinterpret_cast<void*>(begin), end - begin, advice);  // a hint: failure is harmless
}

} // namespace

void adviseWillNeed(const uint8_t* p, uint64_t n) { advise(p, n, MADV_WILLNEED); }

void adviseDontNeed(const uint8_t* p, uint64_t n) {
    // Only whole pages inside the range: a neighbouring tensor's bytes may share the edge pages.
    if (!p || n == 0) return;
    const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + page - 1) / page * page;
    const uintptr_t end = (reinterpret_cast<uintptr_t>(p) + n) / page * page;
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

uint8_t touchPages(const uint8_t* p, uint64_t n) {
    const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    uint8_t acc = 0;
    for (uint64_t k = 0; k < n; k += page) acc ^= *(static_cast<const volatile uint8_t*>(p + k));
    if (n) acc ^= *(static_cast<const volatile uint8_t*>(p + n - 1));
    return acc;
}

} // namespace pb
