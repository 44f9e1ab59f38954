"""javac_jar: compiles Java sources into a jar with the local JDK's javac and jar.

Bazel 4's java_library would download its Java tools; this genrule uses `$(JAVABASE)`
(`@local_jdk`, see .bazelrc) and nothing else. --release 11: the jar loads on Java 11+ (JVB
a29d97d13 itself targets 17). Classes for a later release (release = 22: the JDK 22+ half of
the multi-release jar) are compiled by the JDK at NEW_JDK, which CI and developers' machines
have (docs/building.md).
Warnings are errors.
"""

# A JDK new enough for --release 22 (java.lang.foreign): Temurin 25.
NEW_JDK = "/usr/lib/jvm/temurin-25-jdk-amd64"

def javac_jar(name, srcs, out, classpath = [], lint = "all", release = 11, **kwargs):
    """srcs: .java files; classpath: labels of jars (or filegroups of jars) to compile against."""
    locations = " ".join(["$(locations %s)" % c for c in classpath])
    jdk = "$(JAVABASE)" if release <= 17 else NEW_JDK
    native.genrule(
        name = name,
        srcs = srcs + classpath,
        outs = [out],
        cmd = """
            set -e
            [ -x {jdk}/bin/javac ] || {{ echo "javac_jar: no JDK at {jdk} for --release {release}" >&2; exit 1; }}
            out=$$(mktemp -d)
            cp=.
            for j in {locations}; do cp=$$cp:$$j; done
            {jdk}/bin/javac --release {release} -Xlint:{lint} -Werror -cp $$cp -d $$out \\
                $$(for f in $(SRCS); do case $$f in *.java) echo $$f;; esac; done)
            {jdk}/bin/jar --create --file $@ -C $$out .
            rm -rf $$out
        """.format(locations = locations, lint = lint, jdk = jdk, release = release),
        toolchains = ["@bazel_tools//tools/jdk:current_java_runtime"],
        **kwargs
    )
