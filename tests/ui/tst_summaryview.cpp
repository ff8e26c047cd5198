#include "labfixtures.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "record/summaryview.h"
#include "support/screenshot.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace kete;
using namespace kete::models;
using namespace kete::ui;

namespace {

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
                 QStringLiteral("2 latest results came without a normal range from the lab: "
                                "Kete cannot tell whether they are normal."));

        // One result with a range, inside it: only that one is called normal.
        m_tests->addObservations({fixtures::lab(
            {QStringLiteral("na"), QStringLiteral("2951-2"), QStringLiteral("Sodium"), 140,
             QStringLiteral("mmol/L"), QStringLiteral("2025-01-01"), 135, 145})});
        m_view->refresh();
        QCOMPARE(m_view->abnormalEmptyText(),
                 QStringLiteral("1 of your latest lab results is within its normal range. "
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
                                                 QStringLiteral("2022-01-01"),
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
        QCOMPARE(texts(list, 3).constLast(), QStringLiteral("20/11/2024"));
        QVERIFY(m_view->abnormalEmptyText().isEmpty());

        QCOMPARE(texts(m_view->activeConditions(), 0),
                 (QStringList{QStringLiteral("Acute bronchitis"), QStringLiteral("Hypertension"),
                              QStringLiteral("Type 2 diabetes mellitus")}));
        QCOMPARE(texts(m_view->activeConditions(), 1).constLast(), QStringLiteral("01/03/2015"));
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
                                   QStringLiteral("2020-01-%1").arg(i + 10), 1, 10});
        m_tests->addObservations(many);
        QTRY_COMPARE(m_view->abnormalResults()->topLevelItemCount(),
                     SummaryView::kMaxAbnormalResults);
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

private:
    std::unique_ptr<LabTestsModel> m_tests;
    std::unique_ptr<ConditionsModel> m_conditions;
    std::unique_ptr<QAbstractItemModelTester> m_testsTester;
    std::unique_ptr<QAbstractItemModelTester> m_conditionsTester;
    std::unique_ptr<SummaryView> m_view;
};

QTEST_MAIN(TestSummaryView)
#include "tst_summaryview.moc"
