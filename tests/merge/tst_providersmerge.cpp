#include "merge/mergedrecord.h"
#include "models/labhistorymodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace kete;
using namespace kete::merge;
using models::LabTestsModel;

namespace {

const QString kGp = QStringLiteral("gp");
const QString kHospital = QStringLiteral("hospital");
const QString kGpName = QStringLiteral("Kete Family Practice");
const QString kHospitalName = QStringLiteral("Kete City Hospital");

fhir::Observation lab(const QString &id, const QString &loinc, const QString &name, double value,
                      const QString &unit, const QString &date)
{
    const QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("category"),
         QJsonArray{QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{{QStringLiteral("code"), QStringLiteral("laboratory")}}}}}}},
        {QStringLiteral("code"),
         QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                     {QStringLiteral("code"), loinc}}}},
             {QStringLiteral("text"), name}}},
        {QStringLiteral("effectiveDateTime"), date},
        {QStringLiteral("valueQuantity"),
         QJsonObject{{QStringLiteral("value"), value},
                     {QStringLiteral("unit"), unit},
                     {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                     {QStringLiteral("code"), unit}}},
    };
    return fhir::parseObservation(o).value();
}

record::Provenance fetched(const QString &base)
{
    return {base, QDateTime::currentDateTimeUtc()};
}

// The GP reports glucose in mg/dL, the hospital in mmol/L; one glucose result (10 January) and
// one haemoglobin reached both.
QList<fhir::Observation> gpLabs()
{
    return {
        lab(QStringLiteral("g1"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 100,
            QStringLiteral("mg/dL"), QStringLiteral("2024-01-10T08:00:00Z")),
        lab(QStringLiteral("g2"), QStringLiteral("2160-0"), QStringLiteral("Creatinine"), 1.0,
            QStringLiteral("mg/dL"), QStringLiteral("2024-01-10T08:00:00Z")),
        lab(QStringLiteral("g3"), QStringLiteral("718-7"), QStringLiteral("Hemoglobin"), 13.5,
            QStringLiteral("g/dL"), QStringLiteral("2024-01-10T08:00:00Z")),
    };
}

QList<fhir::Observation> hospitalLabs()
{
    return {
        // The GP's glucose of 10 January, as the hospital's lab reported it.
        lab(QStringLiteral("h1"), QStringLiteral("14749-6"), QStringLiteral("Glucose"), 5.55,
            QStringLiteral("mmol/L"), QStringLiteral("2024-01-10T08:00:00Z")),
        lab(QStringLiteral("h2"), QStringLiteral("14749-6"), QStringLiteral("Glucose"), 6.1,
            QStringLiteral("mmol/L"), QStringLiteral("2024-03-01T08:00:00Z")),
        lab(QStringLiteral("h3"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 4.1,
            QStringLiteral("mmol/L"), QStringLiteral("2024-03-01T08:00:00Z")),
        // Haemoglobin in g/L: not a unit Kete converts, so a row of its own.
        lab(QStringLiteral("h4"), QStringLiteral("718-7"), QStringLiteral("Hemoglobin"), 135,
            QStringLiteral("g/L"), QStringLiteral("2024-03-01T08:00:00Z")),
    };
}

QStringList rowNames(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.index(row, LabTestsModel::NameColumn).data().toString() + QLatin1Char(' ') +
                     model.index(row, LabTestsModel::CountColumn).data().toString();
    names.sort();
    return names;
}

int glucoseRow(const LabTestsModel &model)
{
    return model.rowForTestKey(QStringLiteral("analyte:glucose"));
}

} // namespace

class TestProvidersMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void init()
    {
        m_gp = std::make_unique<record::RecordStore>();
        m_hospital = std::make_unique<record::RecordStore>();
        m_merged = std::make_unique<MergedRecord>();
        m_labsTester = std::make_unique<QAbstractItemModelTester>(
            m_merged->labTests(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_conditionsTester = std::make_unique<QAbstractItemModelTester>(
            m_merged->conditions(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_merged->addSource(kGp, kGpName, m_gp.get());
        m_merged->addSource(kHospital, kHospitalName, m_hospital.get());
    }

    void cleanup()
    {
        m_labsTester.reset();
        m_conditionsTester.reset();
        m_merged.reset();
        m_gp.reset();
        m_hospital.reset();
    }

    void unionOfTestsWithDuplicatesOnce()
    {
        m_gp->putObservations(gpLabs(), fetched(QStringLiteral("https://gp.example/fhir")));
        m_hospital->putObservations(hospitalLabs(),
                                    fetched(QStringLiteral("https://hospital.example/fhir")));
        const LabTestsModel &labs = *m_merged->labTests();
        // Glucose in mg/dL and in mmol/L is one test; the shared result counts once.
        QCOMPARE(rowNames(labs),
                 (QStringList{QStringLiteral("Creatinine 1"), QStringLiteral("Glucose 2"),
                              QStringLiteral("Hemoglobin 1"), QStringLiteral("Hemoglobin 1"),
                              QStringLiteral("Potassium 1")}));
        QCOMPARE(m_merged->store()->observationCount(), 6);
        QCOMPARE(labs.observationCount(), 6);

        // Keys carry the source's id: the same id at two providers never collides.
        const record::RecordKey gpGlucose{kGp, QStringLiteral("Observation"), QStringLiteral("g1")};
        QCOMPARE(m_merged->store()->provenance(gpGlucose)->source, kGp);
        QCOMPARE(m_merged->sourcesOf(gpGlucose), (QStringList{kGp, kHospital}));
        QCOMPARE(m_merged->sourceLabelsOf(gpGlucose), (QStringList{kGpName, kHospitalName}));
        const record::RecordKey potassium{kHospital, QStringLiteral("Observation"),
                                          QStringLiteral("h3")};
        QCOMPARE(m_merged->sourcesOf(potassium), QStringList{kHospital});

        const QModelIndex glucose = labs.index(glucoseRow(labs), LabTestsModel::ValueColumn);
        QCOMPARE(glucose.data(LabTestsModel::SourcesRole).toStringList(),
                 (QStringList{kGpName, kHospitalName}));
        // The latest glucose is the hospital's alone.
        QCOMPARE(glucose.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("From Kete City Hospital"));
        const QModelIndex creatinine =
            labs.index(labs.rowForTestKey(QStringLiteral("analyte:creatinine")), 0);
        QCOMPARE(creatinine.data(LabTestsModel::SourcesRole).toStringList(), QStringList{kGpName});
    }

    void pagesAreMergedAsTheyCome()
    {
        m_gp->putObservations(gpLabs(), fetched(QStringLiteral("https://gp.example/fhir")));
        const LabTestsModel &labs = *m_merged->labTests();
        QSignalSpy resets(&labs, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&labs, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&labs, &QAbstractItemModel::dataChanged);
        m_hospital->putObservations(hospitalLabs().mid(0, 1), fetched(QStringLiteral("h")));
        // Only a duplicate: no row, the glucose row now lists both sources.
        QCOMPARE(inserted.size(), 0);
        QVERIFY(!changed.isEmpty());
        QCOMPARE(labs.index(glucoseRow(labs), 0).data(LabTestsModel::SourcesRole).toStringList(),
                 (QStringList{kGpName, kHospitalName}));
        m_hospital->putObservations(hospitalLabs().mid(1), fetched(QStringLiteral("h")));
        // One batch: potassium and haemoglobin in g/L are new rows, glucose grows.
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(labs.rowCount(), 5);
        QCOMPARE(resets.size(), 0);
    }

    void convertedPointsAreMarked()
    {
        m_gp->putObservations(gpLabs(), fetched(QStringLiteral("gp")));
        m_hospital->putObservations(hospitalLabs(), fetched(QStringLiteral("hospital")));
        LabTestsModel &labs = *m_merged->labTests();
        const QString key = QStringLiteral("analyte:glucose");
        // Shown in the newest result's unit.
        QCOMPARE(labs.displayUnit(key).unit, QStringLiteral("mmol/L"));
        const QModelIndex row = labs.index(glucoseRow(labs), LabTestsModel::CountColumn);
        const auto recent = row.data(LabTestsModel::RecentValuesRole).value<QList<double>>();
        QCOMPARE(recent.size(), 2);
        QVERIFY(std::abs(recent.at(0) - 5.55) < 0.01); // 100 mg/dL
        QCOMPARE(recent.at(1), 6.1);
        QCOMPARE(row.data(LabTestsModel::RecentConvertedRole).value<QList<bool>>(),
                 (QList<bool>{true, false}));

        models::LabHistoryModel history;
        QAbstractItemModelTester tester(&history,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.setDisplayUnit(labs.displayUnit(key));
        history.setResults(labs.observations(key), labs.patient());
        QCOMPARE(history.rowCount(), 2);
        // Newest first: the hospital's own value, then the GP's converted one.
        const auto value = [&](int r, int role = Qt::DisplayRole) {
            return history.index(r, models::LabHistoryModel::ValueColumn).data(role);
        };
        QCOMPARE(value(0).toString(), QStringLiteral("6.1 mmol/L"));
        QCOMPARE(value(0, models::LabHistoryModel::ConvertedRole).toBool(), false);
        QCOMPARE(value(1).toString(), QStringLiteral("5.55 mmol/L"));
        QCOMPARE(value(1, models::LabHistoryModel::ConvertedRole).toBool(), true);
        QCOMPARE(value(1, Qt::ToolTipRole).toString(), QStringLiteral("converted from 100 mg/dL"));

        const models::LabChartData chart =
            models::chartData(labs.observations(key), labs.patient(), labs.displayUnit(key));
        QCOMPARE(chart.series.size(), 1);
        QCOMPARE(chart.unit, QStringLiteral("mmol/L"));
        const QList<models::ChartPoint> &points = chart.series.constFirst().points;
        QCOMPARE(points.size(), 2);
        QVERIFY(points.at(0).converted);
        QCOMPARE(points.at(0).convertedFrom, QStringLiteral("converted from 100 mg/dL"));
        QVERIFY(!points.at(1).converted);

        // The caller's preferred unit instead.
        labs.setPreferredUnit(key, QStringLiteral("mg/dL"));
        const auto inMgDl = row.data(LabTestsModel::RecentValuesRole).value<QList<double>>();
        QCOMPARE(inMgDl.at(0), 100.0);
        QVERIFY(std::abs(inMgDl.at(1) - 109.9) < 0.05);
        QCOMPARE(row.data(LabTestsModel::RecentConvertedRole).value<QList<bool>>(),
                 (QList<bool>{false, true}));
    }

    void removingASourceRemovesOnlyItsEntries()
    {
        m_gp->putObservations(gpLabs(), fetched(QStringLiteral("gp")));
        m_hospital->putObservations(hospitalLabs(), fetched(QStringLiteral("hospital")));
        m_merged->removeSource(kHospital);
        const LabTestsModel &labs = *m_merged->labTests();
        QCOMPARE(rowNames(labs),
                 (QStringList{QStringLiteral("Creatinine 1"), QStringLiteral("Glucose 1"),
                              QStringLiteral("Hemoglobin 1")}));
        const record::RecordKey gpGlucose{kGp, QStringLiteral("Observation"), QStringLiteral("g1")};
        QCOMPARE(m_merged->sourcesOf(gpGlucose), QStringList{kGp});
        QCOMPARE(m_merged->sourceIds(), QStringList{kGp});
        // The hospital's own record is untouched.
        QCOMPARE(m_hospital->observationCount(), 4);
    }

    void removingTheHolderShowsTheOtherCopy()
    {
        m_gp->putObservations(gpLabs(), fetched(QStringLiteral("gp")));
        m_hospital->putObservations(hospitalLabs(), fetched(QStringLiteral("hospital")));
        m_merged->removeSource(kGp);
        const LabTestsModel &labs = *m_merged->labTests();
        // The hospital's copy of the shared glucose result was never lost.
        QCOMPARE(rowNames(labs),
                 (QStringList{QStringLiteral("Glucose 2"), QStringLiteral("Hemoglobin 1"),
                              QStringLiteral("Potassium 1")}));
        const record::RecordKey shared{kHospital, QStringLiteral("Observation"),
                                       QStringLiteral("h1")};
        QCOMPARE(m_merged->sourcesOf(shared), QStringList{kHospital});
    }

    void aSourceResetIsFollowed()
    {
        m_gp->putObservations(gpLabs(), fetched(QStringLiteral("gp")));
        m_hospital->putObservations(hospitalLabs(), fetched(QStringLiteral("hospital")));
        m_hospital->clear();
        QCOMPARE(m_merged->store()->observationCount(), 3);
        QCOMPARE(m_merged->labTests()->rowCount(), 3);
    }

    void patientIsTheFirstSourcesAndLoadStateIsMerged()
    {
        QJsonObject json{{QStringLiteral("resourceType"), QStringLiteral("Patient")},
                         {QStringLiteral("id"), QStringLiteral("p-hospital")},
                         {QStringLiteral("birthDate"), QStringLiteral("1980-05-01")}};
        QSignalSpy patientChanged(m_merged.get(), &MergedRecord::patientChanged);
        m_hospital->putPatient(fhir::parsePatient(json).value(), fetched(QStringLiteral("h")));
        QCOMPARE(m_merged->patient().id, QStringLiteral("p-hospital"));
        json[QStringLiteral("id")] = QStringLiteral("p-gp");
        m_gp->putPatient(fhir::parsePatient(json).value(), fetched(QStringLiteral("g")));
        QCOMPARE(m_merged->patient().id, QStringLiteral("p-gp"));
        QVERIFY(m_merged->hasPatient());
        QCOMPARE(patientChanged.size(), 2);
        // Stores with nothing loading them have finished.
        QCOMPARE(m_merged->partState(fhir::RecordPart::Labs), fhir::PartState::Loaded);
        QVERIFY(!m_merged->isLoading());
        QVERIFY(m_merged->mayRead(u"Observation"));
        m_gp->putObservations(gpLabs(), fetched(QStringLiteral("gp")));
        QCOMPARE(m_merged->statusText(),
                 QStringLiteral("Kete Family Practice: 3 lab results, 0 conditions; "
                                "Kete City Hospital: 0 lab results, 0 conditions"));
    }

private:
    std::unique_ptr<record::RecordStore> m_gp;
    std::unique_ptr<record::RecordStore> m_hospital;
    std::unique_ptr<MergedRecord> m_merged;
    std::unique_ptr<QAbstractItemModelTester> m_labsTester;
    std::unique_ptr<QAbstractItemModelTester> m_conditionsTester;
};

QTEST_GUILESS_MAIN(TestProvidersMerge)
#include "tst_providersmerge.moc"
