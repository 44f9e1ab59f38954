// The Java class whose static natives the glue registers, and each concept's registrar.
//
// Contract: JNI_OnLoad (onload.cc) calls every Register*Natives; each returns false with a
// Java exception pending if registration failed, and loading then fails cleanly.
#pragma once

#include <jni.h>

namespace jvbfastpath::jni {

inline constexpr const char* kNativeCallsClass = "org/jvbfastpath/NativeCalls";

bool RegisterVersionNatives(JNIEnv* env);
bool RegisterSrtpNatives(JNIEnv* env);
bool RegisterPipelineNatives(JNIEnv* env);
// The packet natives, on org/jvbfastpath/PacketNatives (generated: jni/packet_natives.txt).
bool RegisterPacketNatives(JNIEnv* env);

}  // namespace jvbfastpath::jni
