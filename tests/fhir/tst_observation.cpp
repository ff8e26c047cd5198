#include "fhir/observation.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace kete::fhir;

// Fixture JSON writes "http:\/\/" and \u0027: moc misreads // and ' inside raw strings.
namespace {

QJsonObject parseJson(const char *text)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad fixture JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

// A lab Observation with `extra` spliced in.
QJsonObject lab(const QByteArray &extra)
{
    const QByteArray text = R"({"resourceType":"Observation","id":"o1","status":"final",
        "category":[{"coding":[{"system":"http:\/\/terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
        "code":{"coding":[{"system":"urn:oid:1.2.3","code":"LOCAL-GLU","display":"Local glucose"},
                          {"system":"http:\/\/loinc.org","code":"2345-7","display":"Glucose [Mass/volume] in Serum or Plasma"}],
                "text":"Glucose"})" +
                            (extra.isEmpty() ? QByteArray() : "," + extra) + "}";
    return QJsonDocument::fromJson(text).object();
}

} // namespace

class TestObservation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timesShowToTheMinute()
    {
        const FhirDateTime when = FhirDateTime::parse(u"2019-03-05T10:07:41+00:00");
        for (const QLocale &locale :
             {QLocale::c(), QLocale(QLocale::English, QLocale::UnitedKingdom),
              QLocale(QLocale::German, QLocale::Germany)}) {
            const QString shown = when.toDisplayString(locale);
            QVERIFY2(
                !QRegularExpression(QStringLiteral("\\d:\\d\\d:\\d\\d")).match(shown).hasMatch(),
                qPrintable(shown));
            QVERIFY2(shown.contains(locale.toString(when.toDateTime().toLocalTime().time(),
                                                    QStringLiteral("mm"))),
                     qPrintable(shown));
        }
    }

    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    // Parts that repeat from result to result are read once (fhir/recentreads.h): a repeat
    // and every kind of change next to it still read as what each result says.
    void repeatedPartsReadAsEachResultSays()
    {
        const QByteArray range = R"("referenceRange":[{"low":{"value":70,"unit":"mg/dL"},)"
                                 R"("high":{"value":99,"unit":"mg/dL"}}])";
        const QList<QByteArray> extras{range,
                                       range,
                                       QByteArray(range).replace("99", "98"),
                                       QByteArray(range).replace("99", "99.5"),
                                       QByteArray(range).replace("99", "99.25"),
                                       QByteArray(range).replace("99", "\"99\""),
                                       QByteArray(range).replace("mg/dL\"}}", "mmol/L\"}}"),
                                       QByteArray(range).replace("\"high\"", "\"hi\""),
                                       QByteArray(range).replace("99", "99,\"comparator\":\"<\"")};
        QList<double> highs;
        QStringList units;
        for (const QByteArray &extra : extras) {
            const Observation o = parseObservation(lab(extra)).value();
            const ReferenceRange r = o.referenceRanges.value(0);
            highs << (r.high ? r.high->value.value_or(-1) : -2);
            units << (r.high ? r.high->unit : QString());
            QCOMPARE(o.code.codings.size(), 2);
        }
        QCOMPARE(highs, (QList<double>{99, 99, 98, 99.5, 99.25, 99, 99, -2, 99}));
        const QString mg = QStringLiteral("mg/dL");
        QCOMPARE(units,
                 (QStringList{mg, mg, mg, mg, mg, mg, QStringLiteral("mmol/L"), QString(), mg}));
        const Observation plain = parseObservation(lab({})).value();
        QCOMPARE(plain.code.text, QStringLiteral("Glucose"));
        const Observation other = parseObservation(lab(R"("id":"o2")")).value();
        QCOMPARE(other.code.text, QStringLiteral("Glucose"));
        QByteArray renamed = QJsonDocument(lab({})).toJson();
        renamed.replace("Local glucose", "Local sugar");
        const Observation changed =
            parseObservation(QJsonDocument::fromJson(renamed).object()).value();
        QCOMPARE(changed.code.codings.constFirst().display, QStringLiteral("Local sugar"));

        QList<FhirDateTime> times;
        for (const char *when : {"2020-05-01T08:00:00+12:00", "2020-05-01T08:00:00+12:00",
                                 "2020-05-01T08:00:00+11:00", "2020-05-01"})
            times << parseObservation(lab("\"effectiveDateTime\":\"" + QByteArray(when) + "\""))
                         .value()
                         .effective;
        QCOMPARE(times.at(1), times.at(0));
        QCOMPARE(times.at(2).toDateTime().toSecsSinceEpoch() -
                     times.at(0).toDateTime().toSecsSinceEpoch(),
                 3600);
        QCOMPARE(times.at(3).precision(), FhirDateTime::Precision::Day);

        QList<QStringList> performers;
        for (const char *name : {"Acme Lab", "Acme Lab", "Acme Labs"})
            performers << parseObservation(
                              lab("\"performer\":[{\"display\":\"" + QByteArray(name) + "\"}]"))
                              .value()
                              .performers;
        QCOMPARE(performers, (QList<QStringList>{{QStringLiteral("Acme Lab")},
                                                 {QStringLiteral("Acme Lab")},
                                                 {QStringLiteral("Acme Labs")}}));

        // A part too long to remember by its content is read every time.
        const QByteArray longText(2000, 'a');
        for (const char last : {'b', 'c'}) {
            const QByteArray text = longText + last;
            const QByteArray json =
                "{\"resourceType\":\"Observation\",\"code\":{\"text\":\"" + text + "\"}}";
            const Observation o = parseObservation(parseJson(json.constData())).value();
            QCOMPARE(o.code.text, QString::fromLatin1(text));
        }
    }

    void codeKeepsEveryCodingAndPrefersLoinc()
    {
        const auto o = parseObservation(lab({}));
        QVERIFY(o.ok());
        QCOMPARE(o->code.codings.size(), 2);
        QCOMPARE(o->loincCode(), QStringLiteral("2345-7"));
        QCOMPARE(o->codeKey(), QStringLiteral("http://loinc.org|2345-7"));
        QCOMPARE(o->displayName(), QStringLiteral("Glucose"));
        QVERIFY(o->hasCategory(QStringLiteral("laboratory")));
    }

    void codeWithoutLoincFallsBackToFirstCodingThenText()
    {
        auto o = parseObservation(parseJson(R"({"resourceType":"Observation","status":"final",
            "code":{"coding":[{"system":"urn:local","code":"X1"}]}})"));
        QVERIFY(o.ok());
        QCOMPARE(o->codeKey(), QStringLiteral("urn:local|X1"));
        QCOMPARE(o->displayName(), QStringLiteral("X1"));
        o = parseObservation(
            parseJson(R"({"resourceType":"Observation","code":{"text":"Mystery Test"}})"));
        QVERIFY(o.ok());
        QCOMPARE(o->codeKey(), QStringLiteral("text|mystery test"));
        QCOMPARE(o->status, ObservationStatus::Unknown);
    }

    void missingCodeIsAnErrorNotACrash()
    {
        const auto o = parseObservation(parseJson(R"({"resourceType":"Observation","id":"x"})"));
        QVERIFY(!o.ok());
        QVERIFY(o.error().detail.contains(QStringLiteral("no code")));
        QVERIFY(!parseObservation(parseJson(R"({"resourceType":"Condition"})")).ok());
    }

    void values_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("display");
        QTest::addColumn<double>("numeric"); // NaN: not numeric
        QTest::addColumn<int>("comparator");
        const double none = qQNaN();
        using K = ObservationValue::Kind;
        QTest::newRow("Quantity")
            << QByteArray(
                   R"("valueQuantity":{"value":5.4,"unit":"mmol/L","system":"http:\/\/unitsofmeasure.org","code":"mmol/L"})")
            << int(K::Quantity) << "5.4 mmol/L" << 5.4 << int(Comparator::None);
        QTest::newRow("Quantity, long decimal")
            << QByteArray(R"("valueQuantity":{"value":164.84046947598196,"unit":"cm"})")
            << int(K::Quantity) << "164.8 cm" << 164.84046947598196 << int(Comparator::None);
        QTest::newRow("Quantity <")
            << QByteArray(R"("valueQuantity":{"value":0.01,"comparator":"<","unit":"ng/mL"})")
            << int(K::Quantity) << "< 0.01 ng/mL" << 0.01 << int(Comparator::Less);
        QTest::newRow("Quantity <=")
            << QByteArray(R"("valueQuantity":{"value":3,"comparator":"<=","code":"mg/dL"})")
            << int(K::Quantity) << "≤ 3 mg/dL" << 3.0 << int(Comparator::LessOrEqual);
        QTest::newRow("Quantity >=")
            << QByteArray(R"("valueQuantity":{"value":60,"comparator":">=","unit":"mL/min"})")
            << int(K::Quantity) << "≥ 60 mL/min" << 60.0 << int(Comparator::GreaterOrEqual);
        QTest::newRow("Quantity >")
            << QByteArray(R"("valueQuantity":{"value":1000,"comparator":">","unit":"U/L"})")
            << int(K::Quantity) << "> 1000 U/L" << 1000.0 << int(Comparator::Greater);
        QTest::newRow("Quantity, value as string")
            << QByteArray(R"("valueQuantity":{"value":"7.25","unit":"pH"})") << int(K::Quantity)
            << "7.25 pH" << 7.25 << int(Comparator::None);
        QTest::newRow("string") << QByteArray(R"("valueString":"Trace")") << int(K::String)
                                << "Trace" << none << 0;
        QTest::newRow("CodeableConcept")
            << QByteArray(
                   R"("valueCodeableConcept":{"coding":[{"system":"http:\/\/snomed.info/sct","code":"260385009","display":"Negative"}]})")
            << int(K::CodeableConcept) << "Negative" << none << 0;
        QTest::newRow("boolean") << QByteArray(R"("valueBoolean":true)") << int(K::Boolean) << "Yes"
                                 << none << 0;
        QTest::newRow("integer") << QByteArray(R"("valueInteger":12)") << int(K::Integer) << "12"
                                 << 12.0 << 0;
        QTest::newRow("Range")
            << QByteArray(
                   R"("valueRange":{"low":{"value":2,"unit":"%"},"high":{"value":4,"unit":"%"}})")
            << int(K::Range) << "2–4 %" << none << 0;
        QTest::newRow("Ratio")
            << QByteArray(R"("valueRatio":{"numerator":{"value":1},"denominator":{"value":160}})")
            << int(K::Ratio) << "1 / 160" << none << 0;
        QTest::newRow("none") << QByteArray() << int(K::None) << "" << none << 0;
    }
    void values()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, kind);
        QFETCH(QString, display);
        QFETCH(double, numeric);
        QFETCH(int, comparator);
        const auto o = parseObservation(lab(value));
        QVERIFY(o.ok());
        QCOMPARE(int(o->value.kind), kind);
        QCOMPARE(o->value.toDisplayString(QLocale::c()), display);
        if (qIsNaN(numeric))
            QVERIFY(!o->value.numeric());
        else
            QCOMPARE(o->value.numeric().value_or(-1), numeric);
        QCOMPARE(int(o->value.comparator()), comparator);
    }

    void dataAbsentReasonIsShownInsteadOfAValue()
    {
        const auto o = parseObservation(lab(
            R"("dataAbsentReason":{"coding":[{"system":"http:\/\/terminology.hl7.org/CodeSystem/data-absent-reason","code":"not-performed","display":"Not Performed"}]})"));
        QVERIFY(o.ok());
        QVERIFY(o->value.isEmpty());
        QCOMPARE(o->valueDisplayString(QLocale::c()), QStringLiteral("Not Performed"));
    }

    void effectiveTime_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<int>("precision");
        QTest::addColumn<QDateTime>("start");
        using P = FhirDateTime::Precision;
        QTest::newRow("year only") << QByteArray(R"("effectiveDateTime":"2019")") << int(P::Year)
                                   << QDateTime(QDate(2019, 1, 1), QTime(0, 0));
        QTest::newRow("year-month") << QByteArray(R"("effectiveDateTime":"2019-03")")
                                    << int(P::Month) << QDateTime(QDate(2019, 3, 1), QTime(0, 0));
        QTest::newRow("date") << QByteArray(R"("effectiveDateTime":"2019-03-05")") << int(P::Day)
                              << QDateTime(QDate(2019, 3, 5), QTime(0, 0));
        QTest::newRow("offset +13:00")
            << QByteArray(R"("effectiveDateTime":"2019-03-05T08:30:00+13:00")") << int(P::Time)
            << QDateTime(QDate(2019, 3, 4), QTime(19, 30), QTimeZone::utc());
        QTest::newRow("offset -05:00, ms")
            << QByteArray(R"("effectiveDateTime":"2019-03-05T22:00:00.123-05:00")") << int(P::Time)
            << QDateTime(QDate(2019, 3, 6), QTime(3, 0, 0, 123), QTimeZone::utc());
        QTest::newRow("Z") << QByteArray(R"("effectiveDateTime":"2019-03-05T10:00:00Z")")
                           << int(P::Time)
                           << QDateTime(QDate(2019, 3, 5), QTime(10, 0), QTimeZone::utc());
        QTest::newRow("seven fraction digits")
            << QByteArray(R"("effectiveDateTime":"2019-03-05T10:00:00.1234567+00:00")")
            << int(P::Time) << QDateTime(QDate(2019, 3, 5), QTime(10, 0, 0, 123), QTimeZone::utc());
        QTest::newRow("no offset: UTC, not local")
            << QByteArray(R"("effectiveDateTime":"2019-03-05T10:00:00")") << int(P::Time)
            << QDateTime(QDate(2019, 3, 5), QTime(10, 0), QTimeZone::utc());
        QTest::newRow("instant")
            << QByteArray(R"("effectiveInstant":"2020-01-02T03:04:05.678+00:00")") << int(P::Time)
            << QDateTime(QDate(2020, 1, 2), QTime(3, 4, 5, 678), QTimeZone::utc());
        QTest::newRow("Period start")
            << QByteArray(
                   R"("effectivePeriod":{"start":"2018-06-01T08:00:00+00:00","end":"2018-06-02T08:00:00+00:00"})")
            << int(P::Time) << QDateTime(QDate(2018, 6, 1), QTime(8, 0), QTimeZone::utc());
        QTest::newRow("Period without start")
            << QByteArray(R"("effectivePeriod":{"end":"2018-06-02"})") << int(P::Day)
            << QDateTime(QDate(2018, 6, 2), QTime(0, 0));
        QTest::newRow("issued as fallback")
            << QByteArray(R"("issued":"2017-07-07T07:07:07.000+00:00")") << int(P::Time)
            << QDateTime(QDate(2017, 7, 7), QTime(7, 7, 7), QTimeZone::utc());
        QTest::newRow("garbage, then issued")
            << QByteArray(R"("effectiveDateTime":"yesterday","issued":"2017-07-07T07:07:07Z")")
            << int(P::Time) << QDateTime(QDate(2017, 7, 7), QTime(7, 7, 7), QTimeZone::utc());
    }
    void effectiveTime()
    {
        QFETCH(QByteArray, field);
        QFETCH(int, precision);
        QFETCH(QDateTime, start);
        const auto o = parseObservation(lab(field));
        QVERIFY(o.ok());
        QCOMPARE(int(o->when().precision()), precision);
        QCOMPARE(o->when().toDateTime(), start);
    }

    void partialDatesDisplayOnlyWhatWasSaid()
    {
        const QLocale en(QLocale::English, QLocale::UnitedStates);
        QCOMPARE(FhirDateTime::parse(u"2019").toDisplayString(en), QStringLiteral("2019"));
        QCOMPARE(FhirDateTime::parse(u"2019-03").toDisplayString(en), QStringLiteral("March 2019"));
        QVERIFY(!FhirDateTime::parse(u"2019-13").isValid());
        QVERIFY(!FhirDateTime::parse(u"").isValid());
        // The date the lab meant, in its own offset.
        QCOMPARE(FhirDateTime::parse(u"2019-03-05T08:30:00+13:00").date(), QDate(2019, 3, 5));
    }

    void statuses_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("hidden");
        QTest::addColumn<QString>("badge");
        QTest::newRow("final") << "final" << false << "";
        QTest::newRow("preliminary") << "preliminary" << false << "Preliminary";
        QTest::newRow("amended") << "amended" << false << "Amended";
        QTest::newRow("corrected") << "corrected" << false << "Corrected";
        QTest::newRow("entered-in-error") << "entered-in-error" << true << "";
        QTest::newRow("cancelled") << "cancelled" << true << "";
        QTest::newRow("unknown code") << "weird" << false << "";
    }
    void statuses()
    {
        QFETCH(QString, status);
        QFETCH(bool, hidden);
        QFETCH(QString, badge);
        QJsonObject o = lab({});
        o.insert(QStringLiteral("status"), status);
        const auto parsed = parseObservation(o);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->isHidden(), hidden);
        QCOMPARE(parsed->statusBadge(), badge);
    }

    void bloodPressureComponents()
    {
        const auto o =
            parseObservation(parseJson(R"({"resourceType":"Observation","id":"bp","status":"final",
            "category":[{"coding":[{"code":"vital-signs"}]}],
            "code":{"coding":[{"system":"http:\/\/loinc.org","code":"85354-9"}],"text":"Blood pressure"},
            "effectiveDateTime":"2020-01-01T10:00:00+00:00",
            "component":[
              {"code":{"coding":[{"system":"http:\/\/loinc.org","code":"8480-6"}]},"valueQuantity":{"value":128.6,"unit":"mm[Hg]"},
               "interpretation":[{"coding":[{"code":"H"}]}]},
              {"code":{"coding":[{"system":"http:\/\/loinc.org","code":"8462-4"}]},"valueQuantity":{"value":82,"unit":"mm[Hg]"}},
              {"valueQuantity":{"value":1}}]})"));
        QVERIFY(o.ok());
        QVERIFY(isBloodPressure(*o));
        QCOMPARE(o->components.size(), 2); // the component without a code is dropped
        QCOMPARE(o->component(kLoincSystolic)->value.numeric().value_or(0), 128.6);
        QCOMPARE(o->component(kLoincSystolic)->interpretation.size(), 1);
        QCOMPARE(o->valueDisplayString(QLocale::c()), QStringLiteral("129/82 mmHg"));
    }

    void referenceRangesPerformerNoteInterpretation()
    {
        const auto o = parseObservation(lab(R"(
            "valueQuantity":{"value":13.1,"unit":"g/dL","code":"g/dL"},
            "interpretation":[{"coding":[{"system":"http:\/\/terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"L"}],"text":"Low"}],
            "referenceRange":[
              {"low":{"value":13.5,"unit":"g/dL"},"high":{"value":17.5,"unit":"g/dL"},
               "appliesTo":[{"coding":[{"system":"http:\/\/hl7.org/fhir/administrative-gender","code":"male"}]}],
               "age":{"low":{"value":18,"unit":"a","code":"a"}}},
              {"text":"12.0-15.5 g/dL for women"},
              {"type":{"text":"nonsense"}}],
            "performer":[{"reference":"Organization/lab","display":"Acme Lab"},{"reference":"Practitioner/7"}],
            "note":[{"text":"Haemolysed sample"},{"text":"  "}],
            "extension":[{"url":"http:\/\/example.org/unknown","valueString":"ignored"}])"));
        QVERIFY(o.ok());
        QCOMPARE(o->referenceRanges.size(), 2); // the one with neither bounds nor text is dropped
        const ReferenceRange &male = o->referenceRanges.at(0);
        QCOMPARE(male.appliesTo.size(), 1);
        QVERIFY(male.age && male.age->low && !male.age->high);
        QCOMPARE(male.toDisplayString(QLocale::c()), QStringLiteral("13.5–17.5 g/dL"));
        QCOMPARE(o->referenceRanges.at(1).toDisplayString(QLocale::c()),
                 QStringLiteral("12.0-15.5 g/dL for women"));
        QCOMPARE(o->interpretation.size(), 1);
        QCOMPARE(o->performers,
                 QStringList({QStringLiteral("Acme Lab"), QStringLiteral("Practitioner/7")}));
        QCOMPARE(o->notes, QStringList{QStringLiteral("Haemolysed sample")});
    }

    void toleratesWrongShapes()
    {
        // category as an object, interpretation as an object, numbers where strings belong.
        const auto o = parseObservation(parseJson(R"({"resourceType":"Observation","status":7,
            "category":{"coding":[{"code":"laboratory"}]},"code":{"coding":[{"code":"1","system":"http:\/\/loinc.org"}]},
            "interpretation":{"coding":[{"code":"H"}]},"valueQuantity":"oops","referenceRange":{},"component":5,
            "performer":"x","note":[1,2]})"));
        QVERIFY(o.ok());
        QVERIFY(o->hasCategory(QStringLiteral("laboratory")));
        QCOMPARE(o->interpretation.size(), 1);
        QVERIFY(o->value.isEmpty());
        QVERIFY(o->referenceRanges.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestObservation)
#include "tst_observation.moc"
