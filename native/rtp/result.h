// A parse result: either a value or the reason there is none.
//
// Contract: `E` is an enum whose value 0 (`kOk`) means success. A Result holding an error
// has a default-constructed value. No allocation, no exceptions: reading value() of a
// failed result gives that default value, never undefined behaviour.
#pragma once

#include <utility>

namespace jvbfastpath::rtp {

template <typename T, typename E>
class Result {
 public:
  Result(T value) : value_(std::move(value)), error_(E{}) {}  // NOLINT: implicit by design
  Result(E error) : value_(), error_(error) {}                  // NOLINT: implicit by design

  bool ok() const { return error_ == E{}; }
  explicit operator bool() const { return ok(); }
  E error() const { return error_; }
  const T& value() const { return value_; }
  const T& operator*() const { return value_; }
  const T* operator->() const { return &value_; }

 private:
  T value_;
  E error_;
};

}  // namespace jvbfastpath::rtp
