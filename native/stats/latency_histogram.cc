#include "native/stats/latency_histogram.h"

#include <bit>
#include <cmath>

namespace jvbfastpath::stats {

int LatencyHistogram::BucketOf(uint64_t ns) {
  if (ns < 16) return static_cast<int>(ns);
  const int exponent = 63 - std::countl_zero(ns);  // >= 4
  if (exponent >= 40) return kBuckets - 1;
  const int sub = static_cast<int>((ns >> (exponent - 2)) & 3);
  return 16 + (exponent - 4) * 4 + sub;
}

uint64_t LatencyHistogram::UpperBound(int bucket) {
  if (bucket < 16) return static_cast<uint64_t>(bucket);
  const int exponent = 4 + (bucket - 16) / 4;
  const int sub = (bucket - 16) % 4;
  const uint64_t base = uint64_t{1} << exponent;
  const uint64_t step = base >> 2;
  return base + step * static_cast<uint64_t>(sub + 1) - 1;
}

LatencyHistogram::Snapshot LatencyHistogram::Take() const {
  Snapshot s;
  for (int i = 0; i < kBuckets; ++i) s.buckets[i] = buckets_[i].load(std::memory_order_relaxed);
  s.count = count_.load(std::memory_order_relaxed);
  s.sum_ns = sum_.load(std::memory_order_relaxed);
  return s;
}

uint64_t LatencyHistogram::Snapshot::Quantile(double q) const {
  uint64_t total = 0;
  for (uint64_t b : buckets) total += b;
  if (total == 0) return 0;
  const uint64_t rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(total)));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += buckets[i];
    if (seen >= rank && buckets[i] != 0) return UpperBound(i);
  }
  return UpperBound(kBuckets - 1);
}

void LatencyHistogram::Snapshot::Merge(const Snapshot& other) {
  count += other.count;
  sum_ns += other.sum_ns;
  for (int i = 0; i < kBuckets; ++i) buckets[i] += other.buckets[i];
}

}  // namespace jvbfastpath::stats
