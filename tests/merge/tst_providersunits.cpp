#include "merge/unitconversions.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace kete;
using namespace kete::merge;

namespace {

fhir::Observation observation(const QString &loinc, double value, const QString &unit)
{
    const QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), QStringLiteral("o1")},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("code"),
         QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                     {QStringLiteral("code"), loinc}}}}}},
        {QStringLiteral("effectiveDateTime"), QStringLiteral("2024-01-10T08:00:00Z")},
        {QStringLiteral("valueQuantity"),
         QJsonObject{{QStringLiteral("value"), value},
                     {QStringLiteral("unit"), unit},
                     {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                     {QStringLiteral("code"), unit}}},
    };
    return fhir::parseObservation(o).value();
}

} // namespace

class TestProvidersUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Each factor against a value published by the source the table cites.
    void publishedWorkedValues_data()
    {
        QTest::addColumn<QString>("analyte");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<double>("expected");
        QTest::addColumn<double>("tolerance"); // half the last digit the source gives
        // ADA Standards of Care: fasting glucose 126 mg/dL = 7.0 mmol/L; 100 mg/dL = 5.6.
        QTest::newRow("glucose 126 mg/dL") << "glucose" << 126.0 << "mg/dL"
                                           << "mmol/L" << 7.0 << 0.05;
        QTest::newRow("glucose 100 mg/dL") << "glucose" << 100.0 << "mg/dL"
                                           << "mmol/L" << 5.6 << 0.05;
        QTest::newRow("glucose 7.0 mmol/L") << "glucose" << 7.0 << "mmol/L"
                                            << "mg/dL" << 126.0 << 0.5;
        QTest::newRow("blood glucose 200 mg/dL") << "glucose-blood" << 200.0 << "mg/dL"
                                                 << "mmol/L" << 11.1 << 0.05;
        // KDIGO 2012: creatinine 1 mg/dL = 88.4 umol/L.
        QTest::newRow("creatinine 1 mg/dL") << "creatinine" << 1.0 << "mg/dL"
                                            << "umol/L" << 88.4 << 0.05;
        QTest::newRow("creatinine 88.4 umol/L") << "creatinine" << 88.4 << "umol/L"
                                                << "mg/dL" << 1.0 << 0.005;
        // NCEP ATP III: total cholesterol 200 mg/dL = 5.17 mmol/L, LDL 130 = 3.36, HDL 40 =
        // 1.03, triglycerides 150 mg/dL = 1.69 mmol/L.
        QTest::newRow("cholesterol 200 mg/dL") << "cholesterol" << 200.0 << "mg/dL"
                                               << "mmol/L" << 5.17 << 0.005;
        QTest::newRow("LDL 130 mg/dL") << "ldl" << 130.0 << "mg/dL"
                                       << "mmol/L" << 3.36 << 0.005;
        QTest::newRow("calculated LDL 160 mg/dL") << "ldl-calculated" << 160.0 << "mg/dL"
                                                  << "mmol/L" << 4.14 << 0.005;
        QTest::newRow("HDL 40 mg/dL") << "hdl" << 40.0 << "mg/dL"
                                      << "mmol/L" << 1.03 << 0.005;
        QTest::newRow("triglycerides 150 mg/dL") << "triglycerides" << 150.0 << "mg/dL"
                                                 << "mmol/L" << 1.69 << 0.005;
        // NGSP/IFCC master equation, NGSP's conversion table: 6.5 % = 48 mmol/mol,
        // 7.0 % = 53 mmol/mol, 53 mmol/mol = 7.0 %.
        QTest::newRow("HbA1c 6.5 %") << "hba1c" << 6.5 << "%"
                                     << "mmol/mol" << 48.0 << 0.5;
        QTest::newRow("HbA1c 7.0 %") << "hba1c" << 7.0 << "%"
                                     << "mmol/mol" << 53.0 << 0.5;
        QTest::newRow("HbA1c 53 mmol/mol") << "hba1c" << 53.0 << "mmol/mol"
                                           << "%" << 7.0 << 0.05;
    }
    void publishedWorkedValues()
    {
        QFETCH(QString, analyte);
        QFETCH(double, value);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(double, expected);
        QFETCH(double, tolerance);
        const std::optional<double> converted = convert(value, from, to, analyte);
        QVERIFY(converted);
        QVERIFY2(std::abs(*converted - expected) <= tolerance,
                 qPrintable(QString::number(*converted)));
        // And back again to where it started.
        const std::optional<double> back = convert(*converted, to, from, analyte);
        QVERIFY(back);
        QVERIFY(std::abs(*back - value) < 1e-9 * std::max(1.0, value));
    }

    void onlyKnownAnalytesAndUnitsConvert()
    {
        QCOMPARE(convert(5.0, u"mmol/L", u"mmol/L", u"glucose"), 5.0);
        QVERIFY(!convert(100, u"mg/dL", u"umol/L", u"glucose"));
        QVERIFY(!convert(100, u"mg/dL", u"mmol/L", u"sodium"));
        QVERIFY(!convert(6.5, u"%", u"mmol/L", u"hba1c"));
        QVERIFY(isConvertibleUnit(u"mg/dl", u"glucose"));
        QVERIFY(!isConvertibleUnit(u"g/L", u"glucose"));
    }

    void unitSpellingsAsServersSendThem()
    {
        QCOMPARE(normalisedUnit(u"mg/dl"), QStringLiteral("mg/dL"));
        QCOMPARE(normalisedUnit(u"MMOL/L"), QStringLiteral("mmol/L"));
        QCOMPARE(normalisedUnit(QStringLiteral("\u00b5mol/L")), QStringLiteral("umol/L"));
        QCOMPARE(normalisedUnit(u"%"), QStringLiteral("%"));
        QCOMPARE(normalisedUnit(u"10*3/uL"), QStringLiteral("10*3/uL"));
    }

    void analyteOfAResultByItsLoincCode()
    {
        QCOMPARE(analyteOf(observation(QStringLiteral("2345-7"), 100, QStringLiteral("mg/dL"))),
                 QStringLiteral("glucose"));
        QCOMPARE(analyteOf(observation(QStringLiteral("14749-6"), 5.6, QStringLiteral("mmol/L"))),
                 QStringLiteral("glucose"));
        QCOMPARE(analyteOf(observation(QStringLiteral("15074-8"), 5.6, QStringLiteral("mmol/L"))),
                 QStringLiteral("glucose-blood"));
        QCOMPARE(analyteOf(observation(QStringLiteral("59261-8"), 48, QStringLiteral("mmol/mol"))),
                 QStringLiteral("hba1c"));
        QVERIFY(!analyteOf(observation(QStringLiteral("2823-3"), 4.1, QStringLiteral("mmol/L"))));
    }

    void valueOfAResultInAnotherUnit()
    {
        const fhir::Observation mass =
            observation(QStringLiteral("2160-0"), 1.2, QStringLiteral("mg/dL"));
        QCOMPARE(valueIn(mass, u"mg/dL"), 1.2);
        QVERIFY(std::abs(*valueIn(mass, u"umol/L") - 106.1) < 0.05);
        QVERIFY(!valueIn(mass, u"mmol/L"));
        const fhir::Observation potassium =
            observation(QStringLiteral("2823-3"), 4.1, QStringLiteral("mmol/L"));
        QVERIFY(!valueIn(potassium, u"mg/dL"));
    }
};

QTEST_GUILESS_MAIN(TestProvidersUnits)
#include "tst_providersunits.moc"
