#include "common/logging.h"
#include "inspector/connectiondetailsdialog.h"
#include "inspector/connectionlog.h"
#include "journey.h"
#include "record/patientrecord.h"
#include "sandbox/server/sandboxhost.h"
#include "shell/mainwindow.h"
#include "signin/signinbrowser.h"
#include "signin/signincoordinator.h"
#include "smart/authorizationflow.h"
#include "smart/pkce.h"
#include "smart/session.h"
#include "widgets/messagebar.h"

#include <QClipboard>
#include <QDir>
#include <QGuiApplication>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUrlQuery>
#include <QWebEnginePage>
#include <QWebEngineView>

using namespace kete;
using namespace kete::ui;
using namespace journey;

namespace {

// Every run of base64url characters long enough to be a token, a code, a verifier or a state.
QStringList longBase64UrlRuns(const QString &text)
{
    static const QRegularExpression run(QStringLiteral("[A-Za-z0-9_-]{40,}"));
    QStringList runs;
    auto it = run.globalMatch(text);
    while (it.hasNext())
        runs.append(it.next().captured());
    return runs;
}

} // namespace

// The connection details against the real sandbox over 127.0.0.1: a real sign-in in the
// embedded browser, the record loaded, then the report shows every step of the handshake and
// holds none of the secrets that went over the wire.
class TestConnectionDetails : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;

    MainWindowOptions options()
    {
        return windowOptions(m_settings.get(), QStringLiteral("org.kete.Kete.tests.inspector"));
    }

    static ConnectionDetailsDialog *openDetails(MainWindow &window)
    {
        window.showConnectionDetails();
        auto *dialog = window.findChild<ConnectionDetailsDialog *>();
        if (dialog)
            (void)QTest::qWaitForWindowExposed(dialog);
        return dialog;
    }

    static QString copiedReport(ConnectionDetailsDialog *dialog)
    {
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(dialog->copyButton(), Qt::LeftButton);
        return QGuiApplication::clipboard()->text();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("kete.ini")),
                                                 QSettings::IniFormat);
    }

    void signInThenInspect()
    {
        const auto server = startSandbox(1000);
        QVERIFY(server);
        sandbox::SandboxHost &host = *server;

        MainWindow window(options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // The full authorization URL (with the real state and code_challenge), as the test sees
        // it and the report must not.
        QSignalSpy authorizeUrl(window.signIn()->flow(),
                                &smart::AuthorizationFlow::authorizeUrlReady);
        window.connectTo(host.fhirBaseUrl());

        // Sign in as a person would; the redirect (with the real code) is caught here too.
        QTRY_VERIFY_WITH_TIMEOUT(window.signIn()->browser(), kLoadTimeout);
        SignInBrowser *browser = window.signIn()->browser();
        QSignalSpy redirect(browser, &SignInBrowser::redirectCaught);
        QWebEngineView *view = browser->view();
        QVERIFY(signInAndApprove(view, QStringLiteral("amy")));
        QTRY_COMPARE_WITH_TIMEOUT(redirect.count(), 1, kLoadTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(window.patientRecord() && window.patientRecord()->outcome(),
                                 kLoadTimeout);
        QVERIFY(window.patientRecord()->outcome()->ok());

        QCOMPARE(authorizeUrl.count(), 1);
        const QUrlQuery sent(authorizeUrl.first().first().toUrl());
        const QString state = sent.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
        const QString challenge =
            sent.queryItemValue(QStringLiteral("code_challenge"), QUrl::FullyDecoded);
        const QString code = QUrlQuery(redirect.first().first().toUrl())
                                 .queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
        const smart::TokenSet &tokens = window.session()->tokens();
        QVERIFY(state.size() >= 32);
        QCOMPARE(challenge.size(), 43);
        QVERIFY(code.size() >= 32);
        QVERIFY(!tokens.accessToken.isEmpty());
        QVERIFY(!tokens.refreshToken.isEmpty());
        QVERIFY(!tokens.idToken.isEmpty());

        // A second load: more requests while the dialog is open, and it follows them.
        ConnectionDetailsDialog *dialog = openDetails(window);
        QVERIFY(dialog);
        QVERIFY(!dialog->isModal());
        const int before = window.connectionLog()->activity().size();
        window.reload();
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionLog()->activity().size() > before &&
                                     !window.patientRecord()->isLoading(),
                                 kLoadTimeout);
        QTRY_VERIFY(dialog->view()->toPlainText().count(QStringLiteral("GET /")) ==
                    window.connectionLog()->activity().size());

        const QString report = copiedReport(dialog);
        QVERIFY(!report.isEmpty());
        QCOMPARE(report, window.connectionLog()->toText());
        if (qEnvironmentVariableIsSet("KETE_PRINT_REPORT"))
            qInfo().noquote() << report;

        // 1. discovery
        QVERIFY(report.contains(
            QString::fromUtf8("✓ Discovery URL: %1/.well-known/smart-configuration → HTTP 200")
                .arg(host.fhirBaseUrl().toString())));
        QVERIFY(report.contains(QLatin1String("Authorization endpoint: http://127.0.0.1")));
        QVERIFY(report.contains(QLatin1String("Token endpoint: http://127.0.0.1")));
        for (const char *capability :
             {"✓ launch-standalone", "✓ client-public / client-confidential-symmetric",
              "✓ permission-v2 / permission-v1", "✓ permission-offline",
              "✓ code_challenge_methods_supported: S256"})
            QVERIFY2(report.contains(QString::fromUtf8(capability)), capability);
        QVERIFY(report.contains(QLatin1String("sso-openid-connect")));
        // 2. the authorization request: every parameter, by name.
        for (const char *name : {"response_type", "client_id", "redirect_uri", "scope", "aud",
                                 "state", "code_challenge", "code_challenge_method"})
            QVERIFY2(report.contains(QRegularExpression(
                         QStringLiteral("\\n   (. )?%1: ").arg(QLatin1String(name)))),
                     name);
        QVERIFY(report.contains(QLatin1String("response_type: code")));
        // state and challenge only in their redacted form.
        QVERIFY(report.contains(QLatin1String("state: ") + kete::redacted(state)));
        QVERIFY(report.contains(QLatin1String("code_challenge: ") + kete::redacted(challenge)));
        // 3. the redirect
        QVERIFY(report.contains(QString::fromUtf8("✓ state: matched")));
        QVERIFY(report.contains(QString::fromUtf8("✓ code: received (not shown)")));
        QVERIFY(report.contains(QLatin1String("Parameters received: ")));
        // 4. the token exchange
        for (const char *line :
             {"sent grant_type: authorization_code", "sent code: (redacted)",
              "sent code_verifier: (redacted)", "token_type: Bearer",
              "expires_in: ", "scope requested: ", "scope granted: ", "patient: amy-shaw",
              "need_patient_banner: ", "refresh_token: received (not shown)",
              "id_token: received (not shown)", "id_token verified: signature",
              "iss: ", "aud: ", "exp: ", "fhirUser"})
            QVERIFY2(report.contains(QString::fromUtf8(line)), line);
        // 5. the FHIR requests: at least five answered 200.
        static const QRegularExpression ok(QStringLiteral("✓ GET /\\S+: 200 · \\d+ ms · \\d+ "
                                                          "bytes · \\d+ pages? · \\d+ resources?"));
        QVERIFY2(report.count(ok) >= 5, qPrintable(report));

        // No secret: not the tokens, the state, the challenge, the code, nor the verifier (no
        // run in the report hashes to the challenge); in fact no token-like run at all.
        for (const QByteArray &secret : {tokens.accessToken, tokens.refreshToken, tokens.idToken,
                                         state.toLatin1(), challenge.toLatin1(), code.toLatin1()}) {
            QVERIFY(!report.contains(QString::fromLatin1(secret)));
            QVERIFY(!report.contains(QString::fromLatin1(secret.left(12))));
        }
        const QStringList runs = longBase64UrlRuns(report);
        for (const QString &run : runs)
            QVERIFY(smart::Pkce::challengeFor(run.toLatin1()) != challenge.toLatin1());
        QVERIFY2(runs.isEmpty(), qPrintable(runs.join(QLatin1Char(' '))));

        dialog->resize(900, 1000);
        saveScreenshot(dialog, QStringLiteral("connection-details.png"));
        dialog->close();
    }

    // A refused sign-in keeps its log; the message bar offers the connection details.
    void signInErrorLeadsToDetails()
    {
        sandbox::SandboxOptions serverOptions;
        serverOptions.largePatientObservations = 1000;
        serverOptions.autoApproveUser = QString();
        serverOptions.faults.enable(sandbox::Fault::ConsentDenied);
        sandbox::SandboxHost host(serverOptions);
        QSignalSpy started(&host, &sandbox::SandboxHost::started);
        host.start();
        QVERIFY(started.wait(kLoadTimeout));

        MainWindow window(options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.connectTo(host.fhirBaseUrl());
        QTRY_VERIFY_WITH_TIMEOUT(window.messageBar()->isVisible(), kLoadTimeout);
        auto *button = window.messageBar()->findChild<QPushButton *>(
            QStringLiteral("connectionDetailsButton"));
        QVERIFY(button);
        QVERIFY(button->isVisible());
        QTest::mouseClick(button, Qt::LeftButton);
        auto *dialog = window.findChild<ConnectionDetailsDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());

        const QString report = copiedReport(dialog);
        QVERIFY(report.contains(QString::fromUtf8("✓ state: matched")));
        QVERIFY2(report.contains(QString::fromUtf8("✗ error: access_denied")), qPrintable(report));
        QVERIFY(report.contains(QLatin1String("4. Token exchange")));
        QVERIFY(report.contains(QLatin1String("Not reached.")));
        QVERIFY2(longBase64UrlRuns(report).isEmpty(), qPrintable(report));
        saveScreenshot(dialog, QStringLiteral("connection-details-denied.png"));
        dialog->close();
    }
};

QTEST_MAIN(TestConnectionDetails)
#include "tst_connectiondetails.moc"
