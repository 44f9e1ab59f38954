// libre_srtp_lines: SRTP of libre (the baresip project's real-time library, Debian's
// libre-dev: its own SRTP/SRTCP code over OpenSSL's AES, not libsrtp) over packet files.
//
//   libre_srtp_lines protect|unprotect --profile P --key BASE64 --in F --out F [--expect-fail]
//
// The same command line and packet files (packet_lines.h) as srtp_lines, so a test can swap
// one implementation for the other. PROFILE: AEAD_AES_128_GCM, AEAD_AES_256_GCM,
// AES_CM_128_HMAC_SHA1_80. This binary must not link libsrtp: libre's SRTP functions use
// some of the same names (srtp_alloc, srtp_encrypt, ...).
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

extern "C" {
#include <re_types.h>
#include <re_mbuf.h>
#include <re_mem.h>
#include <re_srtp.h>
}

#include "tests/interop/packet_lines.h"
#include "tools/inspect/key_spec.h"

namespace jvbfastpath::interop {
namespace {

struct LibreProfile {
  const char* name;
  srtp_suite suite;
  size_t key_and_salt_length;
};

constexpr LibreProfile kProfiles[] = {
    {"AES_CM_128_HMAC_SHA1_80", SRTP_AES_CM_128_HMAC_SHA1_80, 16 + 14},
    {"AEAD_AES_128_GCM", SRTP_AES_128_GCM, 16 + 12},
    {"AEAD_AES_256_GCM", SRTP_AES_256_GCM, 32 + 12},
};

int Run(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  const bool protect = command == "protect";
  if (!protect && command != "unprotect") {
    std::fprintf(stderr,
                 "usage: libre_srtp_lines protect|unprotect --profile P --key BASE64 --in F "
                 "--out F [--expect-fail]\n");
    return 2;
  }
  bool expect_fail = false;
  for (int i = 1; i < argc; ++i) expect_fail |= std::strcmp(argv[i], "--expect-fail") == 0;
  const std::string profile_name = FlagValue(argc, argv, "--profile");
  const LibreProfile* profile = nullptr;
  for (const LibreProfile& p : kProfiles) {
    if (profile_name == p.name) profile = &p;
  }
  if (profile == nullptr) {
    std::fprintf(stderr, "libre_srtp_lines: profile '%s' not supported\n", profile_name.c_str());
    return 2;
  }
  auto key = inspect::DecodeBase64Key(FlagValue(argc, argv, "--key"));
  if (!key || key->size() != profile->key_and_salt_length) {
    std::fprintf(stderr, "libre_srtp_lines: --key must be %zu bytes of base64\n",
                 profile->key_and_salt_length);
    return 2;
  }
  struct srtp* ctx = nullptr;
  int err = srtp_alloc(&ctx, profile->suite, key->view().data(), key->size(), 0);
  if (err != 0) {
    std::fprintf(stderr, "libre_srtp_lines: srtp_alloc failed (%d)\n", err);
    return 1;
  }
  std::vector<Packet> packets;
  std::string error;
  if (!ReadPacketLines(FlagValue(argc, argv, "--in"), &packets, &error)) {
    std::fprintf(stderr, "libre_srtp_lines: %s\n", error.c_str());
    mem_deref(ctx);
    return 1;
  }
  size_t ok[2] = {0, 0};
  size_t failed = 0;
  struct mbuf* mb = mbuf_alloc(2048);
  for (size_t i = 0; i < packets.size(); ++i) {
    Packet& packet = packets[i];
    const bool rtp = packet.kind == Kind::kRtp;
    mbuf_reset(mb);
    mbuf_write_mem(mb, packet.bytes.data(), packet.bytes.size());
    mb->pos = 0;
    if (protect) {
      err = rtp ? srtp_encrypt(ctx, mb) : srtcp_encrypt(ctx, mb);
    } else {
      err = rtp ? srtp_decrypt(ctx, mb) : srtcp_decrypt(ctx, mb);
    }
    if (err == 0) {
      ++ok[rtp ? 0 : 1];
      packet.bytes.assign(mb->buf + mb->pos, mb->buf + mb->end);
      if (expect_fail) std::fprintf(stderr, "libre_srtp_lines: packet %zu accepted\n", i + 1);
    } else {
      ++failed;
      if (!expect_fail) {
        std::fprintf(stderr, "libre_srtp_lines: packet %zu (%s): error %d (%s)\n", i + 1,
                     rtp ? "rtp" : "rtcp", err, std::strerror(err));
      }
    }
  }
  mem_deref(mb);
  mem_deref(ctx);
  std::fprintf(stderr, "libre_srtp_lines: %s %s: %zu rtp ok, %zu rtcp ok, %zu failed\n",
               command.c_str(), profile->name, ok[0], ok[1], failed);
  if (expect_fail) return ok[0] + ok[1] == 0 && failed > 0 ? 0 : 1;
  if (failed > 0 || packets.empty()) return 1;
  const std::string out = FlagValue(argc, argv, "--out");
  if (!out.empty() && !WritePacketLines(out, packets, &error)) {
    std::fprintf(stderr, "libre_srtp_lines: %s\n", error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace jvbfastpath::interop

int main(int argc, char** argv) { return jvbfastpath::interop::Run(argc, argv); }
