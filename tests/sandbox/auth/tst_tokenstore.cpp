#include "common/crypto.h"
#include "sandbox/auth/tokenstore.h"

#include <QTest>

using namespace kete;
using namespace kete::sandbox;
using namespace std::chrono_literals;

namespace {

const QString redirect = QStringLiteral("http://127.0.0.1:5000/kete/callback");

AccessGrant patientGrant()
{
    AccessGrant grant;
    grant.clientId = QStringLiteral("kete-desktop");
    grant.scopes = {QStringLiteral("patient/Observation.rs"), QStringLiteral("offline_access")};
    grant.patientId = QStringLiteral("p1");
    grant.fhirUser = QStringLiteral("Patient/p1");
    grant.audience = QStringLiteral("http://127.0.0.1/fhir");
    return grant;
}

} // namespace

class tst_TokenStore : public QObject
{
    Q_OBJECT

    QDateTime m_now = QDateTime::fromSecsSinceEpoch(1767268800).toUTC(); // 2026-01-01 12:00
    std::unique_ptr<TokenStore> m_store;
    QByteArray m_verifier;

    QByteArray newCode(bool withRefreshToken = true)
    {
        CodeBinding binding;
        binding.clientId = QStringLiteral("kete-desktop");
        binding.redirectUri = redirect;
        binding.codeChallenge = crypto::base64Url(crypto::sha256(m_verifier));
        binding.grant = patientGrant();
        binding.withRefreshToken = withRefreshToken;
        return m_store->createCode(binding);
    }

    IssuedTokens redeem(const QByteArray &code)
    {
        const RedeemResult result =
            m_store->redeemCode(code, QStringLiteral("kete-desktop"), redirect, m_verifier);
        if (!result.tokens)
            qFatal("redeem failed: %s", qPrintable(result.detail));
        return *result.tokens;
    }

private slots:
    void init()
    {
        m_store = std::make_unique<TokenStore>([this] { return m_now; });
        m_verifier = crypto::randomToken(32);
    }

    void issuedAccessTokenValidatesUntilExpiry()
    {
        const IssuedTokens issued = m_store->issue(patientGrant(), false);
        QCOMPARE(issued.expiresIn, 3600);
        QVERIFY(issued.refreshToken.isEmpty());
        const auto grant = m_store->validateAccessToken(issued.accessToken);
        QVERIFY(grant);
        QCOMPARE(grant->patientId, QStringLiteral("p1"));
        QCOMPARE(grant->expiresAt, m_now.addSecs(3600));
        m_now = m_now.addSecs(3599);
        QVERIFY(m_store->validateAccessToken(issued.accessToken));
        m_now = m_now.addSecs(1);
        QVERIFY(!m_store->validateAccessToken(issued.accessToken));
    }

    void unknownTokensAreRefused()
    {
        m_store->issue(patientGrant(), true);
        QVERIFY(!m_store->validateAccessToken(QByteArray()));
        QVERIFY(!m_store->validateAccessToken(crypto::randomToken()));
        QVERIFY(!m_store->introspect(crypto::randomToken()));
    }

    void customLifetime()
    {
        const IssuedTokens issued = m_store->issue(patientGrant(), false, 5s);
        QCOMPARE(issued.expiresIn, 5);
        m_now = m_now.addSecs(5);
        QVERIFY(!m_store->validateAccessToken(issued.accessToken));
    }

    void expireAccessToken()
    {
        const IssuedTokens issued = m_store->issue(patientGrant(), false);
        const IssuedTokens other = m_store->issue(patientGrant(), false);
        m_store->expireAccessToken(issued.accessToken);
        QVERIFY(!m_store->validateAccessToken(issued.accessToken));
        QVERIFY(m_store->validateAccessToken(other.accessToken));
    }

    void codeRedeemsOnce()
    {
        const QByteArray code = newCode();
        const IssuedTokens issued = redeem(code);
        QVERIFY(!issued.refreshToken.isEmpty());
        QVERIFY(m_store->validateAccessToken(issued.accessToken));

        // The replay fails and takes the first exchange's tokens with it.
        const RedeemResult replay =
            m_store->redeemCode(code, QStringLiteral("kete-desktop"), redirect, m_verifier);
        QVERIFY(!replay.tokens);
        QCOMPARE(replay.error, GrantError::InvalidGrant);
        QVERIFY(!m_store->validateAccessToken(issued.accessToken));
        QVERIFY(!m_store->refresh(issued.refreshToken, QStringLiteral("kete-desktop"), {}).tokens);
    }

    void codeExpiresAfterSixtySeconds()
    {
        const QByteArray code = newCode();
        m_now = m_now.addSecs(60);
        const RedeemResult result =
            m_store->redeemCode(code, QStringLiteral("kete-desktop"), redirect, m_verifier);
        QVERIFY(!result.tokens);
        QVERIFY(result.detail.contains(QLatin1String("expired")));
    }

    void codeBindings_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("redirectUri");
        QTest::addColumn<bool>("rightVerifier");
        QTest::newRow("other client") << "other" << redirect << true;
        QTest::newRow("other redirect") << "kete-desktop"
                                        << "http://127.0.0.1:5001/kete/callback" << true;
        QTest::newRow("wrong verifier") << "kete-desktop" << redirect << false;
    }

    void codeBindings()
    {
        QFETCH(QString, clientId);
        QFETCH(QString, redirectUri);
        QFETCH(bool, rightVerifier);
        const QByteArray code = newCode();
        const QByteArray verifier = rightVerifier ? m_verifier : crypto::randomToken(32);
        QVERIFY(!m_store->redeemCode(code, clientId, redirectUri, verifier).tokens);
        // A mismatch does not consume the code for its rightful owner.
        QVERIFY(
            m_store->redeemCode(code, QStringLiteral("kete-desktop"), redirect, m_verifier).tokens);
    }

    void refreshRotates()
    {
        const IssuedTokens first = redeem(newCode());
        const RedeemResult second =
            m_store->refresh(first.refreshToken, QStringLiteral("kete-desktop"), {});
        QVERIFY(second.tokens);
        QVERIFY(second.tokens->refreshToken != first.refreshToken);
        QVERIFY(m_store->validateAccessToken(second.tokens->accessToken));
        QVERIFY(!m_store->introspect(first.refreshToken)); // rotated away
        QVERIFY(m_store->introspect(second.tokens->refreshToken)->isRefreshToken);
        const RedeemResult third =
            m_store->refresh(second.tokens->refreshToken, QStringLiteral("kete-desktop"), {});
        QVERIFY(third.tokens);
        QVERIFY(m_store->validateAccessToken(third.tokens->accessToken));
    }

    void refreshReuseRevokesTheFamily()
    {
        const IssuedTokens first = redeem(newCode());
        const IssuedTokens second =
            *m_store->refresh(first.refreshToken, QStringLiteral("kete-desktop"), {}).tokens;
        // The old refresh token comes back: it leaked.
        QVERIFY(!m_store->refresh(first.refreshToken, QStringLiteral("kete-desktop"), {}).tokens);
        QVERIFY(!m_store->validateAccessToken(first.accessToken));
        QVERIFY(!m_store->validateAccessToken(second.accessToken));
        QVERIFY(!m_store->refresh(second.refreshToken, QStringLiteral("kete-desktop"), {}).tokens);
    }

    void refreshNarrowsButNeverWidens()
    {
        const IssuedTokens first = redeem(newCode());
        const RedeemResult wider =
            m_store->refresh(first.refreshToken, QStringLiteral("kete-desktop"),
                             QStringList{QStringLiteral("patient/Observation.rs"),
                                         QStringLiteral("patient/Condition.rs")});
        QVERIFY(!wider.tokens);
        const RedeemResult narrower =
            m_store->refresh(first.refreshToken, QStringLiteral("kete-desktop"),
                             QStringList{QStringLiteral("patient/Observation.rs")});
        QVERIFY(narrower.tokens);
        QCOMPARE(narrower.tokens->grant.scopes,
                 QStringList{QStringLiteral("patient/Observation.rs")});
    }

    void refreshByAnotherClientFails()
    {
        const IssuedTokens first = redeem(newCode());
        QVERIFY(!m_store->refresh(first.refreshToken, QStringLiteral("other"), {}).tokens);
    }

    void revokeAccessToken()
    {
        const IssuedTokens issued = redeem(newCode());
        m_store->revoke(issued.accessToken);
        QVERIFY(!m_store->validateAccessToken(issued.accessToken));
        QVERIFY(m_store->refresh(issued.refreshToken, QStringLiteral("kete-desktop"), {}).tokens);
    }

    void revokeRefreshTokenRevokesFamily()
    {
        const IssuedTokens issued = redeem(newCode());
        m_store->revoke(issued.refreshToken);
        QVERIFY(!m_store->validateAccessToken(issued.accessToken));
        QVERIFY(!m_store->refresh(issued.refreshToken, QStringLiteral("kete-desktop"), {}).tokens);
        m_store->revoke(crypto::randomToken()); // unknown: nothing happens
    }

    void introspection()
    {
        const IssuedTokens issued = redeem(newCode());
        const auto access = m_store->introspect(issued.accessToken);
        QVERIFY(access);
        QVERIFY(!access->isRefreshToken);
        QCOMPARE(access->grant.scopes, patientGrant().scopes);
        QVERIFY(m_store->introspect(issued.refreshToken));
    }

    void revokeOnlyForItsClient()
    {
        const IssuedTokens issued = redeem(newCode());
        const QString other = QStringLiteral("other");
        m_store->revoke(issued.accessToken, other);
        m_store->revoke(issued.refreshToken, other);
        QVERIFY(m_store->validateAccessToken(issued.accessToken));
        QVERIFY(m_store->introspect(issued.refreshToken));
        m_store->revoke(issued.refreshToken, QStringLiteral("kete-desktop"));
        QVERIFY(!m_store->validateAccessToken(issued.accessToken));
        QVERIFY(!m_store->introspect(issued.refreshToken));
    }

    void refreshTokenExpires()
    {
        const IssuedTokens first = redeem(newCode());
        m_now = m_now.addSecs(TokenStore::refreshTokenLifetime.count() - 1);
        const RedeemResult second =
            m_store->refresh(first.refreshToken, QStringLiteral("kete-desktop"), {});
        QVERIFY(second.tokens); // each rotation starts a new lifetime
        m_now = m_now.addSecs(TokenStore::refreshTokenLifetime.count() - 1);
        QVERIFY(m_store->introspect(second.tokens->refreshToken));
        m_now = m_now.addSecs(1);
        QVERIFY(!m_store->introspect(second.tokens->refreshToken));
        const RedeemResult late =
            m_store->refresh(second.tokens->refreshToken, QStringLiteral("kete-desktop"), {});
        QVERIFY(!late.tokens);
        QCOMPARE(late.error, GrantError::InvalidGrant);
    }

    void expiredCodesAndTokensArePurged()
    {
        for (int i = 0; i < 100; ++i)
            newCode();
        m_store->issue(patientGrant(), false, 30s);
        QCOMPARE(m_store->sizes().codes, 100);
        QCOMPARE(m_store->sizes().accessTokens, 1);
        m_now = m_now.addSecs(TokenStore::codeLifetime.count());
        newCode(); // an adding call purges once per purgeInterval, without being asked
        QCOMPARE(m_store->sizes().codes, 1);
        QCOMPARE(m_store->sizes().accessTokens, 0);
    }

    // A used code stays while what it produced lives (a replay must still revoke it); then the
    // code, its tokens and their family all go.
    void usedCodeStaysWhileItsTokensLive()
    {
        const QByteArray code = newCode();
        const IssuedTokens issued = redeem(code);
        m_now = m_now.addSecs(TokenStore::codeLifetime.count() + 1);
        m_store->purgeExpired();
        QCOMPARE(m_store->sizes().codes, 1);
        QVERIFY(!m_store->redeemCode(code, QStringLiteral("kete-desktop"), redirect, m_verifier)
                     .tokens);
        QVERIFY(!m_store->validateAccessToken(issued.accessToken));
        QVERIFY(!m_store->introspect(issued.refreshToken));

        m_now = m_now.addSecs(TokenStore::refreshTokenLifetime.count());
        m_store->purgeExpired();
        const TokenStore::Sizes empty = m_store->sizes();
        QCOMPARE(empty.codes, 0);
        QCOMPARE(empty.accessTokens, 0);
        QCOMPARE(empty.refreshTokens, 0);
        QCOMPARE(empty.families, 0);
    }

    void rotatedRefreshTokensArePurgedWithTheirLifetime()
    {
        IssuedTokens current = redeem(newCode());
        for (int i = 0; i < 50; ++i) {
            m_now = m_now.addSecs(3600);
            current =
                *m_store->refresh(current.refreshToken, QStringLiteral("kete-desktop"), {}).tokens;
        }
        m_store->purgeExpired();
        // Only the last day's rotations are kept (for replay detection), and the family lives.
        const qsizetype perLifetime = TokenStore::refreshTokenLifetime.count() / 3600;
        QVERIFY2(m_store->sizes().refreshTokens <= perLifetime + 1,
                 qPrintable(QString::number(m_store->sizes().refreshTokens)));
        QCOMPARE(m_store->sizes().families, 1);
        QVERIFY(m_store->refresh(current.refreshToken, QStringLiteral("kete-desktop"), {}).tokens);
    }

    // 25,000 sign-ins over a simulated week: what is held follows the rate, not the count.
    void heldRecordsStayBounded()
    {
        qsizetype mostCodes = 0;
        qsizetype mostAccess = 0;
        for (int i = 0; i < 25000; ++i) {
            m_now = m_now.addSecs(24); // 150 per hour
            const QByteArray code = newCode(false);
            if (i % 2 == 0)
                redeem(code);
            mostCodes = qMax(mostCodes, m_store->sizes().codes);
            mostAccess = qMax(mostAccess, m_store->sizes().accessTokens);
        }
        // An unused code goes after 60 s (+ the purge interval); a used one and its access token
        // after the token's hour (+ the interval): a bound set by the rate, far below 25,000.
        const qsizetype inAnHour = 3660 / 24 + 1;
        QVERIFY2(mostCodes <= inAnHour, qPrintable(QString::number(mostCodes)));
        QVERIFY2(mostAccess <= inAnHour, qPrintable(QString::number(mostAccess)));
    }
};

QTEST_GUILESS_MAIN(tst_TokenStore)
#include "tst_tokenstore.moc"
