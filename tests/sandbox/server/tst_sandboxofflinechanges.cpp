// The sandbox changing under a client that keeps an offline copy: the admin API (off by default)
// adds, amends and deletes results while the server runs and counts FHIR requests, every change
// reaches the next search (the search cache is cleared), _lastUpdated=gt finds what changed, and
// the CapabilityStatement declares _lastUpdated. Real HTTP on 127.0.0.1, the server's clock fixed.
#include "sandbox/data/resourcestore.h"
#include "sandbox/fhirapi/fhirapi.h"
#include "sandbox/server/adminapi.h"
#include "sandbox/server/sandboxserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <atomic>
#include <memory>

using namespace kete::sandbox;
using namespace std::chrono_literals;

namespace {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

const QString amy = QStringLiteral("amy-shaw");
const QString observationType = QStringLiteral("Observation");
const QDateTime clockStart(QDate(2026, 12, 4), QTime(9, 0), QTimeZone::utc());

QString instant(qint64 msecsSinceEpoch)
{
    // toUTC(): "Z", as the server writes it, not "+00:00".
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch).toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject glucose(const QString &patient, double value)
{
    const QJsonObject category{
        {QStringLiteral("coding"),
         QJsonArray{QJsonObject{
             {QStringLiteral("system"),
              QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category")},
             {QStringLiteral("code"), QStringLiteral("laboratory")}}}}};
    const QJsonObject code{
        {QStringLiteral("coding"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                {QStringLiteral("code"), QStringLiteral("2345-7")}}}}};
    return {
        {QStringLiteral("resourceType"), observationType},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("category"), QJsonArray{category}},
        {QStringLiteral("code"), code},
        {QStringLiteral("subject"),
         QJsonObject{{QStringLiteral("reference"), QString(QStringLiteral("Patient/") + patient)}}},
        {QStringLiteral("effectiveDateTime"), QStringLiteral("2026-12-04T21:30:00+13:00")},
        {QStringLiteral("valueQuantity"),
         QJsonObject{{QStringLiteral("value"), value},
                     {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                     {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                     {QStringLiteral("code"), QStringLiteral("mmol/L")}}}};
}

QStringList entryIds(const QJsonObject &bundle)
{
    QStringList ids;
    const QJsonArray entries = bundle.value(QLatin1String("entry")).toArray();
    for (const QJsonValue &entry : entries)
        ids.append(entry[QLatin1String("resource")][QLatin1String("id")].toString());
    return ids;
}

QJsonObject entryWithId(const QJsonObject &bundle, const QString &id)
{
    const QJsonArray entries = bundle.value(QLatin1String("entry")).toArray();
    for (const QJsonValue &entry : entries) {
        const QJsonObject resource = entry[QLatin1String("resource")].toObject();
        if (resource.value(QLatin1String("id")).toString() == id)
            return resource;
    }
    return {};
}

double valueOf(const QJsonObject &observation)
{
    return observation[QLatin1String("valueQuantity")][QLatin1String("value")].toDouble();
}

QString versionOf(const QJsonObject &resource)
{
    return resource[QLatin1String("meta")][QLatin1String("versionId")].toString();
}

QString lastUpdatedOf(const QJsonObject &resource)
{
    return resource[QLatin1String("meta")][QLatin1String("lastUpdated")].toString();
}

// "Observation?code=system|code&_count=1000": the observation's kind, every page at once.
QString searchByCodeOf(const QJsonObject &observation)
{
    const QJsonObject coding =
        observation[QLatin1String("code")][QLatin1String("coding")][0].toObject();
    return QStringLiteral("Observation?code=%1|%2&_count=1000")
        .arg(coding.value(QLatin1String("system")).toString(),
             coding.value(QLatin1String("code")).toString());
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

SandboxOptions smallOptions()
{
    SandboxOptions options;
    options.largePatientObservations = 50;
    return options;
}

} // namespace

class tst_SandboxOfflineChanges final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void withoutAdminThereIsNoAdminApi();
    void capabilityStatementDeclaresLastUpdated_data();
    void capabilityStatementDeclaresLastUpdated();
    void aNewObservationIsFoundByLastUpdated();
    void anAmendedObservationIsTheNextVersionEverywhere();
    void aDeletedObservationIsGone();
    void statsCountFhirRequestsUntilReset();
    void badChangesAreRefused_data();
    void badChangesAreRefused();
    void onlyLoopbackPeersAreServed();
    void onlyLoopbackPeersAreServedOnAnyAddress();

private:
    QByteArray token() const;
    HttpResult send(const QUrl &url, const QByteArray &verb, const QByteArray &body = {},
                    const QByteArray &bearer = {});
    HttpResult fhir(const QString &pathAndQuery);
    HttpResult admin(const QByteArray &verb, const QString &path, const QByteArray &body = {});
    HttpResult put(const QString &id, const QJsonObject &resource);
    QJsonObject firstMeasurementOfAmy() const;
    void setClock(qint64 msecsSinceEpoch) { m_now->store(msecsSinceEpoch); }

    std::shared_ptr<std::atomic<qint64>> m_now =
        std::make_shared<std::atomic<qint64>>(clockStart.toMSecsSinceEpoch());
    std::unique_ptr<SandboxServer> m_server;
    QNetworkAccessManager m_network;
    QUrl m_base;
    QByteArray m_token;
};

void tst_SandboxOfflineChanges::initTestCase()
{
    m_network.setProxy(QNetworkProxy::NoProxy);
    SandboxOptions options = smallOptions();
    options.admin = true;
    options.clock = [now = m_now] {
        return QDateTime::fromMSecsSinceEpoch(now->load(), QTimeZone::utc());
    };
    m_server = std::make_unique<SandboxServer>(options);
    const kete::Result<QUrl> base = m_server->start();
    QVERIFY2(base.ok(), qPrintable(base.ok() ? QString() : base.error().detail));
    m_base = *base;
    m_token = token();
}

QByteArray tst_SandboxOfflineChanges::token() const
{
    AccessGrant grant;
    grant.clientId = QStringLiteral("kete-desktop");
    grant.scopes = {QStringLiteral("patient/*.rs")};
    grant.patientId = amy;
    grant.fhirUser = QStringLiteral("Patient/") + amy;
    grant.audience = m_base.toString();
    // Outlives the clock's moves in these tests.
    return m_server->tokens().issue(grant, false, 24h).accessToken;
}

HttpResult tst_SandboxOfflineChanges::send(const QUrl &url, const QByteArray &verb,
                                           const QByteArray &body, const QByteArray &bearer)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/fhir+json");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QStringLiteral("application/fhir+json"));
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    QNetworkReply *reply = m_network.sendCustomRequest(request, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    HttpResult result;
    if (!finished.wait(30000)) {
        reply->abort();
        reply->deleteLater();
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.contentType = reply->rawHeader("Content-Type");
    reply->deleteLater();
    return result;
}

HttpResult tst_SandboxOfflineChanges::fhir(const QString &pathAndQuery)
{
    const QUrl url = pathAndQuery.startsWith(QLatin1String("http"))
                         ? QUrl(pathAndQuery)
                         : QUrl(m_base.toString() + QLatin1Char('/') + pathAndQuery);
    return send(url, "GET", {}, m_token);
}

HttpResult tst_SandboxOfflineChanges::admin(const QByteArray &verb, const QString &path,
                                            const QByteArray &body)
{
    QUrl url = m_base;
    url.setPath(QStringLiteral("/admin/") + path);
    return send(url, verb, body);
}

HttpResult tst_SandboxOfflineChanges::put(const QString &id, const QJsonObject &resource)
{
    return admin("PUT", observationType + QLatin1Char('/') + id,
                 QJsonDocument(resource).toJson(QJsonDocument::Compact));
}

QJsonObject tst_SandboxOfflineChanges::firstMeasurementOfAmy() const
{
    const auto found =
        m_server->store().search(observationType, {{QStringLiteral("patient"), amy}});
    if (!found.ok())
        return {};
    for (const QJsonObject &observation : *found) {
        if (observation.contains(QLatin1String("valueQuantity")))
            return observation;
    }
    return {};
}

void tst_SandboxOfflineChanges::withoutAdminThereIsNoAdminApi()
{
    SandboxServer plain(smallOptions());
    const kete::Result<QUrl> base = plain.start();
    QVERIFY(base.ok());
    QUrl url = *base;
    url.setPath(QStringLiteral("/admin/stats"));
    QCOMPARE(send(url, "GET").status, 404);
    url.setPath(QStringLiteral("/admin/stats/reset"));
    QCOMPARE(send(url, "POST").status, 404);
    url.setPath(QStringLiteral("/admin/Observation/new-one"));
    QCOMPARE(send(url, "PUT", QJsonDocument(glucose(amy, 5)).toJson()).status, 404);
    QVERIFY(!plain.store().read(observationType, QStringLiteral("new-one")));
    // The same server still serves FHIR.
    url.setPath(QStringLiteral("/fhir/metadata"));
    QCOMPARE(send(url, "GET").status, 200);
}

void tst_SandboxOfflineChanges::capabilityStatementDeclaresLastUpdated_data()
{
    QTest::addColumn<QString>("type");
    QTest::newRow("Observation") << QStringLiteral("Observation");
    QTest::newRow("Condition") << QStringLiteral("Condition");
    QTest::newRow("DiagnosticReport") << QStringLiteral("DiagnosticReport");
}

void tst_SandboxOfflineChanges::capabilityStatementDeclaresLastUpdated()
{
    QFETCH(QString, type);
    const HttpResult metadata = fhir(QStringLiteral("metadata"));
    QCOMPARE(metadata.status, 200);
    // Where clients look: rest.resource[type].searchParam.
    const QJsonArray resources =
        metadata.json()[QLatin1String("rest")][0][QLatin1String("resource")].toArray();
    QString declaredType;
    for (const QJsonValue &resource : resources) {
        if (resource[QLatin1String("type")].toString() != type)
            continue;
        const QJsonArray params = resource[QLatin1String("searchParam")].toArray();
        for (const QJsonValue &param : params) {
            if (param[QLatin1String("name")].toString() == QLatin1String("_lastUpdated"))
                declaredType = param[QLatin1String("type")].toString();
        }
    }
    QCOMPARE(declaredType, QStringLiteral("date"));
}

void tst_SandboxOfflineChanges::aNewObservationIsFoundByLastUpdated()
{
    const qint64 beforePut = clockStart.addSecs(3600).toMSecsSinceEpoch(); // 10:00:00.000Z
    setClock(beforePut + 500);
    const HttpResult created = put(QStringLiteral("offline-new"), glucose(amy, 6.1));
    QCOMPARE(created.status, 201);
    const QJsonObject stored = created.json();
    QCOMPARE(stored.value(QLatin1String("id")).toString(), QStringLiteral("offline-new"));
    QCOMPARE(versionOf(stored), QStringLiteral("1"));
    QCOMPARE(lastUpdatedOf(stored), QStringLiteral("2026-12-04T10:00:00.500Z"));

    const HttpResult read = fhir(QStringLiteral("Observation/offline-new"));
    QCOMPARE(read.status, 200);
    QCOMPARE(read.json(), stored);

    // The same instant in UTC and at +13:00; the generated record ends long before.
    for (const QString &since :
         {instant(beforePut), QStringLiteral("2026-12-04T23:00:00.000%2B13:00")}) {
        const HttpResult changed =
            fhir(QStringLiteral("Observation?patient=amy-shaw&_lastUpdated=gt") + since);
        QCOMPARE(changed.status, 200);
        QCOMPARE(entryIds(changed.json()), QStringList{QStringLiteral("offline-new")});
        QCOMPARE(changed.json().value(QLatin1String("total")).toInteger(), 1);
    }
    const HttpResult after = fhir(QStringLiteral("Observation?patient=amy-shaw&_lastUpdated=gt") +
                                  instant(beforePut + 500));
    QCOMPARE(entryIds(after.json()), QStringList());
}

void tst_SandboxOfflineChanges::anAmendedObservationIsTheNextVersionEverywhere()
{
    QJsonObject amended = firstMeasurementOfAmy();
    QVERIFY(!amended.isEmpty());
    const QString id = amended.value(QLatin1String("id")).toString();
    const QString byCode = searchByCodeOf(amended);

    // Searched before the change, so that the search is in the cache.
    const HttpResult before = fhir(byCode);
    QCOMPARE(before.status, 200);
    const double oldValue = valueOf(entryWithId(before.json(), id));
    QVERIFY(oldValue != 0);
    const double newValue = oldValue + 7.25;
    // Read by id before the change too: its JSON is written once and kept until a change.
    const HttpResult readBefore = fhir(QStringLiteral("Observation/") + id);
    QCOMPARE(readBefore.status, 200);
    QCOMPARE(valueOf(readBefore.json()), oldValue);

    const qint64 beforeAmend = clockStart.addSecs(2 * 3600).toMSecsSinceEpoch();
    setClock(beforeAmend + 250);
    QJsonObject quantity = amended.value(QLatin1String("valueQuantity")).toObject();
    quantity.insert(QStringLiteral("value"), newValue);
    amended.insert(QStringLiteral("valueQuantity"), quantity);
    amended.insert(QStringLiteral("status"), QStringLiteral("amended"));
    const HttpResult replaced = put(id, amended);
    QCOMPARE(replaced.status, 200);
    // Generated resources have no versionId: they are version 1.
    QCOMPARE(versionOf(replaced.json()), QStringLiteral("2"));
    QCOMPARE(lastUpdatedOf(replaced.json()), instant(beforeAmend + 250));

    const HttpResult read = fhir(QStringLiteral("Observation/") + id);
    QCOMPARE(read.status, 200);
    QCOMPARE(versionOf(read.json()), QStringLiteral("2"));
    QCOMPARE(valueOf(read.json()), newValue);

    const HttpResult after = fhir(byCode);
    QCOMPARE(after.status, 200);
    QCOMPARE(entryIds(after.json()), entryIds(before.json()));
    QCOMPARE(valueOf(entryWithId(after.json(), id)), newValue);
    QCOMPARE(versionOf(entryWithId(after.json(), id)), QStringLiteral("2"));

    const HttpResult changed =
        fhir(QStringLiteral("Observation?_lastUpdated=gt") + instant(beforeAmend));
    QCOMPARE(entryIds(changed.json()), QStringList{id});

    // Once more: the version after that, the id in the body may be left out.
    setClock(beforeAmend + 60'000);
    amended.remove(QStringLiteral("id"));
    const HttpResult again = put(id, amended);
    QCOMPARE(again.status, 200);
    QCOMPARE(versionOf(again.json()), QStringLiteral("3"));
    QCOMPARE(versionOf(fhir(QStringLiteral("Observation/") + id).json()), QStringLiteral("3"));
    QCOMPARE(again.json().value(QLatin1String("id")).toString(), id);
    QCOMPARE(lastUpdatedOf(again.json()), instant(beforeAmend + 60'000));
}

void tst_SandboxOfflineChanges::aDeletedObservationIsGone()
{
    const QJsonObject doomed = firstMeasurementOfAmy();
    QVERIFY(!doomed.isEmpty());
    const QString id = doomed.value(QLatin1String("id")).toString();
    const QString byCode = searchByCodeOf(doomed);
    const HttpResult before = fhir(byCode);
    QVERIFY(entryIds(before.json()).contains(id));
    QCOMPARE(fhir(QStringLiteral("Observation/") + id).status, 200);

    const HttpResult deleted = admin("DELETE", observationType + QLatin1Char('/') + id);
    QCOMPARE(deleted.status, 204);
    QVERIFY(deleted.body.isEmpty());

    QCOMPARE(fhir(QStringLiteral("Observation/") + id).status, 404);
    const HttpResult after = fhir(byCode);
    QCOMPARE(after.status, 200);
    QVERIFY(!entryIds(after.json()).contains(id));
    QCOMPARE(entryIds(after.json()).size(), entryIds(before.json()).size() - 1);
    QCOMPARE(after.json().value(QLatin1String("total")).toInteger(),
             before.json().value(QLatin1String("total")).toInteger() - 1);
    QVERIFY(!entryIds(fhir(QStringLiteral("Observation?_id=") + id).json()).contains(id));

    QCOMPARE(admin("DELETE", observationType + QLatin1Char('/') + id).status, 404);
}

void tst_SandboxOfflineChanges::statsCountFhirRequestsUntilReset()
{
    const HttpResult reset = admin("POST", QStringLiteral("stats/reset"));
    QCOMPARE(reset.status, 200);
    const QJsonObject zero{{QStringLiteral("fhirRequests"), 0},
                           {QStringLiteral("searches"), 0},
                           {QStringLiteral("pages"), 0}};
    QCOMPARE(reset.json(), zero);

    QCOMPARE(fhir(QStringLiteral("metadata")).status, 200);
    const HttpResult first = fhir(QStringLiteral("Observation?_count=2"));
    QCOMPARE(first.status, 200);
    const QString next = link(first.json(), QStringLiteral("next"));
    QVERIFY(!next.isEmpty());
    QCOMPARE(fhir(next).status, 200);
    QCOMPARE(fhir(QStringLiteral("Patient/amy-shaw")).status, 200);
    QCOMPARE(send(QUrl(m_base.toString() + QStringLiteral("/Observation")), "GET").status, 401);
    QCOMPARE(fhir(QStringLiteral("Observation?unknown-parameter=1")).status, 400);
    // Admin requests are not FHIR requests.
    QCOMPARE(put(QStringLiteral("offline-counted"), glucose(amy, 4.4)).status, 201);

    const HttpResult stats = admin("GET", QStringLiteral("stats"));
    QCOMPARE(stats.status, 200);
    QVERIFY(stats.contentType.startsWith("application/json"));
    const QJsonObject counted{{QStringLiteral("fhirRequests"), 6},
                              {QStringLiteral("searches"), 1},
                              {QStringLiteral("pages"), 2}};
    QCOMPARE(stats.json(), counted);

    QCOMPARE(admin("POST", QStringLiteral("stats/reset")).json(), zero);
    QCOMPARE(admin("GET", QStringLiteral("stats")).json(), zero);
}

void tst_SandboxOfflineChanges::badChangesAreRefused_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");

    const QByteArray valid = QJsonDocument(glucose(amy, 5)).toJson();
    QJsonObject otherId = glucose(amy, 5);
    otherId.insert(QStringLiteral("id"), QStringLiteral("another-id"));
    QJsonObject condition = glucose(amy, 5);
    condition.insert(QStringLiteral("resourceType"), QStringLiteral("Condition"));

    QTest::newRow("not JSON") << QByteArray("PUT") << QStringLiteral("Observation/x")
                              << QByteArray("{\"resourceType\":") << 400;
    QTest::newRow("not an object")
        << QByteArray("PUT") << QStringLiteral("Observation/x") << QByteArray("[]") << 400;
    QTest::newRow("no body") << QByteArray("PUT") << QStringLiteral("Observation/x") << QByteArray()
                             << 400;
    QTest::newRow("another resourceType") << QByteArray("PUT") << QStringLiteral("Observation/x")
                                          << QJsonDocument(condition).toJson() << 400;
    QTest::newRow("another id") << QByteArray("PUT") << QStringLiteral("Observation/x")
                                << QJsonDocument(otherId).toJson() << 400;
    QTest::newRow("a type not served")
        << QByteArray("PUT") << QStringLiteral("Medication/x") << valid << 400;
    QTest::newRow("not a FHIR id")
        << QByteArray("PUT") << QStringLiteral("Observation/bad!id") << valid << 400;
    QTest::newRow("GET a resource")
        << QByteArray("GET") << QStringLiteral("Observation/x") << QByteArray() << 405;
    QTest::newRow("PUT the stats") << QByteArray("PUT") << QStringLiteral("stats") << valid << 405;
    QTest::newRow("GET the reset")
        << QByteArray("GET") << QStringLiteral("stats/reset") << QByteArray() << 405;
    QTest::newRow("DELETE a missing one")
        << QByteArray("DELETE") << QStringLiteral("Observation/never-was") << QByteArray() << 404;
}

void tst_SandboxOfflineChanges::badChangesAreRefused()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    const HttpResult result = admin(verb, path, body);
    QCOMPARE(result.status, status);
    QCOMPARE(result.json().value(QLatin1String("resourceType")).toString(),
             QStringLiteral("OperationOutcome"));
    QVERIFY(!m_server->store().read(observationType, QStringLiteral("x")));
}

void tst_SandboxOfflineChanges::onlyLoopbackPeersAreServed()
{
    ResourceStore store;
    TokenStore tokens;
    FaultPlan faults;
    FhirApi fhirApi(store, tokens, faults);
    AdminApi adminApi(store, fhirApi, systemClock());
    const QByteArray body = QJsonDocument(glucose(amy, 5)).toJson();
    const QStringList resourcePath{observationType, QStringLiteral("x")};

    for (const char *peer : {"192.0.2.1", "10.0.0.7", "::ffff:192.0.2.1", "2001:db8::1"}) {
        const HttpReply refused =
            adminApi.handle({"PUT", resourcePath, body, QHostAddress(QString::fromLatin1(peer))});
        QVERIFY2(refused.status == 403, peer);
        QVERIFY2(adminApi.handle({"GET",
                                  {QStringLiteral("stats")},
                                  {},
                                  QHostAddress(QString::fromLatin1(peer))})
                         .status == 403,
                 peer);
    }
    QVERIFY(!store.read(observationType, QStringLiteral("x")));

    for (const char *peer : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"})
        QVERIFY2(adminApi.handle({"GET",
                                  {QStringLiteral("stats")},
                                  {},
                                  QHostAddress(QString::fromLatin1(peer))})
                         .status == 200,
                 peer);
}

void tst_SandboxOfflineChanges::onlyLoopbackPeersAreServedOnAnyAddress()
{
    QHostAddress external;
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()) {
            external = address;
            break;
        }
    }
    if (external.isNull())
        QSKIP("This machine has no IPv4 address but loopback.");

    SandboxOptions options = smallOptions();
    options.admin = true;
    options.address = QHostAddress(QHostAddress::AnyIPv4);
    SandboxServer server(options);
    QVERIFY(server.start().ok());
    QUrl url(QStringLiteral("http://127.0.0.1/admin/stats"));
    url.setPort(server.port());
    QCOMPARE(send(url, "GET").status, 200);
    url.setHost(external.toString());
    QCOMPARE(send(url, "GET").status, 403);
    url.setPath(QStringLiteral("/admin/Observation/from-outside"));
    QCOMPARE(send(url, "PUT", QJsonDocument(glucose(amy, 5)).toJson()).status, 403);
    QVERIFY(!server.store().read(observationType, QStringLiteral("from-outside")));
}

QTEST_GUILESS_MAIN(tst_SandboxOfflineChanges)
#include "tst_sandboxofflinechanges.moc"
