// The FHIR API over real HTTP on 127.0.0.1: bearer checks, the scope matrix, patient
// compartments, searchset paging, 400s and every resource-server fault.
#include "common/crypto.h"
#include "sandbox/data/patientgenerator.h"
#include "sandbox/data/resourcestore.h"
#include "sandbox/server/sandboxserver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>
#include <atomic>
#include <memory>

using namespace kete::sandbox;
using namespace std::chrono_literals;

namespace {

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QByteArray wwwAuthenticate;
    QByteArray retryAfter;
    QByteArray contentType;
    QByteArray location;
    qint64 elapsedMs = 0;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

const QString amy = QStringLiteral("amy-shaw");
const QString hemi = QStringLiteral("hemi-walker");
const QString lily = QStringLiteral("lily-chen");
const QString grace = QStringLiteral("grace-huang");

QStringList entryIds(const QJsonObject &bundle, const QString &mode = QStringLiteral("match"))
{
    QStringList ids;
    const QJsonArray entries = bundle.value(QLatin1String("entry")).toArray();
    for (const QJsonValue &entry : entries) {
        if (entry[QLatin1String("search")][QLatin1String("mode")].toString() == mode)
            ids.append(entry[QLatin1String("resource")][QLatin1String("id")].toString());
    }
    return ids;
}

QString link(const QJsonObject &bundle, const QString &relation)
{
    const QJsonArray links = bundle.value(QLatin1String("link")).toArray();
    for (const QJsonValue &value : links) {
        if (value[QLatin1String("relation")].toString() == relation)
            return value[QLatin1String("url")].toString();
    }
    return {};
}

} // namespace

class tst_FhirApi final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void metadataIsPublicAndAdvertisesSmart();
    void tokenChecks_data();
    void tokenChecks();
    void realAuthorizationFlowInAutoApprove();
    void scopeMatrix_data();
    void scopeMatrix();
    void categoryRestrictedScopeReturnsOnlyThatCategory();
    void compartmentByIdAnswers404();
    void compartmentBySearch_data();
    void compartmentBySearch();
    void searchWithoutPatientIsConfined();
    void craftedNextLinkStaysConfined();
    void userLevelTokenSeesEveryPatient();
    void pagingIsComplete_data();
    void pagingIsComplete();
    void countDefaultsAndLimits();
    void sortByDateIsDeclaredAndPagesComeNewestFirst_data();
    void sortByDateIsDeclaredAndPagesComeNewestFirst();
    void postSearchAndReadOnly();
    void badRequests_data();
    void badRequests();
    void faultInvalidToken();
    void faultExpireAccessToken();
    void faultSlowResponses();
    void faultTransient_data();
    void faultTransient();
    void faultDropConnection();
    void faultMalformedJson();
    void faultOutcomeWarning();
    void faultRequireCategory();
    void faultCollapseDoubleSlash();

private:
    QByteArray token(const QStringList &scopes, const QString &patientId = amy,
                     const QString &clientId = QStringLiteral("kete-desktop"),
                     std::chrono::seconds lifetime = 3600s, const QString &audience = {});
    HttpResult get(const QString &pathOrUrl, const QByteArray &token = {},
                   const QByteArray &authorization = {});
    HttpResult send(QNetworkRequest request, const QByteArray &verb, const QByteArray &body = {});
    QList<QJsonObject> collectAllPages(const QString &first, const QByteArray &token, int *pages,
                                       qint64 *total);
    QString firstObservationOf(const QString &patientId) const;

    std::shared_ptr<std::atomic<qint64>> m_clockOffsetMs = std::make_shared<std::atomic<qint64>>(0);
    std::unique_ptr<SandboxServer> m_server;
    QNetworkAccessManager m_network;
    QUrl m_base;
};

void tst_FhirApi::initTestCase()
{
    SandboxOptions options;
    options.largePatientObservations = 20000;
    options.autoApproveUser = QString(); // the first demo patient
    auto offset = m_clockOffsetMs;
    options.clock = [offset] { return QDateTime::currentDateTimeUtc().addMSecs(offset->load()); };
    options.faults.enableFor(QStringLiteral("fault-invalid-token"), Fault::InvalidToken);
    options.faults.enableFor(QStringLiteral("fault-expire"), Fault::ExpireAccessToken);
    options.faults.enableFor(QStringLiteral("fault-slow"), Fault::SlowResponses);
    options.faults.enableFor(QStringLiteral("fault-429"), Fault::TooManyRequests);
    options.faults.enableFor(QStringLiteral("fault-503"), Fault::ServiceUnavailable);
    options.faults.enableFor(QStringLiteral("fault-drop"), Fault::DropConnection);
    options.faults.enableFor(QStringLiteral("fault-malformed"), Fault::MalformedJson);
    options.faults.enableFor(QStringLiteral("fault-outcome"), Fault::OutcomeWarning);
    options.faults.enableFor(QStringLiteral("fault-category"), Fault::RequireCategory);
    options.faults.enableFor(QStringLiteral("fault-slashes"), Fault::CollapseDoubleSlash);
    m_server = std::make_unique<SandboxServer>(options);
    const kete::Result<QUrl> base = m_server->start();
    QVERIFY2(base.ok(), qPrintable(base.ok() ? QString() : base.error().detail));
    m_base = *base;
    QCOMPARE(m_base.host(), QStringLiteral("127.0.0.1"));
    QVERIFY(m_base.port() > 0);
    QCOMPARE(m_base.path(), QStringLiteral("/fhir"));
}

QByteArray tst_FhirApi::token(const QStringList &scopes, const QString &patientId,
                              const QString &clientId, std::chrono::seconds lifetime,
                              const QString &audience)
{
    AccessGrant grant;
    grant.clientId = clientId;
    grant.scopes = scopes;
    grant.patientId = patientId;
    grant.fhirUser = QStringLiteral("Patient/") + patientId;
    grant.audience = audience.isEmpty() ? m_base.toString() : audience;
    return m_server->tokens().issue(grant, false, lifetime).accessToken;
}

HttpResult tst_FhirApi::send(QNetworkRequest request, const QByteArray &verb,
                             const QByteArray &body)
{
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    HttpResult result;
    if (!finished.wait(30000)) {
        reply->abort();
        reply->deleteLater();
        result.error = QNetworkReply::TimeoutError;
        return result;
    }
    result.elapsedMs = timer.elapsed();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.body = reply->readAll();
    result.wwwAuthenticate = reply->rawHeader("WWW-Authenticate");
    result.retryAfter = reply->rawHeader("Retry-After");
    result.contentType = reply->rawHeader("Content-Type");
    result.location = reply->rawHeader("Location");
    reply->deleteLater();
    return result;
}

HttpResult tst_FhirApi::get(const QString &pathOrUrl, const QByteArray &token,
                            const QByteArray &authorization)
{
    const QUrl url = pathOrUrl.startsWith(QLatin1String("http"))
                         ? QUrl(pathOrUrl)
                         : QUrl(m_base.toString() + QLatin1Char('/') + pathOrUrl);
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/fhir+json");
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    else if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    return send(request, "GET");
}

QList<QJsonObject> tst_FhirApi::collectAllPages(const QString &first, const QByteArray &token,
                                                int *pages, qint64 *total)
{
    QList<QJsonObject> bundles;
    QString next = first;
    *pages = 0;
    while (!next.isEmpty() && *pages < 1000) {
        const HttpResult page = get(next, token);
        if (page.status != 200)
            return {};
        const QJsonObject bundle = page.json();
        *total = bundle.value(QLatin1String("total")).toInteger(-1);
        bundles.append(bundle);
        ++*pages;
        next = link(bundle, QStringLiteral("next"));
    }
    return bundles;
}

QString tst_FhirApi::firstObservationOf(const QString &patientId) const
{
    const auto matches = m_server->store().search(QStringLiteral("Observation"),
                                                  {{QStringLiteral("patient"), patientId}});
    return matches.ok() && !matches->isEmpty()
               ? matches->first().value(QLatin1String("id")).toString()
               : QString();
}

void tst_FhirApi::metadataIsPublicAndAdvertisesSmart()
{
    const HttpResult result = get(QStringLiteral("metadata"));
    QCOMPARE(result.status, 200);
    QVERIFY(result.contentType.startsWith("application/fhir+json"));
    const QJsonObject statement = result.json();
    QCOMPARE(statement.value(QLatin1String("resourceType")).toString(),
             QStringLiteral("CapabilityStatement"));
    QCOMPARE(statement.value(QLatin1String("fhirVersion")).toString(), QStringLiteral("4.0.1"));
    const QJsonObject security =
        statement[QLatin1String("rest")][0][QLatin1String("security")].toObject();
    QCOMPARE(
        security[QLatin1String("service")][0][QLatin1String("coding")][0][QLatin1String("code")]
            .toString(),
        QStringLiteral("SMART-on-FHIR"));
    const QJsonObject oauth = security[QLatin1String("extension")][0].toObject();
    QCOMPARE(
        oauth.value(QLatin1String("url")).toString(),
        QStringLiteral("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"));
    QHash<QString, QString> uris;
    const QJsonArray extensions = oauth.value(QLatin1String("extension")).toArray();
    for (const QJsonValue &extension : extensions)
        uris.insert(extension[QLatin1String("url")].toString(),
                    extension[QLatin1String("valueUri")].toString());
    QCOMPARE(uris.value(QStringLiteral("token")), m_server->tokenEndpoint().toString());
    QCOMPARE(uris.value(QStringLiteral("authorize")), m_server->authorizationEndpoint().toString());
    QVERIFY(uris.value(QStringLiteral("revoke")).endsWith(QLatin1String("/auth/revoke")));
    QVERIFY(uris.value(QStringLiteral("introspect")).endsWith(QLatin1String("/auth/introspect")));
}

void tst_FhirApi::tokenChecks_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("missing") << QStringLiteral("missing");
    QTest::newRow("basic scheme") << QStringLiteral("basic");
    QTest::newRow("unknown") << QStringLiteral("unknown");
    QTest::newRow("expired") << QStringLiteral("expired");
    QTest::newRow("revoked") << QStringLiteral("revoked");
    QTest::newRow("wrong audience") << QStringLiteral("audience");
}

void tst_FhirApi::tokenChecks()
{
    QFETCH(QString, kind);
    const QStringList scopes{QStringLiteral("patient/*.rs")};
    QByteArray bearer;
    QByteArray authorization;
    if (kind == QLatin1String("basic")) {
        authorization = "Basic " + QByteArray("a:b").toBase64();
    } else if (kind == QLatin1String("unknown")) {
        bearer = kete::crypto::randomToken();
    } else if (kind == QLatin1String("expired")) {
        bearer = token(scopes, amy, QStringLiteral("kete-desktop"), 60s);
        QCOMPARE(get(QStringLiteral("Patient/amy-shaw"), bearer).status, 200);
        m_clockOffsetMs->fetch_add(61000);
    } else if (kind == QLatin1String("revoked")) {
        bearer = token(scopes);
        QCOMPARE(get(QStringLiteral("Patient/amy-shaw"), bearer).status, 200);
        m_server->tokens().revoke(bearer);
    } else if (kind == QLatin1String("audience")) {
        bearer = token(scopes, amy, QStringLiteral("kete-desktop"), 3600s,
                       QStringLiteral("http://127.0.0.1:1/fhir"));
    }
    const HttpResult result = get(QStringLiteral("Patient/amy-shaw"), bearer, authorization);
    QCOMPARE(result.status, 401);
    QVERIFY2(result.wwwAuthenticate.contains("Bearer realm=\"kete-sandbox\""),
             result.wwwAuthenticate.constData());
    QVERIFY(result.wwwAuthenticate.contains("error=\"invalid_token\""));
    QCOMPARE(result.json().value(QLatin1String("resourceType")).toString(),
             QStringLiteral("OperationOutcome"));
    QVERIFY(!result.body.contains("amy"));
}

void tst_FhirApi::realAuthorizationFlowInAutoApprove()
{
    const QByteArray verifier = kete::crypto::randomToken();
    const QByteArray challenge = kete::crypto::base64Url(kete::crypto::sha256(verifier));
    const QString redirect = QStringLiteral("http://127.0.0.1:5555/callback.html");
    QUrl authorize = m_server->authorizationEndpoint();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), QStringLiteral("fhirclient-conformance"));
    query.addQueryItem(QStringLiteral("redirect_uri"), redirect);
    query.addQueryItem(QStringLiteral("scope"),
                       QStringLiteral("launch/patient openid fhirUser patient/Observation.rs"));
    query.addQueryItem(QStringLiteral("state"), QStringLiteral("s1"));
    query.addQueryItem(QStringLiteral("aud"), m_base.toString());
    query.addQueryItem(QStringLiteral("code_challenge"), QString::fromLatin1(challenge));
    query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    authorize.setQuery(query);
    const HttpResult redirected = send(QNetworkRequest(authorize), "GET");
    QCOMPARE(redirected.status, 302);
    const QUrlQuery back(QUrl(QString::fromUtf8(redirected.location)));
    const QString code = back.queryItemValue(QStringLiteral("code"));
    QVERIFY(!code.isEmpty());

    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    form.addQueryItem(QStringLiteral("code"), code);
    form.addQueryItem(QStringLiteral("redirect_uri"), redirect);
    form.addQueryItem(QStringLiteral("client_id"), QStringLiteral("fhirclient-conformance"));
    form.addQueryItem(QStringLiteral("code_verifier"), QString::fromLatin1(verifier));
    QNetworkRequest tokenRequest(m_server->tokenEndpoint());
    tokenRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                           QStringLiteral("application/x-www-form-urlencoded"));
    const HttpResult tokenReply =
        send(tokenRequest, "POST", form.toString(QUrl::FullyEncoded).toLatin1());
    QCOMPARE(tokenReply.status, 200);
    const QJsonObject tokens = tokenReply.json();
    const QString patient = tokens.value(QLatin1String("patient")).toString();
    QCOMPARE(patient, m_server->directory().patients.constFirst().patientId);
    const QByteArray access = tokens.value(QLatin1String("access_token")).toString().toLatin1();

    const HttpResult observations = get(QStringLiteral("Observation?_count=5"), access);
    QCOMPARE(observations.status, 200);
    QCOMPARE(entryIds(observations.json()).size(), 5);
    // Observation only: Condition is not granted.
    QCOMPARE(get(QStringLiteral("Condition"), access).status, 403);
}

void tst_FhirApi::scopeMatrix_data()
{
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");

    const QString obs = QStringLiteral("Observation/") + QStringLiteral("$OBS");
    const QString search = QStringLiteral("Observation?_count=3");
    QTest::newRow("v1 read: read")
        << QStringList{QStringLiteral("patient/Observation.read")} << obs << 200;
    QTest::newRow("v1 read: search")
        << QStringList{QStringLiteral("patient/Observation.read")} << search << 200;
    QTest::newRow("v1 read: other type") << QStringList{QStringLiteral("patient/Observation.read")}
                                         << QStringLiteral("Condition") << 403;
    QTest::newRow("v1 wildcard: Condition")
        << QStringList{QStringLiteral("patient/*.read")} << QStringLiteral("Condition") << 200;
    QTest::newRow("v1 write only")
        << QStringList{QStringLiteral("patient/Observation.write")} << search << 403;
    QTest::newRow("v2 r: read") << QStringList{QStringLiteral("patient/Observation.r")} << obs
                                << 200;
    QTest::newRow("v2 r: search") << QStringList{QStringLiteral("patient/Observation.r")} << search
                                  << 403;
    QTest::newRow("v2 s: search") << QStringList{QStringLiteral("patient/Observation.s")} << search
                                  << 200;
    QTest::newRow("v2 s: read") << QStringList{QStringLiteral("patient/Observation.s")} << obs
                                << 403;
    QTest::newRow("v2 rs: DiagnosticReport")
        << QStringList{QStringLiteral("patient/DiagnosticReport.rs")}
        << QStringLiteral("DiagnosticReport") << 200;
    QTest::newRow("v2 rs: Observation refused")
        << QStringList{QStringLiteral("patient/DiagnosticReport.rs")} << search << 403;
    QTest::newRow("v2 Condition.rs") << QStringList{QStringLiteral("patient/Condition.rs")}
                                     << QStringLiteral("Condition?clinical-status=active") << 200;
    QTest::newRow("Patient read own") << QStringList{QStringLiteral("patient/Patient.r")}
                                      << QStringLiteral("Patient/amy-shaw") << 200;
    QTest::newRow("no Patient scope") << QStringList{QStringLiteral("patient/Observation.rs")}
                                      << QStringLiteral("Patient/amy-shaw") << 403;
    QTest::newRow("Practitioner read") << QStringList{QStringLiteral("user/Practitioner.r")}
                                       << QStringLiteral("Practitioner/dr-rangi-parata") << 200;
    QTest::newRow("Practitioner refused") << QStringList{QStringLiteral("patient/Observation.rs")}
                                          << QStringLiteral("Practitioner/dr-rangi-parata") << 403;
    QTest::newRow("category scope without category")
        << QStringList{QStringLiteral("patient/Observation.rs?category=laboratory")} << search
        << 403;
    QTest::newRow("category scope other category")
        << QStringList{QStringLiteral("patient/Observation.rs?category=laboratory")}
        << QStringLiteral("Observation?category=vital-signs") << 403;
    QTest::newRow("category scope matching")
        << QStringList{QStringLiteral("patient/Observation.rs?category=laboratory")}
        << QStringLiteral("Observation?category=laboratory") << 200;
    QTest::newRow("context scopes only")
        << QStringList{QStringLiteral("openid"), QStringLiteral("fhirUser"),
                       QStringLiteral("launch/patient")}
        << search << 403;
    QTest::newRow("unknown type") << QStringList{QStringLiteral("patient/*.rs")}
                                  << QStringLiteral("Medication") << 404;
}

void tst_FhirApi::scopeMatrix()
{
    QFETCH(QStringList, scopes);
    QFETCH(QString, path);
    QFETCH(int, status);
    path.replace(QStringLiteral("$OBS"), firstObservationOf(amy));
    const HttpResult result = get(path, token(scopes));
    QCOMPARE(result.status, status);
    QCOMPARE(result.json().value(QLatin1String("resourceType")).toString(),
             status == 200 ? result.json().value(QLatin1String("resourceType")).toString()
                           : QStringLiteral("OperationOutcome"));
    if (status == 403)
        QVERIFY2(result.wwwAuthenticate.contains("error=\"insufficient_scope\""),
                 result.wwwAuthenticate.constData());
}

void tst_FhirApi::categoryRestrictedScopeReturnsOnlyThatCategory()
{
    const QByteArray bearer = token({QStringLiteral("patient/Observation.rs?category=laboratory")});
    const HttpResult result =
        get(QStringLiteral("Observation?category=laboratory&_count=1000"), bearer);
    QCOMPARE(result.status, 200);
    const QJsonArray entries = result.json().value(QLatin1String("entry")).toArray();
    QVERIFY(!entries.isEmpty());
    for (const QJsonValue &entry : entries) {
        const QByteArray categories =
            QJsonDocument(entry[QLatin1String("resource")][QLatin1String("category")].toArray())
                .toJson();
        QVERIFY2(categories.contains("\"laboratory\""), categories.constData());
    }
}

void tst_FhirApi::compartmentByIdAnswers404()
{
    const QByteArray bearer = token({QStringLiteral("patient/*.rs")});
    QCOMPARE(get(QStringLiteral("Patient/amy-shaw"), bearer).status, 200);
    QCOMPARE(get(QStringLiteral("Observation/") + firstObservationOf(amy), bearer).status, 200);
    // Another patient's resources answer like missing ones (documented choice: 404).
    const HttpResult patient = get(QStringLiteral("Patient/hemi-walker"), bearer);
    QCOMPARE(patient.status, 404);
    QVERIFY(!patient.body.contains("Walker"));
    QCOMPARE(get(QStringLiteral("Observation/") + firstObservationOf(hemi), bearer).status, 404);
    QCOMPARE(get(QStringLiteral("Patient/no-such-patient"), bearer).status, 404);
}

void tst_FhirApi::compartmentBySearch_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("patient=B") << QStringLiteral("Observation?patient=hemi-walker");
    QTest::newRow("patient=Patient/B") << QStringLiteral("Observation?patient=Patient/hemi-walker");
    QTest::newRow("subject=Patient/B") << QStringLiteral("Observation?subject=Patient/hemi-walker");
    QTest::newRow("subject:Patient=B") << QStringLiteral("Observation?subject:Patient=hemi-walker");
    QTest::newRow("OR list with own") << QStringLiteral("Observation?patient=amy-shaw,hemi-walker");
    QTest::newRow("Condition") << QStringLiteral("Condition?patient=hemi-walker");
    QTest::newRow("DiagnosticReport") << QStringLiteral("DiagnosticReport?patient=hemi-walker");
    QTest::newRow("Patient _id") << QStringLiteral("Patient?_id=hemi-walker");
    QTest::newRow("patient:missing") << QStringLiteral("Observation?patient:missing=true");
}

void tst_FhirApi::compartmentBySearch()
{
    QFETCH(QString, path);
    const HttpResult result = get(path, token({QStringLiteral("patient/*.rs")}));
    QCOMPARE(result.status, 403);
    QVERIFY(result.wwwAuthenticate.contains("insufficient_scope"));
}

void tst_FhirApi::searchWithoutPatientIsConfined()
{
    const QByteArray bearer = token({QStringLiteral("patient/*.rs")});
    const HttpResult result = get(QStringLiteral("Observation?_count=1000"), bearer);
    QCOMPARE(result.status, 200);
    const QJsonObject bundle = result.json();
    const auto own =
        m_server->store().search(QStringLiteral("Observation"), {{QStringLiteral("patient"), amy}});
    QCOMPARE(bundle.value(QLatin1String("total")).toInteger(), own->size());
    const QJsonArray entries = bundle.value(QLatin1String("entry")).toArray();
    for (const QJsonValue &entry : entries)
        QCOMPARE(
            entry[QLatin1String("resource")][QLatin1String("subject")][QLatin1String("reference")]
                .toString(),
            QStringLiteral("Patient/amy-shaw"));

    const HttpResult patients = get(QStringLiteral("Patient"), bearer);
    QCOMPARE(patients.status, 200);
    QCOMPARE(entryIds(patients.json()), QStringList{amy});
    QCOMPARE(get(QStringLiteral("Patient?_id=amy-shaw"), bearer).status, 200);
}

void tst_FhirApi::craftedNextLinkStaysConfined()
{
    const QByteArray bearer = token({QStringLiteral("patient/*.rs")});
    const HttpResult first = get(QStringLiteral("Observation?_count=10"), bearer);
    QCOMPARE(first.status, 200);
    const QString next = link(first.json(), QStringLiteral("next"));
    QVERIFY(next.startsWith(m_base.toString() + QStringLiteral("/Observation?")));
    QCOMPARE(get(next, bearer).status, 200);

    // The same link with another patient slipped in, or rewritten to another patient.
    QCOMPARE(get(next + QStringLiteral("&patient=hemi-walker"), bearer).status, 403);
    QUrl crafted(next);
    QUrlQuery query(crafted);
    query.addQueryItem(QStringLiteral("subject"), QStringLiteral("Patient/hemi-walker"));
    crafted.setQuery(query);
    QCOMPARE(get(crafted.toString(), bearer).status, 403);
    // Paging far into the record with an offset still yields only the own patient.
    const HttpResult deep = get(QStringLiteral("Observation?_offset=0&_count=1000"), bearer);
    QVERIFY(!deep.body.contains("Patient/hemi-walker"));
}

void tst_FhirApi::userLevelTokenSeesEveryPatient()
{
    // user/ scopes reach other patients only for a Practitioner (a patient's stay in their own).
    AccessGrant grant;
    grant.clientId = QStringLiteral("kete-desktop");
    grant.scopes = {QStringLiteral("user/Patient.rs"), QStringLiteral("user/Observation.rs")};
    grant.fhirUser = QStringLiteral("Practitioner/dr-rangi-parata");
    grant.audience = m_base.toString();
    const QByteArray bearer = m_server->tokens().issue(grant, false).accessToken;
    const HttpResult patients = get(QStringLiteral("Patient?_count=100"), bearer);
    QCOMPARE(patients.status, 200);
    QCOMPARE(patients.json().value(QLatin1String("total")).toInteger(),
             m_server->store().patientIds().size());
    QCOMPARE(get(QStringLiteral("Patient/hemi-walker"), bearer).status, 200);
    QCOMPARE(get(QStringLiteral("Observation?patient=hemi-walker&_count=1"), bearer).status, 200);
    const HttpResult byName = get(QStringLiteral("Patient?name=Walker"), bearer);
    QCOMPARE(entryIds(byName.json()), QStringList{hemi});
}

void tst_FhirApi::pagingIsComplete_data()
{
    QTest::addColumn<QString>("patient");
    QTest::addColumn<int>("count");
    QTest::newRow("large record, _count=1000") << grace << 1000;
    QTest::newRow("small record, _count=7") << lily << 7;
}

void tst_FhirApi::pagingIsComplete()
{
    QFETCH(QString, patient);
    QFETCH(int, count);
    const QByteArray bearer = token({QStringLiteral("patient/Observation.rs")}, patient);
    int pages = 0;
    qint64 total = -1;
    const QList<QJsonObject> bundles =
        collectAllPages(QStringLiteral("Observation?_count=%1").arg(count), bearer, &pages, &total);
    QVERIFY(!bundles.isEmpty());
    const qsizetype expected =
        m_server->store()
            .search(QStringLiteral("Observation"), {{QStringLiteral("patient"), patient}})
            ->size();
    QCOMPARE(total, expected);
    if (patient == grace)
        QVERIFY(expected >= 20000);
    QSet<QString> seen;
    qsizetype entries = 0;
    for (const QJsonObject &bundle : bundles) {
        QCOMPARE(bundle.value(QLatin1String("type")).toString(), QStringLiteral("searchset"));
        const QJsonArray array = bundle.value(QLatin1String("entry")).toArray();
        QVERIFY(array.size() <= count);
        for (const QJsonValue &entry : array) {
            const QString id = entry[QLatin1String("resource")][QLatin1String("id")].toString();
            QCOMPARE(entry[QLatin1String("fullUrl")].toString(),
                     m_base.toString() + QStringLiteral("/Observation/") + id);
            QCOMPARE(entry[QLatin1String("search")][QLatin1String("mode")].toString(),
                     QStringLiteral("match"));
            QVERIFY2(!seen.contains(id), qPrintable(id));
            seen.insert(id);
            ++entries;
        }
    }
    QCOMPARE(entries, expected);
    QCOMPARE(pages, int((expected + count - 1) / count));
}

void tst_FhirApi::countDefaultsAndLimits()
{
    const QByteArray bearer = token({QStringLiteral("patient/Observation.rs")}, grace);
    QCOMPARE(entryIds(get(QStringLiteral("Observation"), bearer).json()).size(), 50);
    QCOMPARE(entryIds(get(QStringLiteral("Observation?_count=5000"), bearer).json()).size(), 1000);
    const HttpResult none = get(QStringLiteral("Observation?_count=0"), bearer);
    QCOMPARE(none.status, 200);
    QVERIFY(entryIds(none.json()).isEmpty());
    QVERIFY(none.json().value(QLatin1String("total")).toInteger() >= 20000);
}

void tst_FhirApi::sortByDateIsDeclaredAndPagesComeNewestFirst_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("sort");
    QTest::addColumn<QString>("element");
    QTest::addColumn<QString>("patient");
    QTest::newRow("Observation -date") << QStringLiteral("Observation") << QStringLiteral("-date")
                                       << QStringLiteral("effectiveDateTime") << grace;
    QTest::newRow("Observation date") << QStringLiteral("Observation") << QStringLiteral("date")
                                      << QStringLiteral("effectiveDateTime") << hemi;
    QTest::newRow("Condition -recorded-date")
        << QStringLiteral("Condition") << QStringLiteral("-recorded-date")
        << QStringLiteral("recordedDate") << QStringLiteral("peter-novak");
}

void tst_FhirApi::sortByDateIsDeclaredAndPagesComeNewestFirst()
{
    QFETCH(QString, type);
    QFETCH(QString, sort);
    QFETCH(QString, element);
    QFETCH(QString, patient);

    // Declared the way clients read it: rest.resource[type].searchParam has _sort and the date.
    QSet<QString> declared;
    const QJsonArray resources = get(QStringLiteral("metadata"))
                                     .json()[QLatin1String("rest")][0][QLatin1String("resource")]
                                     .toArray();
    for (const QJsonValue &resource : resources) {
        if (resource[QLatin1String("type")].toString() != type)
            continue;
        for (const QJsonValue &param : resource[QLatin1String("searchParam")].toArray())
            declared.insert(param[QLatin1String("name")].toString());
    }
    QVERIFY2(declared.contains(QStringLiteral("_sort")), qPrintable(type));
    const QString dateParam = sort.startsWith(QLatin1Char('-')) ? sort.mid(1) : sort;
    QVERIFY2(declared.contains(dateParam), qPrintable(dateParam));

    const QByteArray bearer = token({QStringLiteral("patient/*.rs")}, patient);
    int pages = 0;
    qint64 total = -1;
    const QList<QJsonObject> bundles =
        collectAllPages(QStringLiteral("%1?_sort=%2&_count=%3")
                            .arg(type, sort)
                            .arg(type == QLatin1String("Condition") ? 2
                                 : patient == grace                 ? 1000
                                                                    : 50),
                        bearer, &pages, &total);
    QVERIFY(!bundles.isEmpty());
    QVERIFY(pages > 1);
    QList<QDateTime> dates;
    QList<QDateTime> undated;
    for (const QJsonObject &bundle : bundles) {
        for (const QJsonValue &entry : bundle.value(QLatin1String("entry")).toArray()) {
            const QString text = entry[QLatin1String("resource")][element].toString();
            const QDateTime when = QDateTime::fromString(text, Qt::ISODate).isValid()
                                       ? QDateTime::fromString(text, Qt::ISODate)
                                       : QDateTime(QDate::fromString(text, Qt::ISODate),
                                                   QTime(0, 0), QTimeZone::utc());
            if (text.isEmpty()) {
                undated.append(when);
                continue;
            }
            // Resources without the date come after the dated ones, whatever the direction.
            QVERIFY2(undated.isEmpty(), qPrintable(text));
            QVERIFY2(when.isValid(), qPrintable(text));
            dates.append(when);
        }
    }
    QCOMPARE(dates.size() + undated.size(), total);
    QVERIFY(dates.size() >= 3);
    const bool newestFirst = sort.startsWith(QLatin1Char('-'));
    for (qsizetype i = 1; i < dates.size(); ++i) {
        QVERIFY2(newestFirst ? dates.at(i - 1) >= dates.at(i) : dates.at(i - 1) <= dates.at(i),
                 qPrintable(dates.at(i).toString(Qt::ISODate)));
    }
    QVERIFY(newestFirst ? dates.first() > dates.last() : dates.first() < dates.last());
}

void tst_FhirApi::postSearchAndReadOnly()
{
    const QByteArray bearer = token({QStringLiteral("patient/*.rs")});
    QNetworkRequest request(QUrl(m_base.toString() + QStringLiteral("/Observation/_search")));
    request.setRawHeader("Authorization", "Bearer " + bearer);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    const HttpResult searched = send(request, "POST", "category=laboratory&_count=3");
    QCOMPARE(searched.status, 200);
    QCOMPARE(entryIds(searched.json()).size(), 3);
    // The form body meets the same compartment checks as a query.
    QCOMPARE(send(request, "POST", "patient=hemi-walker").status, 403);
    // Media types are case-insensitive (RFC 9110 8.3.1), parameters may follow.
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
    const HttpResult mixedCase = send(request, "POST", "category=laboratory&_count=3");
    QCOMPARE(mixedCase.status, 200);
    QCOMPARE(entryIds(mixedCase.json()), entryIds(searched.json()));
    QCOMPARE(send(request, "POST", "patient=hemi-walker").status, 403);

    QNetworkRequest create(QUrl(m_base.toString() + QStringLiteral("/Observation")));
    create.setRawHeader("Authorization", "Bearer " + bearer);
    create.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/fhir+json"));
    QCOMPARE(send(create, "POST", "{\"resourceType\":\"Observation\"}").status, 405);
    QCOMPARE(send(create, "DELETE").status, 405);
}

void tst_FhirApi::badRequests_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("unknown parameter") << QStringLiteral("Observation?color=red");
    QTest::newRow("malformed date") << QStringLiteral("Observation?date=yesterday");
    QTest::newRow("unknown prefix") << QStringLiteral("Observation?date=xx2020");
    QTest::newRow("_count not a number") << QStringLiteral("Observation?_count=many");
    QTest::newRow("negative _count") << QStringLiteral("Observation?_count=-1");
    QTest::newRow("negative _offset") << QStringLiteral("Observation?_offset=-5");
    QTest::newRow("unknown Condition parameter") << QStringLiteral("Condition?date=2020");
    QTest::newRow("unknown modifier") << QStringLiteral("Observation?code:fuzzy=1");
}

void tst_FhirApi::badRequests()
{
    QFETCH(QString, path);
    const HttpResult result = get(path, token({QStringLiteral("patient/*.rs")}));
    QCOMPARE(result.status, 400);
    const QJsonObject outcome = result.json();
    QCOMPARE(outcome.value(QLatin1String("resourceType")).toString(),
             QStringLiteral("OperationOutcome"));
    QVERIFY(!outcome[QLatin1String("issue")][0][QLatin1String("diagnostics")].toString().isEmpty());
}

void tst_FhirApi::faultInvalidToken()
{
    const QByteArray bearer =
        token({QStringLiteral("patient/*.rs")}, amy, QStringLiteral("fault-invalid-token"));
    for (int i = 0; i < 2; ++i) {
        const HttpResult result = get(QStringLiteral("Patient/amy-shaw"), bearer);
        QCOMPARE(result.status, 401);
        QVERIFY(result.wwwAuthenticate.contains("invalid_token"));
    }
    // Other clients are not affected.
    QCOMPARE(
        get(QStringLiteral("Patient/amy-shaw"), token({QStringLiteral("patient/*.rs")})).status,
        200);
}

void tst_FhirApi::faultExpireAccessToken()
{
    const QString client = QStringLiteral("fault-expire");
    const QByteArray first = token({QStringLiteral("patient/*.rs")}, amy, client);
    QCOMPARE(get(QStringLiteral("Patient/amy-shaw"), first).status, 401);
    // The token really expired in the store, not just once on the wire.
    QVERIFY(!m_server->tokens().validateAccessToken(first).has_value());
    QCOMPARE(get(QStringLiteral("Patient/amy-shaw"), first).status, 401);
    // A fresh token (as after a refresh) works.
    const QByteArray second = token({QStringLiteral("patient/*.rs")}, amy, client);
    QCOMPARE(get(QStringLiteral("Patient/amy-shaw"), second).status, 200);
}

void tst_FhirApi::faultSlowResponses()
{
    const QByteArray slow =
        token({QStringLiteral("patient/*.rs")}, amy, QStringLiteral("fault-slow"));
    const HttpResult result = get(QStringLiteral("Observation?_count=2"), slow);
    QCOMPARE(result.status, 200);
    QVERIFY2(result.elapsedMs >= 1400, qPrintable(QString::number(result.elapsedMs)));
    const HttpResult fast =
        get(QStringLiteral("Observation?_count=2"), token({QStringLiteral("patient/*.rs")}));
    QVERIFY2(fast.elapsedMs < 1400, qPrintable(QString::number(fast.elapsedMs)));
}

void tst_FhirApi::faultTransient_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<int>("status");
    QTest::newRow("too many requests") << QStringLiteral("fault-429") << 429;
    QTest::newRow("service unavailable") << QStringLiteral("fault-503") << 503;
}

void tst_FhirApi::faultTransient()
{
    QFETCH(QString, client);
    QFETCH(int, status);
    const QByteArray bearer = token({QStringLiteral("patient/*.rs")}, amy, client);
    const HttpResult first = get(QStringLiteral("Observation?_count=5"), bearer);
    QCOMPARE(first.status, 200);
    const QString next = link(first.json(), QStringLiteral("next"));
    const HttpResult refused = get(next, bearer);
    QCOMPARE(refused.status, status);
    QCOMPARE(refused.retryAfter, QByteArray("1"));
    QCOMPARE(refused.json().value(QLatin1String("resourceType")).toString(),
             QStringLiteral("OperationOutcome"));
    const HttpResult retried = get(next, bearer);
    QCOMPARE(retried.status, 200);
    QCOMPARE(entryIds(retried.json()).size(), 5);
}

void tst_FhirApi::faultDropConnection()
{
    const QByteArray bearer =
        token({QStringLiteral("patient/*.rs")}, amy, QStringLiteral("fault-drop"));
    const HttpResult first = get(QStringLiteral("Observation?_count=20"), bearer);
    QCOMPARE(first.status, 200);
    const HttpResult second = get(link(first.json(), QStringLiteral("next")), bearer);
    QVERIFY2(second.error != QNetworkReply::NoError, qPrintable(QString::number(second.error)));
    QVERIFY(QJsonDocument::fromJson(second.body).isNull());
    // The server survives the cut and goes on answering.
    QCOMPARE(get(QStringLiteral("Observation?_count=20"), bearer).status, 200);
}

void tst_FhirApi::faultMalformedJson()
{
    const QByteArray bearer =
        token({QStringLiteral("patient/*.rs")}, amy, QStringLiteral("fault-malformed"));
    const HttpResult first = get(QStringLiteral("Observation?_count=20"), bearer);
    QCOMPARE(first.status, 200);
    QVERIFY(!first.json().isEmpty());
    const HttpResult second = get(link(first.json(), QStringLiteral("next")), bearer);
    QCOMPARE(second.status, 200);
    QVERIFY(second.contentType.startsWith("application/fhir+json"));
    QJsonParseError error;
    QJsonDocument::fromJson(second.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);
}

void tst_FhirApi::faultOutcomeWarning()
{
    const QByteArray bearer =
        token({QStringLiteral("patient/*.rs")}, amy, QStringLiteral("fault-outcome"));
    const HttpResult result = get(QStringLiteral("Observation?_count=5"), bearer);
    QCOMPARE(result.status, 200);
    const QJsonObject bundle = result.json();
    QCOMPARE(entryIds(bundle).size(), 5);
    bool found = false;
    const QJsonArray entries = bundle.value(QLatin1String("entry")).toArray();
    for (const QJsonValue &entry : entries) {
        if (entry[QLatin1String("search")][QLatin1String("mode")].toString() !=
            QLatin1String("outcome"))
            continue;
        const QJsonObject outcome = entry[QLatin1String("resource")].toObject();
        QCOMPARE(outcome.value(QLatin1String("resourceType")).toString(),
                 QStringLiteral("OperationOutcome"));
        QCOMPARE(outcome[QLatin1String("issue")][0][QLatin1String("severity")].toString(),
                 QStringLiteral("warning"));
        found = true;
    }
    QVERIFY(found);
    QVERIFY(!get(QStringLiteral("Observation?_count=5"), token({QStringLiteral("patient/*.rs")}))
                 .body.contains("\"outcome\""));
}

void tst_FhirApi::faultRequireCategory()
{
    const QByteArray bearer =
        token({QStringLiteral("patient/*.rs")}, amy, QStringLiteral("fault-category"));
    const HttpResult without = get(QStringLiteral("Observation"), bearer);
    QCOMPARE(without.status, 400);
    QCOMPARE(without.json().value(QLatin1String("resourceType")).toString(),
             QStringLiteral("OperationOutcome"));
    QCOMPARE(get(QStringLiteral("Observation?category=laboratory"), bearer).status, 200);
    QCOMPARE(get(QStringLiteral("Condition"), bearer).status, 200);
}

void tst_FhirApi::faultCollapseDoubleSlash()
{
    // Blood pressure panels, searched as a client that does not percent-encode and as one that
    // does. In front of the fault, "//" in the target becomes "/": only the encoded one matches.
    const QString raw = QStringLiteral("Observation?code=http://loinc.org|85354-9");
    const QString encoded = QStringLiteral("Observation?code=http%3A%2F%2Floinc.org%7C85354-9");
    const QByteArray plain = token({QStringLiteral("patient/Observation.rs")});
    const HttpResult rawPlain = get(raw, plain);
    QCOMPARE(rawPlain.status, 200);
    const qint64 bloodPressures = rawPlain.json().value(QLatin1String("total")).toInteger();
    QVERIFY(bloodPressures > 0);
    QCOMPARE(get(encoded, plain).json().value(QLatin1String("total")).toInteger(), bloodPressures);

    const QByteArray faulty =
        token({QStringLiteral("patient/Observation.rs")}, amy, QStringLiteral("fault-slashes"));
    const HttpResult rawFaulty = get(raw, faulty);
    QCOMPARE(rawFaulty.status, 200);
    QCOMPARE(rawFaulty.json().value(QLatin1String("total")).toInteger(), 0);
    const HttpResult encodedFaulty = get(encoded, faulty);
    QCOMPARE(encodedFaulty.status, 200);
    QCOMPARE(encodedFaulty.json().value(QLatin1String("total")).toInteger(), bloodPressures);
    const QStringList ids = entryIds(encodedFaulty.json());
    QVERIFY(!ids.isEmpty());
    for (const QJsonValue &entry : encodedFaulty.json().value(QLatin1String("entry")).toArray())
        QVERIFY(entry[QLatin1String("resource")][QLatin1String("code")]
                    .toObject()
                    .value(QLatin1String("coding"))
                    .toArray()
                    .first()[QLatin1String("code")] == QStringLiteral("85354-9"));
}

QTEST_GUILESS_MAIN(tst_FhirApi)
#include "tst_fhirapi.moc"
