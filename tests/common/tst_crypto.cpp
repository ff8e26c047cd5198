#include "common/crypto.h"
#include "common/logging.h"

#include <QTest>
#include <QUrl>

using namespace kete;

class TestCrypto : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void base64UrlRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("one byte, no padding") << QByteArray("\xfb", 1) << QByteArray("-w");
        QTest::newRow("url-safe alphabet") << QByteArray("\xfb\xff\xbf", 3) << QByteArray("-_-_");
    }
    void base64UrlRoundTrip()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, encoded);
        QCOMPARE(crypto::base64Url(bytes), encoded);
        QCOMPARE(crypto::fromBase64Url(encoded), bytes);
    }

    void invalidBase64UrlIsRejected() { QVERIFY(crypto::fromBase64Url("a+b/").isEmpty()); }

    void pkceChallengeMatchesRfc7636AppendixB()
    {
        const QByteArray verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        QCOMPARE(crypto::base64Url(crypto::sha256(verifier)),
                 QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    void randomTokensAreLongAndDistinct()
    {
        const QByteArray a = crypto::randomToken(32);
        const QByteArray b = crypto::randomToken(32);
        QCOMPARE(a.size(), 43);
        QVERIFY(a != b);
    }

    void constantTimeEquals()
    {
        QVERIFY(crypto::constantTimeEquals("abc", "abc"));
        QVERIFY(!crypto::constantTimeEquals("abc", "abd"));
        QVERIFY(!crypto::constantTimeEquals("abc", "abcd"));
    }

    void redactionKeepsNoCharacterOfTheSecret()
    {
        const QString secret = QStringLiteral("eyJhbGciOiJSUzI1NiJ9.secret");
        const QString shown = redacted(secret);
        QVERIFY(!shown.contains(QStringLiteral("eyJ")));
        QVERIFY(shown.contains(QString::number(secret.size())));
    }

    void loggableUrlDropsQuery()
    {
        const QUrl url(QStringLiteral("https://ehr.example/cb?code=SECRET&state=S#frag"));
        QCOMPARE(loggableUrl(url), QStringLiteral("https://ehr.example/cb"));
    }
};

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
