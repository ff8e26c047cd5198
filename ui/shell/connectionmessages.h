#pragma once

#include "common/result.h"
#include "connection/connectiontarget.h"

#include <QCoreApplication>
#include <QDateTime>

namespace kete::connection {
class Connection;
}
namespace kete::fhir {
struct RecordOutcome;
}

namespace kete::ui {

class MessageBar;

// What the message bar says about a connection: how a sign-in went, a sign-in that ended, a
// sign-out. One place for the words, so that every way in says the same.
class ConnectionMessages final
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionMessages)

public:
    explicit ConnectionMessages(MessageBar *bar)
        : m_bar(bar)
    {}

    // What this sign-in does not include (nothing after a restore).
    void opened(const connection::Connection &connection) const;
    void signInFailed(const connection::ConnectionTarget &target, const Error &error) const;
    void restoreFailed(const connection::ConnectionTarget &target, const Error &error) const;
    // A record's load ended: what went wrong, or the first thing worth knowing.
    void loaded(const fhir::RecordOutcome &outcome) const;
    // `keptCopyAsOf`: what is shown is the copy kept on this computer, as of then.
    void signInEnded(const connection::ConnectionTarget &target,
                     const QDateTime &keptCopyAsOf = {}) const;
    // "Offline — showing your record as of 3 Dec, 09:14", with Retry and Sign in again.
    void offline(const QDateTime &asOf, const Error &why) const;
    void signedOut(const Result<void> &signedOut) const;

private:
    MessageBar *m_bar;
};

} // namespace kete::ui
