#include "connection/connectionmanager.h"

#include "brands/serverdirectory.h"
#include "common/logging.h"
#include "connection/connection.h"
#include "connection/installationregistration.h"
#include "connection/savedsignin.h"
#include "inspector/connectionlog.h"
#include "offline/offlinecopy.h"
#include "offline/offlinekeys.h"
#include "record/patientrecord.h"
#include "smart/session.h"
#include "storage/chunkedsecretstore.h"
#include "storage/providerstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QNetworkAccessManager>
#include <QStandardPaths>

namespace kete::connection {

namespace {

// A session kept until its sign-out ends. The last copy may be dropped inside the session:
// in its callback, or in one of its own replies as that reply is destroyed (the reply holds the
// callback, and the session's network manager would then delete the reply a second time). So
// the session is let go from the event loop, never from where the copy is dropped.
std::shared_ptr<smart::Session> releasedFromEventLoop(std::shared_ptr<smart::Session> session)
{
    smart::Session *const raw = session.get();
    return std::shared_ptr<smart::Session>(raw, [kept = std::move(session)](smart::Session *) {
        if (QCoreApplication *app = QCoreApplication::instance())
            QMetaObject::invokeMethod(
                app, [doomed = kept] {}, Qt::QueuedConnection);
    });
}

} // namespace

ConnectionManager::ConnectionManager(QSettings *settings, const QString &keychainService,
                                     smart::SignInPages *pages, smart::Clock clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_secrets(std::make_unique<ChunkedSecretStore>(keychainService))
    , m_providers(std::make_unique<ProviderStore>(settings, m_secrets.get()))
    , m_offlineKeys(std::make_unique<offline::OfflineKeys>(m_secrets.get()))
    , m_keptFolder(QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                       .filePath(QStringLiteral("offline")))
    , m_network(new QNetworkAccessManager(this))
    , m_signIn(new smart::SignIn(m_network, pages, m_clock, this))
    , m_log(new inspector::ConnectionLog(this))
{
    connect(m_signIn, &smart::SignIn::stepChanged, this, &ConnectionManager::stepChanged);
    connect(m_signIn, &smart::SignIn::succeeded, this, &ConnectionManager::onSignedIn);
    connect(m_signIn, &smart::SignIn::failed, this, [this](const Error &error) {
        m_last.request = m_signIn->request(); // the browser the user chose included
        Q_EMIT signInFailed(m_last, error);
    });
    m_log->watchSignIn(m_signIn->discovery(), m_signIn->flow());
}

ConnectionManager::~ConnectionManager()
{
    // The connections' records go before the stores they remember things in.
    for (const QPointer<Connection> &connection : std::as_const(m_connections))
        delete connection.data();
}

bool ConnectionManager::isBusy() const
{
    return m_signIn->isRunning() || m_restoring || m_readingSecret;
}

void ConnectionManager::cancel()
{
    ++m_attempt;
    m_restoring = false;
    m_readingSecret = false;
    if (m_signIn->isRunning())
        m_signIn->cancel();
}

void ConnectionManager::signIn(ConnectionTarget target)
{
    ++m_attempt;
    m_restoring = false;
    m_last = std::move(target);
    m_log->reset(m_last.request.fhirBase);
    const auto provider = m_providers->provider(m_last.providerId);
    if (!provider || !provider->hasClientSecret || !m_last.request.client.clientSecret.isEmpty()) {
        startSignIn();
        return;
    }
    // A confidential client needs its secret from the keychain first.
    m_readingSecret = true;
    const quint64 attempt = m_attempt;
    m_providers->readClientSecret(m_last.providerId, [self = QPointer(this), attempt](
                                                         Result<std::optional<QByteArray>> secret) {
        if (!self || self->m_attempt != attempt)
            return;
        self->m_readingSecret = false;
        if (secret && secret.value())
            self->m_last.request.client.clientSecret = *secret.value();
        self->startSignIn();
    });
}

void ConnectionManager::startSignIn()
{
    m_signIn->start(m_last.request);
}

void ConnectionManager::onSignedIn(const smart::SignInResult &result)
{
    m_last.request = m_signIn->request();
    std::shared_ptr<smart::Session> session = smart::Session::fromSignIn(result, m_clock);
    // Saved first, so that what the record and the desk remember has its provider.
    ConnectionTarget target = m_last;
    if (target.remember)
        target.providerId = saveProvider(result).id;
    m_last = target;
    if (target.remember) {
        rememberSignIn(*session, *m_providers, target.providerId);
        m_providers->setLastUsedProvider(target.providerId);
        Q_EMIT providersChanged();
    }
    const bool registers =
        target.remember && !session->configuration().registrationEndpoint.isEmpty();
    const QString providerId = target.providerId;
    const std::shared_ptr<smart::Session> opened = session;
    open(std::move(target), std::move(session), result.notGranted);
    if (registers) {
        const QUrl endpoint = opened->configuration().registrationEndpoint;
        registerAfterSignIn(opened, *m_providers, providerId,
                            [self = QPointer(this), endpoint](const Result<QString> &registered) {
                                if (!self)
                                    return;
                                self->m_log->recordRegistration(
                                    {QDateTime::currentDateTimeUtc(), endpoint, registered.ok(),
                                     registered ? registered.value() : QString(),
                                     registered ? QString() : registered.error().detail});
                                // The sign-in goes on as before, with its refresh token: worth a
                                // word, no more.
                                if (!registered)
                                    Q_EMIT self->problem(registered.error());
                            });
    }
}

ProviderSettings ConnectionManager::saveProvider(const smart::SignInResult &result)
{
    ProviderSettings saved;
    for (const ProviderSettings &provider : m_providers->providers()) {
        if (provider.fhirBase == result.configuration.fhirBase &&
            provider.clientId == result.client.clientId)
            saved = provider;
    }
    const ProviderSettings provider =
        m_providers->save(settingsAfterSignIn(std::move(saved), m_last, result));
    if (result.client.isConfidential()) {
        m_providers->storeClientSecret(provider.id, result.client.clientSecret,
                                       [self = QPointer(this)](const Result<void> &stored) {
                                           if (!stored && self)
                                               Q_EMIT self->problem(stored.error());
                                       });
    }
    return provider;
}

void ConnectionManager::restore(const QString &providerId)
{
    const auto provider = m_providers->provider(providerId);
    if (!provider)
        return;
    if (m_signIn->isRunning())
        m_signIn->cancel();
    m_last = ConnectionTarget::forProvider(*provider);
    m_log->reset(provider->fhirBase);
    m_restoring = true;
    const quint64 attempt = ++m_attempt;
    if (keepsCopy(*provider))
        openOfflineIfKept(*provider, attempt);
    else
        restoreSession(providerId, nullptr);
}

bool ConnectionManager::keepsCopy(const ProviderSettings &provider) const
{
    return provider.keepOfflineCopy && !provider.clinician && !provider.lastPatientId.isEmpty();
}

void ConnectionManager::openOfflineIfKept(const ProviderSettings &provider, quint64 attempt)
{
    // Offline first only with a saved sign-in to restore: without one the browser comes next,
    // and the new connection shows the copy then.
    m_providers->readRefreshToken(provider.id, [self = QPointer(this), provider,
                                                attempt](Result<std::optional<QByteArray>> token) {
        if (!self || self->m_attempt != attempt)
            return;
        const bool registered = !provider.dynamicClientId.isEmpty();
        if (!registered && (!token || !token.value() || token.value()->isEmpty())) {
            self->restoreSession(provider.id, nullptr);
            return;
        }
        self->m_offlineKeys->find(
            provider.id, provider.lastPatientId,
            [self, provider, attempt](Result<std::optional<QByteArray>> key) {
                if (!self || self->m_attempt != attempt)
                    return;
                QPointer<Connection> offline;
                if (key && key.value()) {
                    smart::SmartConfiguration configuration;
                    configuration.fhirBase = provider.fhirBase;
                    smart::TokenSet tokens;
                    tokens.patient = provider.lastPatientId;
                    tokens.fhirUser = provider.lastFhirUser;
                    tokens.grantedScope = smart::ScopeSet::parse(provider.lastGrantedScope);
                    smart::ClientRegistration client;
                    client.clientId = provider.clientId;
                    offline = self->open(self->m_last,
                                         std::make_shared<smart::Session>(configuration, client,
                                                                          tokens, self->m_clock),
                                         {});
                }
                self->restoreSession(provider.id, offline);
            });
    });
}

void ConnectionManager::reconnect(Connection *connection)
{
    if (!connection || !connection->isOffline() || isBusy())
        return;
    m_last = connection->target();
    m_restoring = true;
    ++m_attempt;
    restoreSession(connection->providerId(), connection);
}

void ConnectionManager::restoreSession(const QString &providerId, QPointer<Connection> offline)
{
    const quint64 attempt = m_attempt;
    restoreSignIn(
        *m_providers, providerId, m_network,
        [self = QPointer(this), attempt,
         offline](Result<std::shared_ptr<smart::Session>> restored) {
            if (!self || self->m_attempt != attempt)
                return;
            self->m_restoring = false;
            if (!restored) {
                if (restored.error().code != ErrorCode::NothingSaved)
                    qCInfo(lcAuth) << "saved sign-in not used:" << restored.error().detail;
                // The copy stays on screen, whether the server is out of reach or refused.
                if (offline) {
                    offline->setOfflineReason(restored.error());
                    return;
                }
                Q_EMIT self->restoreFailed(self->m_last, restored.error());
                return;
            }
            self->m_log->recordRefresh(
                true, restored.value()->usesAssertionGrant()
                          ? tr("saved sign-in reopened without the browser, with a JWT bearer "
                               "grant (signed assertion, not shown)")
                          : tr("saved sign-in reopened without the browser"));
            self->m_providers->setLastUsedProvider(self->m_last.providerId);
            if (offline) {
                self->m_log->watchSession(restored.value().get());
                offline->resume(restored.value());
                self->readServerDirectory(restored.value()->configuration().userAccessBrandBundle);
            } else {
                self->open(self->m_last, restored.value(), {});
            }
        },
        m_clock);
}

void ConnectionManager::findKeptCopy(const QString &providerId, std::function<void(bool)> found)
{
    const auto provider = m_providers->provider(providerId);
    if (!provider || provider->clinician || provider->lastPatientId.isEmpty()) {
        found(false);
        return;
    }
    offline::OfflineCopy::findKept(m_offlineKeys.get(), m_keptFolder, providerId,
                                   provider->lastPatientId, std::move(found));
}

void ConnectionManager::removeKeptCopies(const QString &providerId,
                                         std::function<void(Result<void>)> done)
{
    const auto provider = m_providers->provider(providerId);
    QStringList patients = provider ? provider->rememberedPatients : QStringList();
    if (provider && !provider->lastPatientId.isEmpty() &&
        !patients.contains(provider->lastPatientId))
        patients.append(provider->lastPatientId);
    auto outcome = std::make_shared<Result<void>>();
    auto remaining = std::make_shared<qsizetype>(patients.size());
    if (patients.isEmpty()) {
        if (done)
            done({});
        return;
    }
    for (const QString &patient : std::as_const(patients)) {
        offline::OfflineCopy::removeKept(m_offlineKeys.get(), m_keptFolder, providerId, patient,
                                         [outcome, remaining, done](const Result<void> &removed) {
                                             if (!removed && *outcome)
                                                 *outcome = removed;
                                             if (--*remaining == 0 && done)
                                                 done(*outcome);
                                         });
    }
}

Connection *ConnectionManager::open(ConnectionTarget target,
                                    std::shared_ptr<smart::Session> session, QStringList notGranted)
{
    const bool remember = target.remember && !target.providerId.isEmpty();
    auto *connection = new Connection(
        std::move(target), std::move(session), std::move(notGranted),
        remember ? m_providers.get() : nullptr,
        remember ? KeptCopies{m_offlineKeys.get(), m_keptFolder} : KeptCopies{}, this);
    m_log->watchSession(connection->session().get());
    connect(connection, &Connection::recordOpened, m_log,
            [log = m_log](record::PatientRecord *record) {
                log->watchClient(record->client());
                connect(record, &record::PatientRecord::clientChanged, log,
                        &inspector::ConnectionLog::watchClient);
            });
    m_connections.append(connection);
    Q_EMIT opened(connection);
    readServerDirectory(connection->session()->configuration().userAccessBrandBundle);
    return connection;
}

void ConnectionManager::readServerDirectory(const QUrl &bundle)
{
    if (bundle.isEmpty())
        return;
    brands::ServerDirectory *&directory = m_serverDirectories[bundle];
    if (!directory) {
        directory = new brands::ServerDirectory(m_network, this);
        connect(directory, &brands::ServerDirectory::loaded, this,
                &ConnectionManager::serverDirectoryLoaded);
        connect(directory, &brands::ServerDirectory::failed, this, [](const Error &error) {
            // The directory helps to find a provider; without it everything else works.
            qCInfo(lcApp) << "the server's provider directory could not be read:" << error.detail;
        });
    }
    directory->load(bundle);
}

QList<Connection *> ConnectionManager::connections() const
{
    QList<Connection *> open;
    for (const QPointer<Connection> &connection : m_connections) {
        if (connection)
            open.append(connection);
    }
    return open;
}

void ConnectionManager::close(Connection *connection)
{
    if (!connection || !m_connections.removeOne(connection))
        return;
    delete connection;
}

void ConnectionManager::signOut(Connection *connection, std::function<void(Result<void>)> done)
{
    if (!connection || !m_connections.contains(connection))
        return;
    if (connection->isRemembered()) {
        m_providers->setLastUsedProvider({});
        // The installation's registration goes with the sign-in: its key leaves the keychain.
        if (const auto provider = m_providers->provider(connection->providerId());
            provider && !provider->dynamicClientId.isEmpty())
            m_providers->forgetDynamicClient(provider->id, [](const Result<void> &removed) {
                if (!removed)
                    qCWarning(lcApp)
                        << "the registration's key could not be removed:" << removed.error().detail;
            });
    }
    std::shared_ptr<smart::Session> session = connection->session();
    // Opened from the kept copy, the session never held the saved sign-in: delete it here.
    if (connection->isOffline() && connection->isRemembered())
        m_secrets->remove(
            ProviderStore::refreshTokenKey(connection->providerId(), session->tokens().patient),
            [](const Result<void> &) {});
    close(connection);
    session->signOut([session = releasedFromEventLoop(session),
                      done = std::move(done)](const Result<void> &signedOut) {
        if (done)
            done(signedOut);
    });
}

void ConnectionManager::forget(const QString &providerId, std::function<void(Result<void>)> done)
{
    for (Connection *connection : connections()) {
        if (connection->providerId() == providerId)
            signOut(connection, {});
    }
    // The copies' keys are named by patient: removed while the provider still lists them.
    removeKeptCopies(providerId, [](const Result<void> &removed) {
        if (!removed)
            qCWarning(lcApp) << "a kept copy could not be removed:" << removed.error().detail;
    });
    m_providers->forget(
        providerId, [self = QPointer(this), done = std::move(done)](const Result<void> &forgotten) {
            if (self)
                Q_EMIT self->providersChanged();
            if (done)
                done(forgotten);
        });
    Q_EMIT providersChanged();
}

} // namespace kete::connection
