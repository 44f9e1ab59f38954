// Packet files exchanged between the SRTP interop tools (ours, werift's, libre's).
//
// Contract: a packet file is text, one packet per line: "rtp HEX" or "rtcp HEX" (lower-case
// hex of the whole packet, plain or protected). Blank lines and lines starting with '#'
// are skipped. Every implementation's tool reads and writes this format, so the exchange
// needs neither sockets nor a shared library.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace jvbfastpath::interop {

enum class Kind : uint8_t { kRtp, kRtcp };

struct Packet {
  Kind kind = Kind::kRtp;
  std::vector<uint8_t> bytes;
};

// Returns false and sets *error (with the line number) on a malformed line or I/O error.
bool ReadPacketLines(const std::string& path, std::vector<Packet>* packets, std::string* error);
bool WritePacketLines(const std::string& path, std::span<const Packet> packets,
                      std::string* error);

// Parses "AES_CM_128_HMAC_SHA1_80"-style --flag values out of argv: returns the value after
// `flag`, or an empty string if absent.
std::string FlagValue(int argc, char** argv, const std::string& flag);

}  // namespace jvbfastpath::interop
