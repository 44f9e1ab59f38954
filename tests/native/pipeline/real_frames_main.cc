// main() of the real-frames tests: remembers the capture paths (VP8, then Opus) the BUILD
// file passes as arguments, for CapturePath().
#include <gtest/gtest.h>

#include "tests/native/pipeline/real_frames.h"

namespace jvbfastpath::pipeline::testing {
namespace {

std::string g_vp8_capture;
std::string g_opus_capture;

}  // namespace

const std::string& CapturePath(codec::Codec codec) {
  return codec == codec::Codec::kOpus ? g_opus_capture : g_vp8_capture;
}

}  // namespace jvbfastpath::pipeline::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc > 2) {
    jvbfastpath::pipeline::testing::g_vp8_capture = argv[1];
    jvbfastpath::pipeline::testing::g_opus_capture = argv[2];
  }
  return RUN_ALL_TESTS();
}
