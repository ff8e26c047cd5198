#include "models/patientlistmodel.h"
#include "record/patientsearch.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace kete;
using models::PatientListModel;

namespace {

fhir::Patient patient(const QByteArray &json)
{
    const auto parsed = fhir::parsePatient(QJsonDocument::fromJson(json).object());
    if (!parsed)
        qFatal("fixture did not parse");
    return parsed.value();
}

// Fixture JSON writes "http:\/\/": moc misreads // inside raw strings.
const QByteArray kAmy = R"({"resourceType":"Patient","id":"amy","gender":"female",
    "birthDate":"1978-04-12","name":[{"use":"official","family":"Shaw","given":["Amy"]}],
    "identifier":[{"system":"urn:oid:1.2.36.146.595.217.0.1","value":"SSN-1"},
                  {"type":{"coding":[{"system":"http:\/\/terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},
                   "value":"KT100001"}]})";
const QByteArray kNoName = R"({"resourceType":"Patient","id":"anon"})";

} // namespace

class TestPatientListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsShowNameBirthSexAndMrn()
    {
        PatientListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.addPatients({patient(kAmy), patient(kNoName)});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, PatientListModel::NameColumn).data().toString(),
                 QStringLiteral("Amy Shaw"));
        QCOMPARE(model.index(0, PatientListModel::SexColumn).data().toString(),
                 QStringLiteral("Female"));
        QCOMPARE(model.index(0, PatientListModel::IdentifierColumn).data().toString(),
                 QStringLiteral("KT100001")); // the MRN, not the first identifier
        QCOMPARE(model.index(0, 0).data(PatientListModel::PatientIdRole).toString(),
                 QStringLiteral("amy"));
        QCOMPARE(model.index(0, PatientListModel::BirthDateColumn)
                     .data(PatientListModel::SortRole)
                     .toDateTime()
                     .date(),
                 QDate(1978, 4, 12));
        QVERIFY(model.index(0, 0)
                    .data(Qt::AccessibleTextRole)
                    .toString()
                    .contains(QStringLiteral("KT100001")));
        QCOMPARE(model.index(1, PatientListModel::NameColumn).data().toString(),
                 QStringLiteral("Patient anon"));

        // The same patient twice is one row; a name arriving later updates it in place.
        model.addPatients({patient(kAmy)});
        QCOMPARE(model.rowCount(), 2);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        fhir::Patient named = patient(kNoName);
        named.names = fhir::parseNames(QJsonDocument::fromJson(R"([{"text":"Ana Nym"}])").array());
        model.updatePatient(named);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("Ana Nym"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void queriesAreCheckedBeforeTheyAreSent_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("birthDate");
        QTest::addColumn<QString>("identifier");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("query");
        QTest::newRow("empty") << ""
                               << ""
                               << " "
                               << "search.empty"
                               << "";
        QTest::newRow("name") << " shaw "
                              << ""
                              << ""
                              << ""
                              << "name=shaw&_count=50";
        QTest::newRow("year") << ""
                              << "1978"
                              << ""
                              << ""
                              << "birthdate=1978&_count=50";
        QTest::newRow("bad date") << ""
                                  << "12/04/1978"
                                  << ""
                                  << "search.birthdate"
                                  << "";
        QTest::newRow("identifier") << ""
                                    << ""
                                    << "KT100001"
                                    << ""
                                    << "identifier=KT100001&_count=50";
    }
    void queriesAreCheckedBeforeTheyAreSent()
    {
        QFETCH(QString, name);
        QFETCH(QString, birthDate);
        QFETCH(QString, identifier);
        QFETCH(QString, problem);
        QFETCH(QString, query);
        const record::PatientQuery patientQuery{name, birthDate, identifier};
        const auto found = patientQuery.problem();
        QCOMPARE(found ? found->detail : QString(), problem);
        if (problem.isEmpty())
            QCOMPARE(patientQuery.toSearchQuery(record::PatientSearch::kPageSize).toEncoded(),
                     query);
    }
};

QTEST_GUILESS_MAIN(TestPatientListModel)
#include "tst_patientlistmodel.moc"
