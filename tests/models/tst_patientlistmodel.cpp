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

    void deceasedPatientsSayDeceased_data()
    {
        QTest::addColumn<QByteArray>("deceased");
        QTest::addColumn<QString>("born");
        QTest::addColumn<QString>("accessible");
        // Born 12 Apr 1978 (C locale: "12 Apr 1978"-style short dates).
        const QString birth = QLocale().toString(QDate(1978, 4, 12), QLocale::ShortFormat);
        const QString death = QLocale().toString(QDate(2020, 8, 3), QLocale::ShortFormat);
        QTest::newRow("deceasedDateTime")
            << QByteArray(R"("deceasedDateTime":"2020-08-03T10:15:00+00:00")")
            << QStringLiteral("%1 (deceased %2)").arg(birth, death)
            << QStringLiteral("Amy Shaw, born %1, deceased %2").arg(birth, death);
        QTest::newRow("deceasedDateTime, a day")
            << QByteArray(R"("deceasedDateTime":"2020-08-03")")
            << QStringLiteral("%1 (deceased %2)").arg(birth, death)
            << QStringLiteral("Amy Shaw, born %1, deceased %2").arg(birth, death);
        QTest::newRow("deceasedBoolean")
            << QByteArray(R"("deceasedBoolean":true)") << QStringLiteral("%1 (deceased)").arg(birth)
            << QStringLiteral("Amy Shaw, born %1, deceased").arg(birth);
        QTest::newRow("alive") << QByteArray(R"("deceasedBoolean":false)") << birth
                               << QStringLiteral("Amy Shaw, born %1").arg(birth);
    }
    void deceasedPatientsSayDeceased()
    {
        // Issue 11 item 9: a patient who has died is marked so in the clinician's list.
        QFETCH(QByteArray, deceased);
        QFETCH(QString, born);
        QFETCH(QString, accessible);
        PatientListModel model;
        model.addPatients({patient(R"({"resourceType":"Patient","id":"amy","birthDate":"1978-04-12",
            "name":[{"text":"Amy Shaw"}],)" +
                                   deceased + "}")});
        QCOMPARE(model.index(0, PatientListModel::BirthDateColumn).data().toString(), born);
        QVERIFY(model.index(0, 0).data(Qt::AccessibleTextRole).toString().startsWith(accessible));
        QCOMPARE(model.index(0, PatientListModel::BirthDateColumn)
                     .data(PatientListModel::SortRole)
                     .toDateTime()
                     .date(),
                 QDate(1978, 4, 12)); // still sorts by birth date
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
