"""aarch64_files: a target's files built for linux-aarch64, inside any build.

The jar carries libjvbfastpath.so for both architectures (linux-x86-64/ and linux-aarch64/,
the folders Jitsi's native loader uses). The x86-64 library is the build's own; this rule
builds the same cc_binary a second time with the aarch64 cross toolchain
(tools/toolchains/aarch64) through a configuration transition, so one `bazel build` makes both.
"""

def _to_aarch64_impl(settings, attr):
    return {
        "//command_line_option:cpu": "aarch64",
        "//command_line_option:crosstool_top": "//tools/toolchains/aarch64:toolchain",
    }

_to_aarch64 = transition(
    implementation = _to_aarch64_impl,
    inputs = [],
    outputs = [
        "//command_line_option:cpu",
        "//command_line_option:crosstool_top",
    ],
)

def _aarch64_files_impl(ctx):
    # An outgoing transition on a label attribute gives a list of one target.
    return [DefaultInfo(files = ctx.attr.src[0][DefaultInfo].files)]

aarch64_files = rule(
    implementation = _aarch64_files_impl,
    attrs = {
        "src": attr.label(cfg = _to_aarch64, mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
