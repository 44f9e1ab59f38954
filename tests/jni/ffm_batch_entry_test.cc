// The batch natives' plain C entries (jvbfastpath_*, the JDK 22+ downcalls) take 8 buffers
// ("ffm-batch" in jni/packet_natives.txt) where the JNI entries and critical twins take 32.
// A caller that hands one more packets than that gets the refusal, never a read of a buffer
// it did not pass; a batch of 8 is protected as the session protects it.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "jni/cpp/jni_util.h"
#include "jni/packet_natives.h"
#include "tests/native/srtp/test_packets.h"

namespace jvbfastpath::srtp::testing {
namespace {

constexpr int kBuffers = 8;

struct Batch8 {
  std::array<std::vector<jbyte>, kBuffers> bufs;
  std::vector<jint> caps, offs, lens;
  std::vector<jbyte> statuses;

  explicit Batch8(int count) : caps(count), offs(count), lens(count), statuses(count) {
    for (int i = 0; i < kBuffers; ++i) {
      const Bytes rtp = MakeRtp(0x1234, static_cast<uint16_t>(i), 100);
      bufs[i].assign(rtp.begin(), rtp.end());
      bufs[i].resize(rtp.size() + 64);
    }
    for (int i = 0; i < count; ++i) {
      caps[i] = i < kBuffers ? static_cast<jint>(bufs[i].size()) : 0;
      lens[i] = 112;
    }
  }

  jint Protect(jlong session, int count) {
    auto b = [&](int i) { return bufs[i].data(); };
    auto n = [&](int i) { return static_cast<jint>(bufs[i].size()); };
    return jvbfastpath_srtpTransformBatch(
        session, JNI_FALSE, count, n(0), b(0), n(1), b(1), n(2), b(2), n(3), b(3), n(4), b(4),
        n(5), b(5), n(6), b(6), n(7), b(7), static_cast<jint>(caps.size()), caps.data(),
        static_cast<jint>(offs.size()), offs.data(), static_cast<jint>(lens.size()),
        lens.data(), 0, static_cast<jint>(statuses.size()), statuses.data());
  }
};

TEST(FfmBatchEntry, ProtectsEightAndRefusesNine) {
  const Profile profile = Profile::kAeadAes128Gcm;
  std::unique_ptr<SrtpSession> session =
      MakeSession(profile, TestMasterKey(profile), TestMasterSalt(profile), Outbound());
  ASSERT_NE(nullptr, session);
  const jlong handle = jni::ToHandle(session.get());

  Batch8 nine(kBuffers + 1);
  const jint refused = nine.Protect(handle, kBuffers + 1);
  EXPECT_LE(refused, jni::kRefused) << "a ninth packet with no buffer passed";
  for (int i = 0; i < kBuffers; ++i) EXPECT_EQ(112, nine.lens[i]) << "nothing protected";

  Batch8 eight(kBuffers);
  EXPECT_EQ(kBuffers, eight.Protect(handle, kBuffers));
  for (int i = 0; i < kBuffers; ++i) {
    EXPECT_EQ(0, eight.statuses[i]);
    EXPECT_EQ(112 + 16, eight.lens[i]) << "GCM tag";
  }
}

}  // namespace
}  // namespace jvbfastpath::srtp::testing
