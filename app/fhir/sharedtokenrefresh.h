#pragma once

#include "fhir/accesstokensource.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <utility>

namespace kete::fhir {

// One token refresh at a time for every request of one FhirClient: the requests that meet a 401
// while a refresh runs wait for the same answer, so the server sees one refresh grant, not one
// per request.
class SharedTokenRefresh final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SharedTokenRefresh)

public:
    // `tokens` may be null (nothing to refresh with) and must outlive this object.
    explicit SharedTokenRefresh(AccessTokenSource *tokens, QObject *parent = nullptr);

    bool canRefresh() const { return m_tokens != nullptr; }
    // Calls `done(ok)` once, after the refresh, on this object's thread; never if `context` is
    // gone by then.
    void refresh(QObject *context, std::function<void(bool ok)> done);

private:
    void answerWaiting(bool ok);

    AccessTokenSource *m_tokens;
    QList<std::pair<QPointer<QObject>, std::function<void(bool)>>> m_waiting;
    bool m_refreshing = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

} // namespace kete::fhir
