#include "fhir/interpretation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kete::fhir;

// Fixture JSON writes "http:\/\/" and \u0027: moc misreads // and ' inside raw strings.
namespace {

Observation observation(const QByteArray &fields)
{
    const QByteArray text = R"({"resourceType":"Observation","id":"h","status":"final",
        "code":{"coding":[{"system":"http:\/\/loinc.org","code":"718-7"}],"text":"Hemoglobin"},
        "effectiveDateTime":"2020-06-01T09:00:00+00:00",)" +
                            fields + "}";
    const auto parsed = parseObservation(QJsonDocument::fromJson(text).object());
    if (!parsed.ok())
        qFatal("fixture did not parse");
    return parsed.value();
}

// Hemoglobin ranges the way labs send them: by sex for adults, by age for children, and a
// therapeutic range that must never be used as the normal one.
const QByteArray kRanges = R"("referenceRange":[
    {"low":{"value":13.5,"unit":"g/dL","code":"g/dL"},"high":{"value":17.5,"unit":"g/dL","code":"g/dL"},
     "appliesTo":[{"coding":[{"system":"http:\/\/hl7.org/fhir/administrative-gender","code":"male"}]}],
     "age":{"low":{"value":18,"unit":"a","code":"a"}}},
    {"low":{"value":12.0,"unit":"g/dL","code":"g/dL"},"high":{"value":15.5,"unit":"g/dL","code":"g/dL"},
     "appliesTo":[{"coding":[{"system":"http:\/\/snomed.info/sct","code":"248152002"}]}],
     "age":{"low":{"value":18,"unit":"a","code":"a"}}},
    {"low":{"value":11.0,"unit":"g/dL","code":"g/dL"},"high":{"value":14.5,"unit":"g/dL","code":"g/dL"},
     "age":{"low":{"value":6,"unit":"mo","code":"mo"},"high":{"value":17,"unit":"a","code":"a"}}},
    {"low":{"value":20,"unit":"g/dL"},"high":{"value":30,"unit":"g/dL"},
     "type":{"coding":[{"system":"http:\/\/terminology.hl7.org/CodeSystem/referencerange-meaning","code":"therapeutic"}]}}
  ])";

// A blood pressure reading: no value of its own, two components with their own ranges.
QByteArray bloodPressure(int systolic, int diastolic, const QByteArray &systolicCodes = {})
{
    const auto component = [](const char *code, int value, int high,
                              const QByteArray &codes) -> QByteArray {
        return QByteArray(R"({"code":{"coding":[{"system":"http:\/\/loinc.org","code":")") + code +
               R"("}]},"valueQuantity":{"value":)" + QByteArray::number(value) +
               R"(,"unit":"mm[Hg]","code":"mm[Hg]"},)" + codes +
               R"("referenceRange":[{"high":{"value":)" + QByteArray::number(high) +
               R"(,"unit":"mm[Hg]","code":"mm[Hg]"}}]})";
    };
    return R"("component":[)" + component("8480-6", systolic, 130, systolicCodes) + "," +
           component("8462-4", diastolic, 85, {}) + "]";
}

// Blood pressure as Synthea and many EHRs send it: components without ranges or flags;
// `systolicCodes` may carry the sender's interpretation of the systolic part.
QByteArray bareBloodPressure(int systolic, int diastolic, const QByteArray &systolicCodes = {})
{
    const auto component = [](const char *code, int value, const QByteArray &codes) -> QByteArray {
        return QByteArray(R"({"code":{"coding":[{"system":"http:\/\/loinc.org","code":")") + code +
               R"("}]},)" + codes + R"("valueQuantity":{"value":)" + QByteArray::number(value) +
               R"(,"unit":"mm[Hg]","system":"http:\/\/unitsofmeasure.org","code":"mm[Hg]"}})";
    };
    return R"("component":[)" + component("8480-6", systolic, systolicCodes) + "," +
           component("8462-4", diastolic, {}) + "]";
}

// A result whose only range is text, as some labs send HbA1c.
Observation withTextRange(double value, const QString &unit, const QString &rangeText)
{
    const QByteArray fields =
        QByteArray(R"("valueQuantity":{"value":)") + QByteArray::number(value) + R"(,"unit":")" +
        unit.toUtf8() + R"(","code":")" + unit.toUtf8() + R"("},"referenceRange":[{"text":)" +
        QJsonDocument(QJsonArray{rangeText}).toJson(QJsonDocument::Compact).mid(1).chopped(1) +
        "}]";
    return observation(fields);
}

Patient patient(Sex sex, const char *birthDate)
{
    Patient p;
    p.sex = sex;
    p.birthDate = FhirDateTime::parse(QString::fromLatin1(birthDate));
    return p;
}

} // namespace

class TestInterpretation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rangeChosenBySexAndAge_data()
    {
        QTest::addColumn<int>("sex");
        QTest::addColumn<QString>("birthDate");
        QTest::addColumn<double>("expectedLow"); // NaN: no range applies
        QTest::newRow("adult man") << int(Sex::Male) << "1970-01-01" << 13.5;
        QTest::newRow("adult woman") << int(Sex::Female) << "1970-01-01" << 12.0;
        QTest::newRow("child") << int(Sex::Female) << "2010-01-01" << 11.0;
        QTest::newRow("17 and 11 months: still the child range")
            << int(Sex::Male) << "2002-07-01" << 11.0;
        QTest::newRow("turned 18 that day") << int(Sex::Male) << "2002-06-01" << 13.5;
        QTest::newRow("infant under 6 months: none") << int(Sex::Male) << "2020-03-01" << qQNaN();
        QTest::newRow("adult, sex unknown: none") << int(Sex::Unknown) << "1970-01-01" << qQNaN();
        QTest::newRow("no birth date: none") << int(Sex::Male) << "" << qQNaN();
        QTest::newRow("partial birth date 1970") << int(Sex::Female) << "1970" << 12.0;
    }
    void rangeChosenBySexAndAge()
    {
        QFETCH(int, sex);
        QFETCH(QString, birthDate);
        QFETCH(double, expectedLow);
        const Observation o =
            observation(R"("valueQuantity":{"value":14,"unit":"g/dL","code":"g/dL"},)" + kRanges);
        const ReferenceRange *range = selectReferenceRange(
            o.referenceRanges, patient(Sex(sex), birthDate.toLatin1().constData()),
            o.when().date());
        if (qIsNaN(expectedLow)) {
            QVERIFY(!range);
        } else {
            QVERIFY(range);
            QCOMPARE(range->low->value.value_or(-1), expectedLow);
        }
    }

    void genericRangeAppliesToEveryone()
    {
        const Observation o = observation(R"("valueQuantity":{"value":3,"unit":"mmol/L"},
            "referenceRange":[{"low":{"value":3.5},"high":{"value":5.1}}])");
        QVERIFY(selectReferenceRange(o.referenceRanges, Patient{}, o.when().date()));
        const Interpretation i = interpret(o, Patient{});
        QCOMPARE(i.flag, Flag::Low);
        QVERIFY(i.computed);
        QCOMPARE(i.flagText(), QStringLiteral("Low"));
    }

    void computedFlag_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("flag");
        QTest::newRow("inside") << QByteArray(R"({"value":15,"unit":"g/dL","code":"g/dL"})")
                                << int(Flag::Normal);
        QTest::newRow("on the low bound")
            << QByteArray(R"({"value":13.5,"code":"g/dL"})") << int(Flag::Normal);
        QTest::newRow("above") << QByteArray(R"({"value":18.2,"code":"g/dL"})") << int(Flag::High);
        QTest::newRow("below") << QByteArray(R"({"value":9.9,"code":"g/dL"})") << int(Flag::Low);
        QTest::newRow("< below the low bound")
            << QByteArray(R"({"value":13,"comparator":"<","code":"g/dL"})") << int(Flag::Low);
        QTest::newRow("< inside: cannot tell")
            << QByteArray(R"({"value":16,"comparator":"<","code":"g/dL"})") << int(Flag::None);
        QTest::newRow("> above the high bound")
            << QByteArray(R"({"value":17.5,"comparator":">","code":"g/dL"})") << int(Flag::High);
        QTest::newRow(">= on the high bound: cannot tell")
            << QByteArray(R"({"value":17.5,"comparator":">=","code":"g/dL"})") << int(Flag::None);
        QTest::newRow("another unit: not compared")
            << QByteArray(R"({"value":140,"unit":"g/L","code":"g/L"})") << int(Flag::None);
    }
    void computedFlag()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, flag);
        const Observation o = observation("\"valueQuantity\":" + value + "," + kRanges);
        const Interpretation i = interpret(o, patient(Sex::Male, "1970-01-01"));
        QCOMPARE(int(i.flag), flag);
        QCOMPARE(i.computed, flag != int(Flag::None));
    }

    void sendersInterpretationWins_data()
    {
        QTest::addColumn<QByteArray>("interpretation");
        QTest::addColumn<int>("flag");
        QTest::addColumn<QString>("text");
        QTest::newRow("N although out of range")
            << QByteArray(R"([{"coding":[{"code":"N"}]}])") << int(Flag::Normal) << "";
        QTest::newRow("HH critical")
            << QByteArray(
                   R"([{"coding":[{"system":"http:\/\/terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"HH"}]}])")
            << int(Flag::CriticalHigh) << "Critical high";
        QTest::newRow("LL critical") << QByteArray(R"([{"coding":[{"code":"LL"}]}])")
                                     << int(Flag::CriticalLow) << "Critical low";
        QTest::newRow("AA") << QByteArray(R"([{"coding":[{"code":"AA"}]}])")
                            << int(Flag::CriticalAbnormal) << "Critical";
        QTest::newRow("H and HH: most severe")
            << QByteArray(R"([{"coding":[{"code":"H"}]},{"coding":[{"code":"HH"}]}])")
            << int(Flag::CriticalHigh) << "Critical high";
        QTest::newRow("POS") << QByteArray(R"([{"coding":[{"code":"POS"}]}])")
                             << int(Flag::Abnormal) << "Abnormal";
        QTest::newRow("unknown code: the sender's words")
            << QByteArray(R"([{"coding":[{"code":"XYZ"}],"text":"Borderline"}])") << int(Flag::None)
            << "Borderline";
    }
    void sendersInterpretationWins()
    {
        QFETCH(QByteArray, interpretation);
        QFETCH(int, flag);
        QFETCH(QString, text);
        const Observation o =
            observation(R"("valueQuantity":{"value":25,"code":"g/dL"},"interpretation":)" +
                        interpretation + "," + kRanges);
        const Interpretation i = interpret(o, patient(Sex::Male, "1970-01-01"));
        QCOMPARE(int(i.flag), flag);
        QVERIFY(!i.computed);
        QCOMPARE(i.flagText(), text);
        QCOMPARE(i.isCritical(), flag == int(Flag::CriticalHigh) ||
                                     flag == int(Flag::CriticalLow) ||
                                     flag == int(Flag::CriticalAbnormal));
    }

    void componentsDecideForAReadingWithoutValue_data()
    {
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<int>("flag");
        QTest::addColumn<bool>("computed");
        QTest::newRow("both normal") << bloodPressure(118, 76) << int(Flag::Normal) << true;
        QTest::newRow("systolic high") << bloodPressure(142, 80) << int(Flag::High) << true;
        QTest::newRow("both high") << bloodPressure(150, 95) << int(Flag::High) << true;
        QTest::newRow("sender says critical")
            << bloodPressure(
                   190, 80,
                   R"("interpretation":[{"coding":[{"system":"http:\/\/terminology.hl7.org/CodeSystem/v3-ObservationInterpretation","code":"HH"}]}],)")
            << int(Flag::CriticalHigh) << false;
    }
    void componentsDecideForAReadingWithoutValue()
    {
        QFETCH(QByteArray, fields);
        QFETCH(int, flag);
        QFETCH(bool, computed);
        const Interpretation result = interpret(observation(fields), Patient{});
        QCOMPARE(int(result.flag), flag);
        QCOMPARE(result.computed, computed);
    }

    // One rule: the sender's flag first, else computed from a numeric range; each part of a
    // blood pressure on its own. Without ranges Kete uses the usual adult limits (below 140/90,
    // at least 90/60 mmHg) and says so; for children it has none.
    void bloodPressurePartsFlaggedEachOnTheirOwn_data()
    {
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<QString>("birthDate");
        QTest::addColumn<int>("flag");
        QTest::addColumn<bool>("computed");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("systolic");
        QTest::addColumn<int>("diastolic");
        const QByteArray high = R"("interpretation":[{"coding":[{"code":"H"}]}],)";
        const QString adult = QStringLiteral("1970-01-01");
        QTest::newRow("137/94: diastolic high")
            << bareBloodPressure(137, 94) << adult << int(Flag::High) << true << "High (diastolic)"
            << int(Flag::Normal) << int(Flag::High);
        QTest::newRow("139/98: diastolic high")
            << bareBloodPressure(139, 98) << adult << int(Flag::High) << true << "High (diastolic)"
            << int(Flag::Normal) << int(Flag::High);
        QTest::newRow("148/77: the lab's H on systolic")
            << bareBloodPressure(148, 77, high) << adult << int(Flag::High) << false
            << "High (systolic)" << int(Flag::High) << int(Flag::Normal);
        QTest::newRow("140/90: both high") << bareBloodPressure(140, 90) << adult << int(Flag::High)
                                           << true << "High" << int(Flag::High) << int(Flag::High);
        QTest::newRow("118/76: normal") << bareBloodPressure(118, 76) << adult << int(Flag::Normal)
                                        << true << "" << int(Flag::Normal) << int(Flag::Normal);
        QTest::newRow("85/55: low") << bareBloodPressure(85, 55) << adult << int(Flag::Low) << true
                                    << "Low" << int(Flag::Low) << int(Flag::Low);
        QTest::newRow("child: no limits Kete could use")
            << bareBloodPressure(137, 94) << QStringLiteral("2015-01-01") << int(Flag::None)
            << false << "" << int(Flag::None) << int(Flag::None);
        QTest::newRow("the lab's own ranges win")
            << bloodPressure(128, 82) << adult << int(Flag::Normal) << true << ""
            << int(Flag::Normal) << int(Flag::Normal);
        QTest::newRow("lab ranges: diastolic only")
            << bloodPressure(128, 88) << adult << int(Flag::High) << true << "High (diastolic)"
            << int(Flag::Normal) << int(Flag::High);
    }
    void bloodPressurePartsFlaggedEachOnTheirOwn()
    {
        QFETCH(QByteArray, fields);
        QFETCH(QString, birthDate);
        QFETCH(int, flag);
        QFETCH(bool, computed);
        QFETCH(QString, text);
        QFETCH(int, systolic);
        QFETCH(int, diastolic);
        const Observation o = observation(fields);
        const Patient p = patient(Sex::Female, birthDate.toLatin1().constData());
        const Interpretation result = interpret(o, p);
        QCOMPARE(int(result.flag), flag);
        QCOMPARE(result.computed, computed);
        QCOMPARE(result.flagText(), text);
        QCOMPARE(int(interpretComponent(o, *o.component(kLoincSystolic), p).flag), systolic);
        QCOMPARE(int(interpretComponent(o, *o.component(kLoincDiastolic), p).flag), diastolic);
        if (flag != int(Flag::None))
            QVERIFY(!result.explanation.isEmpty());
    }

    // A range sent only as text is read when it is plainly one bound or two, else not used:
    // never a wrong flag.
    void textRangesReadOrLeftAlone_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("range");
        QTest::addColumn<int>("flag");
        const QString percent = QStringLiteral("%");
        QTest::newRow("8.3 below 5.7 %") << 8.3 << percent << "below 5.7 %" << int(Flag::High);
        QTest::newRow("7.6 below 5.7 %") << 7.6 << percent << "below 5.7 %" << int(Flag::High);
        QTest::newRow("5.7 is not below 5.7") << 5.7 << percent << "Below 5.7%" << int(Flag::High);
        QTest::newRow("5.6 below 5.7 %") << 5.6 << percent << "below 5.7 %" << int(Flag::Normal);
        QTest::newRow("<5.7") << 8.3 << percent << "<5.7" << int(Flag::High);
        QTest::newRow("< 5.7: 5.0") << 5.0 << percent << "< 5.7" << int(Flag::Normal);
        QTest::newRow("<=5.7: 5.7") << 5.7 << percent << "<=5.7" << int(Flag::Normal);
        QTest::newRow("4.0-5.6: 8.3") << 8.3 << percent << "4.0-5.6" << int(Flag::High);
        QTest::newRow("4.0-5.6: 3.9") << 3.9 << percent << "4.0-5.6" << int(Flag::Low);
        QTest::newRow("4.0–5.6 %: 5.6") << 5.6 << percent << "4.0–5.6 %" << int(Flag::Normal);
        QTest::newRow("4.0 to 5.6: 4.0") << 4.0 << percent << "4.0 to 5.6" << int(Flag::Normal);
        QTest::newRow(">60: 45") << 45.0 << QStringLiteral("mL/min") << ">60" << int(Flag::Low);
        QTest::newRow(">= 60: 60")
            << 60.0 << QStringLiteral("mL/min") << ">= 60" << int(Flag::Normal);
        QTest::newRow("above 60: 60")
            << 60.0 << QStringLiteral("mL/min") << "above 60" << int(Flag::Low);
        QTest::newRow("several bands: not used")
            << 8.3 << percent
            << "Non-diabetic: below 5.7 %; prediabetes: 5.7 to 6.4 %; diabetes: 6.5 % or more"
            << int(Flag::None);
        QTest::newRow("another unit: not used")
            << 8.3 << percent << "< 5.7 mmol/L" << int(Flag::None);
        QTest::newRow("words: not used") << 8.3 << percent << "Negative" << int(Flag::None);
        QTest::newRow("a number alone: not used") << 8.3 << percent << "5.7" << int(Flag::None);
        QTest::newRow("reversed bounds: not used")
            << 5.0 << percent << "5.6-4.0" << int(Flag::None);
        QTest::newRow("decimal comma: not used") << 5.0 << percent << "4,0-5,6" << int(Flag::None);
    }
    void textRangesReadOrLeftAlone()
    {
        QFETCH(double, value);
        QFETCH(QString, unit);
        QFETCH(QString, range);
        QFETCH(int, flag);
        const Interpretation i =
            interpret(withTextRange(value, unit, range), patient(Sex::Male, "1970-01-01"));
        QCOMPARE(int(i.flag), flag);
        QCOMPARE(i.computed, flag != int(Flag::None));
    }

    void nothingToSayWithoutRangeOrNumber()
    {
        QCOMPARE(interpret(observation(R"("valueQuantity":{"value":25})"), Patient{}).flag,
                 Flag::None);
        QCOMPARE(interpret(observation(R"("valueString":"positive",)" + kRanges), Patient{}).flag,
                 Flag::None);
    }
};

QTEST_GUILESS_MAIN(TestInterpretation)
#include "tst_interpretation.moc"
