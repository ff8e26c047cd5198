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

    // GCM spec (McGrew and Viega), test cases 13 and 14: AES-256, zero key and nonce.
    void aesGcmOpensTheSpecVectors()
    {
        const QByteArray key(32, '\0');
        const QByteArray nonce(12, '\0');
        QCOMPARE(
            crypto::open(key, nonce + QByteArray::fromHex("530f8afbc74536b9a963b4f1c4cb738b"), {}),
            std::optional(QByteArray()));
        QCOMPARE(crypto::open(key,
                              nonce + QByteArray::fromHex("cea7403d4d606b6e074ec5d3baf39d18"
                                                          "d0d1c8a799996bf0265b98b5d48ab919"),
                              {}),
                 std::optional(QByteArray(16, '\0')));
    }

    void aesGcmRefusesAnyChange()
    {
        const QByteArray key = crypto::randomBytes(crypto::kAeadKeyBytes);
        const QByteArray message = "HbA1c 48 mmol/mol";
        const QByteArray sealed = crypto::seal(key, message, "provider/Observation/1");
        QCOMPARE(sealed.size(), 12 + message.size() + 16);
        QVERIFY(!sealed.contains(message));
        QCOMPARE(crypto::open(key, sealed, "provider/Observation/1"), std::optional(message));
        // A fresh nonce each time: the same message never looks the same twice.
        QVERIFY(crypto::seal(key, message, "provider/Observation/1") != sealed);

        for (int i = 0; i < sealed.size(); ++i) {
            QByteArray flipped = sealed;
            flipped[i] = char(flipped[i] ^ 0x01);
            QVERIFY2(!crypto::open(key, flipped, "provider/Observation/1"),
                     qPrintable(QString::number(i)));
        }
        QVERIFY(!crypto::open(key, sealed, "provider/Observation/2"));
        QVERIFY(!crypto::open(key, sealed.left(sealed.size() - 1), "provider/Observation/1"));
        QVERIFY(!crypto::open(crypto::randomBytes(32), sealed, "provider/Observation/1"));
        QVERIFY(!crypto::open(key.left(16), sealed, "provider/Observation/1"));
    }

    void oneKeyForManyMessages()
    {
        const QByteArray key = crypto::randomBytes(crypto::kAeadKeyBytes);
        crypto::AeadKey sealer(key);
        crypto::AeadKey opener(key);
        QList<QByteArray> sealed;
        for (int i = 0; i < 50; ++i)
            sealed.append(sealer.seal(QByteArray::number(i).repeated(i), QByteArray::number(i)));
        for (int i = 0; i < 50; ++i) {
            // Messages refused between good ones leave nothing behind in the key's state.
            QByteArray flipped = sealed.at(i);
            flipped[flipped.size() - 1] = char(flipped.back() ^ 0x01);
            QVERIFY(!opener.open(flipped, QByteArray::number(i)));
            QVERIFY(!opener.open(sealed.at(i), QByteArray::number(i + 1)));
            QCOMPARE(opener.open(sealed.at(i), QByteArray::number(i)),
                     std::optional(QByteArray::number(i).repeated(i)));
            // What one key seals, the free functions open, and the other way round.
            QCOMPARE(crypto::open(key, sealed.at(i), QByteArray::number(i)),
                     std::optional(QByteArray::number(i).repeated(i)));
        }
        QCOMPARE(opener.open(crypto::seal(key, "LDL 3.1", "a"), "a"),
                 std::optional(QByteArray("LDL 3.1")));
    }

    void hmacMatchesRfc4231()
    {
        // RFC 4231 test case 2.
        QCOMPARE(crypto::hmacSha256("Jefe", "what do ya want for nothing?").toHex(),
                 QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
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
