#include "common/jws.h"
#include "connection/connection.h"
#include "connection/connectionmanager.h"
#include "inspector/connectionlog.h"
#include "record/patientrecord.h"
#include "sandbox/server/sandboxhost.h"
#include "smart/session.h"
#include "storage/chunkedsecretstore.h"
#include "storage/providerstore.h"
#include "support/apprun.h"
#include "support/connectionopened.h"
#include "support/logcapture.h"
#include "support/problemof.h"
#include "support/sandboxtarget.h"

#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::connection;

using test::AppRun;

namespace {

constexpr int kTimeout = 60000;
const QString kKeychainService = QStringLiteral("org.kete.Kete.tests.dynamicregistration");

ConnectionTarget targetFor(const QUrl &fhirBase,
                           const QString &clientId = QStringLiteral("kete-desktop"))
{
    return test::sandboxTarget(fhirBase, QStringLiteral("Epic-like"), true, clientId);
}

std::optional<QByteArray> keychainValue(ChunkedSecretStore &secrets, const QString &key)
{
    std::optional<Result<std::optional<QByteArray>>> outcome;
    secrets.read(key, [&](Result<std::optional<QByteArray>> r) { outcome = r; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, kTimeout))
        return std::nullopt;
    return outcome->ok() ? outcome->value() : std::nullopt;
}

bool loads(Connection *connection)
{
    record::PatientRecord *record = connection->openRecord(connection->session()->tokens().patient);
    QSignalSpy loaded(record, &record::PatientRecord::loaded);
    record->load();
    return loaded.wait(kTimeout) &&
           loaded.constFirst().constFirst().value<fhir::RecordOutcome>().ok() &&
           record->labTests()->rowCount() > 0;
}

} // namespace

// Dynamic registration with the epic-like sandbox, the real keychain and the connection layer:
// Kete registers its own key after the sign-in, keeps the key only in the keychain, gets its
// tokens with a signed JWT assertion on the next start, and lets go of the key on sign-out and
// Forget; a registration refused or no longer accepted ends in the ordinary sign-in.
class TestDynamicRegistrationJourney : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;
    std::unique_ptr<sandbox::SandboxHost> m_epic;
    ChunkedSecretStore m_secrets{kKeychainService};

    QString settingsFile() const { return m_dir.filePath(QStringLiteral("kete.ini")); }

    // Signs in and waits until the registration's key is in the keychain and the session uses
    // it; returns the provider id.
    QString signInAndRegister(AppRun &run)
    {
        run.manager.signIn(targetFor(m_epic->fhirBaseUrl()));
        Connection *connection = test::waitForOpened(run.manager, kTimeout);
        if (!connection)
            return {};
        const QString providerId = connection->providerId();
        if (!QTest::qWaitFor([&] { return connection->session()->usesAssertionGrant(); }, kTimeout))
            return {};
        return providerId;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        test::LogCapture::install();
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        std::optional<std::optional<Error>> probe;
        m_secrets.write(QStringLiteral("probe"), "x",
                        [&](const Result<void> &e) { probe = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(probe.has_value(), 20000);
        if (probe->has_value()) {
            if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
                QFAIL("keychain unavailable");
            QSKIP("No OS keychain in this session (run through packaging/dev.sh test)");
        }
        sandbox::SandboxOptions options;
        options.largePatientObservations = 100;
        options.autoApproveUser = QStringLiteral("amy-shaw");
        options.faults.enable(*sandbox::Persona::fromName(QStringLiteral("epic-like")));
        m_epic = std::make_unique<sandbox::SandboxHost>(options);
        QSignalSpy started(m_epic.get(), &sandbox::SandboxHost::started);
        m_epic->start();
        QVERIFY(started.wait(kTimeout));
    }

    void cleanupTestCase() { test::LogCapture::uninstall(); }

    void init() { QFile::remove(settingsFile()); }

    void dynamicregistrationThenAssertionOnTheNextStart()
    {
        QString providerId;
        QByteArray pem;
        {
            AppRun run(settingsFile(), &m_network, kKeychainService);
            providerId = signInAndRegister(run);
            QVERIFY(!providerId.isEmpty());
            const auto provider = run.manager.providers()->provider(providerId);
            QVERIFY(provider && provider->dynamicClientId.startsWith(QLatin1String("dyn-")));
            pem = keychainValue(m_secrets, ProviderStore::clientKeyKey(providerId))
                      .value_or(QByteArray());
            QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
            // Registered: no refresh token is kept any more.
            QTRY_VERIFY_WITH_TIMEOUT(
                !keychainValue(m_secrets,
                               ProviderStore::refreshTokenKey(providerId, provider->lastPatientId))
                     .has_value(),
                kTimeout);
            Connection *connection = run.manager.connections().constFirst();
            QVERIFY(connection->session()->tokens().refreshToken.isEmpty());
            QVERIFY(loads(connection));
            const QString report = run.manager.log()->toText();
            QVERIFY2(report.contains(QLatin1String("this computer registered with its own key")),
                     qPrintable(report));
            QVERIFY(!report.contains(QLatin1String("PRIVATE KEY")));
        }
        // The key is in the keychain only: not in the settings.
        QFile ini(settingsFile());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray settings = ini.readAll();
        const QByteArray keyBody = pem.split('\n').value(1);
        QVERIFY(keyBody.size() > 32);
        QVERIFY(!settings.contains(keyBody));
        QVERIFY(!settings.contains("PRIVATE KEY"));

        AppRun next(settingsFile(), &m_network, kKeychainService);
        next.manager.restore(providerId);
        Connection *restored = test::waitForOpened(next.manager, kTimeout);
        QVERIFY(restored);
        QVERIFY(restored->session()->usesAssertionGrant());
        QVERIFY(restored->session()->tokens().refreshToken.isEmpty());
        QVERIFY(!restored->session()->currentToken().isEmpty());
        QVERIFY(loads(restored));
        // A token refresh during the session is another assertion grant.
        std::optional<Result<QByteArray>> renewed;
        restored->session()->refresh([&](const Result<QByteArray> &t) { renewed = t; });
        QTRY_VERIFY_WITH_TIMEOUT(renewed.has_value(), kTimeout);
        QVERIFY(renewed->ok());
        const QString report = next.manager.log()->toText();
        QVERIFY2(report.contains(QLatin1String("JWT bearer grant")), qPrintable(report));

        // Sign-out lets go of the key and the registration.
        std::optional<Result<void>> signedOut;
        next.manager.signOut(restored, [&](const Result<void> &done) { signedOut = done; });
        QTRY_VERIFY_WITH_TIMEOUT(signedOut.has_value(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(
            !keychainValue(m_secrets, ProviderStore::clientKeyKey(providerId)).has_value(),
            kTimeout);
        QVERIFY(next.manager.providers()->provider(providerId)->dynamicClientId.isEmpty());
    }

    void dynamicregistrationKeyGoesWithForget()
    {
        AppRun run(settingsFile(), &m_network, kKeychainService);
        const QString providerId = signInAndRegister(run);
        QVERIFY(!providerId.isEmpty());
        QVERIFY(keychainValue(m_secrets, ProviderStore::clientKeyKey(providerId)).has_value());
        std::optional<Result<void>> forgotten;
        run.manager.forget(providerId, [&](const Result<void> &done) { forgotten = done; });
        QTRY_VERIFY_WITH_TIMEOUT(forgotten.has_value(), kTimeout);
        QVERIFY(forgotten->ok());
        QVERIFY(!keychainValue(m_secrets, ProviderStore::clientKeyKey(providerId)).has_value());
    }

    // The provider no longer accepts the registration (here: the key it knows is not the one
    // kept): the restore fails with a clear word, the registration is dropped, a new sign-in
    // registers again.
    void dynamicregistrationNoLongerAcceptedNeedsSignIn()
    {
        QString providerId;
        {
            AppRun run(settingsFile(), &m_network, kKeychainService);
            providerId = signInAndRegister(run);
            QVERIFY(!providerId.isEmpty());
        }
        std::optional<std::optional<Error>> replaced;
        m_secrets.write(ProviderStore::clientKeyKey(providerId),
                        jws::RsaKey::generate().privatePem(),
                        [&](const Result<void> &e) { replaced = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(replaced.has_value(), kTimeout);
        QVERIFY(!replaced->has_value());

        AppRun next(settingsFile(), &m_network, kKeychainService);
        QSignalSpy restoreFailed(&next.manager, &ConnectionManager::restoreFailed);
        next.manager.restore(providerId);
        QVERIFY(restoreFailed.wait(kTimeout));
        const Error error = restoreFailed.constFirst().at(1).value<Error>();
        QVERIFY2(error.message.contains(QLatin1String("no longer accepts this computer's "
                                                      "registration")),
                 qPrintable(error.message));
        QVERIFY(isOAuthRefusal(error.code));
        QTRY_VERIFY_WITH_TIMEOUT(
            !keychainValue(m_secrets, ProviderStore::clientKeyKey(providerId)).has_value(),
            kTimeout);
        QVERIFY(next.manager.providers()->provider(providerId)->dynamicClientId.isEmpty());

        QVERIFY(!signInAndRegister(next).isEmpty());
    }

    // A sign-in whose client may not register: Kete says so in the connection details and
    // stays signed in with its refresh token, as without registration.
    void dynamicregistrationRefusedKeepsTheRefreshToken()
    {
        sandbox::SandboxOptions options;
        options.largePatientObservations = 100;
        options.autoApproveUser = QStringLiteral("amy-shaw");
        options.faults.enable(sandbox::Fault::RequireCategory);
        options.faults.enableFor(QStringLiteral("someone-else"),
                                 sandbox::Fault::DynamicRegistration);
        sandbox::SandboxHost refusing(options);
        QSignalSpy started(&refusing, &sandbox::SandboxHost::started);
        refusing.start();
        QVERIFY(started.wait(kTimeout));

        AppRun run(settingsFile(), &m_network, kKeychainService);
        QSignalSpy problem(&run.manager, &ConnectionManager::problem);
        run.manager.signIn(targetFor(refusing.fhirBaseUrl()));
        Connection *connection = test::waitForOpened(run.manager, kTimeout);
        QVERIFY(connection);
        QTRY_VERIFY_WITH_TIMEOUT(run.manager.log()->toText().contains(QLatin1String("refused")),
                                 kTimeout);
        QVERIFY2(run.manager.log()->toText().contains(QLatin1String("registration.access_denied")),
                 qPrintable(run.manager.log()->toText()));
        // A clear word for the user, and the sign-in goes on.
        QTRY_COMPARE_WITH_TIMEOUT(problem.count(), 1, kTimeout);
        QVERIFY(problem.constFirst().constFirst().value<Error>().message.contains(
            QLatin1String("stays signed in the usual way")));
        QVERIFY(!connection->session()->usesAssertionGrant());
        QVERIFY(!connection->session()->tokens().refreshToken.isEmpty());
        const QString providerId = connection->providerId();
        QVERIFY(run.manager.providers()->provider(providerId)->dynamicClientId.isEmpty());
        QVERIFY(!keychainValue(m_secrets, ProviderStore::clientKeyKey(providerId)).has_value());
        QVERIFY(loads(connection));
    }

    void dynamicregistrationNothingSecretInTheLog()
    {
        const QString log = test::LogCapture::lines().join(QLatin1Char('\n'));
        QVERIFY(log.contains(QLatin1String("installation registered")));
        QVERIFY(!log.contains(QLatin1String("PRIVATE KEY")));
        QVERIFY(!log.contains(QLatin1String("eyJ"))); // no JWT (assertion, id_token) at all
    }
};

QTEST_MAIN(TestDynamicRegistrationJourney)
#include "tst_dynamicregistrationjourney.moc"
