#include "labfixtures.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "models/pinnedtests.h"
#include "record/summaryview.h"
#include "support/darkpalette.h"
#include "support/screenshot.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace kete;
using namespace kete::models;
using namespace kete::ui;

namespace {

// What "recent" counts back from in these tests: the fixtures' results are from 2023–2025.
const QDate kToday(2025, 6, 1);

using kete::test::darkPalette;

fhir::Observation recentLab(const char *id, const char *loinc, const char *name, double value,
                            const char *unit, const char *date, std::optional<double> low = {},
                            std::optional<double> high = {}, const char *interpretation = "")
{
    fixtures::Lab lab{QLatin1String(id),
                      QLatin1String(loinc),
                      QLatin1String(name),
                      value,
                      QLatin1String(unit),
                      QLatin1String(date),
                      low,
                      high};
    lab.interpretation = QLatin1String(interpretation);
    return fixtures::lab(lab);
}

QStringList texts(const QTreeWidget *list, int column)
{
    QStringList result;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        result << list->topLevelItem(i)->text(column);
    return result;
}

} // namespace

class TestSummaryView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void init()
    {
        m_tests = std::make_unique<LabTestsModel>();
        m_conditions = std::make_unique<ConditionsModel>();
        m_testsTester = std::make_unique<QAbstractItemModelTester>(
            m_tests.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_conditionsTester = std::make_unique<QAbstractItemModelTester>(
            m_conditions.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_view = std::make_unique<SummaryView>(m_tests.get(), m_conditions.get());
        m_view->setToday(kToday);
        m_view->resize(800, 560);
    }

    void cleanup()
    {
        m_view.reset();
        m_conditionsTester.reset();
        m_testsTester.reset();
        m_conditions.reset();
        m_tests.reset();
    }

    void friendlyWhenThereIsNothing()
    {
        QCOMPARE(m_view->abnormalEmptyText(), QStringLiteral("No lab results yet."));
        QCOMPARE(m_view->conditionsEmptyText(), QStringLiteral("No conditions on record."));
        m_tests->addObservations({fixtures::lab(
            {QStringLiteral("n"), QStringLiteral("2951-2"), QStringLiteral("Sodium"), 140,
             QStringLiteral("mmol/L"), QStringLiteral("2025-01-01"), 135, 145})});
        m_conditions->addConditions({fixtures::condition(
            QStringLiteral("x"), QStringLiteral("Measles"), QStringLiteral("resolved"),
            QStringLiteral("problem-list-item"), QStringLiteral("1980"), QStringLiteral("1980"))});
        QTRY_COMPARE(m_view->abnormalEmptyText(),
                     QStringLiteral("All of your latest lab results are within the normal range."));
        QCOMPARE(m_view->abnormalNoteText(), QString());
        QCOMPARE(m_view->conditionsEmptyText(), QStringLiteral("No active conditions."));
        QCOMPARE(m_view->abnormalResults()->topLevelItemCount(), 0);
    }

    // Synthea (and many real servers) send results with neither referenceRange nor
    // interpretation: nothing may be called normal then, and the count of such results is said.
    void neverNormalWithoutARange()
    {
        const auto synthea = [](const char *id, const char *loinc, const char *name, double value,
                                const char *unit, const char *date) {
            return fixtures::lab({QLatin1String(id), QLatin1String(loinc), QLatin1String(name),
                                  value, QLatin1String(unit), QLatin1String(date)});
        };
        m_tests->addObservations(
            {synthea("cr", "38483-4", "Creatinine", 2.79, "mg/dL", "2025-01-01"),
             synthea("gl", "2339-0", "Glucose", 98, "mg/dL", "2025-01-01")});
        m_view->refresh();
        QVERIFY(!m_view->abnormalEmptyText().contains(QStringLiteral("normal range.")));
        QVERIFY(!m_view->abnormalEmptyText().contains(QStringLiteral("within")));
        QCOMPARE(m_view->abnormalEmptyText(),
                 QStringLiteral("Nothing is flagged out of range in the last 12 months. "
                                "2 latest results came without a normal range from the lab: "
                                "Kete cannot tell whether they are normal."));

        // One result with a range, inside it: only that one is called normal.
        m_tests->addObservations({fixtures::lab(
            {QStringLiteral("na"), QStringLiteral("2951-2"), QStringLiteral("Sodium"), 140,
             QStringLiteral("mmol/L"), QStringLiteral("2025-01-01"), 135, 145})});
        m_view->refresh();
        QCOMPARE(m_view->abnormalEmptyText(),
                 QStringLiteral("Nothing is flagged out of range in the last 12 months. "
                                "1 of your latest lab results is within its normal range. "
                                "2 latest results came without a normal range from the lab: "
                                "Kete cannot tell whether they are normal."));

        // With results out of range the list shows, and the unknown ones are still counted.
        m_tests->addObservations({fixtures::lab(
            {QStringLiteral("k"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 6.1,
             QStringLiteral("mmol/L"), QStringLiteral("2025-01-01"), 3.5, 5.1})});
        m_view->refresh();
        QCOMPARE(m_view->abnormalResults()->topLevelItemCount(), 1);
        QVERIFY(m_view->abnormalEmptyText().isEmpty());
        QCOMPARE(m_view->abnormalNoteText(),
                 QStringLiteral("2 latest results came without a normal range from the lab: "
                                "Kete cannot tell whether they are normal."));
    }

    // While the searches run, "latest" values and empty lists are not final: they say so.
    void saysStillLoadingUntilTheSearchesEnd()
    {
        m_view->setLoading(true, true);
        m_view->refresh();
        QCOMPARE(m_view->abnormalEmptyText(), QStringLiteral("Lab results are still loading…"));
        QCOMPARE(m_view->conditionsEmptyText(), QStringLiteral("Conditions are still loading…"));
        // An old page arrives first: its values show, marked as maybe not the latest.
        m_tests->addObservations({fixtures::lab({QStringLiteral("e"),
                                                 QStringLiteral("33914-3"),
                                                 QStringLiteral("eGFR"),
                                                 10,
                                                 QStringLiteral("mL/min"),
                                                 QStringLiteral("2025-01-01"),
                                                 60,
                                                 {}})});
        m_conditions->addConditions({fixtures::conditions().constFirst()});
        m_view->refresh();
        QCOMPARE(m_view->abnormalResults()->topLevelItemCount(), 1);
        QCOMPARE(m_view->abnormalNoteText(),
                 QStringLiteral("Still loading: these may not be the latest results."));
        QCOMPARE(m_view->conditionsNoteText(),
                 QStringLiteral("Still loading: more conditions may follow."));
        // The searches end.
        m_view->setLoading(false, false);
        m_view->refresh();
        QCOMPARE(m_view->abnormalNoteText(), QString());
        QCOMPARE(m_view->conditionsNoteText(), QString());
        m_tests->clear();
        m_conditions->clear();
        m_view->refresh();
        QCOMPARE(m_view->abnormalEmptyText(), QStringLiteral("No lab results yet."));
        QCOMPARE(m_view->conditionsEmptyText(), QStringLiteral("No conditions on record."));
    }

    // A clinician looks at someone else's record: no "your" anywhere in the Summary.
    void clinicianWordsHaveNoYour()
    {
        m_view->setClinicianView(true);
        m_tests->addObservations({fixtures::lab(
            {QStringLiteral("n"), QStringLiteral("2951-2"), QStringLiteral("Sodium"), 140,
             QStringLiteral("mmol/L"), QStringLiteral("2025-01-01"), 135, 145})});
        m_view->refresh();
        QCOMPARE(m_view->abnormalEmptyText(),
                 QStringLiteral("All of the patient's latest lab results are within the normal "
                                "range."));
        for (const QLabel *label : m_view->findChildren<QLabel *>()) {
            QVERIFY2(!label->text().contains(QStringLiteral("your"), Qt::CaseInsensitive),
                     qPrintable(label->text()));
            QVERIFY(!label->toolTip().contains(QStringLiteral("your"), Qt::CaseInsensitive));
        }
        m_view->setClinicianView(false);
        m_view->refresh();
        QCOMPARE(m_view->abnormalEmptyText(),
                 QStringLiteral("All of your latest lab results are within the normal range."));
    }

    void showsExactlyTheAbnormalResultsNewestFirst()
    {
        m_tests->addObservations(fixtures::labs());
        m_tests->addObservations({fixtures::lab(
            {QStringLiteral("f1"), QStringLiteral("2276-4"), QStringLiteral("Ferritin"), 8,
             QStringLiteral("ug/L"), QStringLiteral("2024-11-20"), 15, 150})});
        m_conditions->addConditions(fixtures::conditions());
        QTRY_COMPARE(m_view->abnormalResults()->topLevelItemCount(), 5);
        const QTreeWidget *list = m_view->abnormalResults();
        // Latest results out of range only (not Potassium, CRP or the normal ones), newest first.
        QCOMPARE(
            texts(list, 0),
            (QStringList{QStringLiteral("Blood sugar (glucose)"), QStringLiteral("Haemoglobin"),
                         QStringLiteral("Haemoglobin A1c"), QStringLiteral("Blood pressure"),
                         QStringLiteral("Iron stores (ferritin)")}));
        QCOMPARE(texts(list, 2),
                 (QStringList{QStringLiteral("High"), QStringLiteral("Low"), QStringLiteral("High"),
                              QStringLiteral("High"), QStringLiteral("Low")}));
        QCOMPARE(texts(list, 2).constLast(), QStringLiteral("Low"));
        QCOMPARE(texts(list, 1).constLast(), QStringLiteral("8 µg/L"));
        QCOMPARE(texts(list, SummaryView::RangeColumn).constLast(), QStringLiteral("15–150 µg/L"));
        QCOMPARE(texts(list, SummaryView::DateColumn).constLast(), QStringLiteral("20/11/2024"));
        QVERIFY(m_view->abnormalEmptyText().isEmpty());

        QCOMPARE(texts(m_view->activeConditions(), 0),
                 (QStringList{QStringLiteral("Acute bronchitis"), QStringLiteral("Hypertension"),
                              QStringLiteral("Type 2 diabetes mellitus")}));
        QCOMPARE(texts(m_view->activeConditions(), 1).constLast(),
                 QStringLiteral("since 01/03/2015"));
        kete::test::saveScreenshot(*m_view, QStringLiteral("summaryview.png"));
    }

    void followsTheModelsAsPagesArrive()
    {
        m_tests->addObservations(fixtures::labs());
        QTRY_COMPARE(m_view->abnormalResults()->topLevelItemCount(), 4);
        // A newer glucose in range: glucose leaves the list.
        m_tests->addObservations({fixtures::lab(
            {QStringLiteral("g9"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 5.0,
             QStringLiteral("mmol/L"), QStringLiteral("2025-05-01"), 3.9, 5.5})});
        QTRY_COMPARE(m_view->abnormalResults()->topLevelItemCount(), 3);
        QVERIFY(
            !texts(m_view->abnormalResults(), 0).contains(QStringLiteral("Blood sugar (glucose)")));
        // At most ten.
        QList<fhir::Observation> many;
        for (int i = 0; i < 15; ++i)
            many << fixtures::lab({QStringLiteral("m%1").arg(i), QStringLiteral("9000-%1").arg(i),
                                   QStringLiteral("Marker %1").arg(i), 99, QStringLiteral("U/L"),
                                   QStringLiteral("2025-01-%1").arg(i + 10), 1, 10});
        m_tests->addObservations(many);
        QTRY_COMPARE(m_view->abnormalResults()->topLevelItemCount(),
                     SummaryView::kMaxAbnormalResults);
        QCOMPARE(m_view->abnormalNoteText(),
                 QStringLiteral("8 more out of range: see Lab results."));
        QCOMPARE(texts(m_view->abnormalResults(), 0),
                 (QStringList{QStringLiteral("Haemoglobin"), QStringLiteral("Haemoglobin A1c"),
                              QStringLiteral("Blood pressure"), QStringLiteral("Marker 14"),
                              QStringLiteral("Marker 13"), QStringLiteral("Marker 12"),
                              QStringLiteral("Marker 11"), QStringLiteral("Marker 10"),
                              QStringLiteral("Marker 9"), QStringLiteral("Marker 8")}));
    }

    void activatingAResultAsksForTheLabsSection()
    {
        m_tests->addObservations(fixtures::labs());
        m_view->refresh();
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QSignalSpy activated(m_view.get(), &SummaryView::labTestActivated);
        QTreeWidget *list = m_view->abnormalResults();
        QTreeWidgetItem *hemoglobin =
            list->findItems(QStringLiteral("Haemoglobin"), Qt::MatchExactly).value(0);
        QVERIFY(hemoglobin);
        list->setFocus();
        list->setCurrentItem(hemoglobin);
        QTest::keyClick(list, Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        const QString key = activated.at(0).at(0).toString();
        QCOMPARE(m_tests->observations(key).constLast().displayName(),
                 QStringLiteral("Hemoglobin"));
        const QPoint first = list->visualItemRect(list->topLevelItem(0)).center();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, first);
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, first);
        QCOMPARE(activated.count(), 2);
        QCOMPARE(activated.at(1).at(0).toString(),
                 list->topLevelItem(0)->data(0, SummaryView::TestKeyRole).toString());
    }

    // Issue 15: recent results out of range, critical first, each with its range bar; older
    // ones are counted, not listed; a result without a range is never shown as normal.
    void needsAttentionIsRecentOutOfRangeWithRangeBars()
    {
        m_tests->addObservations(
            {recentLab("k", "2823-3", "Potassium", 6.1, "mmol/L", "2025-05-20", 3.5, 5.1),
             recentLab("na", "2951-2", "Sodium", 118, "mmol/L", "2025-01-10", 135, 145, "LL"),
             recentLab("ld", "2089-1", "LDL", 190, "mg/dL", "2023-01-10", {}, 129),
             recentLab("cr", "38483-4", "Creatinine", 2.79, "mg/dL", "2025-05-25"),
             recentLab("hb", "718-7", "Hemoglobin", 13.5, "g/dL", "2025-05-28", 12, 15.5)});
        m_view->refresh();
        const QTreeWidget *list = m_view->abnormalResults();
        QVERIFY(!list->isHidden());
        // The critical sodium first although older; the old LDL is not listed.
        QCOMPARE(texts(list, SummaryView::TestColumn),
                 (QStringList{QStringLiteral("Sodium (salt)"), QStringLiteral("Potassium")}));
        QCOMPARE(texts(list, SummaryView::FlagColumn),
                 (QStringList{QStringLiteral("Critical low"), QStringLiteral("High")}));
        QCOMPARE(texts(list, SummaryView::ResultColumn).constLast(), QStringLiteral("6.1 mmol/L"));
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            const QVariant bar =
                list->topLevelItem(i)->data(SummaryView::RangeColumn, LabTestsModel::RangeRole);
            QVERIFY(bar.canConvert<RangePlacement>());
            QVERIFY(bar.value<RangePlacement>().high.has_value());
        }
        QCOMPARE(list->topLevelItem(1)
                     ->data(SummaryView::RangeColumn, LabTestsModel::RangeRole)
                     .value<RangePlacement>()
                     .value,
                 6.1);
        QVERIFY(m_view->abnormalNoteText().contains(
            QStringLiteral("1 older latest result, from before 01/06/2024, was outside its "
                           "normal range")));
        QVERIFY(m_view->abnormalNoteText().contains(
            QStringLiteral("1 latest result came without a normal range")));

        // Recently updated: everything from the last 30 days, newest first; creatinine has no
        // range: no flag, no bar, and the range cell says why.
        const QTreeWidget *recent = m_view->recentResults();
        QCOMPARE(texts(recent, SummaryView::TestColumn),
                 (QStringList{QStringLiteral("Haemoglobin"),
                              QStringLiteral("Creatinine (kidney function)"),
                              QStringLiteral("Potassium")}));
        const QTreeWidgetItem *creatinine = recent->topLevelItem(1);
        QVERIFY(!creatinine->text(SummaryView::FlagColumn)
                     .contains(QStringLiteral("normal"), Qt::CaseInsensitive));
        QVERIFY(!creatinine->data(SummaryView::RangeColumn, LabTestsModel::RangeRole)
                     .canConvert<RangePlacement>());
        QVERIFY2(creatinine->text(SummaryView::RangeColumn).contains(QStringLiteral("no ")),
                 qPrintable(creatinine->text(SummaryView::RangeColumn)));
        // In range: no flag word (as in the lab list), and its bar places it in the range.
        QCOMPARE(recent->topLevelItem(0)->text(SummaryView::FlagColumn), QString());
        QVERIFY(recent->topLevelItem(0)
                    ->data(SummaryView::RangeColumn, LabTestsModel::RangeRole)
                    .canConvert<RangePlacement>());
        for (const char *size : {"1024x700", "1440x900"}) {
            const QStringList wh = QString::fromLatin1(size).split(QLatin1Char('x'));
            m_view->resize(wh.at(0).toInt() - 190, wh.at(1).toInt() - 90);
            kete::test::saveScreenshot(
                *m_view, QStringLiteral("summary-attention-%1.png").arg(QLatin1String(size)));
            m_view->setPalette(darkPalette());
            kete::test::saveScreenshot(
                *m_view, QStringLiteral("summary-attention-%1-dark.png").arg(QLatin1String(size)));
            m_view->setPalette(QPalette());
        }
    }

    // A section with nothing to show is one line of text, not an empty box.
    void emptySectionIsOneLine()
    {
        m_tests->addObservations(
            {recentLab("ld", "2089-1", "LDL", 110, "mg/dL", "2023-01-10", {}, 129),
             recentLab("cr", "38483-4", "Creatinine", 2.79, "mg/dL", "2023-01-10")});
        m_view->refresh();
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QVERIFY(m_view->abnormalResults()->isHidden());
        QCOMPARE(m_view->abnormalEmptyText(),
                 QStringLiteral("Nothing is flagged out of range in the last 12 months. "
                                "1 of your latest lab results is within its normal range. "
                                "1 latest result came without a normal range from the lab: Kete "
                                "cannot tell whether it is normal."));
        QVERIFY(m_view->recentResults()->isHidden());
        QCOMPARE(m_view->recentEmptyText(),
                 QStringLiteral("No new results in the last 30 days. The latest is from "
                                "10/01/2023."));
        QVERIFY(m_view->activeConditions()->isHidden());
        const auto *empty = m_view->findChild<QLabel *>(QStringLiteral("summaryRecentEmpty"));
        QVERIFY(empty);
        QVERIFY(empty->height() < 3 * empty->fontMetrics().height());
        kete::test::saveScreenshot(*m_view, QStringLiteral("summary-empty-sections.png"));
    }

    // An old record (nothing in the last 12 months) still shows its latest results out of
    // range, saying that they are older.
    void olderResultsOutOfRangeWhenNothingIsRecent()
    {
        m_tests->addObservations(
            {recentLab("ld", "2089-1", "LDL", 190, "mg/dL", "2023-01-10", {}, 129),
             recentLab("na", "2951-2", "Sodium", 140, "mmol/L", "2023-02-10", 135, 145)});
        m_view->refresh();
        QCOMPARE(texts(m_view->abnormalResults(), SummaryView::TestColumn),
                 QStringList{QStringLiteral("LDL cholesterol")});
        QCOMPARE(m_view->abnormalNoteText(),
                 QStringLiteral("Nothing from the last 12 months is out of range: these results "
                                "are older, from before 01/06/2024, each the latest of its "
                                "test."));
    }

    // Pinned tests are kept per provider and patient as LOINC codes only, and come back in a
    // new Summary.
    void pinnedTestsPersistAcrossANewView()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kete.ini"));
        QSettings settings(path, QSettings::IniFormat);
        const QString provider = QStringLiteral("https://fhir.example.org/r4");
        PinnedTests pins(&settings, provider, QStringLiteral("amy"));
        m_view->setPinnedTests(&pins);
        m_tests->addObservations(fixtures::labs());
        m_view->refresh();
        QVERIFY(m_view->pinnedResults()->isHidden());
        QVERIFY(m_view->pinnedEmptyText().startsWith(QStringLiteral("No pinned tests.")));

        QTreeWidgetItem *hb = m_view->abnormalResults()
                                  ->findItems(QStringLiteral("Haemoglobin"), Qt::MatchExactly)
                                  .value(0);
        QVERIFY(hb);
        const QString key = hb->data(0, SummaryView::TestKeyRole).toString();
        QVERIFY(m_view->setTestPinned(key, true));
        QVERIFY(m_view->isTestPinned(key));
        m_view->refresh();
        QCOMPARE(texts(m_view->pinnedResults(), 0), QStringList{QStringLiteral("Haemoglobin")});
        QVERIFY(m_view->pinnedResults()
                    ->topLevelItem(0)
                    ->data(SummaryView::RangeColumn, LabTestsModel::RangeRole)
                    .canConvert<RangePlacement>());

        // On disk: the LOINC code and nothing else of the record (no value, no name, no id).
        settings.sync();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray ini = file.readAll();
        QVERIFY(ini.contains("718-7"));
        for (const char *secret : {"Haemoglobin", "Hemoglobin", "g/dL", "amy", "example.org"})
            QVERIFY2(!ini.contains(secret), secret);

        // A new Summary over the same settings, provider and patient shows the pin again.
        PinnedTests again(&settings, provider, QStringLiteral("amy"));
        SummaryView second(m_tests.get(), m_conditions.get());
        second.setToday(kToday);
        second.setPinnedTests(&again);
        second.refresh();
        QCOMPARE(texts(second.pinnedResults(), 0), QStringList{QStringLiteral("Haemoglobin")});
        // Another patient at the same provider has pins of their own.
        PinnedTests other(&settings, provider, QStringLiteral("bob"));
        second.setPinnedTests(&other);
        second.refresh();
        QVERIFY(second.pinnedResults()->isHidden());

        // Unpinned: gone, and the key leaves the file.
        QVERIFY(m_view->setTestPinned(key, false));
        m_view->refresh();
        QVERIFY(m_view->pinnedResults()->isHidden());
        QVERIFY(PinnedTests(&settings, provider, QStringLiteral("amy")).codes().isEmpty());
    }

    // The demo is not remembered: its pins last as long as the view and nothing is written.
    void pinsWithoutSettingsAreNotWritten()
    {
        const QString provider = QStringLiteral("http://127.0.0.1:1/fhir");
        {
            PinnedTests pins(nullptr, provider, QStringLiteral("amy"));
            pins.setPinned(QStringLiteral("2345-7"), true);
            QVERIFY(pins.isPinned(QStringLiteral("2345-7")));
        }
        QVERIFY(PinnedTests(nullptr, provider, QStringLiteral("amy")).codes().isEmpty());
        QVERIFY(!QSettings().childGroups().contains(QStringLiteral("pinnedTests")));
    }

    // Onsets as dates without clock time, an age as "since age 45", words as sent.
    void conditionsSayWhenTheyBegan()
    {
        const auto withOnset = [](const char *id, const char *name, const char *key,
                                  const QJsonValue &value) {
            QJsonObject c = fixtures::json(R"({"resourceType":"Condition",
                "clinicalStatus":{"coding":[{"code":"active"}]}})");
            c.insert(QStringLiteral("id"), QLatin1String(id));
            c.insert(QStringLiteral("code"),
                     QJsonObject{{QStringLiteral("text"), QLatin1String(name)}});
            c.insert(QLatin1String(key), value);
            return fhir::parseCondition(c).value();
        };
        m_conditions->addConditions(
            {withOnset("a", "Asthma", "onsetDateTime", QStringLiteral("2019-03-05T12:30:00Z")),
             withOnset("b", "Gout", "onsetAge",
                       QJsonObject{{QStringLiteral("value"), 45},
                                   {QStringLiteral("code"), QStringLiteral("a")}}),
             withOnset("c", "Eczema", "onsetString", QStringLiteral("childhood"))});
        m_view->refresh();
        QCOMPARE(texts(m_view->activeConditions(), 0),
                 (QStringList{QStringLiteral("Asthma"), QStringLiteral("Gout"),
                              QStringLiteral("Eczema")}));
        QCOMPARE(texts(m_view->activeConditions(), 1),
                 (QStringList{QStringLiteral("since 05/03/2019"), QStringLiteral("since age 45"),
                              QStringLiteral("childhood")}));
    }

private:
    std::unique_ptr<LabTestsModel> m_tests;
    std::unique_ptr<ConditionsModel> m_conditions;
    std::unique_ptr<QAbstractItemModelTester> m_testsTester;
    std::unique_ptr<QAbstractItemModelTester> m_conditionsTester;
    std::unique_ptr<SummaryView> m_view;
};

QTEST_MAIN(TestSummaryView)
#include "tst_summaryview.moc"
