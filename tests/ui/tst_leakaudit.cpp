// The secret-leak audit: a patient signs in, the record loads, the short-lived access token is
// refreshed, Kete restarts and restores the sign-in, and the patient signs out, with every
// kete.* logging category at debug. Every secret the sandbox handed out or was shown (codes,
// access and refresh tokens, id_tokens, the PKCE verifiers) is then looked for in everything
// Kete wrote or printed: its log and stdout/stderr, the settings file, its data and cache folders
// (with the offline copy and any WebEngine profile in them) and the temporary folder. None may be
// there; after sign-out the keychain holds no refresh token.
#include "dialogs/dialogs.h"
#include "journey.h"
#include "record/patientrecord.h"
#include "sandbox/auth/tokenstore.h"
#include "sandbox/server/sandboxhost.h"
#include "shell/mainwindow.h"
#include "shell/welcomepage.h"
#include "signin/signinbrowser.h"
#include "smart/session.h"
#include "smart/signin.h"
#include "storage/providerstore.h"

#include <QDirIterator>
#include <QFile>
#include <QLoggingCategory>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace kete;
using namespace kete::ui;
using namespace journey;

namespace {

// The process's stdout and stderr (Chromium's helper processes inherit them) into a file, for as
// long as it lives.
class CapturedOutput
{
public:
    explicit CapturedOutput(const QString &path)
    {
        std::fflush(stdout);
        std::fflush(stderr);
        m_file.setFileName(path);
        if (!m_file.open(QIODevice::WriteOnly))
            return;
        m_savedOut = ::dup(STDOUT_FILENO);
        m_savedErr = ::dup(STDERR_FILENO);
        ::dup2(m_file.handle(), STDOUT_FILENO);
        ::dup2(m_file.handle(), STDERR_FILENO);
    }
    ~CapturedOutput() { restore(); }
    CapturedOutput(const CapturedOutput &) = delete;
    CapturedOutput &operator=(const CapturedOutput &) = delete;

    void restore()
    {
        if (m_savedOut < 0)
            return;
        std::fflush(stdout);
        std::fflush(stderr);
        ::dup2(m_savedOut, STDOUT_FILENO);
        ::dup2(m_savedErr, STDERR_FILENO);
        ::close(m_savedOut);
        ::close(m_savedErr);
        m_savedOut = m_savedErr = -1;
        m_file.close();
    }

private:
    QFile m_file;
    int m_savedOut = -1;
    int m_savedErr = -1;
};

// The forms a secret could take in a file: as is, and as UTF-16 (Qt and Chromium write both).
QList<QByteArray> spellings(const QByteArray &secret)
{
    const QString text = QString::fromLatin1(secret);
    return {secret, QByteArray(reinterpret_cast<const char *>(text.utf16()),
                               text.size() * qsizetype(sizeof(char16_t)))};
}

// "file: secret #n" for every file under `folder` that holds one of the secrets.
QStringList filesHolding(const QString &folder, const QList<QByteArray> &secrets)
{
    QStringList found;
    QDirIterator files(folder, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks,
                       QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = file.readAll();
        for (qsizetype i = 0; i < secrets.size(); ++i) {
            for (const QByteArray &spelling : spellings(secrets[i])) {
                if (bytes.contains(spelling))
                    found.append(file.fileName() + QStringLiteral(": secret #") +
                                 QString::number(i));
            }
        }
    }
    return found;
}

} // namespace

class TestLeakAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        for (const auto location : folders())
            QDir(QStandardPaths::writableLocation(location)).removeRecursively();
        // A temporary folder of our own, so that what Kete and Chromium put there can be read.
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("tmp")));
        qputenv("TMPDIR", QFile::encodeName(m_dir.filePath(QStringLiteral("tmp"))));
        QLoggingCategory::setFilterRules(QStringLiteral("kete.*=true"));
        previousHandler = qInstallMessageHandler(captureMessage);
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void noSecretOutlivesItsPlace()
    {
        auto host = startSandbox(300, {sandbox::Fault::ShortTokenLifetime});
        QVERIFY(host);
        sandbox::TokenStore &tokens = host->server()->tokens();
        tokens.witnessSecrets();

        QSettings settings(m_dir.filePath(QStringLiteral("kete.ini")), QSettings::IniFormat);
        const MainWindowOptions options =
            windowOptions(&settings, QStringLiteral("org.kete.Kete.tests.leakaudit"), 300);
        CapturedOutput output(m_dir.filePath(QStringLiteral("output.txt")));
        QString providerId;
        {
            // Sign in, load, keep the copy, and live through a refresh of the 5-second token.
            MainWindow window(options);
            window.resize(1024, 700);
            window.show();
            window.connectTo(host->fhirBaseUrl());
            QVERIFY(QTest::qWaitFor([&] { return window.signIn()->browser() != nullptr; },
                                    kLoadTimeout));
            QVERIFY(signInAndApprove(window.signIn()->browser()->view(), QStringLiteral("hemi")));
            QVERIFY(QTest::qWaitFor(
                [&] { return window.patientRecord() && window.patientRecord()->outcome(); },
                kLoadTimeout));
            QVERIFY(waitUntilCopyKept(window));
            const QByteArray firstAccessToken = window.session()->tokens().accessToken;
            QVERIFY(QTest::qWaitFor(
                [&] { return window.session()->tokens().accessToken != firstAccessToken; },
                kLoadTimeout));
            providerId = window.providers()->providers().constFirst().id;
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return keychainRefreshToken(*window.providers(), providerId) ==
                           window.session()->tokens().refreshToken;
                },
                20000));
        }
        {
            // Start again: the saved sign-in is restored, then the patient signs out (keeping
            // the copy, so that it can be read too).
            MainWindow window(options);
            window.resize(1024, 700);
            window.show();
            window.reopenLastProvider();
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return window.patientRecord() && window.patientRecord()->outcome() &&
                           window.session();
                },
                kLoadTimeout));
            dialogs::setNextAnswer(QMessageBox::Yes);
            window.signOut();
            QVERIFY(QTest::qWaitFor([&] { return window.welcomePage()->isVisible(); }, 20000));
            QVERIFY(QTest::qWaitFor(
                [&] { return keychainRefreshToken(*window.providers(), providerId).isEmpty(); },
                20000));
        }
        settings.sync();
        output.restore();

        const QList<QByteArray> secrets = tokens.witnessedSecrets();
        {
            QMutexLocker lock(&logMutex);
            QVERIFY(capturedLog.filter(QStringLiteral("kete.")).size() > 0);
        }
        // At least the code, its verifier, and the tokens of the sign-in, the refresh and the
        // restore.
        QVERIFY2(secrets.size() >= 6, qPrintable(QString::number(secrets.size())));
        // The id_token of the sign-in (a signed JWT: header.claims.signature) is among them.
        QVERIFY(std::any_of(secrets.cbegin(), secrets.cend(), [](const QByteArray &secret) {
            return secret.startsWith("eyJ") && secret.count('.') == 2;
        }));

        const QStringList leaks = leaksOf(secrets);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
    }

    // Dynamic registration: Kete makes a key pair, registers the public key and keeps the
    // private key in the keychain. No line of it (nor the id_token, code or tokens of that
    // sign-in) is anywhere else.
    void registrationKeyStaysInTheKeychain()
    {
        auto host = startSandbox(300, {sandbox::Fault::DynamicRegistration});
        QVERIFY(host);
        sandbox::TokenStore &tokens = host->server()->tokens();
        tokens.witnessSecrets();
        QSettings settings(m_dir.filePath(QStringLiteral("kete-registered.ini")),
                           QSettings::IniFormat);
        const MainWindowOptions options =
            windowOptions(&settings, QStringLiteral("org.kete.Kete.tests.leakaudit"), 300);
        CapturedOutput output(m_dir.filePath(QStringLiteral("output-registered.txt")));
        QByteArray privateKey;
        {
            MainWindow window(options);
            window.show();
            window.connectTo(host->fhirBaseUrl());
            QVERIFY(QTest::qWaitFor([&] { return window.signIn()->browser() != nullptr; },
                                    kLoadTimeout));
            QVERIFY(signInAndApprove(window.signIn()->browser()->view(), QStringLiteral("hemi")));
            QVERIFY(QTest::qWaitFor(
                [&] { return window.patientRecord() && window.patientRecord()->outcome(); },
                kLoadTimeout));
            ProviderStore &providers = *window.providers();
            const QString providerId = providers.providers().constFirst().id;
            QVERIFY(QTest::qWaitFor(
                [&] { return !providers.provider(providerId)->dynamicClientId.isEmpty(); },
                kLoadTimeout));
            bool read = false;
            providers.readClientKey(providerId, [&](Result<std::optional<QByteArray>> key) {
                if (key && key.value())
                    privateKey = *key.value();
                read = true;
            });
            QVERIFY(QTest::qWaitFor([&] { return read; }, 20000));
            QVERIFY(privateKey.contains("PRIVATE KEY"));
            QVERIFY(waitUntilCopyKept(window));
            dialogs::setNextAnswer(QMessageBox::Discard);
            window.signOut();
            QVERIFY(QTest::qWaitFor([&] { return window.welcomePage()->isVisible(); }, 20000));
        }
        settings.sync();
        output.restore();

        QList<QByteArray> secrets = tokens.witnessedSecrets();
        QVERIFY(std::any_of(secrets.cbegin(), secrets.cend(), [](const QByteArray &secret) {
            return secret.startsWith("eyJ") && secret.count('.') == 2;
        }));
        // Each whole line of the key's PEM body (64 characters of base64).
        for (const QByteArray &line : privateKey.split('\n')) {
            if (line.size() == 64)
                secrets.append(line);
        }
        QVERIFY(secrets.size() > 10);
        const QStringList leaks = leaksOf(secrets);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
    }

private:
    // Where each secret was found: the captured log, the test's folder (settings, output,
    // temporary folder) and Kete's own folders.
    QStringList leaksOf(const QList<QByteArray> &secrets) const
    {
        QStringList leaks;
        {
            QMutexLocker lock(&logMutex);
            const QByteArray log = capturedLog.join(QLatin1Char('\n')).toUtf8();
            for (qsizetype i = 0; i < secrets.size(); ++i) {
                if (log.contains(secrets[i]))
                    leaks.append(QStringLiteral("log: secret #") + QString::number(i));
            }
        }
        leaks += filesHolding(m_dir.path(), secrets);
        for (const auto location : folders())
            leaks += filesHolding(QStandardPaths::writableLocation(location), secrets);
        return leaks;
    }

    // Where Kete keeps its data (the offline copies), caches and any WebEngine profile.
    static QList<QStandardPaths::StandardLocation> folders()
    {
        return {QStandardPaths::AppDataLocation, QStandardPaths::AppLocalDataLocation,
                QStandardPaths::CacheLocation, QStandardPaths::AppConfigLocation};
    }

    QTemporaryDir m_dir;
};

QTEST_MAIN(TestLeakAudit)
#include "tst_leakaudit.moc"
