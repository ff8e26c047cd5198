#include "fhir/sharedtokenrefresh.h"

#include "common/logging.h"

#include <QTimer>

namespace kete::fhir {

SharedTokenRefresh::SharedTokenRefresh(AccessTokenSource *tokens, QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
{}

void SharedTokenRefresh::refresh(QObject *context, std::function<void(bool ok)> done)
{
    if (!m_tokens) {
        QTimer::singleShot(0, context, [done = std::move(done)] { done(false); });
        return;
    }
    m_waiting.append({context, std::move(done)});
    if (m_refreshing)
        return;
    m_refreshing = true;
    qCInfo(lcFhir) << "access token refused; refreshing";
    std::weak_ptr<bool> alive = m_alive;
    m_tokens->refresh([this, alive](const Result<QByteArray> &token) {
        if (alive.expired())
            return;
        // Not from inside the token source's callback: it may still be finishing its own job.
        QTimer::singleShot(0, this, [this, ok = token.ok()] { answerWaiting(ok); });
    });
}

void SharedTokenRefresh::answerWaiting(bool ok)
{
    m_refreshing = false;
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &[context, done] : waiting) {
        if (context)
            done(ok);
    }
}

} // namespace kete::fhir
