#pragma once

#include "sandbox/auth/tokenstore.h"

#include <QDateTime>
#include <atomic>
#include <chrono>
#include <memory>

namespace kete::test {

// The sandbox's clock: the real one, plus the jumps a test makes (a token that runs out, a paging
// link that expires) without waiting for them. Copies share the jumps.
class JumpingClock
{
public:
    sandbox::Clock clock() const
    {
        return
            [offset = m_offset] { return QDateTime::currentDateTimeUtc().addSecs(offset->load()); };
    }
    void jump(std::chrono::seconds by) { m_offset->fetch_add(by.count()); }

private:
    std::shared_ptr<std::atomic<qint64>> m_offset = std::make_shared<std::atomic<qint64>>(0);
};

} // namespace kete::test
