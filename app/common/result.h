#pragma once

#include <QString>
#include <utility>
#include <variant>

namespace kete {

// What went wrong, in two registers: `message` is for the user (translated, plain words),
// `detail` is for the log and the support report (technical, never a secret or health data).
struct Error
{
    QString message;
    QString detail;
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

} // namespace kete
