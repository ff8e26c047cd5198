#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "recordstore/recordstore.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace kete;
using namespace kete::record;
using models::ConditionsModel;
using models::LabTestsModel;

namespace {

const QString kEpic = QStringLiteral("https://epic.example/fhir");
const QString kCerner = QStringLiteral("https://cerner.example/fhir");
const QDateTime kMonday(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
const QDateTime kTuesday = kMonday.addDays(1);

fhir::Observation glucose(const QString &id, double value, const QString &date,
                          const QString &status = QStringLiteral("final"))
{
    const QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), status},
        {QStringLiteral("category"),
         QJsonArray{QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{{QStringLiteral("code"), QStringLiteral("laboratory")}}}}}}},
        {QStringLiteral("code"),
         QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                     {QStringLiteral("code"), QStringLiteral("2345-7")}}}},
             {QStringLiteral("text"), QStringLiteral("Glucose")}}},
        {QStringLiteral("effectiveDateTime"), date},
        {QStringLiteral("valueQuantity"),
         QJsonObject{{QStringLiteral("value"), value},
                     {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                     {QStringLiteral("code"), QStringLiteral("mmol/L")}}}};
    return fhir::parseObservation(o).value();
}

fhir::Condition condition(const QString &id, const QString &name,
                          const QString &verification = QStringLiteral("confirmed"))
{
    const auto concept_ = [](const QString &code) {
        return QJsonObject{
            {QStringLiteral("coding"), QJsonArray{QJsonObject{{QStringLiteral("code"), code}}}}};
    };
    return fhir::parseCondition(
               QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Condition")},
                           {QStringLiteral("id"), id},
                           {QStringLiteral("clinicalStatus"), concept_(QStringLiteral("active"))},
                           {QStringLiteral("verificationStatus"), concept_(verification)},
                           {QStringLiteral("code"), QJsonObject{{QStringLiteral("text"), name}}}})
        .value();
}

RecordKey observationKey(const QString &source, const char *id)
{
    return {source, QStringLiteral("Observation"), QLatin1String(id)};
}

RecordChange changeAt(const QSignalSpy &spy, qsizetype i)
{
    return spy.at(i).at(0).value<RecordChange>();
}

} // namespace

class TestRecordStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void entriesCarryWhereAndWhenTheyWereFetched()
    {
        RecordStore store;
        fhir::Patient patient;
        patient.id = QStringLiteral("p1");
        store.putPatient(patient, {kEpic, kMonday});
        store.putObservations({glucose(QStringLiteral("g1"), 5.0, QStringLiteral("2020-01-01"))},
                              {kEpic, kMonday});
        store.putObservations({glucose(QStringLiteral("g1"), 6.0, QStringLiteral("2021-01-01"))},
                              {kCerner, kTuesday});

        QCOMPARE(store.patient().id, QStringLiteral("p1"));
        QCOMPARE(store.patientProvenance().source, kEpic);
        QCOMPARE(store.patientProvenance().fetchedAt, kMonday);
        const Provenance *patientFrom =
            store.provenance({kEpic, QStringLiteral("Patient"), QStringLiteral("p1")});
        QVERIFY(patientFrom);
        QCOMPARE(patientFrom->source, kEpic);

        // The same id from another provider is another resource.
        QCOMPARE(store.observationCount(), 2);
        const fhir::Observation *fromEpic = store.observation(observationKey(kEpic, "g1"));
        const fhir::Observation *fromCerner = store.observation(observationKey(kCerner, "g1"));
        QVERIFY(fromEpic && fromCerner);
        QCOMPARE(fromEpic->value.numeric().value_or(-1), 5.0);
        QCOMPARE(fromCerner->value.numeric().value_or(-1), 6.0);
        const Provenance *cerner = store.provenance(observationKey(kCerner, "g1"));
        QVERIFY(cerner);
        QCOMPARE(cerner->source, kCerner);
        QCOMPARE(cerner->fetchedAt, kTuesday);
        QCOMPARE(store.observationAt(0).key, observationKey(kEpic, "g1"));
        QCOMPARE(store.positionOf(observationKey(kCerner, "g1")), 1);
        QVERIFY(!store.observation(observationKey(kEpic, "nope")));
        QVERIFY(!store.provenance(observationKey(kEpic, "nope")));
    }

    void theSameResourceTwiceIsOneEntryNewestWins()
    {
        RecordStore store;
        QSignalSpy changed(&store, &RecordStore::observationsChanged);
        store.putObservations({glucose(QStringLiteral("g1"), 5.0, QStringLiteral("2020-01-01")),
                               glucose(QStringLiteral("g2"), 5.5, QStringLiteral("2020-02-01"))},
                              {kEpic, kMonday});
        QCOMPARE(changed.count(), 1); // a batch, not a signal per resource
        QCOMPARE(changeAt(changed, 0).added, (QList<int>{0, 1}));
        QVERIFY(changeAt(changed, 0).replaced.isEmpty());

        // A reload: the same resources again, one of them corrected since.
        store.putObservations({glucose(QStringLiteral("g1"), 5.2, QStringLiteral("2020-01-01")),
                               glucose(QStringLiteral("g3"), 6.0, QStringLiteral("2020-03-01"))},
                              {kEpic, kTuesday});
        QCOMPARE(store.observationCount(), 3);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changeAt(changed, 1).added, QList<int>{2});
        QCOMPARE(changeAt(changed, 1).replaced, QList<int>{0});
        QCOMPARE(store.observation(observationKey(kEpic, "g1"))->value.numeric().value_or(-1), 5.2);
        QCOMPARE(store.provenance(observationKey(kEpic, "g1"))->fetchedAt, kTuesday);

        // An older copy, or one fetched at no known time, is not newer: nothing changes.
        store.putObservations({glucose(QStringLiteral("g1"), 9.9, QStringLiteral("2020-01-01"))},
                              {kEpic, kMonday});
        store.putObservations({glucose(QStringLiteral("g1"), 9.9, QStringLiteral("2020-01-01"))},
                              {kEpic, {}});
        QCOMPARE(changed.count(), 2);
        QCOMPARE(store.observation(observationKey(kEpic, "g1"))->value.numeric().value_or(-1), 5.2);

        // A lying pager repeats a resource within one page: one entry, the last copy.
        store.putObservations({glucose(QStringLiteral("g4"), 4.0, QStringLiteral("2020-04-01")),
                               glucose(QStringLiteral("g4"), 4.4, QStringLiteral("2020-04-01"))},
                              {kEpic, kTuesday});
        QCOMPARE(store.observationCount(), 4);
        QCOMPARE(changeAt(changed, 2).added, QList<int>{3});
        QVERIFY(changeAt(changed, 2).replaced.isEmpty());
        QCOMPARE(store.observation(observationKey(kEpic, "g4"))->value.numeric().value_or(-1), 4.4);

        // Without an id a resource cannot be recognised again: each is its own entry.
        store.putObservations({glucose(QString(), 1.0, QStringLiteral("2020-05-01")),
                               glucose(QString(), 1.0, QStringLiteral("2020-05-01"))},
                              {kEpic, kTuesday});
        QCOMPARE(store.observationCount(), 6);

        QSignalSpy aboutToClear(&store, &RecordStore::aboutToClear);
        QSignalSpy cleared(&store, &RecordStore::cleared);
        store.clear();
        QCOMPARE(aboutToClear.count(), 1);
        QCOMPARE(cleared.count(), 1);
        QCOMPARE(store.observationCount(), 0);
        QVERIFY(!store.observation(observationKey(kEpic, "g1")));
    }

    void labTestsFollowTheStore()
    {
        RecordStore store;
        LabTestsModel model(&store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        store.putObservations({glucose(QStringLiteral("g1"), 5.0, QStringLiteral("2020-01-01")),
                               glucose(QStringLiteral("g2"), 5.5, QStringLiteral("2020-02-01"))},
                              {kEpic, kMonday});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.observationCount(), 2);
        QCOMPARE(model.latestResult(0).observation.id, QStringLiteral("g2"));

        // The latest result corrected on a reload: the row changes, nothing is added.
        changed.clear();
        store.putObservations({glucose(QStringLiteral("g2"), 7.5, QStringLiteral("2020-02-01"))},
                              {kEpic, kTuesday});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(model.observationCount(), 2);
        QCOMPARE(model.index(0, LabTestsModel::ValueColumn).data().toString(),
                 QStringLiteral("7.5 mmol/L"));
        QCOMPARE(model.observations(model.testKey(0)).size(), 2);

        // Entered in error since: that result goes, and with its last result the test.
        store.putObservations({glucose(QStringLiteral("g2"), 7.5, QStringLiteral("2020-02-01"),
                                       QStringLiteral("entered-in-error"))},
                              {kEpic, kTuesday.addSecs(1)});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.latestResult(0).observation.id, QStringLiteral("g1"));
        QCOMPARE(model.observationCount(), 1);
        QCOMPARE(removed.count(), 0);
        store.putObservations({glucose(QStringLiteral("g1"), 5.0, QStringLiteral("2020-01-01"),
                                       QStringLiteral("entered-in-error"))},
                              {kEpic, kTuesday.addSecs(2)});
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.observationCount(), 0);

        // A model made later shows what the store already holds.
        store.putObservations({glucose(QStringLiteral("g5"), 5.0, QStringLiteral("2020-06-01"))},
                              {kEpic, kTuesday});
        LabTestsModel late(&store);
        QCOMPARE(late.rowCount(), 1);

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        store.clear();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(late.rowCount(), 0);
    }

    void conditionsFollowTheStore()
    {
        RecordStore store;
        ConditionsModel model(&store);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        store.putConditions({condition(QStringLiteral("c1"), QStringLiteral("Asthma")),
                             condition(QStringLiteral("c2"), QStringLiteral("Diabetes"))},
                            {kEpic, kMonday});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 2);

        store.putConditions({condition(QStringLiteral("c2"), QStringLiteral("Type 2 diabetes"))},
                            {kEpic, kTuesday});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(model.condition(1).displayName(), QStringLiteral("Type 2 diabetes"));

        store.putConditions({condition(QStringLiteral("c1"), QStringLiteral("Asthma"),
                                       QStringLiteral("entered-in-error"))},
                            {kEpic, kTuesday});
        QCOMPARE(removed.count(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.condition(0).displayName(), QStringLiteral("Type 2 diabetes"));

        // The patient (for ages in onsets) changes every row's sort key.
        changed.clear();
        store.putPatient(fhir::Patient{}, {kEpic, kTuesday});
        QCOMPARE(changed.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRecordStore)
#include "tst_recordstore.moc"
