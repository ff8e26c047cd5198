#include "record/patientrecord.h"
#include "support/fixedtoken.h"
#include "support/loopbackserver.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace kete;
using namespace kete::record;

namespace {

QHttpServerResponse fhirJson(const QJsonObject &object)
{
    return QHttpServerResponse(QByteArrayLiteral("application/fhir+json"),
                               QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject searchset(const QJsonArray &resources)
{
    QJsonArray entries;
    for (const QJsonValue &resource : resources)
        entries.append(QJsonObject{{QStringLiteral("resource"), resource}});
    return {{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
            {QStringLiteral("type"), QStringLiteral("searchset")},
            {QStringLiteral("total"), int(entries.size())},
            {QStringLiteral("entry"), entries}};
}

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
        for (const QString &type : {QStringLiteral("Observation"), QStringLiteral("Condition"),
                                    QStringLiteral("DiagnosticReport")})
            m_server.route(QStringLiteral("/fhir/") + type, [this, type] {
                asked << type;
                return fhirJson(searchset({}));
            });
        m_port = test::listenOnLoopback(m_server);
    }

    QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(m_port)); }
    bool isListening() const { return m_port != 0; }
    QStringList asked;

private:
    QHttpServer m_server;
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
};

QTEST_GUILESS_MAIN(TestPatientRecord)
#include "tst_patientrecord.moc"
