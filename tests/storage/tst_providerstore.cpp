#include "common/crypto.h"
#include "storage/chunkedsecretstore.h"
#include "storage/providerstore.h"
#include "support/problemof.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;

// Provider settings in a QSettings ini file of their own, secrets in the real OS keychain.
class TestProviderStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    ChunkedSecretStore m_secrets{QStringLiteral("org.kete.Kete.tests")};
    std::unique_ptr<ProviderStore> m_store;
    bool m_keychain = false;

    QString settingsPath() const { return m_dir.filePath(QStringLiteral("kete.ini")); }

    static ProviderSettings sample()
    {
        ProviderSettings provider;
        provider.displayName = QStringLiteral("Example Health");
        provider.fhirBase = QUrl(QStringLiteral("https://fhir.example.org/r4"));
        provider.clientId = QStringLiteral("kete-desktop");
        provider.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/kete/callback"));
        provider.useSystemBrowser = true;
        return provider;
    }

    std::optional<Error> wait(const std::function<void(ProviderStore::Done)> &start)
    {
        std::optional<std::optional<Error>> outcome;
        start([&](const Result<void> &done) { outcome = test::problemOf(done); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome.value_or(Error{QStringLiteral("timeout"), QStringLiteral("timeout")});
    }
    std::optional<QByteArray> readSecret(const QString &key)
    {
        std::optional<Result<std::optional<QByteArray>>> outcome;
        m_secrets.read(key, [&](Result<std::optional<QByteArray>> result) { outcome = result; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome && outcome->ok() ? outcome->value() : std::nullopt;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(settingsPath(), QSettings::IniFormat);
        m_store = std::make_unique<ProviderStore>(m_settings.get(), &m_secrets);
        const QString probe =
            QStringLiteral("probe-") + QString::fromLatin1(crypto::randomToken(8));
        m_keychain = !wait([&](auto done) { m_secrets.write(probe, "x", done); });
        if (m_keychain)
            wait([&](auto done) { m_secrets.remove(probe, done); });
        else if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
            QFAIL("keychain unavailable");
    }

    void saveAndReload()
    {
        const ProviderSettings saved = m_store->save(sample());
        QVERIFY(!saved.id.isEmpty());
        QSettings reopened(settingsPath(), QSettings::IniFormat);
        ProviderStore again(&reopened, &m_secrets);
        const auto loaded = again.provider(saved.id);
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->displayName, QStringLiteral("Example Health"));
        QCOMPARE(loaded->fhirBase, sample().fhirBase);
        QCOMPARE(loaded->clientId, QStringLiteral("kete-desktop"));
        QCOMPARE(loaded->redirectUri, sample().redirectUri);
        QVERIFY(loaded->useSystemBrowser);
        QCOMPARE(again.providers().size(), m_store->providers().size());
        QVERIFY(!again.provider(QStringLiteral("no-such-id")).has_value());
    }

    void clinicianAndRecentPatientsAreIdsOnly()
    {
        ProviderSettings clinician = sample();
        clinician.clinician = true;
        clinician.ehrPicksPatient = true;
        const QString id = m_store->save(clinician).id;
        for (int i = 0; i < ProviderStore::kRecentPatients + 3; ++i)
            m_store->addRecentPatient(id, QStringLiteral("p%1").arg(i));
        m_store->addRecentPatient(id, QStringLiteral("p5")); // again: moves to the front

        QSettings reopened(settingsPath(), QSettings::IniFormat);
        const auto loaded = ProviderStore(&reopened, &m_secrets).provider(id);
        QVERIFY(loaded && loaded->clinician && loaded->ehrPicksPatient);
        QCOMPARE(loaded->recentPatients.size(), ProviderStore::kRecentPatients);
        QCOMPARE(loaded->recentPatients.constFirst(), QStringLiteral("p5"));
        QCOMPARE(loaded->recentPatients.at(1), QStringLiteral("p12"));
        QCOMPARE(loaded->recentPatients.count(QStringLiteral("p5")), 1);
        QVERIFY(!loaded->recentPatients.contains(QStringLiteral("p0")));
        QVERIFY(!m_store->provider(m_store->save(sample()).id)->clinician);
    }

    void secretsInKeychainNotSettingsAndForget()
    {
        if (!m_keychain)
            QSKIP("No OS keychain in this session (run through packaging/dev.sh test)");
        const QString id = m_store->save(sample()).id;
        const QByteArray clientSecret = crypto::randomToken(24);
        const QByteArray refreshToken = crypto::randomToken(1500); // ~2000 chars: chunked
        QVERIFY(!wait([&](auto done) { m_store->storeClientSecret(id, clientSecret, done); }));
        QVERIFY(!wait([&](auto done) {
            m_secrets.write(ProviderStore::refreshTokenKey(id, QStringLiteral("p1")), refreshToken,
                            done);
        }));
        m_store->rememberPatient(id, QStringLiteral("p1"));
        QVERIFY(m_store->provider(id)->hasClientSecret);
        QCOMPARE(m_store->provider(id)->lastPatientId, QStringLiteral("p1"));

        std::optional<Result<std::optional<QByteArray>>> restored;
        m_store->readRefreshToken(id, [&](Result<std::optional<QByteArray>> r) { restored = r; });
        QTRY_VERIFY_WITH_TIMEOUT(restored.has_value(), 20000);
        QCOMPARE(restored->value().value_or(QByteArray()), refreshToken);

        // Nothing secret in the settings file.
        m_settings->sync();
        QFile file(settingsPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray ini = file.readAll();
        QVERIFY(ini.contains("Example Health"));
        QVERIFY(!ini.contains(clientSecret));
        QVERIFY(!ini.contains(refreshToken.left(40)));

        // Forget: settings and keychain entries gone.
        QVERIFY(!wait([&](auto done) { m_store->forget(id, done); }));
        QVERIFY(!m_store->provider(id).has_value());
        QVERIFY(!readSecret(ProviderStore::clientSecretKey(id)).has_value());
        QVERIFY(!readSecret(ProviderStore::refreshTokenKey(id, QStringLiteral("p1"))).has_value());
    }
};

QTEST_GUILESS_MAIN(TestProviderStore)
#include "tst_providerstore.moc"
