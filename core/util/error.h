#pragma once
// Errors that reach the user. Every failure the core reports is one of these,
// with a message that names the file/tensor/option and what is wrong.
#include <stdexcept>
#include <string>

namespace pb {

// Any user-facing failure (bad input, unsupported model, I/O).
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A file does not follow its format (corrupt, truncated, out of bounds).
class FormatError : public Error {
public:
    using Error::Error;
};

// The user (or a caller) cancelled a running job.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

} // namespace pb
