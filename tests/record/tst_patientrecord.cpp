#include "record/patientrecord.h"
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

class FixedToken final : public fhir::AccessTokenSource
{
public:
    QByteArray currentToken() const override { return "token"; }
    void refresh(RefreshDone done) override
    {
        done(Error{QStringLiteral("no"), QStringLiteral("no")});
    }
};

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

} // namespace

// A token with a patient-level grant but no `patient`: the record finds the one patient it may
// read with GET Patient, loads it, and says so.
class TestPatientRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void patientFoundBySearchWhenTheTokenNamesNone()
    {
        QHttpServer server;
        QStringList asked;
        server.route(QStringLiteral("/fhir/Patient"), [&] {
            asked << QStringLiteral("Patient?");
            return fhirJson(searchset({kPatient}));
        });
        server.route(QStringLiteral("/fhir/Patient/<arg>"), [&](const QString &id) {
            asked << QStringLiteral("Patient/") + id;
            return fhirJson(kPatient);
        });
        for (const QString &type : {QStringLiteral("Observation"), QStringLiteral("Condition"),
                                    QStringLiteral("DiagnosticReport")})
            server.route(QStringLiteral("/fhir/") + type, [&asked, type] {
                asked << type;
                return fhirJson(searchset({}));
            });
        const quint16 port = kete::test::listenOnLoopback(server);
        QVERIFY(port);

        PatientRecord record(std::make_shared<FixedToken>(),
                             QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(port)), {});
        QSignalSpy loaded(&record, &PatientRecord::loaded);
        record.load();
        QVERIFY(loaded.wait(10000));
        QVERIFY(record.outcome()->ok());
        QCOMPARE(record.patientId(), QStringLiteral("only-one"));
        QCOMPARE(record.patient().displayName(), QStringLiteral("Ana Aroha"));
        QCOMPARE(asked.constFirst(), QStringLiteral("Patient?"));
        QVERIFY(asked.contains(QStringLiteral("Patient/only-one")));
        QVERIFY(!record.outcome()->notices.isEmpty());
        QCOMPARE(record.outcome()->notices.constFirst().detail,
                 QStringLiteral("record.patient-found-by-search"));
    }

    void typesTheGrantDoesNotCoverAreNotAskedFor()
    {
        QHttpServer server;
        QStringList asked;
        server.route(QStringLiteral("/fhir/Patient/<arg>"), [&](const QString &) {
            asked << QStringLiteral("Patient");
            return fhirJson(kPatient);
        });
        for (const QString &type : {QStringLiteral("Observation"), QStringLiteral("Condition"),
                                    QStringLiteral("DiagnosticReport")})
            server.route(QStringLiteral("/fhir/") + type, [&asked, type] {
                asked << type;
                return fhirJson(searchset({}));
            });
        const quint16 port = kete::test::listenOnLoopback(server);
        QVERIFY(port);

        PatientRecord record(std::make_shared<FixedToken>(),
                             QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(port)),
                             QStringLiteral("only-one"),
                             [](QStringView type) { return type != u"Condition"; });
        QSignalSpy loaded(&record, &PatientRecord::loaded);
        record.load();
        QVERIFY(loaded.wait(10000));
        QVERIFY(record.outcome()->ok());
        QVERIFY(!asked.contains(QStringLiteral("Condition")));
        QVERIFY(asked.contains(QStringLiteral("Observation")));
        QVERIFY(asked.contains(QStringLiteral("DiagnosticReport")));
        QVERIFY(!record.mayRead(u"Condition"));
    }
};

QTEST_GUILESS_MAIN(TestPatientRecord)
#include "tst_patientrecord.moc"
