#pragma once

#include "common/result.h"

#include <optional>

namespace kete::test {

// A finished operation as the tests ask about it: nothing, or the problem.
inline std::optional<Error> problemOf(const Result<void> &done)
{
    if (done)
        return std::nullopt;
    return done.error();
}

} // namespace kete::test
