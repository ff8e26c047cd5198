#include "support/loopbackserver.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QSignalSpy>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineView>

// The embedded browser works here at all: it loads a page over real HTTP from 127.0.0.1 and
// the test reads the resulting DOM through runJavaScript.
class TestWebviewSmoke : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsPageAndReadsDom()
    {
        QHttpServer server;
        server.route(QStringLiteral("/hello"), [] {
            return QHttpServerResponse(
                QByteArrayLiteral("text/html"),
                QByteArrayLiteral("<!doctype html><title>Hi</title>"
                                  "<p id=greeting>Kia ora from 127.0.0.1</p>"));
        });
        const quint16 port = kete::test::listenOnLoopback(server);
        QVERIFY(port != 0);

        QWebEngineView view;
        QSignalSpy loaded(&view, &QWebEngineView::loadFinished);
        view.load(QUrl(QStringLiteral("http://127.0.0.1:%1/hello").arg(port)));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        QVERIFY(loaded.first().first().toBool());

        QString text;
        view.page()->runJavaScript(
            QStringLiteral("document.getElementById('greeting').textContent"),
            [&text](const QVariant &result) { text = result.toString(); });
        QTRY_COMPARE_WITH_TIMEOUT(text, QStringLiteral("Kia ora from 127.0.0.1"), 20000);
        QCOMPARE(view.title(), QStringLiteral("Hi"));
    }
};

QTEST_MAIN(TestWebviewSmoke)
#include "tst_webview_smoke.moc"
