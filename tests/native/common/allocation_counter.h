// Counts every heap allocation of the binary that includes this header: it replaces the
// global operator new (and new[]) with a counting one on malloc. Include it from exactly
// one source file of a binary (a test or a benchmark); AllocationCount() is the number of
// allocations so far, so "no allocation" is the same count before and after.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace jvbfastpath::testing {

inline std::atomic<uint64_t> g_allocation_count{0};

inline uint64_t AllocationCount() { return g_allocation_count.load(std::memory_order_relaxed); }

}  // namespace jvbfastpath::testing

void* operator new(size_t n) {
  jvbfastpath::testing::g_allocation_count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
