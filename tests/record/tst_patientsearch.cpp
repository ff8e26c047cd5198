#include "record/patientsearch.h"
#include "support/fixedtoken.h"
#include "support/loopbackserver.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <memory>

using namespace kete;
using namespace kete::record;

namespace {

// A hospital of `patientCount` patients named "Tui", served 50 a page behind opaque next links,
// the way a FHIR server pages a broad Patient search.
class HospitalServer
{
public:
    explicit HospitalServer(int patientCount)
        : m_count(patientCount)
    {
        m_port = kete::test::listenOnLoopback(m_server);
        m_server.route(QStringLiteral("/fhir/Patient"), [this](const QHttpServerRequest &request) {
            const int offset = request.query().queryItemValue(QStringLiteral("offset")).toInt();
            if (offset == 0) {
                ++searches;
                firstQuery = request.query();
                firstTarget = request.url().query(QUrl::FullyEncoded);
            }
            return page(offset);
        });
    }

    QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/fhir").arg(m_port)); }
    int searches = 0;
    int pagesServed = 0;
    QUrlQuery firstQuery;
    QString firstTarget; // the query as it came over the wire

private:
    QHttpServerResponse page(int offset)
    {
        ++pagesServed;
        QJsonArray entries;
        for (int i = offset; i < std::min(offset + 50, m_count); ++i) {
            const QJsonObject patient{
                {QStringLiteral("resourceType"), QStringLiteral("Patient")},
                {QStringLiteral("id"), QStringLiteral("p%1").arg(i)},
                {QStringLiteral("name"),
                 QJsonArray{QJsonObject{
                     {QStringLiteral("family"), QStringLiteral("Tui")},
                     {QStringLiteral("given"), QJsonArray{QStringLiteral("Person %1").arg(i)}}}}}};
            entries.append(QJsonObject{{QStringLiteral("resource"), patient}});
        }
        QJsonArray links;
        if (offset + 50 < m_count)
            links.append(
                QJsonObject{{QStringLiteral("relation"), QStringLiteral("next")},
                            {QStringLiteral("url"),
                             QString(base().toString() +
                                     QStringLiteral("/Patient?offset=%1").arg(offset + 50))}});
        const QJsonObject bundle{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                                 {QStringLiteral("type"), QStringLiteral("searchset")},
                                 {QStringLiteral("total"), m_count},
                                 {QStringLiteral("link"), links},
                                 {QStringLiteral("entry"), entries}};
        return QHttpServerResponse(QByteArrayLiteral("application/fhir+json"),
                                   QJsonDocument(bundle).toJson(QJsonDocument::Compact));
    }

    int m_count;
    QHttpServer m_server;
    quint16 m_port = 0;
};

} // namespace

class TestPatientSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void broadSearchStopsThenShowsMore()
    {
        HospitalServer hospital(330);
        test::FixedToken token;
        fhir::FhirClient client(hospital.base(), &token);
        PatientSearch search(&client);
        QSignalSpy finished(&search, &PatientSearch::finished);

        search.start(PatientQuery{QStringLiteral("tui"), {}, {}});
        QVERIFY(finished.wait(10000));
        QVERIFY(!finished.constLast().at(0).value<std::optional<Error>>().has_value());
        QCOMPARE(search.results().size(), PatientSearch::kMaxResults);
        QVERIFY(search.truncated());
        // Stopped at the cap, not the whole hospital: the page after it may already have been
        // asked for, as the next page travels while the one before is parsed.
        QVERIFY2(hospital.pagesServed == 4 || hospital.pagesServed == 5,
                 qPrintable(QString::number(hospital.pagesServed)));
        QCOMPARE(hospital.firstQuery.queryItemValue(QStringLiteral("name")), QStringLiteral("tui"));

        search.showMore();
        QVERIFY(finished.wait(10000));
        QCOMPARE(search.results().size(), 330);
        QVERIFY(!search.truncated());
        QCOMPARE(search.results().constLast().id, QStringLiteral("p329"));
        QCOMPARE(hospital.searches, 2);
    }

    void typedValuesAreSentEncoded()
    {
        HospitalServer hospital(3);
        test::FixedToken token;
        fhir::FhirClient client(hospital.base(), &token);
        PatientSearch search(&client);
        QSignalSpy finished(&search, &PatientSearch::finished);
        search.start(PatientQuery{QStringLiteral("Smith, Jo"), QStringLiteral("1971-03"),
                                  QStringLiteral("http://hospital.example/mrn|KT/100,1")});
        QVERIFY(finished.wait(10000));
        // ":" "/" "|" inside values encoded; the comma typed in is a literal one ("\,").
        QCOMPARE(hospital.firstTarget,
                 QStringLiteral("name=Smith%5C%2C%20Jo&birthdate=1971-03&identifier=http%3A%2F%2F"
                                "hospital.example%2Fmrn%7CKT%2F100%5C%2C1&_count=50"));
    }

    // Issue 16: a birth date as the clinician's locale writes it, or ISO, or a year alone.
    void birthDatesInLocaleAndIso_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("sent"); // empty: not a birth date
        const QString nz = QStringLiteral("en_NZ");
        const QString us = QStringLiteral("en_US");
        QTest::newRow("nz short") << nz << QStringLiteral("12/04/1978")
                                  << QStringLiteral("1978-04-12");
        QTest::newRow("nz no zero")
            << nz << QStringLiteral("12/4/1978") << QStringLiteral("1978-04-12");
        QTest::newRow("us short") << us << QStringLiteral("4/12/1978")
                                  << QStringLiteral("1978-04-12");
        QTest::newRow("iso") << us << QStringLiteral(" 1978-04-12 ")
                             << QStringLiteral("1978-04-12");
        QTest::newRow("year-month") << nz << QStringLiteral("1978-04") << QStringLiteral("1978-04");
        QTest::newRow("year") << nz << QStringLiteral("1978") << QStringLiteral("1978");
        QTest::newRow("month name")
            << QStringLiteral("C") << QStringLiteral("12 Apr 1978") << QStringLiteral("1978-04-12");
        QTest::newRow("no such day") << nz << QStringLiteral("31/02/1978") << QString();
        QTest::newRow("no such iso day") << nz << QStringLiteral("1978-02-31") << QString();
        QTest::newRow("two-digit year") << nz << QStringLiteral("12/04/78") << QString();
        QTest::newRow("words") << nz << QStringLiteral("last spring") << QString();
    }

    void birthDatesInLocaleAndIso()
    {
        QFETCH(QString, locale);
        QFETCH(QString, typed);
        QFETCH(QString, sent);
        const auto iso = PatientQuery::searchableBirthDate(typed, QLocale(locale));
        QCOMPARE(iso.value_or(QString()), sent);

        HospitalServer hospital(3);
        test::FixedToken token;
        fhir::FhirClient client(hospital.base(), &token);
        PatientSearch search(&client);
        QSignalSpy finished(&search, &PatientSearch::finished);
        search.start(PatientQuery{{}, typed, {}, QLocale(locale)});
        if (sent.isEmpty()) {
            QCOMPARE(finished.count(), 1); // said at once, nothing sent
            QCOMPARE(hospital.searches, 0);
            return;
        }
        QVERIFY(finished.wait(10000));
        QCOMPARE(hospital.firstQuery.queryItemValue(QStringLiteral("birthdate")), sent);
    }

    void malformedQueryIsNotSent()
    {
        HospitalServer hospital(3);
        test::FixedToken token;
        fhir::FhirClient client(hospital.base(), &token);
        PatientSearch search(&client);
        QSignalSpy finished(&search, &PatientSearch::finished);
        search.start(PatientQuery{{}, QStringLiteral("12/04/78x"), {}});
        QCOMPARE(finished.count(), 1);
        const auto error = finished.constLast().at(0).value<std::optional<Error>>();
        QVERIFY(error && error->detail == QLatin1String("search.birthdate"));
        QCOMPARE(hospital.searches, 0);
    }
};

QTEST_GUILESS_MAIN(TestPatientSearch)
#include "tst_patientsearch.moc"
