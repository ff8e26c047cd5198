#include "fhir/bundle.h"

#include <QDate>
#include <QTest>
#include <optional>

using namespace kete::fhir;

Q_DECLARE_METATYPE(std::optional<int>)
Q_DECLARE_METATYPE(std::optional<double>)

// Fixture JSON writes "http:\/\/" and \u0027: moc misreads // and ' inside raw strings.
class TestBundle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void searchsetPageWithNextLinkTotalAndOutcome()
    {
        const QByteArray json = R"({"resourceType":"Bundle","type":"searchset","total":120,
          "link":[{"relation":"self","url":"https:\/\/fhir.example.org/r4/Observation?patient=1"},
                  {"relation":"next","url":"https:\/\/fhir.example.org/r4?_getpages=a1b2%2Fc3&_getpagesoffset=50&_bundletype=searchset"}],
          "entry":[
            {"fullUrl":"https:\/\/fhir.example.org/r4/Observation/1","resource":{"resourceType":"Observation","id":"1","status":"final",
              "code":{"coding":[{"system":"http:\/\/loinc.org","code":"2345-7"}]},"valueQuantity":{"value":5}},"search":{"mode":"match"}},
            {"resource":{"resourceType":"Observation","id":"2","status":"final"},"search":{"mode":"match"}},
            {"resource":{"resourceType":"Encounter","id":"e"},"search":{"mode":"include"}},
            {"resource":{"resourceType":"Condition","id":"c","code":{"text":"Asthma"}}},
            {"resource":{"resourceType":"DiagnosticReport","id":"r","code":{"text":"CBC"},
              "result":[{"reference":"Observation/1"},{"reference":"urn:uuid:abc"},{"reference":"https:\/\/x.org/fhir/Observation/9/_history/2"}]}},
            {"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational",
              "details":{"text":"Results before 2015 are not available online."}}]},"search":{"mode":"outcome"}},
            {"search":{"mode":"match"}},
            "not even an object"
          ]})";
        const auto page = parseBundlePage(json);
        QVERIFY(page.ok());
        QCOMPARE(page->total, std::optional<int>(120));
        // The next link is kept exactly as sent, encoded bytes included.
        QCOMPARE(page->next.toString(QUrl::FullyEncoded),
                 QStringLiteral("https://fhir.example.org/"
                                "r4?_getpages=a1b2%2Fc3&_getpagesoffset=50&_bundletype=searchset"));
        QCOMPARE(page->observations.size(), 1);
        QCOMPARE(page->conditions.size(), 1);
        QCOMPARE(page->reports.size(), 1);
        QCOMPARE(page->reports.constFirst().resultIds,
                 QStringList({QStringLiteral("1"), QStringLiteral("abc"), QStringLiteral("9")}));
        QCOMPARE(page->otherResources, 1);
        QCOMPARE(page->unreadableResources,
                 3); // the Observation without code and two empty entries
        QCOMPARE(page->resourceCount(), 3);
        QCOMPARE(page->notices.size(), 2);
        QCOMPARE(page->notices.at(0).message,
                 QStringLiteral("Results before 2015 are not available online."));
        QCOMPARE(page->notices.at(0).severity, Notice::Severity::Information);
        QCOMPARE(page->notices.at(1).severity, Notice::Severity::Warning);
        QVERIFY(page->notices.at(1).message.contains(QLatin1String("3")));
    }

    // A page larger than the thread's reusable parser takes (16 MB) gets a parser of its own,
    // read in place when its buffer has room after the text and from a copy when not.
    void aVeryLargePageIsReadWhole()
    {
        const QByteArray entry = "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"o\","
                                 "\"status\":\"final\",\"code\":{\"text\":\"Glucose\"},"
                                 "\"valueQuantity\":{\"value\":5.4,\"unit\":\"mmol/L\"}}},";
        const int count = 17 * 1024 * 1024 / int(entry.size()) + 1;
        QByteArray page = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[";
        page.reserve(qsizetype(count) * entry.size() + 200);
        for (int i = 0; i < count; ++i)
            page += entry;
        page.chop(1);
        page += "]}";
        QVERIFY(page.size() > 16 * 1024 * 1024);
        QVERIFY(page.capacity() - page.size() >= 64);
        const auto withRoom = parseBundlePage(page);
        QVERIFY(withRoom.ok());
        QCOMPARE(withRoom->observations.size(), count);
        QCOMPARE(withRoom->observations.constLast().value.numeric(), 5.4);
        page.squeeze();
        const auto copied = parseBundlePage(page);
        QVERIFY(copied.ok());
        QCOMPARE(copied->observations.size(), count);
    }

    void lastPageHasNoNext()
    {
        const auto page = parseBundlePage(
            QByteArray(R"({"resourceType":"Bundle","type":"searchset","entry":[]})"));
        QVERIFY(page.ok());
        QVERIFY(page->next.isEmpty());
        QVERIFY(!page->total);
        QCOMPARE(page->resourceCount(), 0);
    }

    void singleResourceRead()
    {
        const auto page = parseBundlePage(QByteArray(R"({"resourceType":"Patient","id":"p1",
            "name":[{"use":"old","family":"Smith","given":["Jane"]},{"use":"official","family":"Doe","given":["Jane","Q"],"prefix":["Ms."]}],
            "gender":"female","birthDate":"1980-07-15",
            "identifier":[{"system":"urn:oid:1.2.36.146.595.217.0.1","value":"12345",
                           "type":{"coding":[{"system":"http:\/\/terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}],"text":"Medical record number"}},
                          {"system":"urn:empty"}]})"));
        QVERIFY(page.ok());
        QCOMPARE(page->patients.size(), 1);
        const Patient &p = page->patients.constFirst();
        QCOMPARE(p.displayName(), QStringLiteral("Ms. Jane Q Doe"));
        QCOMPARE(p.sex, Sex::Female);
        QCOMPARE(p.birthDate.date(), QDate(1980, 7, 15));
        QCOMPARE(p.ageInYearsAt(QDate(2020, 7, 14)), std::optional<int>(39));
        QCOMPARE(p.ageInYearsAt(QDate(2020, 7, 15)), std::optional<int>(40));
        QVERIFY(!p.ageInYearsAt(QDate(1970, 1, 1)));
        QCOMPARE(p.identifiers.size(), 1);
        QCOMPARE(p.identifiers.constFirst().type.displayText(),
                 QStringLiteral("Medical record number"));
        QCOMPARE(p.identifiers.constFirst().system,
                 QStringLiteral("urn:oid:1.2.36.146.595.217.0.1"));
    }

    void deceasedPatients_data()
    {
        QTest::addColumn<QByteArray>("deceased");
        QTest::addColumn<bool>("isDeceased");
        QTest::addColumn<QDate>("died");
        QTest::addColumn<std::optional<int>>("ageIn2025");
        QTest::addColumn<std::optional<double>>("daysOn1990");
        const auto daysOn1990 = std::optional<double>(QDate(1936, 8, 18).daysTo(QDate(1990, 1, 1)));
        QTest::newRow("deceasedDateTime")
            << QByteArray(R"("deceasedDateTime":"1994-04-11T19:08:38+00:00")") << true
            << QDate(1994, 4, 11) << std::optional<int>(57) << daysOn1990;
        QTest::newRow("deceasedDateTime, year only")
            << QByteArray(R"("deceasedDateTime":"1994")") << true << QDate(1994, 1, 1)
            << std::optional<int>(57) << daysOn1990;
        // Died, date not recorded: no age to show today; the date of a result still has one.
        QTest::newRow("deceasedBoolean true") << QByteArray(R"("deceasedBoolean":true)") << true
                                              << QDate() << std::optional<int>() << daysOn1990;
        QTest::newRow("deceasedBoolean false") << QByteArray(R"("deceasedBoolean":false)") << false
                                               << QDate() << std::optional<int>(88) << daysOn1990;
        QTest::newRow("not said") << QByteArray(R"("active":true)") << false << QDate()
                                  << std::optional<int>(88) << daysOn1990;
    }
    void deceasedPatients()
    {
        QFETCH(QByteArray, deceased);
        QFETCH(bool, isDeceased);
        QFETCH(QDate, died);
        QFETCH(std::optional<int>, ageIn2025);
        QFETCH(std::optional<double>, daysOn1990);
        const auto page = parseBundlePage(
            R"({"resourceType":"Patient","id":"p","birthDate":"1936-08-18",)" + deceased + "}");
        QVERIFY(page.ok());
        const Patient &p = page->patients.constFirst();
        QCOMPARE(p.isDeceased(), isDeceased);
        QCOMPARE(p.deceased.has_value(), isDeceased);
        if (p.deceased)
            QCOMPARE(p.deceased->date(), died);
        QCOMPARE(p.ageInYearsAt(QDate(2025, 1, 1)), ageIn2025);
        QCOMPARE(p.ageInDaysAt(QDate(1990, 1, 1)), daysOn1990);
        if (died.isValid()) // ages stop at death
            QCOMPARE(p.ageInDaysAt(QDate(2025, 1, 1)),
                     std::optional<double>(QDate(1936, 8, 18).daysTo(died)));
    }

    void capabilityStatementRead()
    {
        const auto page = parseBundlePage(QByteArray(R"({"resourceType":"CapabilityStatement",
            "status":"active","kind":"instance","fhirVersion":"4.0.1",
            "rest":[{"mode":"server","searchParam":[{"name":"_sort","type":"special"}],
              "resource":[{"type":"Observation","searchParam":[{"name":"date","type":"date"},{"name":"code","type":"token"}]},
                          {"type":"Condition","searchParam":[{"name":"recorded-date","type":"date"}]},
                          {"type":"DiagnosticReport"}]},
              {"mode":"client","resource":[{"type":"Patient","searchParam":[{"name":"birthdate","type":"date"}]}]}]})"));
        QVERIFY(page.ok());
        QVERIFY(page->capabilities);
        QCOMPARE(page->resourceCount(), 0);
        const ServerCapabilities &c = *page->capabilities;
        QVERIFY(c.supportsSearchParam(QStringLiteral("Observation"), QStringLiteral("code")));
        QCOMPARE(c.newestFirstSort(QStringLiteral("Observation"), QStringLiteral("date")),
                 QStringLiteral("-date"));
        QCOMPARE(c.newestFirstSort(QStringLiteral("Condition"), QStringLiteral("recorded-date")),
                 QStringLiteral("-recorded-date"));
        QCOMPARE(c.newestFirstSort(QStringLiteral("Condition"), QStringLiteral("onset-date")),
                 QString());
        QCOMPARE(c.newestFirstSort(QStringLiteral("DiagnosticReport"), QStringLiteral("date")),
                 QString());
        // What a client (mode "client") supports says nothing about the server.
        QVERIFY(!c.supportsSearchParam(QStringLiteral("Patient"), QStringLiteral("birthdate")));
    }

    void unreadableEntriesAreDroppedOneByOne_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("ids");
        QTest::addColumn<int>("unreadable");
        // Brackets, quotes and backslashes inside strings do not end an entry.
        const QByteArray good1 = "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\","
                                 "\"code\":{\"text\":\"Asthma ] } [ {\"}}}";
        const QByteArray good2 = "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c2\","
                                 "\"code\":{\"text\":\"say \\\"hi\\\" \\\\\"}}}";
        const QByteArray badByte = "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"x\","
                                   "\"code\":{\"text\":\"\xc3\"}}}";
        const QByteArray badNumber =
            R"({"resource":{"resourceType":"Condition","id":"y","code":{"text":"z"},"x":-1E+999}})";
        const QByteArray head =
            R"({"resourceType":"Bundle","type":"searchset","total":4, "entry" : [ )";
        QTest::newRow("invalid UTF-8 between good entries")
            << head + good1 + ",\n" + badByte + " , " + good2 + " ]}"
            << QStringList{QStringLiteral("c1"), QStringLiteral("c2")} << 1;
        QTest::newRow("number out of range, entry last")
            << head + good1 + "," + good2 + "," + badNumber + "]}"
            << QStringList{QStringLiteral("c1"), QStringLiteral("c2")} << 1;
        QTest::newRow("both") << head + badNumber + "," + good1 + "," + badByte + "]}"
                              << QStringList{QStringLiteral("c1")} << 2;
        QTest::newRow("nothing readable") << head + badByte + "]}" << QStringList{} << 1;
    }
    void unreadableEntriesAreDroppedOneByOne()
    {
        QFETCH(QByteArray, json);
        QFETCH(QStringList, ids);
        QFETCH(int, unreadable);
        const auto page = parseBundlePage(json);
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().detail));
        QStringList read;
        for (const Condition &c : page->conditions)
            read << c.id;
        QCOMPARE(read, ids);
        QCOMPARE(page->total, std::optional<int>(4));
        QCOMPARE(page->unreadableResources, unreadable);
        QCOMPARE(page->notices.size(), 1);
        QCOMPARE(page->notices.constFirst().severity, Notice::Severity::Warning);
        QVERIFY(page->unreadableDetails.constFirst().contains(QLatin1String("not valid JSON")));
    }

    void brokenPageStructureStillFails_data()
    {
        QTest::addColumn<QByteArray>("json");
        const QByteArray bad = "{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"x\","
                               "\"code\":{\"text\":\"\xc3\"}}}";
        QTest::newRow("truncated after a bad entry")
            << QByteArray("{\"resourceType\":\"Bundle\",\"entry\":[") + bad +
                   ",{\"resource\":{\"resou";
        QTest::newRow("invalid UTF-8 outside the entries")
            << QByteArray("{\"resourceType\":\"Bundle\",\"id\":\"\xff\",\"entry\":[") + bad + "]}";
        QTest::newRow("brackets that do not match")
            << QByteArray("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{]}]}");
        QTest::newRow("not a Bundle")
            << QByteArray("{\"resourceType\":\"Patient\",\"entry\":[") + bad + "]}";
        QTest::newRow("trailing garbage")
            << QByteArray("{\"resourceType\":\"Bundle\",\"entry\":[") + bad + "]} x";
    }
    void brokenPageStructureStillFails()
    {
        QFETCH(QByteArray, json);
        const auto page = parseBundlePage(json);
        QVERIFY(!page.ok());
        QVERIFY(page.error().detail.startsWith(QLatin1String("malformed JSON")));
    }

    void operationOutcomeAloneIsAnError_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("details.text")
            << QByteArray(
                   R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","details":{"text":"Patient is not available"}}]})")
            << "Patient is not available";
        QTest::newRow("diagnostics")
            << QByteArray(
                   R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"Unknown search parameter \u0027foo\u0027"}]})")
            << "Unknown search parameter 'foo'";
        QTest::newRow("coding display")
            << QByteArray(
                   R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","details":{"coding":[{"code":"4101","display":"Resource request returns no results."}]}}]})")
            << "Resource request returns no results.";
        QTest::newRow("code only")
            << QByteArray(
                   R"({"resourceType":"OperationOutcome","issue":[{"severity":"fatal","code":"throttled"}]})")
            << "The server is busy. Try again later.";
        QTest::newRow("two issues")
            << QByteArray(
                   R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"x","diagnostics":"One."},{"severity":"error","code":"x","diagnostics":"Two."}]})")
            << "One. Two.";
    }
    void operationOutcomeAloneIsAnError()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const auto page = parseBundlePage(json);
        QVERIFY(!page.ok());
        QCOMPARE(page.error().message, message);
    }

    void malformedInput_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated")
            << QByteArray("{\"resourceType\":\"Bundle\",\"entry\":[{\"resou");
        QTest::newRow("html error page") << QByteArray("<html><body>502 Bad Gateway</body></html>");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("no resourceType") << QByteArray(R"({"entry":[]})");
    }
    void malformedInput()
    {
        QFETCH(QByteArray, json);
        const auto page = parseBundlePage(json);
        QVERIFY(!page.ok());
        QVERIFY(!page.error().message.isEmpty());
        QVERIFY(!page.error().detail.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBundle)
#include "tst_bundle.moc"
