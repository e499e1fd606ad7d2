#pragma once

#include "core/Error.h"

#include <optional>
#include <utility>
#include <variant>

namespace sk {

// Value or Error. Default-constructible (an Internal error) so it can travel
// through QFuture, which needs default-constructible results.
template<typename T>
class Result {
public:
    Result() : m_state(Error{ErrorCode::Internal, QStringLiteral("No result was produced."), {}}) {}
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T *operator->() const { return &std::get<T>(m_state); }
    const T &operator*() const { return std::get<T>(m_state); }

    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template<>
class Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    static Result success() { return Result(); }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace sk
