#!/bin/sh
echo "coverage tools are not available offline; see third_party/remote_coverage_tools/BUILD" >&2
exit 1
