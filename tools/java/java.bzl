"""javac_jar: compiles Java sources into a jar with the local JDK's javac and jar.

Bazel 4's java_library would download its Java tools; this genrule uses `$(JAVABASE)`
(`@local_jdk`, see .bazelrc) and nothing else. --release 11: the jar loads on Java 11+ (JVB a29d97d13 itself targets 17).
Warnings are errors.
"""

def javac_jar(name, srcs, out, classpath = [], lint = "all", **kwargs):
    """srcs: .java files; classpath: labels of jars (or filegroups of jars) to compile against."""
    locations = " ".join(["$(locations %s)" % c for c in classpath])
    native.genrule(
        name = name,
        srcs = srcs + classpath,
        outs = [out],
        cmd = """
            set -e
            out=$$(mktemp -d)
            cp=.
            for j in {locations}; do cp=$$cp:$$j; done
            $(JAVABASE)/bin/javac --release 11 -Xlint:{lint} -Werror -cp $$cp -d $$out \\
                $$(for f in $(SRCS); do case $$f in *.java) echo $$f;; esac; done)
            $(JAVABASE)/bin/jar --create --file $@ -C $$out .
            rm -rf $$out
        """.format(locations = locations, lint = lint),
        toolchains = ["@bazel_tools//tools/jdk:current_java_runtime"],
        **kwargs
    )
