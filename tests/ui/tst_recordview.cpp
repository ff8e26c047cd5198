#include "conditions/conditionsview.h"
#include "fhir/patient.h"
#include "record/patientbanner.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "record/summaryview.h"
#include "support/fixedtoken.h"
#include "support/loopbackserver.h"
#include "support/screenshot.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <memory>

using namespace kete;
using namespace kete::ui;

using test::fhirJson;
using test::ResponderArgument;
using test::searchset;

namespace {

fhir::Patient parsedPatient(const QByteArray &json)
{
    const auto parsed = fhir::parsePatient(QJsonDocument::fromJson(json).object());
    if (!parsed)
        qFatal("fixture did not parse");
    return parsed.value();
}

// One patient's FHIR server on 127.0.0.1: the patient, empty lab and report searches, and a
// Condition search that can be held open (to see the record while conditions still load).
class OnePatientServer
{
public:
    explicit OnePatientServer(QJsonObject patient)
        : m_patient(std::move(patient))
    {
        m_server.route(QStringLiteral("/fhir/Patient/<arg>"),
                       [this](const QString &) { return fhirJson(m_patient); });
        for (const QString &type :
             {QStringLiteral("Observation"), QStringLiteral("DiagnosticReport")})
            m_server.route(QStringLiteral("/fhir/") + type, [] { return fhirJson(searchset({})); });
        m_server.route(QStringLiteral("/fhir/Condition"), [this](const QHttpServerRequest &,
                                                                 ResponderArgument responder) {
            m_heldConditions = std::make_shared<QHttpServerResponder>(std::move(responder));
            if (!holdConditions)
                releaseConditions();
        });
        m_port = test::listenOnLoopback(m_server);
    }

    QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(m_port)); }
    bool isListening() const { return m_port != 0; }
    bool conditionsAsked() const { return m_heldConditions != nullptr; }
    void releaseConditions()
    {
        m_heldConditions->write(QJsonDocument(searchset({})).toJson(QJsonDocument::Compact),
                                QByteArrayLiteral("application/fhir+json"));
    }
    bool holdConditions = false;

private:
    QJsonObject m_patient;
    QHttpServer m_server;
    std::shared_ptr<QHttpServerResponder> m_heldConditions;
    quint16 m_port = 0;
};

QJsonObject patientJson(const QByteArray &extra = {})
{
    return QJsonDocument::fromJson(R"({"resourceType":"Patient","id":"p1","gender":"female",
        "birthDate":"1906-03-12","name":[{"text":"Hine Moana"}])" +
                                   extra + "}")
        .object();
}

QString bannerDetails(const RecordView &view)
{
    const auto *label = view.banner()->findChild<QLabel *>(QStringLiteral("patientDetails"));
    return label ? label->text() : QString();
}

} // namespace

class TestRecordView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void bannerLineStopsAtDeath_data()
    {
        QTest::addColumn<QByteArray>("deceased");
        QTest::addColumn<QString>("line");
        QTest::newRow("alive") << QByteArray()
                               << QStringLiteral("Female · 120 years · born 12/03/1906");
        QTest::newRow("deceasedBoolean false")
            << QByteArray(R"(,"deceasedBoolean":false)")
            << QStringLiteral("Female · 120 years · born 12/03/1906");
        QTest::newRow("deceasedDateTime")
            << QByteArray(R"(,"deceasedDateTime":"1990-02-02T08:30:00+00:00")")
            << QStringLiteral("Female · Deceased 02/02/1990 (aged 83) · born 12/03/1906");
        QTest::newRow("deceasedDateTime, a year")
            << QByteArray(R"(,"deceasedDateTime":"1990")")
            << QStringLiteral("Female · Deceased 1990 · born 12/03/1906");
        QTest::newRow("deceasedBoolean") << QByteArray(R"(,"deceasedBoolean":true)")
                                         << QStringLiteral("Female · Deceased · born 12/03/1906");
    }
    void bannerLineStopsAtDeath()
    {
        // Issue 11 item 9: never an age today for a patient who has died.
        QFETCH(QByteArray, deceased);
        QFETCH(QString, line);
        const fhir::Patient patient =
            parsedPatient(QJsonDocument(patientJson(deceased)).toJson(QJsonDocument::Compact));
        QCOMPARE(patientDetailsLine(patient, QDate(2026, 12, 2)), line);
    }

    void bannerShowsADeceasedPatient()
    {
        OnePatientServer server(patientJson(R"(,"deceasedDateTime":"1990-02-02")"));
        QVERIFY(server.isListening());
        record::PatientRecord record(std::make_shared<test::FixedToken>(), server.base(),
                                     QStringLiteral("p1"));
        RecordView view(&record);
        QSignalSpy loaded(&record, &record::PatientRecord::loaded);
        record.load();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(view.banner()->patientName(), QStringLiteral("Hine Moana"));
        QVERIFY2(bannerDetails(view).contains(QStringLiteral("Deceased 02/02/1990")),
                 qPrintable(bannerDetails(view)));
        QVERIFY(!bannerDetails(view).contains(QStringLiteral("years")));
        QVERIFY(view.banner()->accessibleDescription().contains(QStringLiteral("Deceased")));
        view.resize(1024, 700);
        kete::test::saveScreenshot(view, QStringLiteral("recordview-deceased.png"));
    }

    // Issue 15: "data as of" says the day, not a bare time; the Summary gets pinned tests
    // once the patient is known.
    void bannerDataAsOfHasTheDate()
    {
        OnePatientServer server(patientJson());
        QVERIFY(server.isListening());
        record::PatientRecord record(std::make_shared<test::FixedToken>(), server.base(),
                                     QStringLiteral("p1"));
        RecordView view(&record);
        QCOMPARE(view.banner()->dataAsOfText(), QString());
        QSignalSpy loaded(&record, &record::PatientRecord::loaded);
        record.load();
        QVERIFY(loaded.wait(10000));
        const QString date =
            QLocale().toString(record.loadedAt().toLocalTime().date(), QLocale::ShortFormat);
        QVERIFY2(view.banner()->dataAsOfText().startsWith(QStringLiteral("data as of ") + date),
                 qPrintable(view.banner()->dataAsOfText()));
        QVERIFY(view.summary()->pinnedTests());
    }

    void conditionsSayStillLoadingUntilTheSearchEnds()
    {
        // Issue 11 item 8: "No conditions on record" only once the search has ended.
        OnePatientServer server(patientJson());
        QVERIFY(server.isListening());
        server.holdConditions = true;
        record::PatientRecord record(std::make_shared<test::FixedToken>(), server.base(),
                                     QStringLiteral("p1"));
        RecordView view(&record);
        record.load();
        QTRY_VERIFY_WITH_TIMEOUT(server.conditionsAsked(), 10000);
        QTest::qWait(50);
        QCOMPARE(view.conditions()->emptyStateText(), QStringLiteral("Still loading conditions…"));
        QSignalSpy loaded(&record, &record::PatientRecord::loaded);
        server.releaseConditions();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(view.conditions()->emptyStateText(), QStringLiteral("No conditions on record"));
    }
};

QTEST_MAIN(TestRecordView)
#include "tst_recordview.moc"
