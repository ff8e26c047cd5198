#include "smart/session.h"
#include "storage/chunkedsecretstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace kete;
using namespace kete::smart;

// No keychain reachable (the session bus points nowhere): Kete says so in plain words and the
// signed-in session goes on without remembering; nothing is written anywhere else.
class TestNoKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Before anything opens the session bus: QtKeychain then finds no Secret Service.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kete-no-bus");
    }

    void sessionContinuesWithoutRemembering()
    {
        SmartConfiguration config;
        config.fhirBase = QUrl(QStringLiteral("https://fhir.example.org/r4"));
        config.tokenEndpoint = QUrl(QStringLiteral("https://fhir.example.org/token"));
        TokenSet tokens;
        tokens.accessToken = "at";
        tokens.refreshToken = "rt";
        tokens.expiresAt = QDateTime::currentDateTimeUtc().addSecs(3600);
        Session session(config, {QStringLiteral("kete-desktop"), {}, {}, BrowserMode::Embedded},
                        tokens);
        ChunkedSecretStore store(QStringLiteral("org.kete.Kete.tests"));
        QSignalSpy failed(&session, &Session::rememberFailed);
        session.rememberIn(&store, QStringLiteral("provider/x/patient/p/refresh-token"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        const Error error = failed.first().first().value<Error>();
        QVERIFY2(error.message.contains(QLatin1String("keychain")), qPrintable(error.message));
        QVERIFY(session.isSignedIn());
        QCOMPARE(session.currentToken(), QByteArray("at"));
    }
};

QTEST_GUILESS_MAIN(TestNoKeychain)
#include "tst_nokeychain.moc"
