#include "common/networkerror.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace kete;

// Network errors in words: what a user or a support ticket reads instead of "network error 1".
class TestNetworkError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void words_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("words");
        QTest::newRow("refused") << int(QNetworkReply::ConnectionRefusedError)
                                 << QStringLiteral("connection was refused");
        QTest::newRow("host not found")
            << int(QNetworkReply::HostNotFoundError) << QStringLiteral("name was not found");
        QTest::newRow("timed out")
            << int(QNetworkReply::TimeoutError) << QStringLiteral("timed out");
        QTest::newRow("TLS") << int(QNetworkReply::SslHandshakeFailedError)
                             << QStringLiteral("secure connection (TLS)");
        QTest::newRow("closed") << int(QNetworkReply::RemoteHostClosedError)
                                << QStringLiteral("closed the connection");
        QTest::newRow("redirect") << int(QNetworkReply::InsecureRedirectError)
                                  << QStringLiteral("another address");
        QTest::newRow("proxy") << int(QNetworkReply::ProxyNotFoundError) << QStringLiteral("proxy");
    }

    void words()
    {
        QFETCH(int, error);
        QFETCH(QString, words);
        const auto code = QNetworkReply::NetworkError(error);
        QVERIFY2(networkErrorWords(code).contains(words), qPrintable(networkErrorWords(code)));
        QCOMPARE(networkErrorDetail(code),
                 networkErrorWords(code) + QStringLiteral(" (network error %1)").arg(error));
        // A redirect is never called a certificate problem.
        if (code == QNetworkReply::InsecureRedirectError)
            QVERIFY(!networkErrorWords(code).contains(QStringLiteral("certificate")));
    }

    // For real: nothing listens at the port.
    void refusedConnection()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        QNetworkAccessManager network;
        QNetworkReply *reply =
            network.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port))));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->error(), QNetworkReply::ConnectionRefusedError);
        QVERIFY(networkErrorDetail(reply->error())
                    .startsWith(QStringLiteral("the connection was refused")));
        reply->deleteLater();
    }
};

QTEST_GUILESS_MAIN(TestNetworkError)
#include "tst_networkerror.moc"
