#include "common/crypto.h"
#include "smart/pkce.h"

#include <QSet>
#include <QTest>

using namespace kete;
using namespace kete::smart;

class TestPkce : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc7636AppendixB()
    {
        QCOMPARE(Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                 QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }

    void generatedVerifierIsWellFormed()
    {
        const Pkce pkce = Pkce::generate();
        // RFC 7636 §4.1: 43..128 characters of [A-Z a-z 0-9 - . _ ~].
        QCOMPARE(pkce.verifier.size(), 43);
        for (char c : pkce.verifier)
            QVERIFY2(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_',
                     pkce.verifier.constData());
        QCOMPARE(pkce.challenge, Pkce::challengeFor(pkce.verifier));
        QVERIFY(pkce.challenge != pkce.verifier);
    }

    // The state (and verifier) come from the CSPRNG: 32 bytes = 256 bits, never repeated.
    void stateEntropy()
    {
        QSet<QByteArray> seen;
        std::array<int, 256> byteCounts{};
        for (int i = 0; i < 2000; ++i) {
            const QByteArray state = crypto::randomToken(32);
            const QByteArray raw = crypto::fromBase64Url(state);
            QCOMPARE(raw.size(), 32); // >= 128 bits
            QVERIFY(!seen.contains(state));
            seen.insert(state);
            for (char b : raw)
                ++byteCounts[static_cast<unsigned char>(b)];
        }
        // 64000 bytes over 256 values: ~250 each; a stuck or biased source would show.
        for (int count : byteCounts)
            QVERIFY2(count > 150 && count < 350, qPrintable(QString::number(count)));
    }
};

QTEST_GUILESS_MAIN(TestPkce)
#include "tst_pkce.moc"
