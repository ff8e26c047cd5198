#include "sandbox/data/resourcestore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QUrlQuery>

using namespace kete::sandbox;

namespace {

QList<SearchParameter> parameters(const QString &query)
{
    QList<SearchParameter> result;
    const auto items = QUrlQuery(query).queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        result.append({item.first, item.second});
    return result;
}

QString ids(const QList<QJsonObject> &resources)
{
    QStringList list;
    for (const QJsonObject &resource : resources)
        list.append(resource.value(QLatin1String("id")).toString());
    return list.join(QLatin1Char(','));
}

QJsonObject observation(const QString &id, const QString &patient, const QString &category,
                        const QString &code, const QString &date, const QString &status)
{
    return QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), status},
        {QStringLiteral("category"),
         QJsonArray{QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{
                  {QStringLiteral("system"),
                   QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category")},
                  {QStringLiteral("code"), category}}}}}}},
        {QStringLiteral("code"),
         QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                     {QStringLiteral("code"), code}}}}}},
        {QStringLiteral("subject"),
         QJsonObject{{QStringLiteral("reference"), QString(QStringLiteral("Patient/") + patient)}}},
        {QStringLiteral("effectiveDateTime"), date}};
}

void addFixtures(ResourceStore &store)
{
    QFile file(QFINDTESTDATA("store-fixture.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray entries =
        QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("entry")).toArray();
    QCOMPARE(entries.size(), 7);
    for (const QJsonValue &entry : entries)
        store.add(entry.toObject().value(QLatin1String("resource")).toObject());

    const QString lab = QStringLiteral("laboratory");
    store.add(observation(QStringLiteral("o1"), QStringLiteral("amy"), lab, QStringLiteral("718-7"),
                          QStringLiteral("2019-05-01T09:00:00Z"), QStringLiteral("final")));
    store.add(observation(QStringLiteral("o2"), QStringLiteral("amy"), lab,
                          QStringLiteral("2345-7"), QStringLiteral("2020-01-15T08:30:00+13:00"),
                          QStringLiteral("final")));
    store.add(observation(QStringLiteral("o3"), QStringLiteral("amy"),
                          QStringLiteral("vital-signs"), QStringLiteral("85354-9"),
                          QStringLiteral("2020-05-20"), QStringLiteral("amended")));
    // 2021-03-01T10:00+13:00 is still 2021-02-28 in UTC.
    store.add(observation(QStringLiteral("o4"), QStringLiteral("amy"), lab, QStringLiteral("718-7"),
                          QStringLiteral("2021-03-01T10:00:00+13:00"),
                          QStringLiteral("preliminary")));
    store.add(observation(QStringLiteral("o5"), QStringLiteral("bob"), lab, QStringLiteral("718-7"),
                          QStringLiteral("2020-05-01T12:00:00Z"), QStringLiteral("final")));
    // Ids out of date order, so that _sort=date differs from the default id order.
    store.add(observation(QStringLiteral("a0"), QStringLiteral("amy"), lab,
                          QStringLiteral("2345-7"), QStringLiteral("2022-07-01T08:00:00Z"),
                          QStringLiteral("cancelled")));
}

} // namespace

class TestResourceStore : public QObject
{
    Q_OBJECT

private:
    ResourceStore m_store;

private Q_SLOTS:
    void initTestCase() { addFixtures(m_store); }

    void search_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");

        const QString patient = QStringLiteral("Patient");
        const QString obs = QStringLiteral("Observation");
        const QString cond = QStringLiteral("Condition");
        const QString report = QStringLiteral("DiagnosticReport");
        auto row = [](const char *name, const QString &type, const char *query,
                      const char *expected) {
            QTest::newRow(name) << type << QString::fromUtf8(query) << QString::fromUtf8(expected);
        };

        row("patient: no parameters", patient, "", "amy,bob,cara");
        row("patient: _id", patient, "_id=bob", "bob");
        row("patient: _id OR list", patient, "_id=cara,amy,nobody", "amy,cara");
        row("patient: name on family", patient, "name=sha", "amy,cara");
        row("patient: name on given, case-insensitive", patient, "name=LOU", "amy");
        row("patient: name ignores accents", patient, "name=ngata", "bob");
        row("patient: name matches start of parts only", patient, "name=haw", "");
        row("patient: name:exact", patient, "name:exact=Shaw", "amy,cara");
        row("patient: name:exact is case-sensitive", patient, "name:exact=shaw", "");
        row("patient: name:contains", patient, "name:contains=haw", "amy,cara");
        row("patient: family", patient, "family=shaw", "amy,cara");
        row("patient: family does not match given", patient, "family=amy", "");
        row("patient: given", patient, "given=cara", "cara");
        row("patient: gender", patient, "gender=female", "amy,cara");
        row("patient: gender OR", patient, "gender=female,male", "amy,bob,cara");
        row("patient: birthdate day", patient, "birthdate=1980-05-17", "amy");
        row("patient: birthdate year", patient, "birthdate=1975", "bob");
        row("patient: birthdate month precision in data", patient, "birthdate=2015", "cara");
        row("patient: birthdate day inside month-precision data is not eq", patient,
            "birthdate=2015-03-04", "");
        row("patient: birthdate lt", patient, "birthdate=lt1980", "bob");
        row("patient: birthdate range", patient, "birthdate=ge1976&birthdate=le2000", "amy");
        row("patient: identifier value", patient, "identifier=1002", "bob");
        row("patient: identifier system|value", patient,
            "identifier=https://kete.example.org/mrn|1001", "amy");
        row("patient: identifier wrong system", patient, "identifier=urn:other|1001", "");
        row("patient: identifier system|", patient, "identifier=urn:oid:2.16.840.1.113883.4.1|",
            "bob");
        row("patient: AND of two parameters", patient, "family=shaw&gender=female&given=amy",
            "amy");
        row("patient: _lastUpdated", patient, "_lastUpdated=ge2024", "amy");
        row("patient: _sort=-_lastUpdated", patient, "_sort=-_lastUpdated", "amy,bob,cara");
        row("patient: _sort=_lastUpdated", patient, "_sort=_lastUpdated", "bob,amy,cara");
        row("patient: empty value ignored", patient, "name=", "amy,bob,cara");

        row("obs: patient id", obs, "patient=amy", "a0,o1,o2,o3,o4");
        row("obs: patient Patient/id", obs, "patient=Patient/bob", "o5");
        row("obs: patient OR list", obs, "patient=bob,amy&code=718-7", "o1,o4,o5");
        row("obs: subject", obs, "subject=Patient/bob", "o5");
        row("obs: subject:Patient", obs, "subject:Patient=bob", "o5");
        row("obs: patient unknown", obs, "patient=nobody", "");
        row("obs: category", obs, "patient=amy&category=vital-signs", "o3");
        row("obs: category system|code", obs,
            "category=http://terminology.hl7.org/CodeSystem/"
            "observation-category|laboratory&patient=amy",
            "a0,o1,o2,o4");
        row("obs: category wrong system", obs, "category=http://loinc.org|laboratory", "");
        row("obs: category OR", obs, "patient=amy&category=laboratory,vital-signs",
            "a0,o1,o2,o3,o4");
        row("obs: code", obs, "code=718-7", "o1,o4,o5");
        row("obs: code system|code", obs, "code=http://loinc.org|2345-7", "a0,o2");
        row("obs: code :not", obs, "patient=amy&code:not=718-7", "a0,o2,o3");
        row("obs: status", obs, "status=amended,preliminary", "o3,o4");
        row("obs: date year", obs, "date=2020", "o2,o3,o5");
        row("obs: date month", obs, "date=2020-05", "o3,o5");
        row("obs: date eq day", obs, "date=eq2019-05-01", "o1");
        row("obs: date in UTC, offset respected", obs, "date=2020-01-14", "o2");
        row("obs: date offset crosses month", obs, "date=2021-02", "o4");
        row("obs: date ne", obs, "patient=amy&date=ne2020", "a0,o1,o4");
        row("obs: date gt", obs, "date=gt2020-05-01", "a0,o3,o4");
        row("obs: date ge", obs, "date=ge2020-05-01", "a0,o3,o4,o5");
        row("obs: date lt", obs, "date=lt2020-01-14T19:30:00Z", "o1");
        row("obs: date le", obs, "date=le2020-01-14T19:30:00Z", "o1,o2");
        row("obs: date range", obs, "date=ge2020&date=lt2021", "o2,o3,o5");
        row("obs: date sa", obs, "date=sa2020", "a0,o4");
        row("obs: date eb", obs, "date=eb2020", "o1");
        row("obs: date OR", obs, "date=2019,2022", "a0,o1");
        row("obs: _sort=date", obs, "patient=amy&_sort=date", "o1,o2,o3,o4,a0");
        row("obs: _sort=-date", obs, "patient=amy&_sort=-date", "a0,o4,o3,o2,o1");
        row("obs: _sort=-_id", obs, "patient=amy&_sort=-_id", "o4,o3,o2,o1,a0");
        row("obs: _id with patient", obs, "_id=o5,o1&patient=amy", "o1");

        row("cond: patient", cond, "patient=amy", "c1,c2");
        row("cond: clinical-status", cond, "clinical-status=active", "c1,c3");
        row("cond: clinical-status system|code", cond,
            "clinical-status=http://terminology.hl7.org/CodeSystem/condition-clinical|resolved",
            "c2");
        row("cond: verification-status", cond, "verification-status=provisional", "c2");
        row("cond: category", cond, "category=problem-list-item,health-concern", "c1");
        row("cond: code SNOMED", cond, "code=http://snomed.info/sct|38341003", "c1");
        row("cond: code ICD-10-CM", cond, "code=http://hl7.org/fhir/sid/icd-10-cm|I10", "c1");
        row("cond: onset-date year contains period", cond, "onset-date=2018", "c2");
        row("cond: onset-date lt", cond, "onset-date=lt2016", "c1");
        row("cond: onset-date :missing", cond, "onset-date:missing=true", "c3");
        row("cond: recorded-date", cond, "recorded-date=2016-03", "c1");
        row("cond: abatement-date", cond, "abatement-date=2018-02-19", "c2");
        row("cond: _sort onset-date puts missing last", cond, "_sort=-onset-date", "c2,c1,c3");

        row("report: patient + category", report, "patient=amy&category=LAB", "d1");
        row("report: code", report, "code=http://loinc.org|58410-2", "d1");
        row("report: date", report, "date=ge2019-01-01&date=le2019-12-31", "d1");
        row("report: status", report, "status=final", "d1");
        row("report: status no match", report, "status=preliminary", "");
    }
    void search()
    {
        QFETCH(QString, type);
        QFETCH(QString, query);
        QFETCH(QString, expected);
        const auto result = m_store.search(type, parameters(query));
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
        QCOMPARE(ids(*result), expected);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("named");

        auto row = [](const char *name, const char *type, const char *query, const char *named) {
            QTest::newRow(name) << QString::fromLatin1(type) << QString::fromLatin1(query)
                                << QString::fromLatin1(named);
        };
        row("unknown parameter", "Observation", "foo=1", "'foo'");
        row("parameter of another type", "Patient", "code=718-7", "'code'");
        row("condition has no status", "Condition", "status=active", "'status'");
        row("bad date", "Observation", "date=2020-13-01", "'date'");
        row("bad date text", "Observation", "date=yesterday", "'date'");
        row("unknown prefix", "Observation", "date=xx2020", "'date'");
        row("ap not supported", "Observation", "date=ap2020", "'date'");
        row("bad birthdate", "Patient", "birthdate=1980-02-30", "'birthdate'");
        row("bad onset-date", "Condition", "onset-date=20", "'onset-date'");
        row("unknown _sort", "Observation", "_sort=code", "'_sort'");
        row("unknown _sort direction", "Observation", "_sort=+date", "'_sort'");
        row("unsupported modifier", "Observation", "code:text=glucose", "'code'");
        row("modifier on a date", "Observation", "date:exact=2020", "'date'");
        row("patient parameter to a Group", "Observation", "patient=Group/1", "'patient'");
        row("bad :missing value", "Condition", "onset-date:missing=maybe", "'onset-date:missing'");
        row("empty item in OR list", "Observation", "code=718-7,", "'code'");
        row("lone bar token", "Observation", "code=|", "'code'");
    }
    void errors()
    {
        QFETCH(QString, type);
        QFETCH(QString, query);
        QFETCH(QString, named);
        const auto result = m_store.search(type, parameters(query));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().detail.contains(named), qPrintable(result.error().detail));
        QVERIFY(!result.error().message.isEmpty());
    }

    void readAndCounts()
    {
        QCOMPARE(m_store.count(QStringLiteral("Observation")), 6);
        QCOMPARE(m_store.patientIds(), (QStringList{QStringLiteral("amy"), QStringLiteral("bob"),
                                                    QStringLiteral("cara")}));
        QVERIFY(m_store.read(QStringLiteral("Patient"), QStringLiteral("amy")).has_value());
        QVERIFY(!m_store.read(QStringLiteral("Patient"), QStringLiteral("o1")).has_value());
        QVERIFY(!m_store.read(QStringLiteral("Nothing"), QStringLiteral("amy")).has_value());
        QCOMPARE(ResourceStore::patientOf(
                     *m_store.read(QStringLiteral("Observation"), QStringLiteral("o5"))),
                 QStringLiteral("bob"));
        QCOMPARE(ResourceStore::patientOf(QJsonObject{
                     {QStringLiteral("resourceType"), QStringLiteral("AllergyIntolerance")},
                     {QStringLiteral("patient"),
                      QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/x")}}}}),
                 QStringLiteral("x"));
    }

    void replacingMovesTheResourceBetweenPatients()
    {
        ResourceStore store;
        store.add(observation(QStringLiteral("x"), QStringLiteral("p1"),
                              QStringLiteral("laboratory"), QStringLiteral("718-7"),
                              QStringLiteral("2020"), QStringLiteral("final")));
        store.add(observation(QStringLiteral("x"), QStringLiteral("p2"),
                              QStringLiteral("laboratory"), QStringLiteral("718-7"),
                              QStringLiteral("2020"), QStringLiteral("final")));
        QCOMPARE(store.count(QStringLiteral("Observation")), 1);
        QCOMPARE(ids(*store.search(QStringLiteral("Observation"),
                                   parameters(QStringLiteral("patient=p1")))),
                 QString());
        QCOMPARE(ids(*store.search(QStringLiteral("Observation"),
                                   parameters(QStringLiteral("patient=p2")))),
                 QStringLiteral("x"));
    }

    void removeForgetsTheResourceInEveryIndex()
    {
        ResourceStore store;
        const QString type = QStringLiteral("Observation");
        for (const char *id : {"x", "y"})
            store.add(observation(QString::fromLatin1(id), QStringLiteral("p1"),
                                  QStringLiteral("laboratory"), QStringLiteral("718-7"),
                                  QStringLiteral("2020"), QStringLiteral("final")));
        QVERIFY(store.remove(type, QStringLiteral("x")));
        QVERIFY(!store.read(type, QStringLiteral("x")));
        QCOMPARE(store.count(type), 1);
        QCOMPARE(ids(*store.search(type, parameters(QStringLiteral("patient=p1")))),
                 QStringLiteral("y"));
        QCOMPARE(ids(*store.search(type, parameters(QStringLiteral("code=718-7")))),
                 QStringLiteral("y"));
        QCOMPARE(ids(*store.search(type, parameters(QStringLiteral("_id=x")))), QString());

        QVERIFY(!store.remove(type, QStringLiteral("x")));
        QVERIFY(!store.remove(QStringLiteral("Nothing"), QStringLiteral("y")));
        QVERIFY(store.remove(type, QStringLiteral("y")));
        QCOMPARE(store.count(type), 0);
        QCOMPARE(ids(*store.search(type, parameters(QStringLiteral("patient=p1")))), QString());
        QVERIFY(!store.types().contains(type));

        // Added again after removal: found in the patient's compartment as before.
        store.add(observation(QStringLiteral("x"), QStringLiteral("p2"),
                              QStringLiteral("laboratory"), QStringLiteral("718-7"),
                              QStringLiteral("2020"), QStringLiteral("final")));
        QCOMPARE(ids(*store.search(type, parameters(QStringLiteral("patient=p2")))),
                 QStringLiteral("x"));
    }

    // Incremental sync asks for _lastUpdated=gt<instant>; instants come with any offset.
    void lastUpdatedGtComparesInstantsAcrossZones_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, const char *query, const char *expected) {
            QTest::newRow(name) << QString::fromLatin1(query) << QString::fromLatin1(expected);
        };
        // A value to the second stands for that whole second: gt starts after it.
        row("gt Z, seconds", "_lastUpdated=gt2026-12-04T10:00:00Z", "c-later,d-plus13,e-minus6");
        row("gt Z, milliseconds", "_lastUpdated=gt2026-12-04T10:00:00.000Z",
            "b-same-second,c-later,d-plus13,e-minus6");
        row("gt +13:00 = 10:00Z", "_lastUpdated=gt2026-12-04T23:00:00%2B13:00",
            "c-later,d-plus13,e-minus6");
        row("gt +13:00 unencoded plus", "_lastUpdated=gt2026-12-04T23:00:00+13:00",
            "c-later,d-plus13,e-minus6");
        row("gt -06:00 = 10:00Z", "_lastUpdated=gt2026-12-04T04:00:00-06:00",
            "c-later,d-plus13,e-minus6");
        row("gt +13:00 = 10:30Z", "_lastUpdated=gt2026-12-04T23:30:00%2B13:00", "d-plus13");
        row("gt +13:00 = 10:30:00.000Z", "_lastUpdated=gt2026-12-04T23:30:00.000%2B13:00",
            "d-plus13,e-minus6");
        row("lt +13:00 = 11:00Z", "_lastUpdated=lt2026-12-05T00:00:00%2B13:00",
            "a-before,b-same-second,c-later,e-minus6");
        row("ge +13:00 = 10:00:00.500Z", "_lastUpdated=ge2026-12-04T23:00:00.500%2B13:00",
            "b-same-second,c-later,d-plus13,e-minus6");
        row("lt Z", "_lastUpdated=lt2026-12-04T10:00:00Z", "a-before");
        row("gt a date", "_lastUpdated=gt2026-12-03",
            "a-before,b-same-second,c-later,d-plus13,e-minus6");
    }
    void lastUpdatedGtComparesInstantsAcrossZones()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        ResourceStore store;
        const QList<QPair<QString, QString>> updated{
            {QStringLiteral("a-before"), QStringLiteral("2026-12-04T09:59:59.999Z")},
            {QStringLiteral("b-same-second"), QStringLiteral("2026-12-04T10:00:00.500Z")},
            {QStringLiteral("c-later"), QStringLiteral("2026-12-04T10:00:01.000Z")},
            // 11:00Z and 10:30Z
            {QStringLiteral("d-plus13"), QStringLiteral("2026-12-05T00:00:00.000+13:00")},
            {QStringLiteral("e-minus6"), QStringLiteral("2026-12-04T04:30:00-06:00")},
        };
        for (const auto &[id, lastUpdated] : updated) {
            QJsonObject resource = observation(
                id, QStringLiteral("p1"), QStringLiteral("laboratory"), QStringLiteral("718-7"),
                QStringLiteral("2020"), QStringLiteral("final"));
            resource.insert(QStringLiteral("meta"),
                            QJsonObject{{QStringLiteral("lastUpdated"), lastUpdated}});
            store.add(resource);
        }
        const auto found = store.search(QStringLiteral("Observation"), parameters(query));
        QVERIFY2(found.ok(), qPrintable(found.ok() ? QString() : found.error().detail));
        QCOMPARE(ids(*found), expected);
    }

    void largePatientSearchIsFastAndStable()
    {
        ResourceStore store;
        const int total = 20000;
        for (int i = 0; i < total; ++i) {
            const QDate day = QDate(2000, 1, 1).addDays(i % 7000);
            store.add(observation(QStringLiteral("obs-%1").arg(i, 5, 10, QLatin1Char('0')),
                                  QStringLiteral("big"), QStringLiteral("laboratory"),
                                  i % 4 == 0 ? QStringLiteral("718-7") : QStringLiteral("2345-7"),
                                  QString(day.toString(Qt::ISODate) + QStringLiteral("T08:00:00Z")),
                                  QStringLiteral("final")));
        }
        for (int i = 0; i < 50; ++i) {
            store.add(observation(QStringLiteral("other-%1").arg(i), QStringLiteral("small"),
                                  QStringLiteral("laboratory"), QStringLiteral("718-7"),
                                  QStringLiteral("2020"), QStringLiteral("final")));
        }

        QElapsedTimer timer;
        timer.start();
        const auto small = store.search(QStringLiteral("Observation"),
                                        parameters(QStringLiteral("patient=small&code=718-7")));
        const qint64 smallMs = timer.restart();
        const auto big = store.search(
            QStringLiteral("Observation"),
            parameters(QStringLiteral(
                "patient=big&category=laboratory&code=http://loinc.org|718-7&_sort=-date")));
        const qint64 bigMs = timer.elapsed();
        qInfo("20,000-observation patient: small-patient search %lld ms, sorted big search %lld ms",
              smallMs, bigMs);
        QCOMPARE(small->size(), 50);
        QCOMPARE(big->size(), total / 4);
        QVERIFY2(smallMs < 50, "a small patient's search must not scan the big patient");
        QVERIFY2(bigMs < 2000, "a search over 20,000 observations must stay interactive");

        // Stable: the same search twice gives the same order, so offset paging is exact.
        const auto again = store.search(
            QStringLiteral("Observation"),
            parameters(QStringLiteral(
                "patient=big&category=laboratory&code=http://loinc.org|718-7&_sort=-date")));
        QCOMPARE(ids(*again), ids(*big));
        QSet<QString> unique;
        for (const QJsonObject &resource : *big)
            unique.insert(resource.value(QLatin1String("id")).toString());
        QCOMPARE(unique.size(), big->size());
    }
};

QTEST_GUILESS_MAIN(TestResourceStore)
#include "tst_resourcestore.moc"
