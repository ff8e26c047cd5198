#include "common/transportpolicy.h"
#include "smart/redirecthandler.h"
#include "smart/tokenendpoint.h"

#include <QTest>
#include <QUrlQuery>

using namespace kete;
using namespace kete::smart;

Q_DECLARE_METATYPE(kete::ErrorCode)

// The codes the app branches on come from the errors themselves, not from their detail text.
class TestErrorCodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyOAuthErrorHasItsCode_data()
    {
        QTest::addColumn<QString>("oauthCode");
        QTest::addColumn<ErrorCode>("expected");
        QTest::newRow("invalid_request") << "invalid_request" << ErrorCode::OAuthInvalidRequest;
        QTest::newRow("invalid_client") << "invalid_client" << ErrorCode::OAuthInvalidClient;
        QTest::newRow("invalid_grant") << "invalid_grant" << ErrorCode::OAuthInvalidGrant;
        QTest::newRow("unauthorized_client")
            << "unauthorized_client" << ErrorCode::OAuthUnauthorizedClient;
        QTest::newRow("unsupported_grant_type")
            << "unsupported_grant_type" << ErrorCode::OAuthUnsupportedGrantType;
        QTest::newRow("unsupported_response_type")
            << "unsupported_response_type" << ErrorCode::OAuthUnsupportedResponseType;
        QTest::newRow("invalid_scope") << "invalid_scope" << ErrorCode::OAuthInvalidScope;
        QTest::newRow("access_denied") << "access_denied" << ErrorCode::OAuthAccessDenied;
        QTest::newRow("server_error") << "server_error" << ErrorCode::OAuthServerError;
        QTest::newRow("temporarily_unavailable")
            << "temporarily_unavailable" << ErrorCode::OAuthTemporarilyUnavailable;
        QTest::newRow("not in RFC 6749") << "interaction_required" << ErrorCode::OAuthOther;
        QTest::newRow("empty") << "" << ErrorCode::OAuthOther;
    }

    void everyOAuthErrorHasItsCode()
    {
        QFETCH(QString, oauthCode);
        QFETCH(ErrorCode, expected);
        QCOMPARE(oauthErrorCode(oauthCode), expected);
        for (const bool confidential : {false, true}) {
            const Error error =
                oauthError(oauthCode, QStringLiteral("some words"),
                           OAuthRequester{QStringLiteral("kete"), QUrl(), confidential});
            QCOMPARE(error.code, expected);
            QCOMPARE(error.detail, QStringLiteral("oauth.%1: some words").arg(oauthCode));
            QVERIFY(isOAuthRefusal(error.code));
        }
    }

    void aRedirectErrorIsAnOAuthRefusal()
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("state"), QStringLiteral("s1"));
        query.addQueryItem(QStringLiteral("error"), QStringLiteral("invalid_scope"));
        const auto checked = checkAuthorizationResponse(query, "s1", OAuthRequester{});
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, ErrorCode::OAuthInvalidScope);
    }

    void aRedirectThatDoesNotBelongIsNotAnOAuthRefusal()
    {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("state"), QStringLiteral("other"));
        query.addQueryItem(QStringLiteral("error"), QStringLiteral("access_denied"));
        const auto mismatched = checkAuthorizationResponse(query, "s1", OAuthRequester{});
        QCOMPARE(mismatched.error().code, ErrorCode::RedirectStateMismatch);
        QVERIFY(!isOAuthRefusal(mismatched.error().code));
        QCOMPARE(checkAuthorizationResponse(query, {}, OAuthRequester{}).error().code,
                 ErrorCode::RedirectNotExpected);
        QUrlQuery noCode;
        noCode.addQueryItem(QStringLiteral("state"), QStringLiteral("s1"));
        QCOMPARE(checkAuthorizationResponse(noCode, "s1", OAuthRequester{}).error().code,
                 ErrorCode::RedirectWithoutCode);
    }

    void transportRefusalsHaveTheirCodes()
    {
        QCOMPARE(checkTransport(QUrl(QStringLiteral("http://ehr.example.org/fhir")))->code,
                 ErrorCode::InsecureTransport);
        QCOMPARE(checkTransport(QUrl(QStringLiteral("not a url")))->code, ErrorCode::InvalidUrl);
        QVERIFY(!isOAuthRefusal(ErrorCode::InsecureTransport));
    }

    void resultOfVoid()
    {
        const Result<void> done;
        QVERIFY(done.ok());
        const Result<void> failed(
            Error{QStringLiteral("m"), QStringLiteral("d"), ErrorCode::KeychainUnavailable});
        QVERIFY(!failed);
        QCOMPARE(failed.error().code, ErrorCode::KeychainUnavailable);
        QCOMPARE(failed.error().detail, QStringLiteral("d"));
        QCOMPARE(Error{}.code, ErrorCode::Unspecified);
    }
};

QTEST_GUILESS_MAIN(TestErrorCodes)
#include "tst_errorcodes.moc"
