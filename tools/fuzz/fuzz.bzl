"""fuzz_target: one libFuzzer target per parser, usable without clang too.

`fuzz_target(name, srcs, deps, corpus)` defines:
- `name`: under `--config=fuzz` (clang-14, libFuzzer + ASan + UBSan) a libFuzzer binary;
  otherwise the same LLVMFuzzerTestOneInput linked with tools/fuzz/standalone_main.cc, which
  runs every file given on the command line (a reproducer, or a corpus replay).
- `name + "_corpus_test"`: a test that replays the seed corpus through the target with the
  regular toolchain (and under --config=asan in CI), so every corpus input stays a
  regression test even where clang is absent.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_test")

def fuzz_target(name, srcs, deps = [], corpus = []):
    cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + select({
            "//tools/fuzz:libfuzzer": [],
            "//conditions:default": ["//tools/fuzz:standalone_main"],
        }),
        linkopts = select({
            "//tools/fuzz:libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        tags = ["fuzz_target"],
    )
    cc_test(
        name = name + "_corpus_test",
        srcs = srcs,
        deps = deps + ["//tools/fuzz:standalone_main"],
        args = ["$(locations %s)" % c for c in corpus],
        data = corpus,
        tags = ["fuzz_corpus"],
    )
