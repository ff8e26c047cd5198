#include "brands/brandsindex.h"
#include "connection/connection.h"
#include "connection/connectionmanager.h"
#include "record/patientrecord.h"
#include "sandbox/server/sandboxhost.h"
#include "smart/session.h"
#include "storage/providerstore.h"
#include "support/connectionopened.h"
#include "support/sandboxtarget.h"

#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::connection;

namespace {

constexpr int kTimeout = 60000;
const QString kKeychainService = QStringLiteral("org.kete.Kete.tests.connectionmanager");

// The auto-approving sandbox's pages, counting how often a browser would have opened.
class CountingPages final : public smart::SignInPages
{
public:
    explicit CountingPages(QNetworkAccessManager *network)
        : m_follow(network)
    {}
    void attach(smart::SignIn *signIn) { m_follow.attach(signIn); }
    void open(const QUrl &authorizeUrl, smart::BrowserMode mode) override
    {
        ++opened;
        m_follow.open(authorizeUrl, mode);
    }
    void close() override {}
    int opened = 0;

private:
    smart::AutoApprovePages m_follow;
};

// One run of the app's connection layer over the settings file the runs share.
struct AppRun
{
    AppRun(const QString &settingsFile, QNetworkAccessManager *network)
        : settings(settingsFile, QSettings::IniFormat)
        , pages(network)
        , manager(&settings, kKeychainService, &pages)
    {
        pages.attach(manager.signIn());
    }
    QSettings settings;
    CountingPages pages;
    ConnectionManager manager;
};

std::optional<QByteArray> savedRefreshToken(ProviderStore &store, const QString &providerId)
{
    std::optional<std::optional<QByteArray>> read;
    store.readRefreshToken(providerId, [&](Result<std::optional<QByteArray>> token) {
        read = token ? token.value() : std::nullopt;
    });
    if (!QTest::qWaitFor([&] { return read.has_value(); }, kTimeout))
        return std::nullopt;
    return read.value_or(std::nullopt);
}

// The keychain write after a sign-in runs in the background: read until it has landed.
bool refreshTokenLands(ProviderStore &store, const QString &providerId)
{
    return QTest::qWaitFor([&] { return savedRefreshToken(store, providerId).has_value(); },
                           kTimeout);
}

} // namespace

// ConnectionManager with the real sandbox over HTTP and the real keychain: connect, restore,
// sign out, forget, and two providers' connections at once.
class TestConnectionManager : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network; // the stand-in browser's
    std::unique_ptr<sandbox::SandboxHost> m_gp;
    std::unique_ptr<sandbox::SandboxHost> m_hospital;

    QString settingsFile() const { return m_dir.filePath(QStringLiteral("kete.ini")); }

    static std::unique_ptr<sandbox::SandboxHost> startSandbox(const QString &patient)
    {
        sandbox::SandboxOptions options;
        options.largePatientObservations = 200;
        options.autoApproveUser = patient;
        auto host = std::make_unique<sandbox::SandboxHost>(options);
        QSignalSpy started(host.get(), &sandbox::SandboxHost::started);
        host->start();
        return started.wait(kTimeout) ? std::move(host) : nullptr;
    }

    static void verifyLoads(record::PatientRecord *record)
    {
        QSignalSpy loaded(record, &record::PatientRecord::loaded);
        record->load();
        QVERIFY(loaded.wait(kTimeout));
        const auto outcome = loaded.constFirst().constFirst().value<fhir::RecordOutcome>();
        QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->detail : QString()));
        QVERIFY(record->hasPatient());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the directory's index cache
        QVERIFY(m_dir.isValid());
        m_gp = startSandbox(QStringLiteral("amy-shaw"));
        m_hospital = startSandbox(QStringLiteral("hemi-walker"));
        QVERIFY(m_gp && m_hospital);
    }

    void init() { QFile::remove(settingsFile()); }

    void connectRemembersTheProvider()
    {
        AppRun run(settingsFile(), &m_network);
        run.manager.signIn(test::sandboxTarget(m_gp->fhirBaseUrl(), QStringLiteral("GP")));
        QVERIFY(run.manager.isBusy());
        Connection *connection = test::waitForOpened(run.manager, kTimeout);
        QVERIFY(connection);
        QVERIFY(!run.manager.isBusy());
        QCOMPARE(run.pages.opened, 1);
        QVERIFY(connection->isSignedIn());
        QVERIFY(connection->isRemembered());
        QCOMPARE(connection->session()->tokens().patient, QStringLiteral("amy-shaw"));
        const QList<ProviderSettings> saved = run.manager.providers()->providers();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.constFirst().displayName, QStringLiteral("GP"));
        QCOMPARE(connection->providerId(), saved.constFirst().id);
        QCOMPARE(run.manager.providers()->lastUsedProviderId(), saved.constFirst().id);
        QVERIFY(refreshTokenLands(*run.manager.providers(), connection->providerId()));
        verifyLoads(connection->openRecord(connection->session()->tokens().patient));
    }

    void restoreOpensWithoutTheBrowser()
    {
        QString providerId;
        {
            AppRun first(settingsFile(), &m_network);
            first.manager.signIn(test::sandboxTarget(m_gp->fhirBaseUrl(), QStringLiteral("GP")));
            Connection *connection = test::waitForOpened(first.manager, kTimeout);
            QVERIFY(connection);
            providerId = connection->providerId();
            QVERIFY(refreshTokenLands(*first.manager.providers(), providerId));
        }
        AppRun next(settingsFile(), &m_network);
        next.manager.restore(providerId);
        QVERIFY(next.manager.isBusy());
        Connection *restored = test::waitForOpened(next.manager, kTimeout);
        QVERIFY(restored);
        QCOMPARE(next.pages.opened, 0);
        QVERIFY(restored->isSignedIn());
        QVERIFY(restored->notGranted().isEmpty());
        QCOMPARE(restored->target().displayName, QStringLiteral("GP"));
        QCOMPARE(restored->session()->tokens().patient, QStringLiteral("amy-shaw"));
        verifyLoads(restored->openRecord(restored->session()->tokens().patient));
    }

    void signOutDeletesTheSavedSignIn()
    {
        AppRun run(settingsFile(), &m_network);
        run.manager.signIn(test::sandboxTarget(m_gp->fhirBaseUrl(), QStringLiteral("GP")));
        Connection *connection = test::waitForOpened(run.manager, kTimeout);
        QVERIFY(connection);
        const QString providerId = connection->providerId();
        QVERIFY(refreshTokenLands(*run.manager.providers(), providerId));

        std::optional<Result<void>> signedOut;
        run.manager.signOut(connection, [&](const Result<void> &done) { signedOut = done; });
        QVERIFY(run.manager.connections().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(signedOut.has_value(), kTimeout);
        QVERIFY(signedOut->ok());
        QVERIFY(!savedRefreshToken(*run.manager.providers(), providerId));
        QVERIFY(run.manager.providers()->lastUsedProviderId().isEmpty());
        // The provider is still known; reopening it needs a new sign-in.
        QVERIFY(run.manager.providers()->provider(providerId));
        QSignalSpy restoreFailed(&run.manager, &ConnectionManager::restoreFailed);
        run.manager.restore(providerId);
        QVERIFY(restoreFailed.wait(kTimeout));
        QCOMPARE(restoreFailed.constFirst().at(1).value<Error>().code, ErrorCode::NothingSaved);
    }

    void forgetRemovesTheProviderAndItsSignIn()
    {
        AppRun run(settingsFile(), &m_network);
        run.manager.signIn(test::sandboxTarget(m_gp->fhirBaseUrl(), QStringLiteral("GP")));
        Connection *connection = test::waitForOpened(run.manager, kTimeout);
        QVERIFY(connection);
        const QString providerId = connection->providerId();
        QVERIFY(refreshTokenLands(*run.manager.providers(), providerId));
        QPointer<Connection> watched(connection);

        std::optional<Result<void>> forgotten;
        run.manager.forget(providerId, [&](const Result<void> &done) { forgotten = done; });
        QTRY_VERIFY_WITH_TIMEOUT(forgotten.has_value(), kTimeout);
        QVERIFY(forgotten->ok());
        QVERIFY(!watched); // its connection closed with it
        QVERIFY(run.manager.providers()->providers().isEmpty());
        QVERIFY(!savedRefreshToken(*run.manager.providers(), providerId));
    }

    void theDemoIsNotRemembered()
    {
        AppRun run(settingsFile(), &m_network);
        run.manager.signIn(test::sandboxTarget(m_gp->fhirBaseUrl(), QStringLiteral("Demo"), false));
        Connection *connection = test::waitForOpened(run.manager, kTimeout);
        QVERIFY(connection);
        QVERIFY(!connection->isRemembered());
        QVERIFY(run.manager.providers()->providers().isEmpty());
        QVERIFY(run.manager.providers()->lastUsedProviderId().isEmpty());
    }

    // The server names its own provider directory in its smart-configuration: it is read after
    // the sign-in, and the demo brand it lists points at that server.
    void theServersDirectoryIsRead()
    {
        AppRun run(settingsFile(), &m_network);
        QSignalSpy directory(&run.manager, &ConnectionManager::serverDirectoryLoaded);
        run.manager.signIn(test::sandboxTarget(m_gp->fhirBaseUrl(), QStringLiteral("GP")));
        QVERIFY(test::waitForOpened(run.manager, kTimeout));
        QTRY_COMPARE_WITH_TIMEOUT(directory.count(), 1, kTimeout);
        const auto index =
            directory.constFirst().constFirst().value<std::shared_ptr<const brands::BrandsIndex>>();
        QVERIFY(index);
        const auto hits = index->search(u"Kete Demo");
        QVERIFY(!hits.isEmpty());
        QCOMPARE(index->entries().at(hits.constFirst().entry).fhirBase(), m_gp->fhirBaseUrl());
    }

    void twoConnectionsAtOnce()
    {
        AppRun run(settingsFile(), &m_network);
        run.manager.signIn(test::sandboxTarget(m_gp->fhirBaseUrl(), QStringLiteral("GP")));
        Connection *gp = test::waitForOpened(run.manager, kTimeout);
        QVERIFY(gp);
        run.manager.signIn(
            test::sandboxTarget(m_hospital->fhirBaseUrl(), QStringLiteral("Hospital")));
        Connection *hospital = test::waitForOpened(run.manager, kTimeout);
        QVERIFY(hospital);
        QVERIFY(refreshTokenLands(*run.manager.providers(), gp->providerId()));

        QCOMPARE(run.manager.connections(), (QList<Connection *>{gp, hospital}));
        QCOMPARE(run.manager.providers()->providers().size(), 2);
        QVERIFY(gp->providerId() != hospital->providerId());
        // Each connection has its own session, tokens and network manager.
        QVERIFY(gp->session() != hospital->session());
        QVERIFY(gp->session()->currentToken() != hospital->session()->currentToken());
        QVERIFY(gp->session()->networkAccess() != hospital->session()->networkAccess());

        record::PatientRecord *amy = gp->openRecord(gp->session()->tokens().patient);
        record::PatientRecord *hemi = hospital->openRecord(hospital->session()->tokens().patient);
        QSignalSpy amyLoaded(amy, &record::PatientRecord::loaded);
        QSignalSpy hemiLoaded(hemi, &record::PatientRecord::loaded);
        amy->load();
        hemi->load(); // both at once
        QTRY_VERIFY_WITH_TIMEOUT(!amyLoaded.isEmpty() && !hemiLoaded.isEmpty(), kTimeout);
        QCOMPARE(amy->patientId(), QStringLiteral("amy-shaw"));
        QCOMPARE(hemi->patientId(), QStringLiteral("hemi-walker"));
        QVERIFY(amy->labTests()->rowCount() > 0);
        QVERIFY(hemi->labTests()->rowCount() > 0);

        // Closing one leaves the other signed in and reading.
        const QString gpId = gp->providerId();
        QPointer<record::PatientRecord> amyWatched(amy);
        run.manager.close(gp);
        QVERIFY(!amyWatched);
        QCOMPARE(run.manager.connections(), QList<Connection *>{hospital});
        QVERIFY(hospital->isSignedIn());
        verifyLoads(hemi);
        // Closing is not signing out: the GP's saved sign-in stays for the next start.
        QVERIFY(savedRefreshToken(*run.manager.providers(), gpId));
    }
};

QTEST_MAIN(TestConnectionManager)
#include "tst_connectionmanager.moc"
