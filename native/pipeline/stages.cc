#include "native/pipeline/stages.h"

namespace jvbfastpath::pipeline {

std::string_view StageName(Stage stage) {
  static constexpr std::string_view kNames[] = {
#define JVBFASTPATH_X(e, name) name,
      JVBFASTPATH_STAGES(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  };
  return stage < Stage::kCount ? kNames[static_cast<size_t>(stage)] : "unknown";
}

std::string_view DropReasonName(DropReason reason) {
  static constexpr std::string_view kNames[] = {
#define JVBFASTPATH_X(e, name) name,
      JVBFASTPATH_DROP_REASONS(JVBFASTPATH_X)
#undef JVBFASTPATH_X
  };
  return reason < DropReason::kCount ? kNames[static_cast<size_t>(reason)] : "unknown";
}

}  // namespace jvbfastpath::pipeline
