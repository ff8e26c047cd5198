#include "merge/mergedrecord.h"
#include "record/patientrecord.h"
#include "support/fixedtoken.h"
#include "support/loopbackserver.h"

#include <QAbstractItemModelTester>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <memory>
#include <vector>

using namespace kete;

using test::fhirJson;
using test::ResponderArgument;
using test::searchset;

namespace {

QJsonObject patient(const QString &id, const QString &family, const QString &given)
{
    return {{QStringLiteral("resourceType"), QStringLiteral("Patient")},
            {QStringLiteral("id"), id},
            {QStringLiteral("birthDate"), QStringLiteral("1980-05-01")},
            {QStringLiteral("name"),
             QJsonArray{QJsonObject{{QStringLiteral("family"), family},
                                    {QStringLiteral("given"), QJsonArray{given}}}}}};
}

QJsonObject glucose(const QString &id, const QString &loinc, double value, const QString &unit,
                    const QString &date)
{
    return {
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
             {QStringLiteral("text"), QStringLiteral("Glucose")}}},
        {QStringLiteral("effectiveDateTime"), date},
        {QStringLiteral("valueQuantity"),
         QJsonObject{{QStringLiteral("value"), value},
                     {QStringLiteral("unit"), unit},
                     {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                     {QStringLiteral("code"), unit}}},
    };
}

// One provider's FHIR server on 127.0.0.1: its Patient, its lab results, no conditions or
// reports. The Observation search may be held until release() (a provider still loading), or
// answered with a 401 (a sign-in that ended).
class ProviderServer
{
public:
    ProviderServer(QJsonObject patient, QJsonArray observations)
        : m_patient(std::move(patient))
        , m_observations(std::move(observations))
    {
        const QString id = m_patient.value(QStringLiteral("id")).toString();
        m_server.route(QStringLiteral("/fhir/Patient/<arg>"),
                       [this](const QString &) { return fhirJson(m_patient); });
        // Labs and blood pressure are two searches.
        m_server.route(QStringLiteral("/fhir/Observation"), [this](const QHttpServerRequest &,
                                                                   ResponderArgument responder) {
            m_held.push_back(std::make_shared<QHttpServerResponder>(std::move(responder)));
            if (!hold)
                release();
        });
        for (const QString &type :
             {QStringLiteral("Condition"), QStringLiteral("DiagnosticReport")})
            m_server.route(QStringLiteral("/fhir/") + type, [] { return fhirJson(searchset({})); });
        m_port = test::listenOnLoopback(m_server);
    }

    QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(m_port)); }
    QString patientId() const { return m_patient.value(QStringLiteral("id")).toString(); }
    bool observationsAsked() const { return m_held.size() == 2; }
    // Answers the held searches: the labs, or a 401 when signed out.
    void release()
    {
        for (const auto &held : m_held) {
            if (signedOut)
                held->write(QJsonDocument(QJsonObject{{QStringLiteral("resourceType"),
                                                       QStringLiteral("OperationOutcome")}}),
                            QHttpServerResponder::StatusCode::Unauthorized);
            else
                held->write(QJsonDocument(searchset(m_observations)).toJson(QJsonDocument::Compact),
                            QByteArrayLiteral("application/fhir+json"));
        }
        m_held.clear();
    }
    bool hold = false;
    bool signedOut = false;

private:
    QJsonObject m_patient;
    QJsonArray m_observations;
    QHttpServer m_server;
    std::vector<std::shared_ptr<QHttpServerResponder>> m_held;
    quint16 m_port = 0;
};

} // namespace

// Two providers' real PatientRecords, each loading from its own server, merged.
class TestProvidersRecords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void loadedOnceEveryProviderHasFinished()
    {
        ProviderServer gp(
            patient(QStringLiteral("p-gp"), QStringLiteral("Ngata"), QStringLiteral("Aroha")),
            {glucose(QStringLiteral("o1"), QStringLiteral("2345-7"), 100, QStringLiteral("mg/dL"),
                     QStringLiteral("2024-01-10"))});
        ProviderServer hospital(
            patient(QStringLiteral("p-h"), QStringLiteral("Ngata"), QStringLiteral("Aroha")),
            {glucose(QStringLiteral("o1"), QStringLiteral("14749-6"), 5.55,
                     QStringLiteral("mmol/L"), QStringLiteral("2024-01-10")),
             glucose(QStringLiteral("o2"), QStringLiteral("14749-6"), 6.1, QStringLiteral("mmol/L"),
                     QStringLiteral("2024-03-01"))});
        hospital.hold = true;
        record::PatientRecord gpRecord(std::make_shared<test::FixedToken>(), gp.base(),
                                       gp.patientId());
        record::PatientRecord hospitalRecord(std::make_shared<test::FixedToken>(), hospital.base(),
                                             hospital.patientId());
        merge::MergedRecord merged;
        QAbstractItemModelTester tester(merged.labTests(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        merged.addSource(QStringLiteral("gp"), QStringLiteral("Kete Family Practice"), &gpRecord);
        merged.addSource(QStringLiteral("hospital"), QStringLiteral("Kete City Hospital"),
                         &hospitalRecord);
        QSignalSpy loaded(&merged, &merge::MergedRecord::loaded);
        QSignalSpy gpLoaded(&gpRecord, &record::PatientRecord::loaded);
        gpRecord.load();
        hospitalRecord.load();
        QVERIFY(gpLoaded.wait(10000));
        QTRY_VERIFY(hospital.observationsAsked());
        // The GP has finished, the hospital has not: the labs are not final yet.
        QCOMPARE(loaded.size(), 0);
        QVERIFY(merged.isLoading());
        QCOMPARE(merged.partState(fhir::RecordPart::Labs), fhir::PartState::Loading);
        QCOMPARE(merged.labTests()->observationCount(), 1);
        QCOMPARE(merged.patient().id, QStringLiteral("p-gp"));

        hospital.release();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(loaded.size(), 1);
        QVERIFY(!merged.isLoading());
        QCOMPARE(merged.partState(fhir::RecordPart::Labs), fhir::PartState::Loaded);
        QVERIFY(merged.outcome()->ok());
        QVERIFY(merged.dataAsOf().isValid());
        // One glucose row: the shared result once with both providers, the hospital's own.
        QCOMPARE(merged.labTests()->rowCount(), 1);
        QCOMPARE(merged.labTests()->observationCount(), 2);
        QCOMPARE(merged.labTests()->index(0, 0).data(models::LabTestsModel::SourcesRole),
                 QVariant(QStringList{QStringLiteral("Kete Family Practice"),
                                      QStringLiteral("Kete City Hospital")}));
        QVERIFY(!merged.identityCheck().mayNotBeSamePerson());
        QVERIFY2(merged.statusText().startsWith(QStringLiteral("Kete Family Practice: Loaded 1 "
                                                               "lab result")),
                 qPrintable(merged.statusText()));
    }

    void oneProviderFailingLeavesTheOthersData()
    {
        ProviderServer gp(
            patient(QStringLiteral("p-gp"), QStringLiteral("Ngata"), QStringLiteral("Aroha")),
            {glucose(QStringLiteral("o1"), QStringLiteral("2345-7"), 100, QStringLiteral("mg/dL"),
                     QStringLiteral("2024-01-10"))});
        ProviderServer hospital(
            patient(QStringLiteral("p-h"), QStringLiteral("Smith"), QStringLiteral("Mary")), {});
        hospital.signedOut = true;
        record::PatientRecord gpRecord(std::make_shared<test::FixedToken>(), gp.base(),
                                       gp.patientId());
        record::PatientRecord hospitalRecord(std::make_shared<test::FixedToken>(), hospital.base(),
                                             hospital.patientId());
        merge::MergedRecord merged;
        merged.addSource(QStringLiteral("gp"), QStringLiteral("Kete Family Practice"), &gpRecord);
        merged.addSource(QStringLiteral("hospital"), QStringLiteral("Kete City Hospital"),
                         &hospitalRecord);
        QSignalSpy loaded(&merged, &merge::MergedRecord::loaded);
        gpRecord.load();
        hospitalRecord.load();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(merged.labTests()->observationCount(), 1);
        // The GP's data stays; what the hospital said is a notice naming it.
        QVERIFY(merged.outcome()->ok());
        const auto &notices = merged.outcome()->notices;
        QVERIFY(std::any_of(notices.cbegin(), notices.cend(), [](const fhir::Notice &notice) {
            return notice.message.startsWith(QStringLiteral("Kete City Hospital: "));
        }));
        // A different person at the hospital is reported.
        QVERIFY(merged.identityCheck().mayNotBeSamePerson());

        // Removing the hospital leaves the GP's record as it was.
        merged.removeSource(QStringLiteral("hospital"));
        QCOMPARE(merged.labTests()->observationCount(), 1);
        QCOMPARE(merged.sourceIds(), QStringList{QStringLiteral("gp")});
        QVERIFY(std::none_of(merged.outcome()->notices.cbegin(), merged.outcome()->notices.cend(),
                             [](const fhir::Notice &notice) {
                                 return notice.message.startsWith(
                                     QStringLiteral("Kete City Hospital: "));
                             }));
        QVERIFY(!merged.identityCheck().mayNotBeSamePerson());
    }
};

QTEST_GUILESS_MAIN(TestProvidersRecords)
#include "tst_providersrecords.moc"
