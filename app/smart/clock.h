#pragma once

#include <QDateTime>
#include <functional>

namespace kete::smart {

// "Now" in UTC. Injected so that expiry and proactive refresh can be tested without sleeping.
using Clock = std::function<QDateTime()>;

inline Clock systemClock()
{
    return [] { return QDateTime::currentDateTimeUtc(); };
}

} // namespace kete::smart
