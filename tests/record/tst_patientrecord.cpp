#include "record/patientrecord.h"
#include "support/fixedtoken.h"
#include "support/loopbackserver.h"

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

using namespace kete;
using namespace kete::record;

using test::fhirJson;
using test::ResponderArgument;
using test::searchset;

namespace {

const QJsonObject kPatient{
    {QStringLiteral("resourceType"), QStringLiteral("Patient")},
    {QStringLiteral("id"), QStringLiteral("only-one")},
    {QStringLiteral("name"),
     QJsonArray{QJsonObject{{QStringLiteral("text"), QStringLiteral("Ana Aroha")}}}}};

// One patient's server: Patient search and read, and empty lab, condition and report searches.
// `asked` lists what was requested, in order ("Patient?", "Patient/only-one", "Observation"...).
class OnePatientServer
{
public:
    OnePatientServer()
    {
        m_server.route(QStringLiteral("/fhir/Patient"), [this] {
            asked << QStringLiteral("Patient?");
            return fhirJson(searchset({kPatient}));
        });
        m_server.route(QStringLiteral("/fhir/Patient/<arg>"), [this](const QString &id) {
            asked << QStringLiteral("Patient/") + id;
            return fhirJson(kPatient);
        });
        for (const QString &type :
             {QStringLiteral("Observation"), QStringLiteral("DiagnosticReport")})
            m_server.route(QStringLiteral("/fhir/") + type, [this, type] {
                asked << type;
                return fhirJson(searchset({}));
            });
        m_server.route(QStringLiteral("/fhir/Condition"), [this](const QHttpServerRequest &,
                                                                 ResponderArgument responder) {
            asked << QStringLiteral("Condition");
            m_heldConditions = std::make_shared<QHttpServerResponder>(std::move(responder));
            if (!holdConditions)
                releaseConditions();
        });
        m_port = test::listenOnLoopback(m_server);
    }

    QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(m_port)); }
    bool isListening() const { return m_port != 0; }
    bool conditionsAsked() const { return m_heldConditions != nullptr; }
    // Answers a held Condition search (empty).
    void releaseConditions()
    {
        m_heldConditions->write(QJsonDocument(searchset({})).toJson(QJsonDocument::Compact),
                                QByteArrayLiteral("application/fhir+json"));
    }
    QStringList asked;
    bool holdConditions = false; // answer the Condition search only on releaseConditions()

private:
    QHttpServer m_server;
    std::shared_ptr<QHttpServerResponder> m_heldConditions;
    quint16 m_port = 0;
};

} // namespace

// A token with a patient-level grant but no `patient`: the record finds the one patient it may
// read with GET Patient, loads it, and says so.
class TestPatientRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void patientFoundBySearchWhenTheTokenNamesNone()
    {
        OnePatientServer server;
        QVERIFY(server.isListening());
        PatientRecord record(std::make_shared<test::FixedToken>(), server.base(), {});
        QSignalSpy loaded(&record, &PatientRecord::loaded);
        record.load();
        QVERIFY(loaded.wait(10000));
        QVERIFY(record.outcome()->ok());
        QCOMPARE(record.patientId(), QStringLiteral("only-one"));
        QCOMPARE(record.patient().displayName(), QStringLiteral("Ana Aroha"));
        QCOMPARE(server.asked.constFirst(), QStringLiteral("Patient?"));
        QVERIFY(server.asked.contains(QStringLiteral("Patient/only-one")));
        QVERIFY(!record.outcome()->notices.isEmpty());
        QCOMPARE(record.outcome()->notices.constFirst().detail,
                 QStringLiteral("record.patient-found-by-search"));
    }

    void typesTheGrantDoesNotCoverAreNotAskedFor()
    {
        OnePatientServer server;
        QVERIFY(server.isListening());
        PatientRecord record(std::make_shared<test::FixedToken>(), server.base(),
                             QStringLiteral("only-one"),
                             [](QStringView type) { return type != u"Condition"; });
        QSignalSpy loaded(&record, &PatientRecord::loaded);
        record.load();
        QVERIFY(loaded.wait(10000));
        QVERIFY(record.outcome()->ok());
        QVERIFY(!server.asked.contains(QStringLiteral("Condition")));
        QVERIFY(!server.asked.contains(QStringLiteral("Patient?")));
        QVERIFY(server.asked.contains(QStringLiteral("Observation")));
        QVERIFY(server.asked.contains(QStringLiteral("DiagnosticReport")));
        QVERIFY(!record.mayRead(u"Condition"));
    }

    void eachPartSaysWhileItIsStillLoading()
    {
        OnePatientServer server;
        QVERIFY(server.isListening());
        server.holdConditions = true;
        PatientRecord record(std::make_shared<test::FixedToken>(), server.base(),
                             QStringLiteral("only-one"));
        QCOMPARE(record.partState(fhir::RecordPart::Conditions), fhir::PartState::NotAsked);
        QSignalSpy progress(&record, &PatientRecord::progressChanged);
        QSignalSpy loaded(&record, &PatientRecord::loaded);
        record.load();
        QVERIFY(record.isLoading(fhir::RecordPart::Labs));
        QVERIFY(record.isLoading(fhir::RecordPart::Conditions));
        QVERIFY(!progress.isEmpty());
        // Labs and reports end; the conditions are still out: no "No conditions on record" yet.
        QTRY_VERIFY(!record.isLoading(fhir::RecordPart::Labs) &&
                    !record.isLoading(fhir::RecordPart::BloodPressure) &&
                    !record.isLoading(fhir::RecordPart::Reports) && server.conditionsAsked());
        QCOMPARE(record.partState(fhir::RecordPart::Labs), fhir::PartState::Loaded);
        QVERIFY(record.isLoading(fhir::RecordPart::Conditions));
        QVERIFY(record.isLoading());
        QVERIFY(loaded.isEmpty());
        const qsizetype progressBefore = progress.size();
        server.releaseConditions();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(record.partState(fhir::RecordPart::Conditions), fhir::PartState::Loaded);
        QVERIFY(progress.size() > progressBefore); // the change came with a progressChanged
        QCOMPARE(record.conditions()->rowCount(), 0);
    }

    void everyPartIsLoadingWhileThePatientIsLookedUp()
    {
        OnePatientServer server;
        QVERIFY(server.isListening());
        PatientRecord record(std::make_shared<test::FixedToken>(), server.base(), {},
                             [](QStringView type) { return type != u"DiagnosticReport"; });
        QSignalSpy loaded(&record, &PatientRecord::loaded);
        record.load();
        QCOMPARE(record.partState(fhir::RecordPart::Patient), fhir::PartState::Loading);
        QCOMPARE(record.partState(fhir::RecordPart::Conditions), fhir::PartState::Loading);
        QCOMPARE(record.partState(fhir::RecordPart::Reports), fhir::PartState::NotAsked);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(record.partState(fhir::RecordPart::Conditions), fhir::PartState::Loaded);
        QCOMPARE(record.partState(fhir::RecordPart::Reports), fhir::PartState::NotAsked);
    }
};

QTEST_GUILESS_MAIN(TestPatientRecord)
#include "tst_patientrecord.moc"
