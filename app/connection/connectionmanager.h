#pragma once

#include "common/result.h"
#include "connection/connectiontarget.h"
#include "smart/clock.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QSettings;

namespace kete {
class ChunkedSecretStore;
namespace brands {
class BrandsIndex;
class ServerDirectory;
} // namespace brands
class ProviderStore;
namespace inspector {
class ConnectionLog;
}
namespace offline {
class OfflineKeys;
}
namespace smart {
class Session;
}
} // namespace kete

namespace kete::connection {

class Connection;

// The app's connections to providers, and what it keeps of them: the saved providers
// (settings), their secrets (keychain), the sign-in running now and the connections open.
//
//   signIn(target)       -> the provider's pages (SignInPages) -> opened(connection)
//                                                               | signInFailed(target, error)
//   restore(providerId)  -> keychain, one refresh grant, no browser -> opened(connection)
//                                                                    | restoreFailed(...)
//   signOut(connection)  revokes and deletes the saved sign-in; close(connection) only closes
//   forget(providerId)   signs out of it if open, removes the provider, its secrets and the
//                        copies of records kept on this computer
//
// A remembered patient sign-in keeps the record on this computer (Connection, OfflineCopy).
// When a copy is kept, restore() opens the connection at once, offline, so the copy shows while
// the sign-in is restored; then the connection resumes (Connection::resumed) or says why it
// stays offline (Connection::stillOffline: out of reach; Connection::signInEnded: refused, the
// copy stays on screen). reconnect() tries again.
//
// One sign-in or restore runs at a time (a new one drops the last); any number of connections
// stay open, one per provider and patient.
class ConnectionManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionManager)

public:
    // `settings` and `pages` outlive the manager. `keychainService`: the keychain's service name.
    ConnectionManager(QSettings *settings, const QString &keychainService,
                      smart::SignInPages *pages, smart::Clock clock = smart::systemClock(),
                      QObject *parent = nullptr);
    ~ConnectionManager() override;

    ProviderStore *providers() const { return m_providers.get(); }
    // The sign-in (one at a time: one browser), for its pages and for watching it.
    smart::SignIn *signIn() const { return m_signIn; }
    // The handshake and requests of the latest sign-in or restore and its connection.
    inspector::ConnectionLog *log() const { return m_log; }

    // A confidential client's secret is read from the keychain first.
    void signIn(ConnectionTarget target);
    void restore(const QString &providerId);
    // Restores the sign-in of a connection that is offline (Connection::isOffline).
    void reconnect(Connection *connection);
    // Deletes the copies of the provider's records kept on this computer, keys first.
    void removeKeptCopies(const QString &providerId, std::function<void(Result<void>)> done);
    // Whether a copy of the provider's last patient's record is kept on this computer.
    void findKeptCopy(const QString &providerId, std::function<void(bool)> found);
    // Where the copies are kept: AppDataLocation/offline.
    QString keptCopiesFolder() const { return m_keptFolder; }
    bool isBusy() const;
    // Drops the sign-in or restore under way (a restore's late answer is ignored).
    void cancel();
    // The latest sign-in's or restore's target, under way or ended (for "Sign in again").
    const ConnectionTarget &lastTarget() const { return m_last; }

    QList<Connection *> connections() const;
    // Closes the connection without signing out: a remembered sign-in stays in the keychain.
    void close(Connection *connection);
    // Revokes the tokens, deletes the saved sign-in and closes; `done` gets the first problem.
    void signOut(Connection *connection, std::function<void(Result<void>)> done);
    // Signs out of the provider's connections, removes its settings and keychain entries.
    void forget(const QString &providerId, std::function<void(Result<void>)> done);

Q_SIGNALS:
    void stepChanged(const QString &text);
    void opened(kete::connection::Connection *connection);
    void signInFailed(const kete::connection::ConnectionTarget &target, const kete::Error &error);
    void restoreFailed(const kete::connection::ConnectionTarget &target, const kete::Error &error);
    // Something the user should hear of that ends nothing (a keychain write that failed).
    void problem(const kete::Error &error);
    void providersChanged();
    // A connected server's own provider directory (user_access_brand_bundle), read after each
    // sign-in or restore: "Find your provider" prefers it for that server's brand.
    void serverDirectoryLoaded(std::shared_ptr<const kete::brands::BrandsIndex> index);

private:
    void startSignIn();
    void onSignedIn(const smart::SignInResult &result);
    Connection *open(ConnectionTarget target, std::shared_ptr<smart::Session> session,
                     QStringList notGranted);
    void openOfflineIfKept(const ProviderSettings &provider, quint64 attempt);
    void restoreSession(const QString &providerId, QPointer<Connection> offline);
    bool keepsCopy(const ProviderSettings &provider) const;
    ProviderSettings saveProvider(const smart::SignInResult &result);
    void readServerDirectory(const QUrl &bundle);

    smart::Clock m_clock;
    std::unique_ptr<ChunkedSecretStore> m_secrets;
    std::unique_ptr<ProviderStore> m_providers;
    std::unique_ptr<offline::OfflineKeys> m_offlineKeys;
    QString m_keptFolder;
    // Discovery and the authorization flow; each session brings its own for its connection.
    QNetworkAccessManager *m_network;
    smart::SignIn *m_signIn;
    inspector::ConnectionLog *m_log;
    ConnectionTarget m_last;
    quint64 m_attempt = 0; // the running sign-in's or restore's number; anything else is stale
    bool m_restoring = false;
    bool m_readingSecret = false;
    QList<QPointer<Connection>> m_connections;
    QHash<QUrl, brands::ServerDirectory *> m_serverDirectories; // by bundle address
};

} // namespace kete::connection
