#include "native/codec/av1_dependency_descriptor.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace jvbfastpath::codec {
namespace {

using Bytes = std::vector<uint8_t>;

// An independent writer for the syntax of AV1 RTP spec Appendix A.4.1: f(n) MSB first,
// ns(n), zero padding to a whole byte.
class BitWriter {
 public:
  void Put(uint32_t value, int bits) {
    for (int i = bits - 1; i >= 0; --i) {
      if (count_ % 8 == 0) bytes_.push_back(0);
      if ((value >> i) & 1) bytes_.back() |= static_cast<uint8_t>(0x80 >> (count_ % 8));
      ++count_;
    }
  }
  // ns(n) for a value 0..n-1: the inverse of the spec's reading procedure.
  void PutNs(uint32_t value, uint32_t n) {
    int w = 0;
    for (uint32_t x = n; x != 0; x >>= 1) ++w;
    const uint32_t m = (1u << w) - n;
    if (value < m) {
      Put(value, w - 1);
    } else {
      const uint32_t x = value + m;
      Put(x >> 1, w - 1);
      Put(x & 1, 1);
    }
  }
  const Bytes& bytes() const { return bytes_; }

 private:
  Bytes bytes_;
  int count_ = 0;
};

struct Mandatory {
  bool start = false;
  bool end = false;
  int template_id = 0;
  int frame_number = 0;
};

void PutMandatory(BitWriter& w, const Mandatory& m) {
  w.Put(m.start, 1);
  w.Put(m.end, 1);
  w.Put(m.template_id, 6);
  w.Put(m.frame_number, 16);
}

struct Flags {
  bool structure = false;
  bool active = false;
  bool dtis = false;
  bool fdiffs = false;
  bool chains = false;
};

void PutFlags(BitWriter& w, const Flags& f) {
  w.Put(f.structure, 1);
  w.Put(f.active, 1);
  w.Put(f.dtis, 1);
  w.Put(f.fdiffs, 1);
  w.Put(f.chains, 1);
}

// A template dependency structure as the spec's syntax lists it.
struct TestStructure {
  int offset = 0;
  int dts = 1;
  std::vector<int> next_layer_idc;              // last one is 3
  std::vector<std::vector<int>> dtis;           // [template][dt]
  std::vector<std::vector<int>> fdiffs;         // [template]
  int chains = 0;
  std::vector<int> protected_by;                // [dt]
  std::vector<std::vector<int>> chain_fdiffs;   // [template][chain]
  std::vector<std::pair<int, int>> resolutions; // per spatial layer, actual size
};

void PutStructure(BitWriter& w, const TestStructure& s) {
  w.Put(s.offset, 6);
  w.Put(s.dts - 1, 5);
  for (int idc : s.next_layer_idc) w.Put(idc, 2);
  for (const auto& row : s.dtis) {
    for (int dti : row) w.Put(dti, 2);
  }
  for (const auto& row : s.fdiffs) {
    for (int fdiff : row) {
      w.Put(1, 1);
      w.Put(fdiff - 1, 4);
    }
    w.Put(0, 1);
  }
  w.PutNs(s.chains, s.dts + 1);
  if (s.chains > 0) {
    for (int chain : s.protected_by) w.PutNs(chain, s.chains + 1);
    for (const auto& row : s.chain_fdiffs) {
      for (int fdiff : row) w.Put(fdiff, 4);
    }
  }
  w.Put(!s.resolutions.empty(), 1);
  for (const auto& [width, height] : s.resolutions) {
    w.Put(width - 1, 16);
    w.Put(height - 1, 16);
  }
}

// L1T3: one spatial layer, three temporal layers, decode targets L1T1, L1T2, L1T3, one
// chain protecting all of them.
TestStructure L1T3() {
  TestStructure s;
  s.offset = 0;
  s.dts = 3;
  s.next_layer_idc = {0, 1, 1, 0, 3};  // S0T0 (key), S0T0, S0T1, S0T2, S0T2
  s.dtis = {{2, 2, 2}, {2, 2, 2}, {0, 1, 3}, {0, 0, 1}, {0, 0, 1}};
  s.fdiffs = {{}, {4}, {2}, {1}, {1, 3}};
  s.chains = 1;
  s.protected_by = {0, 0, 0};
  s.chain_fdiffs = {{0}, {4}, {2}, {1}, {3}};
  return s;
}

// L3T3 with render resolutions; template i is spatial i / 3, temporal i % 3; decode target
// d is spatial d / 3, temporal d % 3; chain s protects the decode targets of spatial s.
// The offset makes template ids wrap past 63.
TestStructure L3T3() {
  TestStructure s;
  s.offset = 60;
  s.dts = 9;
  s.next_layer_idc = {1, 1, 2, 1, 1, 2, 1, 1, 3};
  for (int i = 0; i < 9; ++i) {
    const int sid = i / 3;
    const int tid = i % 3;
    std::vector<int> row;
    for (int d = 0; d < 9; ++d) {
      const int dsid = d / 3;
      const int dtid = d % 3;
      row.push_back(dsid < sid || dtid < tid ? 0 : (tid == 0 && dsid == sid ? 2 : 3));
    }
    s.dtis.push_back(row);
    if (sid == 0 && tid == 0) {
      s.fdiffs.push_back({});
    } else {
      s.fdiffs.push_back({tid + 1});
    }
    s.chain_fdiffs.push_back({sid, tid, sid + tid});
  }
  s.chains = 3;
  s.protected_by = {0, 0, 0, 1, 1, 1, 2, 2, 2};
  s.resolutions = {{320, 180}, {640, 360}, {1280, 720}};
  return s;
}

Bytes WithStructure(const Mandatory& m, const TestStructure& s) {
  BitWriter w;
  PutMandatory(w, m);
  PutFlags(w, {.structure = true});
  PutStructure(w, s);
  return w.bytes();
}

Bytes MandatoryOnly(const Mandatory& m) {
  BitWriter w;
  PutMandatory(w, m);
  return w.bytes();
}

TEST(Av1DependencyDescriptorTest, MandatoryFieldsByHand) {
  // S=1 E=0 template id 5: 0b10'000101; frame number 0x1234.
  const Bytes b = {0x85, 0x12, 0x34};
  const auto m = ParseAv1DdMandatoryFields(b);
  ASSERT_TRUE(m.ok()) << Av1DdErrorName(m.error());
  EXPECT_TRUE(m->start_of_frame);
  EXPECT_FALSE(m->end_of_frame);
  EXPECT_EQ(5, m->template_id);
  EXPECT_EQ(0x1234, m->frame_number);

  const Bytes e = {0x7f, 0xff, 0xfe};  // S=0 E=1 id 63, frame 65534
  const auto n = ParseAv1DdMandatoryFields(e);
  ASSERT_TRUE(n.ok());
  EXPECT_FALSE(n->start_of_frame);
  EXPECT_TRUE(n->end_of_frame);
  EXPECT_EQ(63, n->template_id);
  EXPECT_EQ(65534, n->frame_number);

  EXPECT_EQ(Av1DdError::kMandatoryPastEnd, ParseAv1DdMandatoryFields(Bytes{0x85, 0x12}).error());
  EXPECT_EQ(Av1DdError::kMandatoryPastEnd, ParseAv1DdMandatoryFields({}).error());
  EXPECT_EQ("mandatory_fields_past_end", Av1DdErrorName(Av1DdError::kMandatoryPastEnd));
}

TEST(Av1DependencyDescriptorTest, MandatoryOnlyWithoutStructureIsRejectedByTracker) {
  Av1DependencyStructureTracker tracker;
  const Bytes b = MandatoryOnly({.start = true, .end = true, .template_id = 1, .frame_number = 7});
  EXPECT_EQ(Av1DdError::kNoStructure, tracker.Parse(b).error());
  EXPECT_FALSE(tracker.has_structure());
  // Extended fields that need a structure (active decode targets) without one.
  BitWriter w;
  PutMandatory(w, {.template_id = 1});
  PutFlags(w, {.active = true});
  w.Put(0x7, 3);
  EXPECT_EQ(Av1DdError::kNoStructure, tracker.Parse(w.bytes()).error());
}

TEST(Av1DependencyDescriptorTest, L1T3StructureThenPacketsWithoutIt) {
  Av1DependencyStructureTracker tracker;
  const Bytes key = WithStructure({.start = true, .template_id = 0, .frame_number = 100}, L1T3());
  const auto k = tracker.Parse(key);
  ASSERT_TRUE(k.ok()) << Av1DdErrorName(k.error());
  EXPECT_TRUE(k->mandatory.start_of_frame);
  EXPECT_FALSE(k->mandatory.end_of_frame);
  EXPECT_EQ(100, k->mandatory.frame_number);
  EXPECT_TRUE(k->has_extended_fields);
  EXPECT_TRUE(k->structure_present);
  EXPECT_EQ(0, k->template_index);
  EXPECT_EQ(0, k->spatial_id);
  EXPECT_EQ(0, k->temporal_id);
  EXPECT_EQ(0b111u, k->active_decode_targets);
  EXPECT_EQ(3, k->decode_target_count);
  EXPECT_EQ(Av1Dti::kSwitch, k->Dti(0));
  EXPECT_EQ(Av1Dti::kSwitch, k->Dti(2));
  EXPECT_EQ(0, k->fdiff_count);
  EXPECT_EQ(1, k->chain_count);
  EXPECT_EQ(0, k->chain_fdiffs[0]);
  EXPECT_EQ(0u, k->width);

  ASSERT_TRUE(tracker.has_structure());
  const Av1TemplateStructure& s = tracker.structure();
  EXPECT_EQ(5, s.template_count);
  EXPECT_EQ(3, s.decode_target_count);
  EXPECT_EQ(0, s.max_spatial_id);
  EXPECT_EQ(2, s.max_temporal_id);
  const int temporal[] = {0, 0, 1, 2, 2};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(0, s.spatial_id[i]);
    EXPECT_EQ(temporal[i], s.temporal_id[i]) << i;
  }
  EXPECT_EQ(Av1Dti::kRequired, s.Dti(2, 2));
  EXPECT_EQ(Av1Dti::kDiscardable, s.Dti(3, 2));
  EXPECT_EQ(2, s.fdiff_count[4]);
  EXPECT_EQ(1, s.fdiffs[4][0]);
  EXPECT_EQ(3, s.fdiffs[4][1]);
  EXPECT_EQ(1, s.chain_count);
  EXPECT_EQ(0, s.decode_target_protected_by[2]);
  EXPECT_FALSE(s.has_resolutions);

  // A later 3-byte descriptor: template 2 is S0T1.
  const auto t1 = tracker.Parse(MandatoryOnly({.end = true, .template_id = 2, .frame_number = 102}));
  ASSERT_TRUE(t1.ok()) << Av1DdErrorName(t1.error());
  EXPECT_FALSE(t1->has_extended_fields);
  EXPECT_FALSE(t1->structure_present);
  EXPECT_TRUE(t1->mandatory.end_of_frame);
  EXPECT_EQ(102, t1->mandatory.frame_number);
  EXPECT_EQ(0, t1->spatial_id);
  EXPECT_EQ(1, t1->temporal_id);
  EXPECT_EQ(Av1Dti::kNotPresent, t1->Dti(0));
  EXPECT_EQ(Av1Dti::kDiscardable, t1->Dti(1));
  EXPECT_EQ(Av1Dti::kRequired, t1->Dti(2));
  ASSERT_EQ(1, t1->fdiff_count);
  EXPECT_EQ(2, t1->fdiffs[0]);
  EXPECT_EQ(2, t1->chain_fdiffs[0]);
  EXPECT_EQ(0b111u, t1->active_decode_targets);

  // Extended, no structure: active decode targets and custom DTIs, fdiffs and chains.
  BitWriter w;
  PutMandatory(w, {.start = true, .end = true, .template_id = 3, .frame_number = 103});
  PutFlags(w, {.active = true, .dtis = true, .fdiffs = true, .chains = true});
  w.Put(0b011, 3);                 // active_decode_targets_bitmask (DtisCnt bits)
  w.Put(0, 2), w.Put(0, 2), w.Put(3, 2);  // frame_dtis
  w.Put(1, 2), w.Put(0, 4);        // fdiff 1 in 4 bits
  w.Put(3, 2), w.Put(299, 12);     // fdiff 300 in 12 bits
  w.Put(0, 2);                     // no more fdiffs
  w.Put(7, 8);                     // frame_chain_fdiff[0]
  const auto c = tracker.Parse(w.bytes());
  ASSERT_TRUE(c.ok()) << Av1DdErrorName(c.error());
  EXPECT_TRUE(c->custom_dtis);
  EXPECT_TRUE(c->custom_fdiffs);
  EXPECT_TRUE(c->custom_chains);
  EXPECT_EQ(2, c->temporal_id);
  EXPECT_EQ(0b011u, c->active_decode_targets);
  EXPECT_EQ(0b011u, tracker.active_decode_targets());
  EXPECT_EQ(Av1Dti::kNotPresent, c->Dti(0));
  EXPECT_EQ(Av1Dti::kRequired, c->Dti(2));
  ASSERT_EQ(2, c->fdiff_count);
  EXPECT_EQ(1, c->fdiffs[0]);
  EXPECT_EQ(300, c->fdiffs[1]);
  EXPECT_EQ(7, c->chain_fdiffs[0]);

  // The active decode targets stay until the next change.
  const auto after = tracker.Parse(MandatoryOnly({.template_id = 1, .frame_number = 104}));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(0b011u, after->active_decode_targets);
}

TEST(Av1DependencyDescriptorTest, L3T3WithResolutionsAndWrappingTemplateIds) {
  Av1DependencyStructureTracker tracker;
  // Template id 60 is template index 0.
  const auto k = tracker.Parse(WithStructure({.start = true, .template_id = 60}, L3T3()));
  ASSERT_TRUE(k.ok()) << Av1DdErrorName(k.error());
  EXPECT_EQ(0, k->template_index);
  EXPECT_EQ(320u, k->width);
  EXPECT_EQ(180u, k->height);
  EXPECT_EQ(0x1ffu, k->active_decode_targets);

  const Av1TemplateStructure& s = tracker.structure();
  EXPECT_EQ(60, s.template_id_offset);
  EXPECT_EQ(9, s.template_count);
  EXPECT_EQ(9, s.decode_target_count);
  EXPECT_EQ(2, s.max_spatial_id);
  EXPECT_EQ(2, s.max_temporal_id);
  EXPECT_EQ(3, s.chain_count);
  for (int d = 0; d < 9; ++d) EXPECT_EQ(d / 3, s.decode_target_protected_by[d]) << d;
  ASSERT_TRUE(s.has_resolutions);
  EXPECT_EQ(640u, s.render_width[1]);
  EXPECT_EQ(360u, s.render_height[1]);
  EXPECT_EQ(1280u, s.render_width[2]);
  EXPECT_EQ(720u, s.render_height[2]);
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(i / 3, s.spatial_id[i]) << i;
    EXPECT_EQ(i % 3, s.temporal_id[i]) << i;
    EXPECT_EQ(i / 3, s.chain_fdiffs[i][0]);
    EXPECT_EQ(i % 3, s.chain_fdiffs[i][1]);
    EXPECT_EQ(i / 3 + i % 3, s.chain_fdiffs[i][2]);
  }
  EXPECT_EQ(Av1Dti::kSwitch, s.Dti(3, 3));
  EXPECT_EQ(Av1Dti::kNotPresent, s.Dti(3, 2));
  EXPECT_EQ(Av1Dti::kRequired, s.Dti(4, 8));

  // Template id 3 = (60 + 7) mod 64: index 7, S2T1 at 1280x720.
  const auto f = tracker.Parse(MandatoryOnly({.template_id = 3, .frame_number = 9}));
  ASSERT_TRUE(f.ok()) << Av1DdErrorName(f.error());
  EXPECT_EQ(7, f->template_index);
  EXPECT_EQ(2, f->spatial_id);
  EXPECT_EQ(1, f->temporal_id);
  EXPECT_EQ(1280u, f->width);
  EXPECT_EQ(720u, f->height);
  ASSERT_EQ(1, f->fdiff_count);
  EXPECT_EQ(2, f->fdiffs[0]);
  EXPECT_EQ(3, f->chain_count);
  EXPECT_EQ(3, f->chain_fdiffs[2]);

  // Template id 5 = index 9: past the 9 templates.
  EXPECT_EQ(Av1DdError::kUnknownTemplate, tracker.Parse(MandatoryOnly({.template_id = 5})).error());
  // Template id 59 = index 63.
  EXPECT_EQ(Av1DdError::kUnknownTemplate,
            tracker.Parse(MandatoryOnly({.template_id = 59})).error());
}

TEST(Av1DependencyDescriptorTest, UnknownTemplateInL1T3) {
  Av1DependencyStructureTracker tracker;
  ASSERT_TRUE(tracker.Parse(WithStructure({.template_id = 0}, L1T3())).ok());
  EXPECT_EQ(Av1DdError::kUnknownTemplate, tracker.Parse(MandatoryOnly({.template_id = 5})).error());
  EXPECT_EQ(Av1DdError::kUnknownTemplate,
            tracker.Parse(MandatoryOnly({.template_id = 63})).error());
  EXPECT_TRUE(tracker.Parse(MandatoryOnly({.template_id = 4})).ok());
  // A structure whose own packet names a template it does not have is not installed.
  TestStructure other = L3T3();
  EXPECT_EQ(Av1DdError::kUnknownTemplate,
            tracker.Parse(WithStructure({.template_id = 10}, other)).error());
  EXPECT_EQ(0, tracker.structure().template_id_offset);
  EXPECT_EQ(5, tracker.structure().template_count);
}

TEST(Av1DependencyDescriptorTest, EveryTruncationIsRejectedAndLeavesTheTrackerAlone) {
  const Bytes full = WithStructure({.start = true, .template_id = 60}, L3T3());
  {
    Av1DependencyStructureTracker tracker;
    ASSERT_TRUE(tracker.Parse(full).ok());
  }
  for (size_t size = 0; size < full.size(); ++size) {
    const std::span<const uint8_t> prefix(full.data(), size);
    Av1DependencyStructureTracker fresh;
    const auto r = fresh.Parse(prefix);
    EXPECT_FALSE(r.ok()) << size;
    EXPECT_FALSE(fresh.has_structure()) << size;
    if (size < 3) {
      EXPECT_EQ(Av1DdError::kMandatoryPastEnd, r.error()) << size;
    } else if (size == 3) {
      EXPECT_EQ(Av1DdError::kNoStructure, r.error());  // mandatory only, nothing known yet
    } else {
      EXPECT_EQ(Av1DdError::kStructurePastEnd, r.error()) << size;
    }

    // With an L1T3 structure installed, the truncated L3T3 one does not replace it.
    Av1DependencyStructureTracker tracker;
    ASSERT_TRUE(tracker.Parse(WithStructure({.template_id = 0}, L1T3())).ok());
    if (size > 3) {
      EXPECT_FALSE(tracker.Parse(prefix).ok()) << size;
      const auto t = tracker.Parse(MandatoryOnly({.template_id = 2}));
      ASSERT_TRUE(t.ok()) << size;
      EXPECT_EQ(1, t->temporal_id);
      EXPECT_EQ(0u, t->width);
      EXPECT_EQ(0, tracker.structure().template_id_offset);
    }
  }

  Av1DependencyStructureTracker tracker;
  ASSERT_TRUE(tracker.Parse(full).ok());
  // Active decode targets cut off: 5 flag bits leave 3 bits of byte 3; DtisCnt is 9.
  BitWriter a;
  PutMandatory(a, {.template_id = 60});
  PutFlags(a, {.active = true});
  a.Put(0b111, 3);
  ASSERT_EQ(4u, a.bytes().size());
  EXPECT_EQ(Av1DdError::kActiveDecodeTargetsPastEnd, tracker.Parse(a.bytes()).error());

  // Custom frame fields cut off at every byte.
  BitWriter c;
  PutMandatory(c, {.template_id = 61});
  PutFlags(c, {.dtis = true, .fdiffs = true, .chains = true});
  for (int d = 0; d < 9; ++d) c.Put(3, 2);
  c.Put(2, 2), c.Put(200, 8);
  c.Put(0, 2);
  c.Put(1, 8), c.Put(2, 8), c.Put(0xff, 8);
  const Bytes frame = c.bytes();
  const auto ok = tracker.Parse(frame);
  ASSERT_TRUE(ok.ok()) << Av1DdErrorName(ok.error());
  EXPECT_EQ(201, ok->fdiffs[0]);
  EXPECT_EQ(255, ok->chain_fdiffs[2]);
  for (size_t size = 4; size < frame.size(); ++size) {
    EXPECT_EQ(Av1DdError::kFrameFieldsPastEnd,
              tracker.Parse(std::span<const uint8_t>(frame.data(), size)).error())
        << size;
  }
}

TEST(Av1DependencyDescriptorTest, ValuesOutOfRange) {
  auto parse = [](const TestStructure& s) {
    Av1DependencyStructureTracker tracker;
    const auto r = tracker.Parse(WithStructure({.template_id = static_cast<int>(s.offset)}, s));
    EXPECT_FALSE(tracker.has_structure() && !r.ok());
    return r.error();
  };
  // Five spatial layers (MAX_SPATIAL_ID is 3).
  TestStructure spatial;
  spatial.next_layer_idc = {2, 2, 2, 2, 3};
  spatial.dtis.assign(5, {3});
  spatial.fdiffs.assign(5, {});
  EXPECT_EQ(Av1DdError::kSpatialIdOutOfRange, parse(spatial));
  spatial.next_layer_idc = {2, 2, 2, 3};  // four is fine
  spatial.dtis.assign(4, {3});
  spatial.fdiffs.assign(4, {});
  EXPECT_EQ(Av1DdError::kOk, parse(spatial));

  // Temporal id 8 (MAX_TEMPORAL_ID is 7).
  TestStructure temporal;
  temporal.next_layer_idc = {1, 1, 1, 1, 1, 1, 1, 1, 3};
  temporal.dtis.assign(9, {3});
  temporal.fdiffs.assign(9, {});
  EXPECT_EQ(Av1DdError::kTemporalIdOutOfRange, parse(temporal));

  // 65 templates.
  TestStructure many;
  many.next_layer_idc.assign(64, 0);
  many.next_layer_idc.push_back(3);
  many.dtis.assign(65, {3});
  many.fdiffs.assign(65, {});
  EXPECT_EQ(Av1DdError::kTooManyTemplates, parse(many));
  // 64 templates are fine.
  many.next_layer_idc.assign(63, 0);
  many.next_layer_idc.push_back(3);
  many.dtis.assign(64, {3});
  many.fdiffs.assign(64, {});
  EXPECT_EQ(Av1DdError::kOk, parse(many));

  // Nine fdiffs in one template.
  TestStructure fdiffs;
  fdiffs.next_layer_idc = {3};
  fdiffs.dtis = {{3}};
  fdiffs.fdiffs = {{1, 2, 3, 4, 5, 6, 7, 8, 9}};
  EXPECT_EQ(Av1DdError::kTooManyFdiffs, parse(fdiffs));

  // 32 decode targets, all active.
  TestStructure wide;
  wide.dts = 32;
  wide.next_layer_idc = {3};
  wide.dtis = {std::vector<int>(32, 1)};
  wide.fdiffs = {{}};
  wide.chains = 32;
  wide.protected_by.assign(32, 32);
  wide.chain_fdiffs = {std::vector<int>(32, 15)};
  Av1DependencyStructureTracker tracker;
  const auto r = tracker.Parse(WithStructure({}, wide));
  ASSERT_TRUE(r.ok()) << Av1DdErrorName(r.error());
  EXPECT_EQ(0xffffffffu, r->active_decode_targets);
  EXPECT_EQ(Av1Dti::kDiscardable, r->Dti(31));
  EXPECT_EQ(32, r->chain_count);
  EXPECT_EQ(15, r->chain_fdiffs[31]);
  EXPECT_EQ(32, tracker.structure().decode_target_protected_by[31]);
}

TEST(Av1DependencyDescriptorTest, FrameNumberRewriteTouchesOnlyItsTwoBytes) {
  const Bytes original = WithStructure({.start = true, .end = true, .template_id = 60,
                                        .frame_number = 0x1234},
                                       L3T3());
  Bytes rewritten = original;
  ASSERT_TRUE(WriteAv1FrameNumber(rewritten, 0xabcd));
  ASSERT_EQ(original.size(), rewritten.size());
  EXPECT_EQ(0xab, rewritten[1]);
  EXPECT_EQ(0xcd, rewritten[2]);
  for (size_t i = 0; i < original.size(); ++i) {
    if (i != 1 && i != 2) {
      EXPECT_EQ(original[i], rewritten[i]) << i;
    }
  }
  Av1DependencyStructureTracker tracker;
  const auto r = tracker.Parse(rewritten);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(0xabcd, r->mandatory.frame_number);
  EXPECT_TRUE(r->mandatory.start_of_frame);
  EXPECT_TRUE(r->mandatory.end_of_frame);
  EXPECT_EQ(60, r->mandatory.template_id);

  Bytes small = {0xc0, 0x00, 0x01};
  ASSERT_TRUE(WriteAv1FrameNumber(small, 0xffff));
  EXPECT_EQ((Bytes{0xc0, 0xff, 0xff}), small);
  Bytes too_small = {0xc0, 0x00};
  EXPECT_FALSE(WriteAv1FrameNumber(too_small, 1));
  EXPECT_EQ((Bytes{0xc0, 0x00}), too_small);
}

}  // namespace
}  // namespace jvbfastpath::codec
