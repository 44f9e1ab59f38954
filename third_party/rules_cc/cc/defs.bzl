"""A small stand-in for rules_cc's //cc:defs.bzl, for Bazel 4.2.3 with no network.

Bazel 4 fetches rules_cc from the internet, and Debian's bazel-rules-cc package is too new
for it (it loads `use_cpp_toolchain`, which Bazel 4.2.3 does not have). The C++ rules are
built into Bazel 4 itself, so this file only re-exports the native rules under the names
that our BUILD files and @bazel_tools//tools/cpp load.

On a newer Bazel (6 or later): delete third_party/rules_cc and, in WORKSPACE, replace the
`local_repository(name = "rules_cc", ...)` with the real rules_cc (an http_archive, or
Debian's bazel-rules-cc as a local_repository). No BUILD file needs to change.
"""

def cc_library(**attrs):
    native.cc_library(**attrs)

def cc_binary(**attrs):
    native.cc_binary(**attrs)

def cc_test(**attrs):
    native.cc_test(**attrs)

def cc_import(**attrs):
    native.cc_import(**attrs)

def cc_toolchain(**attrs):
    native.cc_toolchain(**attrs)

def cc_toolchain_suite(**attrs):
    native.cc_toolchain_suite(**attrs)

def cc_proto_library(**attrs):
    native.cc_proto_library(**attrs)

def objc_library(**attrs):
    native.objc_library(**attrs)
