#pragma once

#include "connection/connection.h"
#include "connection/connectionmanager.h"

#include <QSignalSpy>
#include <QTest>

namespace kete::test {

// The connection the manager opens next, or nullptr when its sign-in or restore fails (or
// nothing happens within `timeoutMs`).
inline connection::Connection *waitForOpened(connection::ConnectionManager &manager, int timeoutMs)
{
    using connection::ConnectionManager;
    QSignalSpy opened(&manager, &ConnectionManager::opened);
    QSignalSpy signInFailed(&manager, &ConnectionManager::signInFailed);
    QSignalSpy restoreFailed(&manager, &ConnectionManager::restoreFailed);
    if (!QTest::qWaitFor(
            [&] {
                return !opened.isEmpty() || !signInFailed.isEmpty() || !restoreFailed.isEmpty();
            },
            timeoutMs) ||
        opened.isEmpty())
        return nullptr;
    return opened.constFirst().constFirst().value<connection::Connection *>();
}

} // namespace kete::test
