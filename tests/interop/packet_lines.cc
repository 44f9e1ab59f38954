#include "tests/interop/packet_lines.h"

#include <fstream>
#include <sstream>

namespace jvbfastpath::interop {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool ReadPacketLines(const std::string& path, std::vector<Packet>* packets, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string kind;
    std::string hex;
    fields >> kind >> hex;
    Packet packet;
    if (kind == "rtp") {
      packet.kind = Kind::kRtp;
    } else if (kind == "rtcp") {
      packet.kind = Kind::kRtcp;
    } else {
      *error = path + ":" + std::to_string(number) + ": kind must be rtp or rtcp";
      return false;
    }
    if (hex.size() % 2 != 0) {
      *error = path + ":" + std::to_string(number) + ": odd number of hex digits";
      return false;
    }
    packet.bytes.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
      int hi = HexDigit(hex[i]);
      int lo = HexDigit(hex[i + 1]);
      if (hi < 0 || lo < 0) {
        *error = path + ":" + std::to_string(number) + ": not hex";
        return false;
      }
      packet.bytes.push_back(static_cast<uint8_t>(hi << 4 | lo));
    }
    packets->push_back(std::move(packet));
  }
  return true;
}

bool WritePacketLines(const std::string& path, std::span<const Packet> packets,
                      std::string* error) {
  std::ofstream out(path);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string line;
  for (const Packet& packet : packets) {
    line = packet.kind == Kind::kRtp ? "rtp " : "rtcp ";
    for (uint8_t b : packet.bytes) {
      line.push_back(kDigits[b >> 4]);
      line.push_back(kDigits[b & 0x0F]);
    }
    line.push_back('\n');
    out << line;
  }
  out.close();
  if (!out) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

std::string FlagValue(int argc, char** argv, const std::string& flag) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (flag == argv[i]) return argv[i + 1];
  }
  return "";
}

}  // namespace jvbfastpath::interop
