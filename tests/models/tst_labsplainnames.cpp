#include "fhir/bundle.h"
#include "fhir/ucum.h"
#include "labnames/labnames.h"
#include "models/csvexport.h"
#include "models/labtestsmodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace kete;
using namespace kete::fhir;
using namespace kete::models;

namespace {

const QString kLoinc = QStringLiteral("http://loinc.org");

// An Observation as a server sends it: a LOINC coding with its display, code.text when given
// (`text` null: none), a valueQuantity in UCUM.
QJsonObject observationJson(const QString &id, const QString &loinc, const QString &display,
                            const QString &text, double value, const QString &ucum)
{
    QJsonObject code{
        {QStringLiteral("coding"), QJsonArray{QJsonObject{{QStringLiteral("system"), kLoinc},
                                                          {QStringLiteral("code"), loinc},
                                                          {QStringLiteral("display"), display}}}}};
    if (!text.isNull())
        code.insert(QStringLiteral("text"), text);
    return QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("category"),
         QJsonArray{QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{
                  {QStringLiteral("system"),
                   QStringLiteral("http://terminology.hl7.org/CodeSystem/observation-category")},
                  {QStringLiteral("code"), QStringLiteral("laboratory")}}}}}}},
        {QStringLiteral("code"), code},
        {QStringLiteral("subject"),
         QJsonObject{{QStringLiteral("reference"), QStringLiteral("Patient/p1")}}},
        {QStringLiteral("effectiveDateTime"), QStringLiteral("2021-03-13T10:00:00+00:00")},
        {QStringLiteral("valueQuantity"),
         QJsonObject{{QStringLiteral("value"), value},
                     {QStringLiteral("unit"), ucum},
                     {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                     {QStringLiteral("code"), ucum}}},
    };
}

Observation parsed(const QJsonObject &json)
{
    // Through the same reader as a server's pages.
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Compact);
    auto page = parseBundlePage(bytes);
    if (!page.ok() || page->observations.size() != 1)
        qFatal("fixture observation did not parse");
    return page->observations.constFirst();
}

// Blood pressure as current Synthea writes it: the panel code with its LOINC long name as both
// display and text, systolic and diastolic components in mm[Hg].
Observation bloodPressure()
{
    const auto component = [](const QString &code, const QString &display, double value) {
        return QJsonObject{
            {QStringLiteral("code"),
             QJsonObject{{QStringLiteral("coding"),
                          QJsonArray{QJsonObject{{QStringLiteral("system"), kLoinc},
                                                 {QStringLiteral("code"), code},
                                                 {QStringLiteral("display"), display}}}},
                         {QStringLiteral("text"), display}}},
            {QStringLiteral("valueQuantity"),
             QJsonObject{{QStringLiteral("value"), value},
                         {QStringLiteral("unit"), QStringLiteral("mm[Hg]")},
                         {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                         {QStringLiteral("code"), QStringLiteral("mm[Hg]")}}}};
    };
    QJsonObject o = observationJson(
        QStringLiteral("bp1"), QStringLiteral("85354-9"),
        QStringLiteral("Blood pressure panel with all children optional"),
        QStringLiteral("Blood pressure panel with all children optional"), 0, QString());
    o.remove(QStringLiteral("valueQuantity"));
    o.insert(
        QStringLiteral("component"),
        QJsonArray{
            component(QStringLiteral("8480-6"), QStringLiteral("Systolic blood pressure"), 128),
            component(QStringLiteral("8462-4"), QStringLiteral("Diastolic blood pressure"), 82)});
    return parsed(o);
}

// Real records: Synthea's patient bundles, when the fixtures are there.
QDir fixturesDir()
{
    const QString env = qEnvironmentVariable("KETE_FIXTURES");
    return QDir(env.isEmpty() ? QStringLiteral("/work/shared/fixtures/synthea-r4") : env);
}

QList<Observation> syntheaObservations()
{
    QList<Observation> all;
    QDir dir = fixturesDir();
    QStringList folders{dir.path()};
    if (dir.cdUp() && dir.exists(QStringLiteral("synthea-r4-extra")))
        folders << dir.filePath(QStringLiteral("synthea-r4-extra"));
    for (const QString &folder : std::as_const(folders)) {
        const QDir d(folder);
        for (const QString &name : d.entryList({QStringLiteral("*.json")}, QDir::Files)) {
            QFile file(d.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const auto page = parseBundlePage(file.readAll());
            if (page.ok())
                all << page->observations;
        }
    }
    return all;
}

QString nameOf(const LabTestsModel &model, const QString &loinc)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, LabTestsModel::NameColumn);
        if (model.latestResult(row).observation.code.hasCode(kLoinc, loinc))
            return index.data().toString();
    }
    return QString();
}

} // namespace

class TestLabsPlainNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void tableHasEnoughUniqueNamedCodes()
    {
        const auto table = labnames::table();
        QVERIFY2(table.size() >= 150, qPrintable(QString::number(table.size())));
        QSet<QString> codes;
        for (const labnames::LabName &row : table) {
            const QString code = QString::fromLatin1(row.code.data(), qsizetype(row.code.size()));
            QVERIFY2(!codes.contains(code), qPrintable(code));
            codes.insert(code);
            // A LOINC code: digits, a dash and a check digit.
            QVERIFY2(code.size() >= 3 && code.at(code.size() - 2) == QLatin1Char('-'),
                     qPrintable(code));
            QVERIFY2(!row.name.empty(), qPrintable(code));
            QVERIFY2(!row.words.empty(), qPrintable(code));
            QCOMPARE(labnames::find(code), &row);
        }
        QCOMPARE(codes.size(), qsizetype(table.size()));
        QVERIFY(!labnames::find(u"0000-0"));
        QVERIFY(!labnames::find(u""));
    }

    void plainNamesForLoincLongNames_data()
    {
        QTest::addColumn<QString>("loinc");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("shown");
        // Display and text as Synthea sends them: the LOINC long name (or its short display).
        QTest::newRow("LDL")
            << "18262-6"
            << "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay"
            << "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay"
            << "LDL cholesterol";
        QTest::newRow("glucose in blood") << "2339-0"
                                          << "Glucose [Mass/volume] in Blood"
                                          << "Glucose [Mass/volume] in Blood"
                                          << "Blood sugar (glucose)";
        QTest::newRow("glucose, Synthea 2019 display") << "2339-0"
                                                       << "Glucose"
                                                       << "Glucose"
                                                       << "Blood sugar (glucose)";
        QTest::newRow("eGFR") << "33914-3"
                              << "Estimated Glomerular Filtration Rate"
                              << "Estimated Glomerular Filtration Rate"
                              << "Kidney function (eGFR)";
        QTest::newRow("A1c, no text")
            << "4548-4"
            << "Hemoglobin A1c/Hemoglobin.total in Blood" << QString() << "Haemoglobin A1c";
        // Synthea's displays carry zero-width spaces: "[Mass/\u200Bvolume]".
        QTest::newRow("zero-width space")
            << "2885-2" << QString::fromUtf8("Protein [Mass/\u200Bvolume] in Serum or Plasma")
            << QString::fromUtf8("Protein [Mass/\u200Bvolume] in Serum or Plasma")
            << "Total protein";
        // Text that differs from the display but is still a LOINC long name (brackets).
        QTest::newRow("text is a long name") << "39156-5"
                                             << "Body Mass Index"
                                             << "Body mass index (BMI) [Ratio]"
                                             << "Body mass index (BMI)";
        // The server's own friendly text wins.
        QTest::newRow("server's text") << "2339-0"
                                       << "Glucose [Mass/volume] in Blood"
                                       << "Fasting glucose, home meter"
                                       << "Fasting glucose, home meter";
        QTest::newRow("server's text for A1c") << "4548-4"
                                               << "Hemoglobin A1c/Hemoglobin.total in Blood"
                                               << "HbA1c"
                                               << "HbA1c";
        // A code Kete does not know keeps what the server sent.
        QTest::newRow("unknown code") << "99999-9"
                                      << "Zinc [Mass/volume] in Serum or Plasma" << QString()
                                      << "Zinc [Mass/volume] in Serum or Plasma";
    }

    void plainNamesForLoincLongNames()
    {
        QFETCH(QString, loinc);
        QFETCH(QString, display);
        QFETCH(QString, text);
        QFETCH(QString, shown);
        const Observation o = parsed(observationJson(QStringLiteral("o1"), loinc, display, text, 1,
                                                     QStringLiteral("mg/dL")));
        const labnames::TestName name = labnames::testName(o.code);
        QCOMPARE(name.shown, shown);
        QCOMPARE(name.longName, display);
        QCOMPARE(name.loincCode, loinc);
        QCOMPARE(name.technicalName(),
                 display + QStringLiteral(" (LOINC ") + loinc + QLatin1Char(')'));

        // In the list: the name shown, the long name and code one hover away.
        LabTestsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addObservations({o});
        QCOMPARE(model.index(0, LabTestsModel::NameColumn).data().toString(), shown);
        const QString tip =
            model.index(0, LabTestsModel::NameColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(display) && tip.contains(loinc), qPrintable(tip));
        QVERIFY(model.index(0, 0).data(Qt::AccessibleTextRole).toString().startsWith(shown));
        QCOMPARE(model.latestResult(0).name, shown);
    }

    void bloodPressurePanel()
    {
        LabTestsModel model;
        model.addObservations({bloodPressure()});
        QCOMPARE(model.index(0, LabTestsModel::NameColumn).data().toString(),
                 QStringLiteral("Blood pressure"));
        QCOMPARE(model.index(0, LabTestsModel::ValueColumn).data().toString(),
                 QStringLiteral("128/82 mmHg"));
        QVERIFY(model.index(0, LabTestsModel::NameColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Blood pressure panel with all children optional")));
    }

    void searchWordsAndCodesFilterTheList_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("codes");
        QTest::newRow("sugar") << "sugar"
                               << QStringList{QStringLiteral("2339-0"), QStringLiteral("4548-4")};
        QTest::newRow("kidney") << "kidney"
                                << QStringList{QStringLiteral("33914-3"),
                                               QStringLiteral("38483-4")};
        QTest::newRow("bp") << "bp" << QStringList{QStringLiteral("85354-9")};
        QTest::newRow("a1c") << "A1C" << QStringList{QStringLiteral("4548-4")};
        QTest::newRow("cholesterol")
            << "cholesterol" << QStringList{QStringLiteral("18262-6"), QStringLiteral("2085-9")};
        QTest::newRow("LOINC code") << "4548-4" << QStringList{QStringLiteral("4548-4")};
        QTest::newRow("LOINC long name")
            << "Direct assay" << QStringList{QStringLiteral("18262-6")};
        QTest::newRow("two words") << "ldl cholesterol" << QStringList{QStringLiteral("18262-6")};
    }

    void searchWordsAndCodesFilterTheList()
    {
        QFETCH(QString, search);
        QFETCH(QStringList, codes);
        LabTestsModel model;
        model.addObservations(
            {parsed(observationJson(QStringLiteral("g"), QStringLiteral("2339-0"),
                                    QStringLiteral("Glucose [Mass/volume] in Blood"), QString(),
                                    5.4, QStringLiteral("mmol/L"))),
             parsed(observationJson(QStringLiteral("a"), QStringLiteral("4548-4"),
                                    QStringLiteral("Hemoglobin A1c/Hemoglobin.total in Blood"),
                                    QStringLiteral("Hemoglobin A1c/Hemoglobin.total in Blood"), 6.1,
                                    QStringLiteral("%"))),
             parsed(observationJson(QStringLiteral("e"), QStringLiteral("33914-3"),
                                    QStringLiteral("Estimated Glomerular Filtration Rate"),
                                    QStringLiteral("Estimated Glomerular Filtration Rate"), 88,
                                    QStringLiteral("mL/min/{1.73_m2}"))),
             parsed(observationJson(QStringLiteral("c"), QStringLiteral("38483-4"),
                                    QStringLiteral("Creatinine"), QStringLiteral("Creatinine"), 1.1,
                                    QStringLiteral("mg/dL"))),
             parsed(observationJson(
                 QStringLiteral("l"), QStringLiteral("18262-6"),
                 QStringLiteral("Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct "
                                "assay"),
                 QString(), 120, QStringLiteral("mg/dL"))),
             parsed(observationJson(QStringLiteral("h"), QStringLiteral("2085-9"),
                                    QStringLiteral("High Density Lipoprotein Cholesterol"),
                                    QStringLiteral("High Density Lipoprotein Cholesterol"), 55,
                                    QStringLiteral("mg/dL"))),
             parsed(observationJson(QStringLiteral("w"), QStringLiteral("6690-2"),
                                    QStringLiteral("Leukocytes [#/volume] in Blood by Automated "
                                                   "count"),
                                    QString(), 7.1, QStringLiteral("10*3/uL"))),
             bloodPressure()});
        LabTestsProxyModel proxy;
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        QCOMPARE(proxy.rowCount(), 8);
        proxy.setSearchText(search);
        QStringList found;
        for (int row = 0; row < proxy.rowCount(); ++row) {
            const int source = proxy.mapToSource(proxy.index(row, 0)).row();
            found << model.latestResult(source).observation.loincCode();
        }
        found.sort();
        codes.sort();
        QCOMPARE(found, codes);
    }

    void readableUnits_data()
    {
        QTest::addColumn<QString>("ucum");
        QTest::addColumn<QString>("readable");
        QTest::newRow("10*3/uL") << "10*3/uL" << QString::fromUtf8("×10³/µL");
        QTest::newRow("10*6/uL") << "10*6/uL" << QString::fromUtf8("×10⁶/µL");
        QTest::newRow("10^9/L") << "10^9/L" << QString::fromUtf8("×10⁹/L");
        QTest::newRow("mm[Hg]") << "mm[Hg]"
                                << "mmHg";
        QTest::newRow("eGFR") << "mL/min/{1.73_m2}" << QString::fromUtf8("mL/min/1.73 m²");
        QTest::newRow("eGFR as text") << "mL/min/1.73m2" << QString::fromUtf8("mL/min/1.73 m²");
        QTest::newRow("ug") << "ug" << QString::fromUtf8("µg");
        QTest::newRow("ug/dL") << "ug/dL" << QString::fromUtf8("µg/dL");
        QTest::newRow("umol/L") << "umol/L" << QString::fromUtf8("µmol/L");
        QTest::newRow("/[HPF]") << "/[HPF]"
                                << "/HPF";
        QTest::newRow("{score}") << "{score}" << QString();
        QTest::newRow("{T-score}") << "{T-score}" << QString();
        QTest::newRow("1") << "1" << QString();
        QTest::newRow("kg/m2") << "kg/m2" << QString::fromUtf8("kg/m²");
        QTest::newRow("Cel") << "Cel" << QString::fromUtf8("°C");
        QTest::newRow("[degF]") << "[degF]" << QString::fromUtf8("°F");
        QTest::newRow("%") << "%"
                           << "%";
        QTest::newRow("/min") << "/min"
                              << "/min";
        QTest::newRow("{beats}/min") << "{beats}/min"
                                     << "beats/min";
        QTest::newRow("{cells}/uL") << "{cells}/uL" << QString::fromUtf8("cells/µL");
        QTest::newRow("[in_i]") << "[in_i]"
                                << "in";
        QTest::newRow("[lb_av]") << "[lb_av]"
                                 << "lb";
        QTest::newRow("m[IU]/L") << "m[IU]/L"
                                 << "mIU/L";
        QTest::newRow("u[IU]/mL") << "u[IU]/mL" << QString::fromUtf8("µIU/mL");
        QTest::newRow("mg/(24.h)") << "mg/(24.h)" << QString::fromUtf8("mg/(24·h)");
        QTest::newRow("s-1") << "s-1" << QString::fromUtf8("s⁻¹");
        // Shown as given.
        QTest::newRow("mg/dL") << "mg/dL"
                               << "mg/dL";
        QTest::newRow("mmol/L") << "mmol/L"
                                << "mmol/L";
        QTest::newRow("mmHg") << "mmHg"
                              << "mmHg";
        QTest::newRow("beats/minute") << "beats/minute"
                                      << "beats/minute";
        QTest::newRow("degrees") << QString::fromUtf8("°C") << QString::fromUtf8("°C");
        QTest::newRow("(score)") << "(score)"
                                 << "(score)";
        QTest::newRow("unknown [brackets]") << "[foo_bar]"
                                            << "[foo_bar]";
    }

    void readableUnits()
    {
        QFETCH(QString, ucum);
        QFETCH(QString, readable);
        QCOMPARE(readableUnit(ucum), readable);
    }

    void listShowsReadableUnitsAndExportsKeepTheCode()
    {
        LabTestsModel model;
        QJsonObject wbc =
            observationJson(QStringLiteral("w"), QStringLiteral("6690-2"),
                            QStringLiteral("Leukocytes [#/volume] in Blood by Automated count"),
                            QString(), 7.1, QStringLiteral("10*3/uL"));
        wbc.insert(QStringLiteral("referenceRange"),
                   QJsonArray{QJsonObject{
                       {QStringLiteral("low"),
                        QJsonObject{{QStringLiteral("value"), 4.5},
                                    {QStringLiteral("unit"), QStringLiteral("10*3/uL")},
                                    {QStringLiteral("code"), QStringLiteral("10*3/uL")}}},
                       {QStringLiteral("high"),
                        QJsonObject{{QStringLiteral("value"), 11},
                                    {QStringLiteral("unit"), QStringLiteral("10*3/uL")},
                                    {QStringLiteral("code"), QStringLiteral("10*3/uL")}}}}});
        model.addObservations({parsed(wbc)});
        QCOMPARE(model.index(0, LabTestsModel::NameColumn).data().toString(),
                 QStringLiteral("White blood cells"));
        QCOMPARE(model.index(0, LabTestsModel::ValueColumn).data().toString(),
                 QString::fromUtf8("7.1 ×10³/µL"));
        QCOMPARE(model.index(0, LabTestsModel::RangeColumn).data().toString(),
                 QString::fromUtf8("4.5–11 ×10³/µL"));
        // The CSV keeps the UCUM code, for the programs that read it.
        const QStringList lines = toCsv(model).split(QStringLiteral("\r\n"));
        QVERIFY2(
            lines.at(1).startsWith(QStringLiteral("White blood cells,7.1 10*3/uL,4.5–11 10*3/uL,")),
            qPrintable(lines.at(1)));
    }

    void syntheaCodesHavePlainNames()
    {
        const QList<Observation> observations = syntheaObservations();
        if (observations.isEmpty())
            QSKIP("no Synthea records (KETE_FIXTURES or /work/shared/fixtures/synthea-r4)");
        // Every LOINC code of at least kMinimum Observations (and blood pressure parts).
        constexpr int kMinimum = 2;
        QHash<QString, int> counts;
        for (const Observation &o : observations) {
            for (const Coding &c : o.code.codings) {
                if (c.system == kLoinc)
                    ++counts[c.code];
            }
            for (const ObservationComponent &component : o.components) {
                for (const Coding &c : component.code.codings) {
                    if (c.system == kLoinc)
                        ++counts[c.code];
                }
            }
        }
        QVERIFY(counts.size() > 40);
        QStringList missing;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (it.value() >= kMinimum && !labnames::find(it.key()))
                missing << it.key();
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));

        // And the list shows them: a whole real record through the model.
        LabTestsModel model;
        model.addObservations(observations);
        QCOMPARE(nameOf(model, QStringLiteral("2339-0")), QStringLiteral("Blood sugar (glucose)"));
        QCOMPARE(nameOf(model, QStringLiteral("18262-6")), QStringLiteral("LDL cholesterol"));
        QCOMPARE(nameOf(model, QStringLiteral("55284-4")), QStringLiteral("Blood pressure"));
        LabTestsProxyModel proxy;
        proxy.setSourceModel(&model);
        for (const QString &word :
             {QStringLiteral("sugar"), QStringLiteral("kidney"), QStringLiteral("bp"),
              QStringLiteral("a1c"), QStringLiteral("cholesterol"), QStringLiteral("4548-4")}) {
            proxy.setSearchText(word);
            QVERIFY2(proxy.rowCount() > 0, qPrintable(word));
        }
    }
};

QTEST_GUILESS_MAIN(TestLabsPlainNames)
#include "tst_labsplainnames.moc"
