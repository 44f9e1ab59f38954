#include "native/common/secret_bytes.h"

#include <gtest/gtest.h>

#include <array>
#include <new>

namespace jvbfastpath {
namespace {

TEST(SecretBytesTest, HoldsWhatWasAssignedAndRefusesOverflow) {
  SecretBytes<4> s;
  const uint8_t three[] = {1, 2, 3};
  ASSERT_TRUE(s.Assign(three));
  EXPECT_EQ(3u, s.size());
  const uint8_t two[] = {4, 5};
  EXPECT_FALSE(s.Append(two));  // 3 + 2 > 4: refused, contents kept
  EXPECT_EQ(3u, s.size());
  const uint8_t one[] = {4};
  ASSERT_TRUE(s.Append(one));
  EXPECT_EQ((std::array<uint8_t, 4>{1, 2, 3, 4}),
            (std::array<uint8_t, 4>{s.view()[0], s.view()[1], s.view()[2], s.view()[3]}));
  const uint8_t five[] = {1, 2, 3, 4, 5};
  EXPECT_FALSE(s.Assign(five));
  EXPECT_EQ(0u, s.size());
}

TEST(SecretBytesTest, MoveWipesTheSource) {
  SecretBytes<8> a;
  const uint8_t key[] = {9, 9, 9};
  ASSERT_TRUE(a.Assign(key));
  SecretBytes<8> b(std::move(a));
  EXPECT_EQ(0u, a.size());  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_EQ(3u, b.size());
}

TEST(SecretBytesTest, DestructorLeavesZerosBehind) {
  alignas(SecretBytes<16>) unsigned char storage[sizeof(SecretBytes<16>)];
  auto* s = new (storage) SecretBytes<16>();
  std::array<uint8_t, 16> key;
  key.fill(0xA5);
  ASSERT_TRUE(s->Assign(key));
  s->~SecretBytes<16>();
  for (unsigned char byte : storage) {
    ASSERT_NE(0xA5, byte) << "key byte left in memory after destruction";
  }
}

}  // namespace
}  // namespace jvbfastpath
