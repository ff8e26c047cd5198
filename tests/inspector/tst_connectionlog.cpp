#include "common/logging.h"
#include "inspector/connectionlog.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace kete;
using namespace kete::inspector;

namespace {

// Made-up secrets, long enough to be spotted anywhere in a report.
const QString kState = QStringLiteral("STATE-b64url-0123456789abcdefghijklmnopqrstuvw");
const QString kChallenge = QStringLiteral("CHALLENGE-0123456789abcdefghijklmnopqrstuvwxy");
const QString kCode = QStringLiteral("CODE-0123456789abcdefghijklmnopqrstuvwxyzABCD");
const QString kVerifier = QStringLiteral("VERIFIER-0123456789abcdefghijklmnopqrstuvwxyz");
const QString kSecret = QStringLiteral("CLIENTSECRET-0123456789abcdefghijklmnopqrst");
const QString kAccess = QStringLiteral("ACCESS-0123456789abcdefghijklmnopqrstuvwxyzAB");
const QString kRefresh = QStringLiteral("REFRESH-0123456789abcdefghijklmnopqrstuvwxyz");
const QString kIdToken = QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.SIGNATURE-xyz");

const QUrl kBase(QStringLiteral("https://fhir.example.org/r4"));

smart::DiscoveryRecord discovery()
{
    smart::DiscoveryRecord record;
    record.fhirBase = kBase;
    record.fetches.append(
        {QUrl(QStringLiteral("https://fhir.example.org/r4/.well-known/smart-configuration")), 200});
    smart::SmartConfiguration config;
    config.fhirBase = kBase;
    config.authorizationEndpoint = QUrl(QStringLiteral("https://auth.example.org/authorize"));
    config.tokenEndpoint = QUrl(QStringLiteral("https://auth.example.org/token"));
    config.jwksUri = QUrl(QStringLiteral("https://auth.example.org/jwks"));
    config.capabilities = {
        QStringLiteral("launch-standalone"),  QStringLiteral("client-public"),
        QStringLiteral("permission-v2"),      QStringLiteral("permission-offline"),
        QStringLiteral("sso-openid-connect"), QStringLiteral("context-standalone-patient")};
    config.codeChallengeMethods = {QStringLiteral("S256")};
    record.configuration = config;
    return record;
}

QUrl authorizeUrl()
{
    QUrl url(QStringLiteral("https://auth.example.org/authorize"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), QStringLiteral("kete-desktop"));
    query.addQueryItem(QStringLiteral("redirect_uri"),
                       QStringLiteral("https://kete.example.org/callback"));
    query.addQueryItem(QStringLiteral("scope"),
                       QStringLiteral("launch/patient openid fhirUser patient/Observation.rs"));
    query.addQueryItem(QStringLiteral("state"), kState);
    query.addQueryItem(QStringLiteral("aud"), kBase.toString());
    query.addQueryItem(QStringLiteral("code_challenge"), kChallenge);
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    query.addQueryItem(QStringLiteral("something_new"), QStringLiteral("unknown-value"));
    url.setQuery(query);
    return url;
}

smart::RedirectRecord redirect(const QString &state, const QString &error = {})
{
    QUrl url(QStringLiteral("https://kete.example.org/callback"));
    QUrlQuery query;
    if (error.isEmpty()) {
        query.addQueryItem(QStringLiteral("code"), kCode);
    } else {
        query.addQueryItem(QStringLiteral("error"), error);
        query.addQueryItem(QStringLiteral("error_description"), QStringLiteral("The user said no"));
    }
    query.addQueryItem(QStringLiteral("state"), state);
    url.setQuery(query);
    return smart::RedirectRecord::fromRedirect(url, QUrlQuery(url), kState.toLatin1());
}

smart::TokenExchangeRecord tokenExchange()
{
    smart::TokenExchangeRecord record;
    record.tokenEndpoint = QUrl(QStringLiteral("https://auth.example.org/token"));
    record.confidentialClient = true;
    record.requestedScope = QStringLiteral("launch/patient openid fhirUser patient/Observation.rs "
                                           "patient/Condition.rs offline_access");
    QMultiMap<QString, QVariant> parameters;
    parameters.insert(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    parameters.insert(QStringLiteral("code"), kCode.toLatin1());
    parameters.insert(QStringLiteral("redirect_uri"),
                      QUrl::toPercentEncoding(QStringLiteral("https://kete.example.org/callback")));
    parameters.insert(QStringLiteral("code_verifier"), kVerifier.toLatin1());
    parameters.insert(QStringLiteral("client_secret"), kSecret);
    record.requestParameters = smart::TokenExchangeRecord::redactedParameters(parameters);
    record.answered = true;
    record.readResponse(QJsonObject{
        {QStringLiteral("access_token"), kAccess},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), 3600},
        {QStringLiteral("refresh_token"), kRefresh},
        {QStringLiteral("scope"),
         QStringLiteral("launch/patient openid fhirUser patient/Observation.rs offline_access")},
        {QStringLiteral("patient"), QStringLiteral("p-123")},
        {QStringLiteral("need_patient_banner"), true},
        {QStringLiteral("id_token"), kIdToken}});
    record.notGranted = {QStringLiteral("conditions")};
    record.idTokenVerified = true;
    record.idTokenIssuer = kBase.toString();
    record.idTokenAudience = QStringLiteral("kete-desktop");
    record.idTokenExpiresAt =
        QDateTime::fromString(QStringLiteral("2030-01-02T03:04:05Z"), Qt::ISODate);
    record.idTokenFhirUser = QStringLiteral("Patient/p-123");
    return record;
}

fhir::RequestRecord request(const QString &url, int status, int pages)
{
    fhir::RequestRecord record;
    record.method = QStringLiteral("GET");
    record.resourceType = QStringLiteral("Observation");
    record.url = url;
    record.status = status;
    record.durationMs = 42;
    record.bytes = 12345;
    record.pages = pages;
    record.resources = 17;
    return record;
}

void fill(ConnectionLog &log)
{
    log.reset(kBase);
    log.recordDiscovery(discovery());
    auto authorization = smart::AuthorizationRequestRecord::fromAuthorizeUrl(authorizeUrl());
    authorization.confidentialClient = true;
    log.recordAuthorizationRequest(authorization);
    log.recordRedirect(redirect(kState));
    log.recordTokenExchange(tokenExchange());
    log.recordRequest(request(QStringLiteral("/r4/Patient/p-123"), 200, 1));
    log.recordRefresh(true, QStringLiteral("new access token, valid for 3600 s"));
    log.recordRequest(request(QStringLiteral("/r4/Observation?patient=p-123&_count=200"), 200, 3));
}

QStringList secrets()
{
    return {kState, kChallenge, kCode, kVerifier, kSecret, kAccess, kRefresh, kIdToken};
}

} // namespace

// The connection details: every step of the handshake in order, in words, with no secret.
class TestConnectionLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stepsInOrderWithTheirPurpose()
    {
        ConnectionLog log;
        QSignalSpy changed(&log, &ConnectionLog::changed);
        QVERIFY(log.isEmpty());
        fill(log);
        QCOMPARE(changed.count(), 8);
        QVERIFY(!log.isEmpty());
        QCOMPARE(log.activity().size(), 3);
        QVERIFY(std::holds_alternative<RefreshRecord>(log.activity().at(1)));

        const QString text = log.toText();
        if (qEnvironmentVariableIsSet("KETE_PRINT_REPORT"))
            qInfo().noquote() << text;
        const QList<ConnectionLog::Step> steps{
            ConnectionLog::Step::Discovery, ConnectionLog::Step::AuthorizationRequest,
            ConnectionLog::Step::Redirect,  ConnectionLog::Step::TokenExchange,
            ConnectionLog::Step::Requests,  ConnectionLog::Step::Habits};
        qsizetype previous = -1;
        for (int i = 0; i < steps.size(); ++i) {
            const QString purpose = ConnectionLog::purposeOf(steps.at(i));
            QVERIFY(!purpose.isEmpty());
            const qsizetype at = text.indexOf(purpose);
            QVERIFY2(at > previous, qPrintable(purpose));
            QVERIFY(text.contains(QStringLiteral("%1. ").arg(i + 1)));
            previous = at;
        }
        QVERIFY(ConnectionLog::purposeOf(ConnectionLog::Step::AuthorizationRequest)
                    .contains(QLatin1String("PKCE proves")));

        // 1. discovery: the URL, endpoints, relied-on capabilities marked.
        QVERIFY(text.contains(QString::fromUtf8(
            "✓ Discovery URL: https://fhir.example.org/r4/.well-known/smart-configuration → "
            "HTTP 200")));
        QVERIFY(text.contains(QLatin1String("Token endpoint: https://auth.example.org/token")));
        for (const char *capability :
             {"✓ launch-standalone", "✓ permission-v2 / permission-v1", "✓ permission-offline",
              "✓ sso-openid-connect", "✓ code_challenge_methods_supported: S256"})
            QVERIFY2(text.contains(QString::fromUtf8(capability)), capability);
        // The client is confidential here, and the server lists only client-public.
        QVERIFY(text.contains(
            QString::fromUtf8("✗ client-public / client-confidential-symmetric: missing")));
        QVERIFY(text.contains(QLatin1String("Other capabilities: context-standalone-patient")));

        // 2. every authorization parameter by name.
        for (const char *name : {"response_type", "client_id", "redirect_uri", "scope", "aud",
                                 "state", "code_challenge", "code_challenge_method"})
            QVERIFY2(text.contains(QLatin1String(name) + QLatin1String(": ")), name);
        QVERIFY(text.contains(QLatin1String("client_id: kete-desktop")));
        QVERIFY(text.contains(QString::fromUtf8("✓ code_challenge_method: S256")));

        // 3. the redirect: names, state matched.
        QVERIFY(text.contains(QLatin1String("Parameters received: code, state")));
        QVERIFY(text.contains(QString::fromUtf8("✓ state: matched")));
        QVERIFY(text.contains(QString::fromUtf8("✓ code: received (not shown)")));

        // 4. the token exchange: request by name, answer fields, claims.
        QVERIFY(text.contains(QLatin1String("HTTP Basic")));
        QVERIFY(text.contains(QLatin1String("sent grant_type: authorization_code")));
        QVERIFY(text.contains(QLatin1String("sent code: (redacted)")));
        QVERIFY(text.contains(QLatin1String("sent code_verifier: (redacted)")));
        QVERIFY(
            text.contains(QLatin1String("sent redirect_uri: https://kete.example.org/callback")));
        QVERIFY(!text.contains(QLatin1String("client_secret")));
        for (const char *line :
             {"token_type: Bearer", "expires_in: 3600 s", "patient: p-123",
              "need_patient_banner: yes", "refresh_token: received (not shown)",
              "id_token: received (not shown)", "iss: https://fhir.example.org/r4",
              "aud: kete-desktop", "exp: 2030-01-02T03:04:05Z",
              "fhirUser (id_token): Patient/p-123", "not granted: conditions"})
            QVERIFY2(text.contains(QLatin1String(line)), line);
        QVERIFY(text.contains(QLatin1String("scope requested: launch/patient")));
        QVERIFY(text.contains(QLatin1String("scope granted: launch/patient")));

        // 5. the requests and the refresh, in order.
        const qsizetype patient = text.indexOf(QLatin1String("GET /r4/Patient/p-123: 200"));
        const qsizetype refresh = text.indexOf(QLatin1String("Token refresh at"));
        const qsizetype search = text.indexOf(QLatin1String("GET /r4/Observation?patient=p-123"));
        QVERIFY(patient > 0 && refresh > patient && search > refresh);
        QVERIFY(text.contains(QString::fromUtf8("200 · 42 ms · 12345 bytes · 3 pages")));
    }

    void noSecretInRecordsOrText()
    {
        ConnectionLog log;
        fill(log);
        const QString text = log.toText();
        for (const QString &secret : secrets()) {
            QVERIFY2(!text.contains(secret), qPrintable(secret.left(12)));
            // Not even a large piece of one.
            QVERIFY2(!text.contains(secret.mid(8, 24)), qPrintable(secret.left(12)));
        }
        // state and challenge are shown the one way kete::redacted() shows them.
        QVERIFY(text.contains(QLatin1String("state: ") + kete::redacted(kState)));
        QVERIFY(text.contains(QLatin1String("code_challenge: ") + kete::redacted(kChallenge)));
        // A parameter Kete does not know is redacted too.
        QVERIFY(!text.contains(QLatin1String("unknown-value")));

        // Redacted at the source: the records themselves hold nothing secret.
        const auto authorization =
            smart::AuthorizationRequestRecord::fromAuthorizeUrl(authorizeUrl());
        for (const auto &[name, value] : authorization.parameters)
            for (const QString &secret : secrets())
                QVERIFY2(!value.contains(secret), qPrintable(name));
        QCOMPARE(authorization.authorizationEndpoint.query(), QString());
        const smart::RedirectRecord back = redirect(kState);
        QCOMPARE(back.parameterNames,
                 (QStringList{QStringLiteral("code"), QStringLiteral("state")}));
        QVERIFY(!back.redirectUri.hasQuery());
        const smart::TokenExchangeRecord exchange = tokenExchange();
        for (const auto &[name, value] : exchange.requestParameters) {
            QVERIFY(name != QLatin1String("client_secret"));
            for (const QString &secret : secrets())
                QVERIFY2(!value.contains(secret), qPrintable(name));
        }
        QVERIFY(exchange.responseFields.contains(QStringLiteral("access_token")));
        QVERIFY(exchange.refreshTokenReceived);
        QVERIFY(exchange.idTokenReceived);
    }

    void refusedRedirect()
    {
        const smart::RedirectRecord wrongState = redirect(QStringLiteral("somebody-else"));
        QVERIFY(!wrongState.stateMatched);
        QVERIFY(wrongState.codeReceived);
        const smart::RedirectRecord denied = redirect(kState, QStringLiteral("access_denied"));
        QVERIFY(denied.stateMatched);
        QVERIFY(!denied.codeReceived);

        ConnectionLog log;
        log.reset(kBase);
        log.recordDiscovery(discovery());
        log.recordAuthorizationRequest(
            smart::AuthorizationRequestRecord::fromAuthorizeUrl(authorizeUrl()));
        log.recordRedirect(denied);
        const QString text = log.toText();
        QVERIFY(text.contains(QString::fromUtf8("✗ error: access_denied · The user said no")));
        // Steps not reached say so.
        QVERIFY(text.contains(QLatin1String("4. Token exchange")));
        QVERIFY(text.contains(QLatin1String("Not reached.")));
        QVERIFY(text.contains(QLatin1String("None yet.")));
        QVERIFY(!text.contains(kState));
    }

    void newAttemptAndResetStartOver()
    {
        ConnectionLog log;
        fill(log);
        // A new discovery is a new attempt: the later sign-in steps of the last one go.
        log.recordDiscovery(discovery());
        QVERIFY(log.discovery());
        QVERIFY(!log.authorizationRequest());
        QVERIFY(!log.redirect());
        QVERIFY(!log.tokenExchange());
        log.reset(QUrl(QStringLiteral("https://other.example.org/fhir")));
        QVERIFY(log.isEmpty());
        QCOMPARE(log.fhirBase().host(), QStringLiteral("other.example.org"));
        QVERIFY(log.toText().contains(QLatin1String("Not done in this session yet.")));
    }

    // The habits of real EHRs that the connection met are named, in words; none met, none named.
    void serverHabitsNamedWhenMet()
    {
        ConnectionLog plain;
        fill(plain);
        const QString quiet = plain.toText();
        QVERIFY(quiet.contains(QLatin1String("Nothing out of the ordinary met so far.")));

        ConnectionLog log;
        log.reset(kBase);
        smart::TokenExchangeRecord token = tokenExchange();
        token.grantedScope =
            QStringLiteral("launch/patient openid fhirUser patient/Observation.rs");
        token.expiresIn = 600;
        log.recordTokenExchange(token);
        fhir::RequestRecord labs =
            request(QStringLiteral("/r4/Observation?category=laboratory"), 200, 4);
        labs.restarts = 1;
        labs.throttled = 2;
        labs.tokenRefreshed = true;
        log.recordRequest(labs);
        const QString text = log.toText();
        QVERIFY2(text.contains(QLatin1String("without naming offline_access")), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("access tokens last 10 minutes; one ran out")));
        QVERIFY(
            text.contains(QLatin1String("searched again and skipped what it already had (once)")));
        QVERIFY(text.contains(QLatin1String("waited as long as the server asked (2 times)")));
        QVERIFY(!text.contains(QLatin1String("Nothing out of the ordinary")));
    }

    void activityIsBounded()
    {
        ConnectionLog log;
        for (int i = 0; i < ConnectionLog::maxActivity + 5; ++i)
            log.recordRequest(request(QStringLiteral("/r4/Patient/%1").arg(i), 200, 1));
        QCOMPARE(log.activity().size(), ConnectionLog::maxActivity);
        QCOMPARE(log.droppedActivity(), 5);
        QVERIFY(log.toText().contains(QLatin1String("5 older entries not kept")));
    }
};

QTEST_GUILESS_MAIN(TestConnectionLog)
#include "tst_connectionlog.moc"
