// Helpers shared by the fuzz targets.
// - Check: an invariant; a broken one aborts, which libFuzzer reports as a finding.
// - CheckOnlyChanged: a writer changed nothing outside [from, from + n).
// - RegisterFuzzMaps: the header extension ids and payload types the packet-level targets
//   (and their seed corpora, tests/fuzz/make_seed_corpus.py) assume: audio level 1,
//   transport-cc 3, AV1 Dependency Descriptor 5 (abs-send-time 6 where asked); VP8 96,
//   VP9 98, H.264 102, AV1 45, Opus 111; RTX 97 (apt 96) and 99 (apt 98).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "native/codec/codec.h"
#include "native/rtp/extension_map.h"

namespace jvbfastpath::fuzz {

inline void Check(bool ok) {
  if (!ok) std::abort();
}

inline void CheckOnlyChanged(const std::vector<uint8_t>& before,
                             const std::vector<uint8_t>& after, size_t from, size_t n) {
  Check(before.size() == after.size());
  for (size_t i = 0; i < before.size(); ++i) {
    if (i < from || i >= from + n) Check(before[i] == after[i]);
  }
}

inline void RegisterFuzzMaps(rtp::ExtensionMap& extensions, codec::PayloadTypeMap& types,
                             bool abs_send_time = false) {
  extensions.Register(1, rtp::ExtensionType::kAudioLevel);
  extensions.Register(3, rtp::ExtensionType::kTransportSequenceNumber);
  extensions.Register(5, rtp::ExtensionType::kDependencyDescriptor);
  if (abs_send_time) extensions.Register(6, rtp::ExtensionType::kAbsSendTime);
  types.Set(96, codec::Codec::kVp8);
  types.Set(98, codec::Codec::kVp9);
  types.SetRtx(97, 96);
  types.SetRtx(99, 98);
  types.Set(102, codec::Codec::kH264);
  types.Set(45, codec::Codec::kAv1);
  types.Set(111, codec::Codec::kOpus);
}

// The maps of RegisterFuzzMaps, as one object.
struct FuzzMaps {
  explicit FuzzMaps(bool abs_send_time = false) {
    RegisterFuzzMaps(extensions, types, abs_send_time);
  }
  rtp::ExtensionMap extensions;
  codec::PayloadTypeMap types;
};

}  // namespace jvbfastpath::fuzz
