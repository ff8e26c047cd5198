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
        QCOMPARE(hospital.pagesServed, 4); // stopped at the cap, not the whole hospital
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

    void malformedQueryIsNotSent()
    {
        HospitalServer hospital(3);
        test::FixedToken token;
        fhir::FhirClient client(hospital.base(), &token);
        PatientSearch search(&client);
        QSignalSpy finished(&search, &PatientSearch::finished);
        search.start(PatientQuery{{}, QStringLiteral("12/04/1978"), {}});
        QCOMPARE(finished.count(), 1);
        const auto error = finished.constLast().at(0).value<std::optional<Error>>();
        QVERIFY(error && error->detail == QLatin1String("search.birthdate"));
        QCOMPARE(hospital.searches, 0);
    }
};

QTEST_GUILESS_MAIN(TestPatientSearch)
#include "tst_patientsearch.moc"
