#include "tools/inspect/sdp.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace jvbfastpath::inspect {
namespace {

constexpr std::string_view kRtpmap = "a=rtpmap:";
constexpr std::string_view kExtmap = "a=extmap:";
constexpr std::string_view kFmtp = "a=fmtp:";
constexpr std::string_view kSsrcGroup = "a=ssrc-group:";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Takes a decimal number of at most `max` off the front of *s; false if there is none.
bool TakeNumber(std::string_view* s, unsigned max, unsigned* value) {
  const auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), *value);
  if (end == s->data() || ec != std::errc() || *value > max) return false;
  s->remove_prefix(static_cast<size_t>(end - s->data()));
  return true;
}

// "<pt> <name>/<rate>..." after "a=rtpmap:".
bool ApplyRtpmap(std::string_view rest, MediaConfig* config) {
  unsigned pt = 0;
  if (!TakeNumber(&rest, 127, &pt) || rest.empty() || rest[0] != ' ') return false;
  rest.remove_prefix(1);
  const size_t slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos) return false;
  return config->payload_types.Set(static_cast<uint8_t>(pt), rest.substr(0, slash));
}

// "<id>[/<direction>] <uri> [...]" after "a=extmap:".
bool ApplyExtmap(std::string_view rest, MediaConfig* config) {
  unsigned id = 0;
  if (!TakeNumber(&rest, 255, &id) || id == 0 || rest.empty()) return false;
  if (rest[0] == '/') {
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) return false;
    rest.remove_prefix(space);
  }
  if (rest[0] != ' ') return false;
  rest.remove_prefix(1);
  const std::string_view uri = rest.substr(0, rest.find(' '));
  if (uri.empty()) return false;
  return config->extensions.Register(static_cast<uint8_t>(id), uri);
}

// "<pt> ...apt=<apt>..." after "a=fmtp:": the RTX payload type's associated one (RFC 4588
// section 8.6). Other fmtp lines say nothing the bridge reads.
bool ApplyFmtp(std::string_view rest, MediaConfig* config) {
  unsigned pt = 0;
  if (!TakeNumber(&rest, 127, &pt)) return false;
  const size_t at = rest.find("apt=");
  if (at == std::string_view::npos) return true;
  rest.remove_prefix(at + 4);
  unsigned apt = 0;
  if (!TakeNumber(&rest, 127, &apt)) return false;
  return config->payload_types.SetRtx(static_cast<uint8_t>(pt), static_cast<uint8_t>(apt));
}

// "FID <media ssrc> <rtx ssrc>" after "a=ssrc-group:" (RFC 5576, RFC 4588 section 8.7).
bool ApplySsrcGroup(std::string_view rest, MediaConfig* config) {
  if (!StartsWith(rest, "FID ")) return true;
  rest.remove_prefix(4);
  unsigned media = 0, rtx = 0;
  if (!TakeNumber(&rest, 0xFFFFFFFFu, &media) || rest.empty() || rest[0] != ' ') return false;
  rest.remove_prefix(1);
  if (!TakeNumber(&rest, 0xFFFFFFFFu, &rtx)) return false;
  config->rtx_ssrcs.emplace_back(rtx, media);
  return true;
}

}  // namespace

bool ApplySdp(std::string_view sdp, MediaConfig* config, std::string* error) {
  MediaConfig result = *config;
  size_t line_number = 0;
  while (!sdp.empty()) {
    ++line_number;
    const size_t eol = sdp.find('\n');
    std::string_view line = sdp.substr(0, eol);
    sdp.remove_prefix(eol == std::string_view::npos ? sdp.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    bool ok = true;
    if (StartsWith(line, kRtpmap)) {
      ok = ApplyRtpmap(line.substr(kRtpmap.size()), &result);
    } else if (StartsWith(line, kExtmap)) {
      ok = ApplyExtmap(line.substr(kExtmap.size()), &result);
    } else if (StartsWith(line, kFmtp)) {
      ok = ApplyFmtp(line.substr(kFmtp.size()), &result);
    } else if (StartsWith(line, kSsrcGroup)) {
      ok = ApplySsrcGroup(line.substr(kSsrcGroup.size()), &result);
    }
    if (!ok) {
      *error = "SDP line " + std::to_string(line_number) + " is malformed: " + std::string(line);
      return false;
    }
  }
  *config = result;
  return true;
}

bool ApplySdpFile(const std::string& path, MediaConfig* config, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read SDP file " + path;
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!ApplySdp(text.str(), config, error)) {
    *error = path + ": " + *error;
    return false;
  }
  return true;
}

}  // namespace jvbfastpath::inspect
