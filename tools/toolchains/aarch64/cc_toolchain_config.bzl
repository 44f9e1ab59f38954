"""The C++ toolchain for linux-aarch64 cross builds: Debian's crossbuild-essential-arm64.

Debian's cross compiler (aarch64-linux-gnu-gcc 12) with the multiarch libraries of the arm64
packages installed beside the host's (libssl-dev:arm64, libgtest-dev:arm64, ...), so
/usr/include and /usr/lib/aarch64-linux-gnu serve both architectures. tools/setup installs
them. Selected by `--config=arm64` (.bazelrc) or by the `aarch64_binary` transition
(tools/toolchains/platform_transition.bzl) that puts both libraries in the jar.

Bazel adds its legacy features (copts, includes, defines, pic, linking) to these; this file
only says which tools to run and the flags every compile and link gets, as the host's
auto-configured toolchain does for x86-64.
"""

load(
    "@bazel_tools//tools/cpp:cc_toolchain_config_lib.bzl",
    "feature",
    "flag_group",
    "flag_set",
    "tool_path",
    "with_feature_set",
)
load("@bazel_tools//tools/build_defs/cc:action_names.bzl", "ACTION_NAMES")

_COMPILE_ACTIONS = [
    ACTION_NAMES.assemble,
    ACTION_NAMES.preprocess_assemble,
    ACTION_NAMES.c_compile,
    ACTION_NAMES.cpp_compile,
    ACTION_NAMES.cpp_header_parsing,
    ACTION_NAMES.cpp_module_compile,
    ACTION_NAMES.linkstamp_compile,
]

_LINK_ACTIONS = [
    ACTION_NAMES.cpp_link_executable,
    ACTION_NAMES.cpp_link_dynamic_library,
    ACTION_NAMES.cpp_link_nodeps_dynamic_library,
]

_TRIPLE = "aarch64-linux-gnu"
_GCC_VERSION = "12"

def _flags(actions, flags, features = None):
    return flag_set(
        actions = actions,
        flag_groups = [flag_group(flags = flags)],
        with_features = [with_feature_set(features = features)] if features else [],
    )

def _impl(ctx):
    tools = {
        "gcc": "gcc",
        "cpp": "cpp",
        "ld": "ld",
        "ar": "ar",
        "nm": "nm",
        "objcopy": "objcopy",
        "objdump": "objdump",
        "strip": "strip",
        "gcov": "gcov",
        "dwp": "dwp",
    }
    tool_paths = [
        tool_path(name = name, path = "/usr/bin/%s-%s" % (_TRIPLE, tool))
        for name, tool in tools.items()
    ]

    features = [
        feature(name = "opt"),
        feature(name = "dbg"),
        feature(name = "fastbuild"),
        feature(name = "supports_pic", enabled = True),
        feature(name = "supports_dynamic_linker", enabled = True),
        feature(
            name = "default_compile_flags",
            enabled = True,
            flag_sets = [
                _flags(_COMPILE_ACTIONS, [
                    "-U_FORTIFY_SOURCE",
                    "-fstack-protector",
                    "-Wall",
                    "-fno-omit-frame-pointer",
                ]),
                _flags(_COMPILE_ACTIONS, ["-g"], ["dbg"]),
                _flags(_COMPILE_ACTIONS, [
                    "-D_FORTIFY_SOURCE=1",
                    "-DNDEBUG",
                    "-ffunction-sections",
                    "-fdata-sections",
                ], ["opt"]),
            ],
        ),
        feature(
            name = "default_link_flags",
            enabled = True,
            flag_sets = [
                _flags(_LINK_ACTIONS, [
                    "-Wl,-no-as-needed",
                    "-Wl,-z,relro,-z,now",
                    "-pass-exit-codes",
                    "-lstdc++",
                    "-lm",
                ]),
                _flags(_LINK_ACTIONS, ["-Wl,--gc-sections"], ["opt"]),
            ],
        ),
    ]

    return cc_common.create_cc_toolchain_config_info(
        ctx = ctx,
        features = features,
        cxx_builtin_include_directories = [
            "/usr/lib/gcc-cross/%s/%s" % (_TRIPLE, _GCC_VERSION),
            "/usr/%s/include" % _TRIPLE,
            "/usr/include/%s" % _TRIPLE,
            "/usr/include",
        ],
        toolchain_identifier = "%s-gcc" % _TRIPLE,
        host_system_name = "x86_64-unknown-linux-gnu",
        target_system_name = "aarch64-unknown-linux-gnu",
        target_cpu = "aarch64",
        target_libc = "glibc",
        compiler = "gcc",
        abi_version = "gcc",
        abi_libc_version = "glibc",
        tool_paths = tool_paths,
    )

aarch64_linux_gcc_config = rule(
    implementation = _impl,
    attrs = {},
    provides = [CcToolchainConfigInfo],
)
