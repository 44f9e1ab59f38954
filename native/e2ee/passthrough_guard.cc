#include "native/e2ee/passthrough_guard.h"

#include "native/e2ee/opaque_digest.h"

namespace jvbfastpath::e2ee {
namespace {

constexpr size_t kRtxOsnLength = 2;

}  // namespace

OpaqueRecord RecordOpaque(std::span<const uint8_t> packet, size_t opaque_offset) {
  if (opaque_offset > packet.size()) return OpaqueRecord{};
  std::span<const uint8_t> opaque = packet.subspan(opaque_offset);
  return OpaqueRecord{static_cast<uint32_t>(opaque_offset), static_cast<uint32_t>(opaque.size()),
                      OpaqueDigest(opaque)};
}

GuardResult VerifyOpaque(std::span<const uint8_t> packet, size_t opaque_offset,
                         const OpaqueRecord& record, bool rtx) {
  const size_t start = opaque_offset + (rtx ? kRtxOsnLength : 0);
  if (start > packet.size() || packet.size() - start != record.length) {
    return GuardResult::kLengthChanged;
  }
  return OpaqueDigest(packet.subspan(start)) == record.digest ? GuardResult::kIntact
                                                              : GuardResult::kModified;
}

std::string_view GuardResultName(GuardResult result) {
  switch (result) {
    case GuardResult::kIntact: return "intact";
    case GuardResult::kModified: return "modified";
    case GuardResult::kLengthChanged: return "length_changed";
  }
  return "unknown";
}

std::string_view PayloadOperationName(PayloadOperation op) {
  switch (op) {
    case PayloadOperation::kRewriteHeaderFields: return "rewrite_header_fields";
    case PayloadOperation::kRtxEncapsulate: return "rtx_encapsulate";
    case PayloadOperation::kRtxDecapsulate: return "rtx_decapsulate";
    case PayloadOperation::kStripRed: return "strip_red";
    case PayloadOperation::kRepacketize: return "repacketize";
    case PayloadOperation::kEditPayload: return "edit_payload";
  }
  return "unknown";
}

bool AllowedOnE2ee(PayloadOperation op) {
  switch (op) {
    case PayloadOperation::kRewriteHeaderFields:
    case PayloadOperation::kRtxEncapsulate:
    case PayloadOperation::kRtxDecapsulate:
      return true;
    case PayloadOperation::kStripRed:
    case PayloadOperation::kRepacketize:
    case PayloadOperation::kEditPayload:
      return false;
  }
  return false;
}

}  // namespace jvbfastpath::e2ee
