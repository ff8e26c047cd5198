#include "sandbox/data/bundleloader.h"
#include "sandbox/data/resourcestore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace kete::sandbox;

namespace {

QString fixturesFolder()
{
    const QString folder = qEnvironmentVariable("KETE_FIXTURES");
    return folder.isEmpty() ? QStringLiteral("../shared/fixtures/synthea-r4") : folder;
}

void collectReferences(const QJsonValue &value, QStringList &references)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == QLatin1String("reference") && it->isString())
                references.append(it->toString());
            else
                collectReferences(*it, references);
        }
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectReferences(item, references);
    }
}

qsizetype countOf(const ResourceStore &store, const QString &type,
                  const QList<SearchParameter> &parameters)
{
    const auto result = store.search(type, parameters);
    return result.ok() ? result->size() : -1;
}

bool write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject patient(const QString &id)
{
    return QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Patient")},
                       {QStringLiteral("id"), id}};
}

QJsonObject observationOf(const QString &id, const QString &subjectReference)
{
    return QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("subject"), QJsonObject{{QStringLiteral("reference"), subjectReference}}}};
}

bool hasProblem(const LoadReport &report, const QString &source, const QString &detailPart)
{
    return std::any_of(report.problems.cbegin(), report.problems.cend(), [&](const LoadProblem &p) {
        return p.source == source && p.detail.contains(detailPart);
    });
}

} // namespace

class TestBundleLoader : public QObject
{
    Q_OBJECT

private:
    ResourceStore m_synthea;
    LoadReport m_report;
    bool m_haveFixtures = false;

private Q_SLOTS:
    void initTestCase()
    {
        if (!QDir(fixturesFolder()).exists())
            return;
        QElapsedTimer timer;
        timer.start();
        const auto report = BundleLoader(m_synthea).loadFolder(fixturesFolder());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().detail));
        qInfo("Loaded the Synthea fixtures in %lld ms", timer.elapsed());
        m_report = *report;
        m_haveFixtures = true;
    }

    void syntheaLoadsWithoutProblems()
    {
        if (!m_haveFixtures)
            QSKIP("Synthea fixtures not present (set KETE_FIXTURES)");
        QCOMPARE(m_report.filesRead, 5);
        for (const LoadProblem &problem : std::as_const(m_report.problems))
            qWarning() << problem.source << problem.detail;
        QVERIFY(m_report.problems.isEmpty());
        QCOMPARE(m_synthea.patientIds().size(), 5);
        QCOMPARE(m_report.resourcesAdded, 312 + 959 + 417 + 792 + 146);
    }

    void syntheaCounts_data()
    {
        QTest::addColumn<QString>("patientId");
        QTest::addColumn<int>("observations");
        QTest::addColumn<int>("labs");
        QTest::addColumn<int>("conditions");
        QTest::addColumn<QString>("name");
        QTest::newRow("Josue Sipes") << QStringLiteral("bd6f9f37-7295-4cd6-b212-134afcef1253")
                                     << 662 << 484 << 22 << QStringLiteral("Josue Sipes");
        QTest::newRow("Margery Gibson") << QStringLiteral("9bf59715-246f-4ce2-85a6-58c1757f8d21")
                                        << 497 << 417 << 15 << QStringLiteral("Margery Gibson");
        QTest::newRow("Madalyn Frami") << QStringLiteral("af0e5952-c2ac-44fc-a896-36e9e30c2097")
                                       << 161 << 116 << 20 << QStringLiteral("Madalyn Frami");
        QTest::newRow("Daisey Johns (child)")
            << QStringLiteral("6daf3d7c-1620-4d79-9396-990469306470") << 131 << 37 << 7
            << QStringLiteral("Daisey Johns");
        QTest::newRow("Wendy Littel (no conditions)")
            << QStringLiteral("34b6332c-71a9-46ad-9d30-17443d77dbd9") << 76 << 22 << 0
            << QStringLiteral("Wendy Littel");
    }
    void syntheaCounts()
    {
        if (!m_haveFixtures)
            QSKIP("Synthea fixtures not present (set KETE_FIXTURES)");
        QFETCH(QString, patientId);
        QFETCH(int, observations);
        QFETCH(int, labs);
        QFETCH(int, conditions);
        QFETCH(QString, name);
        const QString patient = QStringLiteral("patient");
        QCOMPARE(countOf(m_synthea, QStringLiteral("Observation"), {{patient, patientId}}),
                 observations);
        QCOMPARE(countOf(m_synthea, QStringLiteral("Observation"),
                         {{patient, QString(QStringLiteral("Patient/") + patientId)},
                          {QStringLiteral("category"),
                           QStringLiteral("http://terminology.hl7.org/CodeSystem/"
                                          "observation-category|laboratory")}}),
                 labs);
        QCOMPARE(countOf(m_synthea, QStringLiteral("Condition"), {{patient, patientId}}),
                 conditions);

        const auto account = m_report.directory.patientById(patientId);
        QVERIFY(account.has_value());
        QCOMPARE(account->login, patientId);
        QCOMPARE(account->displayName, name);
    }

    void syntheaReferencesAreRewrittenAndResolve()
    {
        if (!m_haveFixtures)
            QSKIP("Synthea fixtures not present (set KETE_FIXTURES)");
        static const QRegularExpression shape(
            QStringLiteral("^([A-Z][A-Za-z]+)/([A-Za-z0-9.-]+)$"));
        int rewritten = 0;
        for (const QString &type : m_synthea.types()) {
            for (const QJsonObject &resource : m_synthea.all(type)) {
                QStringList references;
                collectReferences(resource, references);
                for (const QString &reference : std::as_const(references)) {
                    QVERIFY2(!reference.startsWith(QLatin1String("urn:")), qPrintable(reference));
                    if (reference.startsWith(QLatin1Char('#')))
                        continue; // contained resource
                    const auto match = shape.match(reference);
                    QVERIFY2(match.hasMatch(), qPrintable(reference));
                    QVERIFY2(m_synthea.read(match.captured(1), match.captured(2)).has_value(),
                             qPrintable(reference));
                    ++rewritten;
                }
            }
        }
        QVERIFY(rewritten > 1000);
        QCOMPARE(m_report.directory.clinicians.size(),
                 qsizetype(m_synthea.count(QStringLiteral("Practitioner"))));
    }

    void syntheaLabsPageByDate()
    {
        if (!m_haveFixtures)
            QSKIP("Synthea fixtures not present (set KETE_FIXTURES)");
        const auto labs = m_synthea.search(
            QStringLiteral("Observation"),
            {{QStringLiteral("patient"), QStringLiteral("bd6f9f37-7295-4cd6-b212-134afcef1253")},
             {QStringLiteral("category"), QStringLiteral("laboratory")},
             {QStringLiteral("date"), QStringLiteral("ge2011-04-09")},
             {QStringLiteral("date"), QStringLiteral("le2021-03-13")},
             {QStringLiteral("_sort"), QStringLiteral("-date")}});
        QVERIFY(labs.ok());
        QCOMPARE(labs->size(), 484);
        QVERIFY(labs->first()
                    .value(QLatin1String("effectiveDateTime"))
                    .toString()
                    .startsWith(QLatin1String("2021-03-13")));
        QVERIFY(labs->last()
                    .value(QLatin1String("effectiveDateTime"))
                    .toString()
                    .startsWith(QLatin1String("2011-04-09")));
    }

    void ndjsonAndOddFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray ndjson =
            compact(patient(QStringLiteral("p1"))) + '\n' +
            compact(observationOf(QStringLiteral("o1"), QStringLiteral("Patient/p1"))) + '\n' +
            "\n" +                                             // line 3: blank, ignored
            "{\"resourceType\": \"Observation\", \"id\": \n" + // line 4: broken
            compact(QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Observation")}}) +
            '\n' + // line 5: no id
            compact(observationOf(QStringLiteral("o2"), QStringLiteral("Patient/p1"))) + '\n';
        QVERIFY(write(dir.filePath(QStringLiteral("a.ndjson")), ndjson));

        // A collection with urn:uuid fullUrls, a conditional reference, and one dangling urn.
        const QJsonObject practitioner{
            {QStringLiteral("resourceType"), QStringLiteral("Practitioner")},
            {QStringLiteral("id"), QStringLiteral("doc")},
            {QStringLiteral("identifier"),
             QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("urn:npi")},
                                    {QStringLiteral("value"), QStringLiteral("123")}}}}};
        QJsonObject conditional =
            observationOf(QStringLiteral("o3"), QStringLiteral("urn:uuid:aaaa-1"));
        conditional.insert(
            QStringLiteral("performer"),
            QJsonArray{QJsonObject{{QStringLiteral("reference"),
                                    QStringLiteral("Practitioner?identifier=urn:npi|123")}}});
        QJsonObject withoutId = patient(QString());
        withoutId.remove(QStringLiteral("id"));
        const QJsonObject bundle{
            {QStringLiteral("resourceType"), QStringLiteral("Bundle")},
            {QStringLiteral("type"), QStringLiteral("collection")},
            {QStringLiteral("entry"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("fullUrl"), QStringLiteral("urn:uuid:aaaa-1")},
                             {QStringLiteral("resource"), withoutId}},
                 QJsonObject{{QStringLiteral("fullUrl"), QStringLiteral("urn:uuid:bbbb-2")},
                             {QStringLiteral("resource"), conditional}},
                 QJsonObject{{QStringLiteral("resource"), practitioner}},
                 QJsonObject{
                     {QStringLiteral("resource"),
                      observationOf(QStringLiteral("o4"), QStringLiteral("urn:uuid:nowhere"))}},
             }}};
        QVERIFY(write(dir.filePath(QStringLiteral("b.json")), compact(bundle)));
        QVERIFY(
            write(dir.filePath(QStringLiteral("c.json")), compact(patient(QStringLiteral("p2")))));
        QVERIFY(write(dir.filePath(QStringLiteral("d.json")), "{ not json"));
        QVERIFY(
            write(dir.filePath(QStringLiteral("e.json")),
                  compact(QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                      {QStringLiteral("type"), QStringLiteral("history")}})));
        QVERIFY(write(dir.filePath(QStringLiteral("notes.txt")), "ignored"));

        ResourceStore store;
        const auto result = BundleLoader(store).loadFolder(dir.path());
        QVERIFY(result.ok());
        const LoadReport &report = *result;
        QCOMPARE(report.filesRead, 5);
        QCOMPARE(report.resourcesAdded, 3 + 4 + 1);
        QCOMPARE(store.count(QStringLiteral("Observation")), 4);
        QCOMPARE(store.patientIds(), (QStringList{QStringLiteral("aaaa-1"), QStringLiteral("p1"),
                                                  QStringLiteral("p2")}));

        const auto o3 = store.read(QStringLiteral("Observation"), QStringLiteral("o3"));
        QVERIFY(o3.has_value());
        QCOMPARE(ResourceStore::patientOf(*o3), QStringLiteral("aaaa-1"));
        QCOMPARE(o3->value(QLatin1String("performer"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("reference")),
                 QJsonValue(QStringLiteral("Practitioner/doc")));
        QCOMPARE(countOf(store, QStringLiteral("Observation"),
                         {{QStringLiteral("patient"), QStringLiteral("p1")}}),
                 2);

        for (const LoadProblem &problem : report.problems)
            qInfo() << problem.source << problem.detail;
        QVERIFY(hasProblem(report, QStringLiteral("a.ndjson line 4"),
                           QStringLiteral("not valid JSON")));
        QVERIFY(
            hasProblem(report, QStringLiteral("a.ndjson line 5"), QStringLiteral("no valid id")));
        QVERIFY(hasProblem(report, QStringLiteral("b.json"), QStringLiteral("1 references")));
        QVERIFY(hasProblem(report, QStringLiteral("d.json"), QStringLiteral("not valid JSON")));
        QVERIFY(hasProblem(report, QStringLiteral("e.json"), QStringLiteral("history")));
        QCOMPARE(report.problems.size(), 5);

        QCOMPARE(report.directory.patients.size(), 3);
        QCOMPARE(report.directory.clinicians.size(), 1);
        QCOMPARE(report.directory.patientByLogin(QStringLiteral("p2"))->patientId,
                 QStringLiteral("p2"));
    }

    void transactionEntriesUsePutUrlsAndSkipDeletes()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QJsonObject anonymous = patient(QString());
        anonymous.remove(QStringLiteral("id"));
        const QJsonObject bundle{
            {QStringLiteral("resourceType"), QStringLiteral("Bundle")},
            {QStringLiteral("type"), QStringLiteral("transaction")},
            {QStringLiteral("entry"),
             QJsonArray{QJsonObject{{QStringLiteral("resource"), anonymous},
                                    {QStringLiteral("request"),
                                     QJsonObject{{QStringLiteral("method"), QStringLiteral("PUT")},
                                                 {QStringLiteral("url"),
                                                  QStringLiteral("Patient/put-1")}}}},
                        QJsonObject{
                            {QStringLiteral("request"),
                             QJsonObject{{QStringLiteral("method"), QStringLiteral("DELETE")},
                                         {QStringLiteral("url"), QStringLiteral("Patient/x")}}}}}}};
        QVERIFY(write(dir.filePath(QStringLiteral("t.json")), compact(bundle)));
        ResourceStore store;
        const LoadReport report =
            BundleLoader(store).loadFiles({dir.filePath(QStringLiteral("t.json"))});
        QCOMPARE(store.patientIds(), QStringList{QStringLiteral("put-1")});
        QVERIFY(hasProblem(report, QStringLiteral("t.json entry 1"), QStringLiteral("DELETE")));
    }

    void bundleEntryNotAnArrayIsReported()
    {
        // "entry" as an object (a hand-edited or mis-exported file) loads nothing: say so, with
        // the file's name, and keep loading the other files.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QJsonObject notAnArray{
            {QStringLiteral("resourceType"), QStringLiteral("Bundle")},
            {QStringLiteral("type"), QStringLiteral("collection")},
            {QStringLiteral("entry"),
             QJsonObject{{QStringLiteral("resource"), patient(QStringLiteral("lost"))}}}};
        const QJsonObject notObjects{
            {QStringLiteral("resourceType"), QStringLiteral("Bundle")},
            {QStringLiteral("type"), QStringLiteral("collection")},
            {QStringLiteral("entry"), QJsonArray{QStringLiteral("Patient/x"),
                                                 QJsonObject{{QStringLiteral("resource"),
                                                              patient(QStringLiteral("kept"))}}}}};
        const QJsonObject empty{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                {QStringLiteral("type"), QStringLiteral("collection")}};
        QVERIFY(write(dir.filePath(QStringLiteral("object.json")), compact(notAnArray)));
        QVERIFY(write(dir.filePath(QStringLiteral("strings.json")), compact(notObjects)));
        QVERIFY(write(dir.filePath(QStringLiteral("empty.json")), compact(empty)));

        ResourceStore store;
        const auto result = BundleLoader(store).loadFolder(dir.path());
        QVERIFY(result.ok());
        for (const LoadProblem &problem : result->problems)
            qInfo() << problem.source << problem.detail;
        QVERIFY(hasProblem(*result, QStringLiteral("object.json"),
                           QStringLiteral("'entry' is not an array")));
        QVERIFY(hasProblem(*result, QStringLiteral("strings.json entry 0"),
                           QStringLiteral("not a JSON object")));
        // A Bundle without entries is merely empty.
        QCOMPARE(result->problems.size(), 2);
        QCOMPARE(store.patientIds(), QStringList{QStringLiteral("kept")});
    }

    void fortyThousandResultsOfOneTestInRandomOrder()
    {
        // Issue 11 item 7: one patient, 40,000 results of one test in random date order (some
        // on the same instant). The loader and a sorted search cope, and the order is total, so
        // that paging by offset shows every result exactly once.
        constexpr int results = 40000;
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QJsonArray entries{
            QJsonObject{{QStringLiteral("fullUrl"), QStringLiteral("urn:uuid:p")},
                        {QStringLiteral("resource"), patient(QStringLiteral("long"))}}};
        QRandomGenerator random(7);
        const QDateTime start(QDate(2005, 1, 1), QTime(0, 0), QTimeZone::utc());
        QList<QDateTime> when;
        for (int i = 0; i < results; ++i) {
            when.append(i % 100 == 99 ? when.at(int(random.bounded(i)))
                                      : start.addSecs(random.bounded(20 * 365 * 86400)));
            QJsonObject observation =
                observationOf(QStringLiteral("o%1").arg(i), QStringLiteral("urn:uuid:p"));
            observation.insert(
                QStringLiteral("code"),
                QJsonObject{{QStringLiteral("coding"),
                             QJsonArray{QJsonObject{
                                 {QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                 {QStringLiteral("code"), QStringLiteral("2339-0")}}}}});
            observation.insert(QStringLiteral("effectiveDateTime"),
                               when.constLast().toString(Qt::ISODate));
            entries.append(QJsonObject{{QStringLiteral("resource"), observation}});
        }
        const QJsonObject bundle{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                 {QStringLiteral("type"), QStringLiteral("collection")},
                                 {QStringLiteral("entry"), entries}};
        QVERIFY(write(dir.filePath(QStringLiteral("long.json")), compact(bundle)));

        QElapsedTimer timer;
        timer.start();
        ResourceStore store;
        const auto report = BundleLoader(store).loadFolder(dir.path());
        QVERIFY(report.ok());
        qInfo() << "loaded" << report->resourcesAdded << "resources in" << timer.elapsed() << "ms";
        QVERIFY(report->problems.isEmpty());
        QCOMPARE(report->resourcesAdded, results + 1);

        timer.restart();
        const QList<SearchParameter> query{
            {QStringLiteral("patient"), QStringLiteral("long")},
            {QStringLiteral("code"), QStringLiteral("http://loinc.org|2339-0")},
            {QStringLiteral("_sort"), QStringLiteral("-date")}};
        const auto found = store.search(QStringLiteral("Observation"), query);
        QVERIFY(found.ok());
        qInfo() << "searched and sorted" << found->size() << "in" << timer.elapsed() << "ms";
        QCOMPARE(found->size(), results);
        QSet<QString> ids;
        for (qsizetype i = 0; i < found->size(); ++i) {
            const QJsonObject &observation = found->at(i);
            ids.insert(observation.value(QLatin1String("id")).toString());
            if (i == 0)
                continue;
            const QDateTime previous = QDateTime::fromString(
                found->at(i - 1).value(QLatin1String("effectiveDateTime")).toString(), Qt::ISODate);
            const QDateTime current = QDateTime::fromString(
                observation.value(QLatin1String("effectiveDateTime")).toString(), Qt::ISODate);
            QVERIFY(previous >= current);
            // Ties keep id order: the same search always gives the same pages.
            if (previous == current) {
                QVERIFY(found->at(i - 1).value(QLatin1String("id")).toString() <
                        observation.value(QLatin1String("id")).toString());
            }
        }
        QCOMPARE(ids.size(), results);
        const auto again = store.search(QStringLiteral("Observation"), query);
        QVERIFY(again.ok());
        QCOMPARE(again->size(), results);
        for (qsizetype i = 0; i < results; i += 997)
            QCOMPARE(again->at(i).value(QLatin1String("id")),
                     found->at(i).value(QLatin1String("id")));
    }

    void missingFolderIsAnError()
    {
        ResourceStore store;
        const auto result =
            BundleLoader(store).loadFolder(QStringLiteral("/nonexistent/kete-data"));
        QVERIFY(!result.ok());
        QVERIFY(result.error().detail.contains(QLatin1String("/nonexistent/kete-data")));
        QVERIFY(!result.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBundleLoader)
#include "tst_bundleloader.moc"
