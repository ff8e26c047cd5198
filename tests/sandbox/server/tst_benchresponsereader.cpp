#include "sandbox/server/bench/responsereader.h"

#include <QTest>

using namespace kete::sandbox::bench;

// kete-sandbox-bench counts a response only once it has read all of it: the framing must find
// each response's end exactly, however the bytes arrive (issue 20).
class tst_BenchResponseReader : public QObject
{
    Q_OBJECT

private slots:
    void contentLengthInPieces()
    {
        const QByteArray response = "HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                                    "Content-Length: 11\r\n\r\n{\"id\":\"p1\"}";
        ResponseReader reader;
        for (qsizetype i = 0; i + 1 < response.size(); ++i) {
            reader.append(QByteArrayView(response).sliced(i, 1));
            QVERIFY2(!reader.next(), qPrintable(QString::number(i)));
        }
        reader.append(QByteArrayView(response).last(1));
        const std::optional<HttpResponse> read = reader.next();
        QVERIFY(read);
        QCOMPARE(read->status, 200);
        QCOMPARE(read->bodyBytes, 11);
        QVERIFY(!read->closes);
        QVERIFY(reader.idle());
        QVERIFY(!reader.failed());
    }

    void twoResponsesInOneRead()
    {
        ResponseReader reader;
        reader.append("HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}"
                      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
        const std::optional<HttpResponse> first = reader.next();
        QVERIFY(first);
        QCOMPARE(first->status, 404);
        QCOMPARE(first->bodyBytes, 2);
        const std::optional<HttpResponse> second = reader.next();
        QVERIFY(second);
        QCOMPARE(second->status, 200);
        QCOMPARE(second->bodyBytes, 3);
        QVERIFY(second->closes);
        QVERIFY(!reader.next());
        QVERIFY(reader.idle());
    }

    void chunkedBody()
    {
        const QByteArray response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    "4\r\nWiki\r\n6;ext=1\r\npedia \r\n0\r\nTrailer: x\r\n\r\n";
        ResponseReader reader;
        const qsizetype half = response.size() / 2;
        reader.append(QByteArrayView(response).first(half));
        QVERIFY(!reader.next());
        reader.append(QByteArrayView(response).sliced(half, response.size() - half - 2));
        QVERIFY(!reader.next()); // the empty line after the trailers is missing
        reader.append("\r\n");
        const std::optional<HttpResponse> read = reader.next();
        QVERIFY(read);
        QCOMPARE(read->bodyBytes, 10);
        QVERIFY(reader.idle());
    }

    void garbageFails()
    {
        ResponseReader reader;
        reader.append("<html>not http</html>\r\n\r\n");
        QVERIFY(!reader.next());
        QVERIFY(reader.failed());
    }
};

QTEST_GUILESS_MAIN(tst_BenchResponseReader)
#include "tst_benchresponsereader.moc"
