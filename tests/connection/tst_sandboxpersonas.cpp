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
#include "support/jumpingclock.h"
#include "support/problemof.h"
#include "support/sandboxtarget.h"

#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace kete;
using namespace kete::connection;
using namespace std::chrono_literals;

using test::AppRun;
using test::JumpingClock;

namespace {

constexpr int kTimeout = 90000;
const QString kKeychainService = QStringLiteral("org.kete.Kete.tests.personas");
const QString kPatient = QStringLiteral("grace-huang"); // the large record

ConnectionTarget targetFor(const QUrl &fhirBase)
{
    return test::sandboxTarget(fhirBase, QStringLiteral("Persona"));
}

// The sign-in is kept: a refresh token in the keychain, or the installation's registration.
bool savedSignInLands(ProviderStore &store, const QString &providerId)
{
    return QTest::qWaitFor(
        [&] {
            const auto provider = store.provider(providerId);
            if (provider && !provider->dynamicClientId.isEmpty())
                return true;
            std::optional<bool> found;
            store.readRefreshToken(providerId, [&](Result<std::optional<QByteArray>> token) {
                found = token && token.value().has_value();
            });
            return QTest::qWaitFor([&] { return found.has_value(); }, kTimeout) && *found;
        },
        kTimeout);
}

struct Loaded
{
    fhir::RecordOutcome outcome;
    QString report; // the connection details as text
};

} // namespace

// Each persona of the sandboxes (a real EHR's documented habits, kete-sandbox --persona NAME):
// Kete signs in through the connection layer with the real keychain, loads the whole record,
// gets exactly what the plain sandbox gives, and the connection details name the habit met.
class TestSandboxPersonas : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network; // the stand-in browser's
    fhir::RecordOutcome m_reference; // the record as the plain sandbox gives it

    QString settingsFile() const { return m_dir.filePath(QStringLiteral("kete.ini")); }

    static std::unique_ptr<sandbox::SandboxHost> startSandbox(const QString &persona,
                                                              const JumpingClock &clock)
    {
        sandbox::SandboxOptions options;
        options.largePatientObservations = 450;
        options.autoApproveUser = kPatient;
        options.clock = clock.clock();
        if (!persona.isEmpty()) {
            const std::optional<sandbox::Persona> chosen = sandbox::Persona::fromName(persona);
            if (!chosen)
                return nullptr;
            options.faults.enable(*chosen);
        }
        auto host = std::make_unique<sandbox::SandboxHost>(options);
        QSignalSpy started(host.get(), &sandbox::SandboxHost::started);
        host->start();
        return started.wait(kTimeout) ? std::move(host) : nullptr;
    }

    // Signs in, waits for the sign-in to reach the keychain, loads the record; `midLoad` runs
    // once, when the first search page has arrived.
    static std::optional<Loaded> signInAndLoad(AppRun &run, const QUrl &fhirBase,
                                               std::function<void()> midLoad = {})
    {
        run.manager.signIn(targetFor(fhirBase));
        Connection *connection = test::waitForOpened(run.manager, kTimeout);
        if (!connection || !savedSignInLands(*run.manager.providers(), connection->providerId()))
            return std::nullopt;
        return load(run, connection, std::move(midLoad));
    }

    static std::optional<Loaded> load(AppRun &run, Connection *connection,
                                      std::function<void()> midLoad = {})
    {
        record::PatientRecord *record = connection->openRecord(kPatient);
        QSignalSpy loaded(record, &record::PatientRecord::loaded);
        bool jumped = false;
        QObject::connect(record, &record::PatientRecord::progressChanged, record,
                         [&](const fhir::LoadProgress &progress) {
                             // The Patient read and one search page.
                             if (!jumped && midLoad && progress.pages >= 2) {
                                 jumped = true;
                                 midLoad();
                             }
                         });
        record->load();
        if (!loaded.wait(kTimeout))
            return std::nullopt;
        return Loaded{loaded.constFirst().constFirst().value<fhir::RecordOutcome>(),
                      run.manager.log()->toText()};
    }

    void verifyWholeRecord(const std::optional<Loaded> &loaded)
    {
        QVERIFY2(loaded, "no sign-in or no load");
        const fhir::RecordOutcome &outcome = loaded->outcome;
        QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->detail : QString()));
        for (const fhir::Notice &notice : outcome.notices)
            QVERIFY2(notice.severity != fhir::Notice::Severity::Error, qPrintable(notice.detail));
        QCOMPARE(outcome.observations, m_reference.observations);
        QCOMPARE(outcome.conditions, m_reference.conditions);
        QCOMPARE(outcome.reports, m_reference.reports);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());

        ChunkedSecretStore secrets(kKeychainService);
        std::optional<std::optional<Error>> probe;
        secrets.write(QStringLiteral("personas-probe"), "x",
                      [&](const Result<void> &e) { probe = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(probe.has_value(), 20000);
        if (probe->has_value()) {
            if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
                QFAIL("keychain unavailable");
            QSKIP("No OS keychain in this session (run through packaging/dev.sh test)");
        }

        const JumpingClock clock;
        const auto plain = startSandbox({}, clock);
        QVERIFY(plain);
        AppRun run(settingsFile(), &m_network, kKeychainService);
        const std::optional<Loaded> loaded = signInAndLoad(run, plain->fhirBaseUrl());
        QVERIFY(loaded && loaded->outcome.ok());
        m_reference = loaded->outcome;
        // Enough for several pages of 100 in the lab search.
        QVERIFY2(m_reference.observations > 300,
                 qPrintable(QString::number(m_reference.observations)));
        QVERIFY(m_reference.conditions > 0);
        QVERIFY(m_reference.reports > 0);
    }

    void init() { QFile::remove(settingsFile()); }

    // Observation searches need a category; offline_access is granted without being echoed in
    // the scope (Kete goes by the refresh token it got); the app registers itself dynamically,
    // and the next start gets its token with a signed assertion, without the browser.
    void epicLikePersona()
    {
        const JumpingClock clock;
        const auto epic = startSandbox(QStringLiteral("epic-like"), clock);
        QVERIFY(epic);
        QString providerId;
        {
            AppRun run(settingsFile(), &m_network, kKeychainService);
            const std::optional<Loaded> loaded = signInAndLoad(run, epic->fhirBaseUrl());
            verifyWholeRecord(loaded);
            QVERIFY2(loaded->report.contains(QLatin1String("without naming offline_access")),
                     qPrintable(loaded->report));
            // Dynamic registration: the next start needs neither the browser nor a refresh token.
            Connection *connection = run.manager.connections().constFirst();
            QTRY_VERIFY_WITH_TIMEOUT(connection->session()->usesAssertionGrant(), kTimeout);
            QVERIFY(run.manager.log()->toText().contains(
                QLatin1String("this computer registered with its own key")));
            providerId = run.manager.providers()->lastUsedProviderId();
        }
        AppRun next(settingsFile(), &m_network, kKeychainService);
        next.manager.restore(providerId);
        Connection *restored = test::waitForOpened(next.manager, kTimeout);
        QVERIFY(restored);
        // The kept copy, when its write finished before the first run ended, opens first and
        // offline; the sign-in follows.
        QTRY_VERIFY_WITH_TIMEOUT(!restored->isOffline(), kTimeout);
        QVERIFY(restored->session()->usesAssertionGrant());
        verifyWholeRecord(load(next, restored));
    }

    // Access tokens that live 10 minutes, pages of at most 200: a load that outlasts its token
    // refreshes it mid-way and loses no page.
    void cernerLikePersona()
    {
        JumpingClock clock;
        const auto cerner = startSandbox(QStringLiteral("cerner-like"), clock);
        QVERIFY(cerner);
        AppRun run(settingsFile(), &m_network, kKeychainService);
        const std::optional<Loaded> loaded =
            signInAndLoad(run, cerner->fhirBaseUrl(), [&] { clock.jump(11min); });
        verifyWholeRecord(loaded);
        QVERIFY2(loaded->report.contains(QLatin1String("access tokens last 10 minutes")),
                 qPrintable(loaded->report));
        QVERIFY2(loaded->report.contains(QLatin1String("went on without losing a page")),
                 qPrintable(loaded->report));
    }

    // Next links that expire (410 Gone): the search starts again and nothing comes twice.
    void hapiLikePersona()
    {
        JumpingClock clock;
        const auto hapi = startSandbox(QStringLiteral("hapi-like"), clock);
        QVERIFY(hapi);
        AppRun run(settingsFile(), &m_network, kKeychainService);
        const std::optional<Loaded> loaded =
            signInAndLoad(run, hapi->fhirBaseUrl(), [&] { clock.jump(6min); });
        verifyWholeRecord(loaded);
        QVERIFY2(loaded->report.contains(QLatin1String("searched again and skipped")),
                 qPrintable(loaded->report));
    }

    // aud must be the FHIR base exactly: the address as typed (trailing slash, capitals in the
    // host) is not what Kete sends.
    void athenaLikePersona()
    {
        const JumpingClock clock;
        const auto athena = startSandbox(QStringLiteral("athena-like"), clock);
        QVERIFY(athena);
        QUrl typed = athena->fhirBaseUrl();
        typed.setPath(typed.path() + QLatin1Char('/'));
        const QString asTyped =
            typed.toString().replace(QLatin1String("http://"), QLatin1String("HTTP://"));
        AppRun run(settingsFile(), &m_network, kKeychainService);
        verifyWholeRecord(signInAndLoad(run, QUrl(asTyped)));
    }

    // A request budget per client: 429 with Retry-After and X-RateLimit-Reset; Kete waits as
    // asked and loads everything.
    void rateLimitedPersona()
    {
        const JumpingClock clock;
        const auto limited = startSandbox(QStringLiteral("rate-limited"), clock);
        QVERIFY(limited);
        AppRun run(settingsFile(), &m_network, kKeychainService);
        const std::optional<Loaded> loaded = signInAndLoad(run, limited->fhirBaseUrl());
        verifyWholeRecord(loaded);
        QVERIFY2(loaded->report.contains(QLatin1String("Request budget")),
                 qPrintable(loaded->report));
    }

    void cleanupTestCase()
    {
        ChunkedSecretStore secrets(kKeychainService);
        std::optional<bool> removed;
        secrets.remove(QStringLiteral("personas-probe"),
                       [&](const Result<void> &) { removed = true; });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
    }
};

QTEST_MAIN(TestSandboxPersonas)
#include "tst_sandboxpersonas.moc"
