#include "native/e2ee/passthrough_guard.h"

#include <cstring>

#include "native/e2ee/opaque_digest.h"

namespace jvbfastpath::e2ee {
namespace {

constexpr size_t kRtxOsnLength = 2;

}  // namespace

void RecordOpaque(std::span<const uint8_t> packet, size_t opaque_offset, OpaqueRecord& record) {
  record.Clear();
  if (opaque_offset > packet.size()) return;
  const std::span<const uint8_t> opaque = packet.subspan(opaque_offset);
  record.offset = static_cast<uint32_t>(opaque_offset);
  record.length = static_cast<uint32_t>(opaque.size());
  if (opaque.size() <= kOpaqueCopyCapacity) {
    std::memcpy(record.copy.bytes, opaque.data(), opaque.size());
    record.copied = true;
  } else {
    record.digest = OpaqueDigest(opaque);
  }
}

OpaqueRecord RecordOpaque(std::span<const uint8_t> packet, size_t opaque_offset) {
  OpaqueRecord record;
  RecordOpaque(packet, opaque_offset, record);
  return record;
}

size_t OpaqueStart(size_t opaque_offset, bool rtx) {
  return opaque_offset + (rtx ? kRtxOsnLength : 0);
}

GuardResult VerifyOpaqueLength(std::span<const uint8_t> packet, size_t opaque_offset,
                               const OpaqueRange& record, bool rtx) {
  const size_t start = OpaqueStart(opaque_offset, rtx);
  return start > packet.size() || packet.size() - start != record.length
             ? GuardResult::kLengthChanged
             : GuardResult::kIntact;
}

GuardResult VerifyOpaque(std::span<const uint8_t> packet, size_t opaque_offset,
                         const OpaqueRecord& record, bool rtx) {
  if (VerifyOpaqueLength(packet, opaque_offset, record, rtx) != GuardResult::kIntact) {
    return GuardResult::kLengthChanged;
  }
  const std::span<const uint8_t> opaque = packet.subspan(OpaqueStart(opaque_offset, rtx));
  const bool same = record.copied
                        ? std::memcmp(opaque.data(), record.copy.bytes, opaque.size()) == 0
                        : OpaqueDigest(opaque) == record.digest;
  return same ? GuardResult::kIntact : GuardResult::kModified;
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
