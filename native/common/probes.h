// USDT probes (systemtap's sys/sdt.h, from Debian's systemtap-sdt-dev) at the pipeline's
// stage boundaries: a NOP instruction each until perf/bpftrace attaches, e.g.
//   perf probe -x libjvbfastpath.so sdt_jvbfastpath:ingress_done
// See docs/profiling.md for the list.
#pragma once

#include <sys/sdt.h>

#define JVBFASTPATH_PROBE1(name, a) DTRACE_PROBE1(jvbfastpath, name, a)
#define JVBFASTPATH_PROBE2(name, a, b) DTRACE_PROBE2(jvbfastpath, name, a, b)
