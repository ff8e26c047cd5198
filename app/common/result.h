#pragma once

#include "common/errorcode.h"

#include <QString>
#include <optional>
#include <utility>
#include <variant>

namespace kete {

// What went wrong, in two registers: `message` is for the user (translated, plain words),
// `detail` is for the log and the support report (technical, never a secret or health data);
// `code` is what the code branches on, never the text.
struct Error
{
    QString message;
    QString detail;
    ErrorCode code = ErrorCode::Unspecified;
};

// A value or an Error; std::expected is C++23 and not in the compilers we build with.
template<typename T> class Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {}
    Result(Error error)
        : m_state(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T *operator->() const { return &value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Done, or the Error why not: for an operation that has no value to give back.
template<> class Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }

    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace kete
