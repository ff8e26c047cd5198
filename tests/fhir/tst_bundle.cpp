#include "fhir/bundle.h"

#include <QDate>
#include <QTest>

using namespace kete::fhir;

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
