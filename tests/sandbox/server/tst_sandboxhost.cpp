// SandboxHost: the sandbox on its own thread, as "Try the demo" starts it.
#include "sandbox/server/sandboxhost.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace kete::sandbox;

class tst_SandboxHost final : public QObject
{
    Q_OBJECT

private slots:
    void runsOnItsOwnThreadAndServes();
    void reportsAPortInUse();
    void destroyedBeforeStartingIsClean();

private:
    static SandboxOptions smallOptions()
    {
        SandboxOptions options;
        options.largePatientObservations = 300;
        return options;
    }
    int status(const QUrl &url, QByteArray *body = nullptr);
    QNetworkAccessManager m_network;
};

int tst_SandboxHost::status(const QUrl &url, QByteArray *body)
{
    QNetworkReply *reply = m_network.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(20000))
        return -1;
    if (body)
        *body = reply->readAll();
    reply->deleteLater();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void tst_SandboxHost::runsOnItsOwnThreadAndServes()
{
    auto host = std::make_unique<SandboxHost>(smallOptions());
    QSignalSpy started(host.get(), &SandboxHost::started);
    QSignalSpy failed(host.get(), &SandboxHost::failed);
    QVERIFY(!host->isRunning());
    host->start();
    QVERIFY(started.wait(30000));
    QCOMPARE(failed.count(), 0);
    const QUrl base = started.first().first().toUrl();
    QCOMPARE(host->fhirBaseUrl(), base);
    QVERIFY(host->isRunning());

    QVERIFY(host->server()->thread() != QThread::currentThread());
    QCOMPARE(host->server()->thread(), host->serverThread());
    QVERIFY(host->serverThread()->isRunning());

    QByteArray body;
    QCOMPARE(status(QUrl(base.toString() + QStringLiteral("/metadata")), &body), 200);
    QCOMPARE(QJsonDocument::fromJson(body).object().value(QLatin1String("fhirVersion")).toString(),
             QStringLiteral("4.0.1"));
    QCOMPARE(status(QUrl(base.toString() + QStringLiteral("/Observation"))), 401);

    QThread *thread = host->serverThread();
    host.reset();
    Q_UNUSED(thread);
    // The port is closed once the host is gone.
    QNetworkReply *reply =
        m_network.get(QNetworkRequest(QUrl(base.toString() + QStringLiteral("/metadata"))));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->error(), QNetworkReply::ConnectionRefusedError);
    reply->deleteLater();
}

void tst_SandboxHost::reportsAPortInUse()
{
    SandboxHost first(smallOptions());
    QSignalSpy started(&first, &SandboxHost::started);
    first.start();
    QVERIFY(started.wait(30000));

    SandboxOptions options = smallOptions();
    options.port = quint16(first.fhirBaseUrl().port());
    SandboxHost second(options);
    QSignalSpy failed(&second, &SandboxHost::failed);
    second.start();
    QVERIFY(failed.wait(30000));
    QVERIFY(!failed.first().first().toString().isEmpty());
    QVERIFY(!second.isRunning());
}

void tst_SandboxHost::destroyedBeforeStartingIsClean()
{
    SandboxHost host(smallOptions());
    QVERIFY(!host.serverThread()->isRunning());
}

QTEST_GUILESS_MAIN(tst_SandboxHost)
#include "tst_sandboxhost.moc"
