#pragma once
// Hints to the kernel about byte ranges of a memory-mapped file: read them ahead, or
// drop them from this process's resident set once copied (the page cache keeps what it
// can; the process does not grow to the size of the file).
#include <cstdint>

namespace pb {

void adviseWillNeed(const uint8_t* p, uint64_t n);  // start reading ahead (asynchronous)
void adviseDontNeed(const uint8_t* p, uint64_t n);  // unmap the range's pages from this process
// Faults in every page of the range (reads one byte per page); returns a checksum byte so
// that the reads are not optimised away.
uint8_t touchPages(const uint8_t* p, uint64_t n);

} // namespace pb
