#include "fhir/recordloader.h"
#include "support/fixedtoken.h"
#include "support/loopbackserver.h"

#include <QDir>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>
#include <memory>
#include <optional>

using namespace kete;
using namespace kete::fhir;

namespace {

// A FHIR token "system|code", "|code" or "code" against CodeableConcepts.
bool hasCode(const QJsonValue &concepts, const QString &token)
{
    const bool withSystem = token.contains(QLatin1Char('|'));
    const QString system = token.section(QLatin1Char('|'), 0, 0);
    const QString code = token.section(QLatin1Char('|'), -1);
    const QJsonArray array = concepts.toArray();
    for (const QJsonValue &c : array) {
        const QJsonArray codings = c.toObject().value(QLatin1String("coding")).toArray();
        for (const QJsonValue &coding : codings) {
            const QJsonObject o = coding.toObject();
            if (o.value(QLatin1String("code")).toString() == code &&
                (!withSystem || o.value(QLatin1String("system")).toString() == system))
                return true;
        }
    }
    return false;
}

// Just enough of a FHIR server over a list of resources: the searches RecordLoader makes, with
// paging through opaque page tokens, and per-type failures on demand.
class MiniFhirServer
{
public:
    QList<QJsonObject> resources;
    QHash<QString, int> failures; // resource type -> HTTP status to answer with
    QList<QUrl> hits;
    std::optional<QJsonObject> capabilityStatement; // GET metadata; 404 without
    int metadataRequests = 0;
    // Reads the request target the way a proxy that collapses "//" passes it on.
    bool collapseDoubleSlashes = false;

    MiniFhirServer()
    {
        m_port = kete::test::listenOnLoopback(m_server);
        m_server.route(QStringLiteral("/fhir/metadata"), [this] {
            ++metadataRequests;
            return capabilityStatement ? json(*capabilityStatement)
                                       : json(QJsonObject{{QStringLiteral("resourceType"),
                                                           QStringLiteral("OperationOutcome")}},
                                              404);
        });
        for (const QString &type : {QStringLiteral("Observation"), QStringLiteral("Condition"),
                                    QStringLiteral("DiagnosticReport")}) {
            m_server.route(QStringLiteral("/fhir/") + type,
                           [this, type](const QHttpServerRequest &r) {
                               hits.append(r.url());
                               QString target = r.url().query(QUrl::FullyEncoded);
                               if (collapseDoubleSlashes)
                                   target.replace(QLatin1String("//"), QLatin1String("/"));
                               return search(type, QUrlQuery(target));
                           });
        }
        m_server.route(QStringLiteral("/fhir/Patient/<arg>"),
                       [this](const QString &id, const QHttpServerRequest &r) {
                           hits.append(r.url());
                           return read(id);
                       });
        m_server.route(QStringLiteral("/fhir/page"), [this](const QHttpServerRequest &r) {
            hits.append(r.url());
            return nextPage(r.query().queryItemValue(QStringLiteral("token")));
        });
    }

    QUrl baseUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(m_port)); }

    void loadTransactionBundle(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot open fixture");
        const QJsonArray entries = QJsonDocument::fromJson(file.readAll())
                                       .object()
                                       .value(QLatin1String("entry"))
                                       .toArray();
        for (const QJsonValue &e : entries)
            resources.append(e.toObject().value(QLatin1String("resource")).toObject());
    }

private:
    static QHttpServerResponse json(const QJsonObject &object, int status = 200)
    {
        return QHttpServerResponse(QByteArrayLiteral("application/fhir+json"),
                                   QJsonDocument(object).toJson(QJsonDocument::Compact),
                                   QHttpServerResponse::StatusCode(status));
    }

    QHttpServerResponse read(const QString &id)
    {
        for (const QJsonObject &r : std::as_const(resources)) {
            if (r.value(QLatin1String("resourceType")).toString() == QLatin1String("Patient") &&
                r.value(QLatin1String("id")).toString() == id)
                return json(r);
        }
        return json(
            QJsonObject{
                {QStringLiteral("resourceType"), QStringLiteral("OperationOutcome")},
                {QStringLiteral("issue"),
                 QJsonArray{QJsonObject{{QStringLiteral("severity"), QStringLiteral("error")},
                                        {QStringLiteral("code"), QStringLiteral("not-found")}}}}},
            404);
    }

    QHttpServerResponse search(const QString &type, const QUrlQuery &query)
    {
        if (failures.contains(type))
            return json(
                QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("OperationOutcome")}},
                failures.value(type));
        const QString category = query.queryItemValue(QStringLiteral("category"));
        const QString code = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
        QList<QJsonObject> matches;
        for (const QJsonObject &r : std::as_const(resources)) {
            if (r.value(QLatin1String("resourceType")).toString() != type)
                continue;
            if (!category.isEmpty() && !hasCode(r.value(QLatin1String("category")), category))
                continue;
            if (!code.isEmpty()) {
                bool any = false;
                for (const QString &c : code.split(QLatin1Char(',')))
                    any = any || hasCode(QJsonArray{r.value(QLatin1String("code"))}, c);
                if (!any)
                    continue;
            }
            matches.append(r);
        }
        const int pageSize = std::max(1, query.queryItemValue(QStringLiteral("_count")).toInt());
        const QString token = QString::number(m_results.size());
        m_results.append(matches);
        m_pageSizes.append(pageSize);
        return pageOf(token.toInt(), 0);
    }

    QHttpServerResponse nextPage(const QString &token)
    {
        const QStringList parts = token.split(QLatin1Char('.'));
        return pageOf(parts.value(0).toInt(), parts.value(1).toInt());
    }

    QHttpServerResponse pageOf(int set, int offset)
    {
        const QList<QJsonObject> &all = m_results.at(set);
        const int size = m_pageSizes.at(set);
        QJsonArray entries;
        for (int i = offset; i < std::min<int>(offset + size, int(all.size())); ++i)
            entries.append(
                QJsonObject{{QStringLiteral("resource"), all.at(i)},
                            {QStringLiteral("search"),
                             QJsonObject{{QStringLiteral("mode"), QStringLiteral("match")}}}});
        QJsonArray links;
        if (offset + size < all.size())
            links.append(QJsonObject{
                {QStringLiteral("relation"), QStringLiteral("next")},
                {QStringLiteral("url"),
                 QString(baseUrl().toString() +
                         QStringLiteral("/page?token=%1.%2").arg(set).arg(offset + size))}});
        return json(QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                {QStringLiteral("type"), QStringLiteral("searchset")},
                                {QStringLiteral("total"), int(all.size())},
                                {QStringLiteral("link"), links},
                                {QStringLiteral("entry"), entries}});
    }

    QHttpServer m_server;
    quint16 m_port = 0;
    QList<QList<QJsonObject>> m_results;
    QList<int> m_pageSizes;
};

QJsonObject resource(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

// A CapabilityStatement listing these search parameters per type.
QJsonObject capabilities(const QHash<QString, QStringList> &paramsByType)
{
    QJsonArray types;
    for (auto it = paramsByType.cbegin(); it != paramsByType.cend(); ++it) {
        QJsonArray params;
        for (const QString &name : it.value())
            params.append(QJsonObject{{QStringLiteral("name"), name},
                                      {QStringLiteral("type"), QStringLiteral("token")}});
        types.append(QJsonObject{{QStringLiteral("type"), it.key()},
                                 {QStringLiteral("searchParam"), params}});
    }
    return {{QStringLiteral("resourceType"), QStringLiteral("CapabilityStatement")},
            {QStringLiteral("rest"),
             QJsonArray{QJsonObject{{QStringLiteral("mode"), QStringLiteral("server")},
                                    {QStringLiteral("resource"), types}}}}};
}

// The _sort each search of `type` asked for ("" when none); one entry per search.
QStringList sortsAskedFor(const QList<QUrl> &hits, const QString &type)
{
    QStringList sorts;
    for (const QUrl &hit : hits) {
        if (hit.path().endsWith(QLatin1Char('/') + type))
            sorts << QUrlQuery(hit).queryItemValue(QStringLiteral("_sort"));
    }
    return sorts;
}

struct Collected
{
    QList<Patient> patients;
    QList<Observation> observations;
    QList<Condition> conditions;
    QList<DiagnosticReport> reports;
    QList<LoadProgress> progress;
    std::optional<RecordOutcome> outcome;
    int runningAtFirstObservations = -1;
};

void collect(RecordLoader &loader, Collected &c)
{
    QObject::connect(&loader, &RecordLoader::patientReceived, &loader,
                     [&c](const Patient &p) { c.patients.append(p); });
    QObject::connect(&loader, &RecordLoader::observationsReceived, &loader,
                     [&c](const QList<Observation> &o) {
                         if (c.observations.isEmpty() && !c.progress.isEmpty())
                             c.runningAtFirstObservations = c.progress.constLast().running;
                         c.observations.append(o);
                     });
    QObject::connect(&loader, &RecordLoader::conditionsReceived, &loader,
                     [&c](const QList<Condition> &list) { c.conditions.append(list); });
    QObject::connect(&loader, &RecordLoader::reportsReceived, &loader,
                     [&c](const QList<DiagnosticReport> &list) { c.reports.append(list); });
    QObject::connect(&loader, &RecordLoader::progress, &loader,
                     [&c](const LoadProgress &p) { c.progress.append(p); });
    QObject::connect(&loader, &RecordLoader::finished, &loader,
                     [&c](const RecordOutcome &o) { c.outcome = o; });
}

} // namespace

// Fixture JSON writes "http:\/\/" and \u0027: moc misreads // and ' inside raw strings.
class TestRecordLoader : public QObject
{
    Q_OBJECT

    test::FixedToken m_token;

    static void addOwnRecord(MiniFhirServer &server)
    {
        server.resources = {
            resource(
                R"({"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1980-01-01"})"),
            resource(
                R"({"resourceType":"Observation","id":"lab1","status":"final","category":[{"coding":[{"code":"laboratory"}]}],
                "code":{"coding":[{"system":"http:\/\/loinc.org","code":"2345-7"}]},"effectiveDateTime":"2020-01-01","valueQuantity":{"value":5}})"),
            resource(
                R"({"resourceType":"Observation","id":"lab2","status":"final","category":[{"coding":[{"code":"laboratory"}]}],
                "code":{"coding":[{"system":"http:\/\/loinc.org","code":"2345-7"}]},"effectiveDateTime":"2021-01-01","valueQuantity":{"value":6}})"),
            resource(
                R"({"resourceType":"Observation","id":"bp1","status":"final","category":[{"coding":[{"code":"vital-signs"}]}],
                "code":{"coding":[{"system":"http:\/\/loinc.org","code":"85354-9"}]},"effectiveDateTime":"2021-01-01",
                "component":[{"code":{"coding":[{"system":"http:\/\/loinc.org","code":"8480-6"}]},"valueQuantity":{"value":120}}]})"),
            resource(
                R"({"resourceType":"Observation","id":"h1","status":"final","category":[{"coding":[{"code":"vital-signs"}]}],
                "code":{"coding":[{"system":"http:\/\/loinc.org","code":"8302-2"}]},"effectiveDateTime":"2021-01-01","valueQuantity":{"value":170}})"),
            resource(R"({"resourceType":"Condition","id":"c1","code":{"text":"Asthma"}})"),
            resource(
                R"({"resourceType":"DiagnosticReport","id":"r1","category":[{"coding":[{"code":"LAB"}]}],
                "code":{"text":"Glucose panel"},"result":[{"reference":"Observation/lab2"}]})"),
        };
    }

private Q_SLOTS:
    void loadsEveryPartAndReportsWhatIsNotShared()
    {
        MiniFhirServer server;
        addOwnRecord(server);
        server.failures.insert(QStringLiteral("Condition"), 403);
        FhirClient client(server.baseUrl(), &m_token);
        RecordLoader loader(&client, QStringLiteral("p1"));
        Collected c;
        collect(loader, c);
        loader.start();
        QVERIFY(loader.isRunning());
        QTRY_VERIFY(c.outcome.has_value());

        QVERIFY(c.outcome->ok());
        QCOMPARE(c.patients.size(), 1);
        QCOMPARE(c.observations.size(), 3); // two labs and the blood pressure; not the height
        QCOMPARE(c.outcome->observations, 3);
        QCOMPARE(c.reports.size(), 1);
        QCOMPARE(c.conditions.size(), 0);
        QCOMPARE(c.outcome->notices.size(), 1);
        QCOMPARE(c.outcome->notices.constFirst().severity, Notice::Severity::Error);
        QVERIFY(c.outcome->notices.constFirst().message.contains(QLatin1String("conditions")));
        // The searches ran side by side: when the first results arrived others were still out.
        QVERIFY(c.runningAtFirstObservations > 1);
        QCOMPARE(c.progress.constLast().running, 0);
        QCOMPARE(c.progress.constLast().resources, 5);
        QCOMPARE(c.progress.constLast().expected, 1 + 2 + 1 + 1); // Patient + Bundle.totals
        // Every Observation search names a category (Epic refuses it otherwise) and the patient.
        int observationSearches = 0;
        for (const QUrl &hit : std::as_const(server.hits)) {
            if (!hit.path().endsWith(QLatin1String("/Observation")))
                continue;
            ++observationSearches;
            const QUrlQuery q(hit);
            QVERIFY(q.hasQueryItem(QStringLiteral("category")));
            QCOMPARE(q.queryItemValue(QStringLiteral("patient")), QStringLiteral("p1"));
        }
        QCOMPARE(observationSearches, 2);
        QVERIFY(!loader.isRunning());
    }

    void bloodPressureSurvivesAProxyThatCollapsesDoubleSlashes()
    {
        MiniFhirServer server;
        addOwnRecord(server);
        server.collapseDoubleSlashes = true;
        FhirClient client(server.baseUrl(), &m_token);
        RecordLoader loader(&client, QStringLiteral("p1"));
        Collected c;
        collect(loader, c);
        loader.start();
        QTRY_VERIFY(c.outcome.has_value());
        QVERIFY(c.outcome->ok());
        QStringList ids;
        for (const Observation &o : std::as_const(c.observations))
            ids << o.id;
        QVERIFY2(ids.contains(QStringLiteral("bp1")), qPrintable(ids.join(QLatin1Char(' '))));
        // On the wire: the systems' "//" and "|" encoded, the comma between the codes raw.
        QStringList targets;
        for (const QUrl &hit : std::as_const(server.hits))
            targets << hit.query(QUrl::FullyEncoded);
        const QString bloodPressure = QStringLiteral(
            "code=http%3A%2F%2Floinc.org%7C85354-9,http%3A%2F%2Floinc.org%7C55284-4");
        QVERIFY2(std::any_of(targets.cbegin(), targets.cend(),
                             [&](const QString &t) { return t.contains(bloodPressure); }),
                 qPrintable(targets.join(QLatin1Char('\n'))));
        for (const QString &target : std::as_const(targets))
            QVERIFY2(!target.contains(QLatin1String("//")), qPrintable(target));
    }

    void newestFirstWhereTheServerDeclaresSort()
    {
        MiniFhirServer server;
        addOwnRecord(server);
        server.capabilityStatement = capabilities(
            {{QStringLiteral("Observation"),
              {QStringLiteral("_sort"), QStringLiteral("date"), QStringLiteral("code")}},
             {QStringLiteral("Condition"), {QStringLiteral("_sort"), QStringLiteral("onset-date")}},
             {QStringLiteral("DiagnosticReport"), {QStringLiteral("date")}}});
        FhirClient client(server.baseUrl(), &m_token);
        for (int load = 0; load < 2; ++load) {
            server.hits.clear();
            RecordLoader loader(&client, QStringLiteral("p1"));
            Collected c;
            collect(loader, c);
            loader.start();
            QTRY_VERIFY(c.outcome.has_value());
            QVERIFY(c.outcome->ok());
            QCOMPARE(c.observations.size(), 3);
            QCOMPARE(sortsAskedFor(server.hits, QStringLiteral("Observation")),
                     QStringList({QStringLiteral("-date"), QStringLiteral("-date")}));
            QCOMPARE(sortsAskedFor(server.hits, QStringLiteral("Condition")),
                     QStringList{QStringLiteral("-onset-date")});
            // DiagnosticReport does not list _sort: asked unsorted.
            QCOMPARE(sortsAskedFor(server.hits, QStringLiteral("DiagnosticReport")),
                     QStringList{QString()});
        }
        QCOMPARE(server.metadataRequests, 1); // once per connection
        QVERIFY(client.capabilities().has_value());
    }

    void unsortedWhereTheServerDoesNotSaySo_data()
    {
        QTest::addColumn<bool>("hasMetadata");
        QTest::addColumn<QStringList>("observationParams");
        QTest::newRow("_sort not listed") << true << QStringList{QStringLiteral("date")};
        QTest::newRow("_sort without date") << true << QStringList{QStringLiteral("_sort")};
        QTest::newRow("no CapabilityStatement (404)") << false << QStringList{};
    }
    void unsortedWhereTheServerDoesNotSaySo()
    {
        QFETCH(bool, hasMetadata);
        QFETCH(QStringList, observationParams);
        MiniFhirServer server;
        addOwnRecord(server);
        if (hasMetadata)
            server.capabilityStatement =
                capabilities({{QStringLiteral("Observation"), observationParams}});
        FhirClient client(server.baseUrl(), &m_token);
        for (int load = 0; load < 2; ++load) {
            RecordLoader loader(&client, QStringLiteral("p1"));
            Collected c;
            collect(loader, c);
            loader.start();
            QTRY_VERIFY(c.outcome.has_value());
            QVERIFY(c.outcome->ok());
            QCOMPARE(c.observations.size(), 3);
        }
        for (const QUrl &hit : std::as_const(server.hits))
            QVERIFY2(!QUrlQuery(hit).hasQueryItem(QStringLiteral("_sort")),
                     qPrintable(hit.toString()));
        QCOMPARE(server.metadataRequests, 1); // a server without one is not asked again
    }

    void partStatesFollowEachPart()
    {
        MiniFhirServer server;
        addOwnRecord(server);
        server.failures.insert(QStringLiteral("Condition"), 403);
        FhirClient client(server.baseUrl(), &m_token);
        RecordLoader loader(&client, QStringLiteral("p1"));
        loader.setReadableTypes([](QStringView type) { return type != u"DiagnosticReport"; });
        QCOMPARE(loader.partState(RecordPart::Labs), PartState::NotAsked);
        Collected c;
        collect(loader, c);
        // When a part's results arrive, that part is still loading (more pages may follow).
        QList<PartState> labsWhenTheirResultsCame;
        connect(&loader, &RecordLoader::observationsReceived, this,
                [&] { labsWhenTheirResultsCame << loader.partState(RecordPart::Labs); });
        loader.start();
        for (const RecordPart part : {RecordPart::Patient, RecordPart::Labs,
                                      RecordPart::BloodPressure, RecordPart::Conditions})
            QCOMPARE(loader.partState(part), PartState::Loading);
        QCOMPARE(loader.partState(RecordPart::Reports), PartState::NotAsked);
        QTRY_VERIFY(c.outcome.has_value());
        QCOMPARE(loader.partState(RecordPart::Patient), PartState::Loaded);
        QCOMPARE(loader.partState(RecordPart::Labs), PartState::Loaded);
        QCOMPARE(loader.partState(RecordPart::BloodPressure), PartState::Loaded);
        QCOMPARE(loader.partState(RecordPart::Conditions), PartState::Failed);
        QCOMPARE(loader.partState(RecordPart::Reports), PartState::NotAsked);
        QVERIFY(!labsWhenTheirResultsCame.isEmpty());
        QCOMPARE(labsWhenTheirResultsCame.constFirst(), PartState::Loading);
    }

    void patientNotReadableIsAFailure()
    {
        MiniFhirServer server;
        addOwnRecord(server);
        FhirClient client(server.baseUrl(), &m_token);
        RecordLoader loader(&client, QStringLiteral("nobody"));
        Collected c;
        collect(loader, c);
        loader.start();
        QTRY_VERIFY(c.outcome.has_value());
        QVERIFY(!c.outcome->ok());
        QVERIFY(!c.outcome->cancelled);
        QVERIFY(c.patients.isEmpty());
    }

    void cancelStopsEverything()
    {
        MiniFhirServer server;
        addOwnRecord(server);
        FhirClient client(server.baseUrl(), &m_token);
        RecordLoader loader(&client, QStringLiteral("p1"));
        Collected c;
        collect(loader, c);
        loader.start();
        loader.cancel();
        QVERIFY(c.outcome.has_value());
        QVERIFY(c.outcome->cancelled);
        QVERIFY(!c.outcome->ok());
        QCOMPARE(client.requestsInFlight(), 0);
        for (const RecordPart part :
             {RecordPart::Patient, RecordPart::Labs, RecordPart::BloodPressure,
              RecordPart::Conditions, RecordPart::Reports})
            QCOMPARE(loader.partState(part), PartState::Cancelled);
        QTest::qWait(100); // nothing may trickle in after a cancel
        QVERIFY(c.observations.isEmpty());
        QVERIFY(c.patients.isEmpty());
    }

    void syntheaRecordsArriveInPages_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("patientId");
        QTest::addColumn<int>("labs");
        QTest::addColumn<int>("bloodPressures");
        QTest::addColumn<int>("conditions");
        QTest::addColumn<int>("reports");
        QTest::newRow("Josue Sipes")
            << "Josue_Sipes"
            << "bd6f9f37-7295-4cd6-b212-134afcef1253" << 484 << 26 << 22 << 60;
        QTest::newRow("Wendy Littel")
            << "Wendy_Littel"
            << "34b6332c-71a9-46ad-9d30-17443d77dbd9" << 22 << 9 << 0 << 2;
    }
    void syntheaRecordsArriveInPages()
    {
        QFETCH(QString, file);
        QFETCH(QString, patientId);
        QFETCH(int, labs);
        QFETCH(int, bloodPressures);
        QFETCH(int, conditions);
        QFETCH(int, reports);
        const QDir dir(qEnvironmentVariable("KETE_FIXTURES"));
        const QStringList files = dir.entryList({file + QStringLiteral("_*.json")});
        if (qEnvironmentVariableIsEmpty("KETE_FIXTURES") || files.isEmpty())
            QSKIP("KETE_FIXTURES not set or missing");
        MiniFhirServer server;
        server.loadTransactionBundle(dir.filePath(files.constFirst()));
        FhirClient client(server.baseUrl(), &m_token);
        RecordLoader loader(&client, patientId);
        Collected c;
        collect(loader, c);
        loader.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.outcome.has_value(), 20000);
        QVERIFY(c.outcome->ok());
        QVERIFY(c.outcome->notices.isEmpty());
        QCOMPARE(c.patients.size(), 1);
        int labCount = 0;
        int bpCount = 0;
        for (const Observation &o : std::as_const(c.observations)) {
            labCount += o.hasCategory(QStringLiteral("laboratory"));
            bpCount += isBloodPressure(o);
        }
        QCOMPARE(labCount, labs);
        QCOMPARE(bpCount, bloodPressures);
        QCOMPARE(c.conditions.size(), conditions);
        QCOMPARE(c.reports.size(), reports);
        const int expectedPages = 1 + (labs + 99) / 100 + std::max(1, (bloodPressures + 99) / 100) +
                                  std::max(1, (conditions + 99) / 100) +
                                  std::max(1, (reports + 99) / 100);
        QCOMPARE(c.progress.constLast().pages, expectedPages);
    }
};

QTEST_GUILESS_MAIN(TestRecordLoader)
#include "tst_recordloader.moc"
