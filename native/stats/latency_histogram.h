// LatencyHistogram: nanosecond latencies in log-linear buckets, cheap enough to stay on.
//
// Contract: Record() is for one writer thread (the pipeline that owns the histogram) and
// never allocates or locks; Snapshot() may be called from any thread at any time and sees a
// consistent-enough copy (each bucket is read atomically). Buckets: exact below 16 ns, then
// four per power of two (relative error below 19%), up to 2^40 ns; larger values land in
// the last bucket.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace jvbfastpath::stats {

class LatencyHistogram {
 public:
  static constexpr int kBuckets = 16 + (40 - 4) * 4;

  void Record(uint64_t ns) {
    Bump(buckets_[BucketOf(ns)], 1);
    Bump(count_, 1);
    Bump(sum_, ns);
  }

  struct Snapshot {
    uint64_t count = 0;
    uint64_t sum_ns = 0;
    std::array<uint64_t, kBuckets> buckets{};
    // The upper bound of the bucket holding quantile q (0 < q <= 1); 0 when empty.
    uint64_t Quantile(double q) const;
    void Merge(const Snapshot& other);
  };
  Snapshot Take() const;

  static int BucketOf(uint64_t ns);
  // The largest value bucket b holds.
  static uint64_t UpperBound(int bucket);

 private:
  static void Bump(std::atomic<uint64_t>& c, uint64_t by) {
    c.store(c.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
  }
  std::array<std::atomic<uint64_t>, kBuckets> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_{0};
};

}  // namespace jvbfastpath::stats
