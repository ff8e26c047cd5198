// The kete-sandbox executable: base URL on the first stdout line, --help, faults by name, --admin.
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

class tst_SandboxExecutable final : public QObject
{
    Q_OBJECT

private slots:
    void printsItsBaseUrlFirstAndServes();
    void helpListsEveryOption();
    void refusesAnUnknownFault();
    void adminServesTheAdminApi();

private:
    int status(const QUrl &url);
    QNetworkAccessManager m_network;
};

int tst_SandboxExecutable::status(const QUrl &url)
{
    QNetworkReply *reply = m_network.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(20000))
        return -1;
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void tst_SandboxExecutable::printsItsBaseUrlFirstAndServes()
{
    QProcess sandbox;
    sandbox.setProgram(QStringLiteral(KETE_SANDBOX_EXECUTABLE));
    sandbox.setArguments({QStringLiteral("--port"), QStringLiteral("0"),
                          QStringLiteral("--large-patient-observations"), QStringLiteral("200"),
                          QStringLiteral("--auto-approve"), QStringLiteral("--fault"),
                          QStringLiteral("slow-responses:someone-else")});
    sandbox.start();
    QVERIFY(sandbox.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.canReadLine(), 30000);
    const QUrl base(QString::fromUtf8(sandbox.readLine()).trimmed());
    QVERIFY2(base.isValid(), qPrintable(base.toString()));
    QCOMPARE(base.scheme(), QStringLiteral("http"));
    QCOMPARE(base.host(), QStringLiteral("127.0.0.1"));
    QVERIFY(base.port() > 0);
    QCOMPARE(base.path(), QStringLiteral("/fhir"));
    QCOMPARE(status(QUrl(base.toString() + QStringLiteral("/metadata"))), 200);
    QCOMPARE(status(QUrl(base.toString() + QStringLiteral("/Patient"))), 401);
    QCOMPARE(status(QUrl(base.toString() + QStringLiteral("/.well-known/smart-configuration"))),
             200);
    // Without --admin there is no admin API.
    QUrl admin = base;
    admin.setPath(QStringLiteral("/admin/stats"));
    QCOMPARE(status(admin), 404);
    sandbox.terminate();
    QVERIFY(sandbox.waitForFinished(10000));
    // Logs went to stderr, stdout held the URL only.
    QVERIFY(sandbox.readAllStandardOutput().trimmed().isEmpty());
}

void tst_SandboxExecutable::helpListsEveryOption()
{
    QProcess sandbox;
    sandbox.start(QStringLiteral(KETE_SANDBOX_EXECUTABLE), {QStringLiteral("--help")});
    QVERIFY(sandbox.waitForFinished(10000));
    QCOMPARE(sandbox.exitCode(), 0);
    const QString help = QString::fromUtf8(sandbox.readAllStandardOutput());
    for (const char *option :
         {"--port", "--address", "--data", "--seed", "--large-patient-observations", "--clients",
          "--auto-approve", "--fault", "drop-connection", "require-category",
          "collapse-double-slash", "--admin"})
        QVERIFY2(help.contains(QLatin1String(option)), option);
}

void tst_SandboxExecutable::refusesAnUnknownFault()
{
    QProcess sandbox;
    sandbox.start(QStringLiteral(KETE_SANDBOX_EXECUTABLE),
                  {QStringLiteral("--fault"), QStringLiteral("no-such-fault")});
    QVERIFY(sandbox.waitForFinished(10000));
    QVERIFY(sandbox.exitCode() != 0);
    QVERIFY(sandbox.readAllStandardError().contains("no-such-fault"));
}

void tst_SandboxExecutable::adminServesTheAdminApi()
{
    QProcess sandbox;
    sandbox.start(QStringLiteral(KETE_SANDBOX_EXECUTABLE),
                  {QStringLiteral("--large-patient-observations"), QStringLiteral("50"),
                   QStringLiteral("--admin")});
    QVERIFY(sandbox.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.canReadLine(), 30000);
    QUrl admin(QString::fromUtf8(sandbox.readLine()).trimmed());
    admin.setPath(QStringLiteral("/admin/stats"));
    QCOMPARE(status(admin), 200);
    sandbox.terminate();
    QVERIFY(sandbox.waitForFinished(10000));
}

QTEST_GUILESS_MAIN(tst_SandboxExecutable)
#include "tst_sandboxexecutable.moc"
