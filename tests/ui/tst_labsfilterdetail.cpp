#include "charts/trendchart.h"
#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/labhistorymodel.h"
#include "models/labtestsmodel.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace kete;
using namespace kete::models;
using namespace kete::ui;

// The detail pane under the lab list follows the list's filter: it never shows a test the
// table hides. Driven through the search field and the "out of range only" box, as a user does.
class TestLabsFilterDetail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void init()
    {
        m_model = std::make_unique<LabTestsModel>();
        m_view = std::make_unique<LabsView>(m_model.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_view->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_view->resize(1100, 820);
        m_model->setPatient(fixtures::patient());
        m_model->addObservations(fixtures::labs());
        m_model->addReports(fixtures::reports());
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        m_search = m_view->findChild<QLineEdit *>(QStringLiteral("labSearch"));
        m_title = m_view->findChild<QLabel *>(QStringLiteral("labDetailTitle"));
        QVERIFY(m_search && m_title);
    }

    void cleanup()
    {
        m_tester.reset();
        m_view.reset();
        m_model.reset();
    }

    void searchHidingTheSelectedTestMovesTheDetailToTheFirstMatch()
    {
        const QString potassium = keyOf(QStringLiteral("2823-3"));
        m_view->selectTest(potassium);
        QCOMPARE(m_title->text(), QStringLiteral("Potassium"));
        QSignalSpy selected(m_view.get(), &LabsView::selectedTestChanged);

        QTest::keyClicks(m_search, QStringLiteral("sugar"));
        // Blood sugar (glucose) and Haemoglobin A1c match; Potassium is gone from the table...
        QCOMPARE(m_view->proxy()->rowCount(), 2);
        QVERIFY(!visibleKeys().contains(potassium));
        // ... and from the detail, which shows the first row left.
        const QModelIndex first = m_view->proxy()->index(0, LabTestsModel::NameColumn);
        QCOMPARE(m_view->selectedTestKey(), first.data(LabTestsModel::TestKeyRole).toString());
        QCOMPARE(m_title->text(), first.data().toString());
        QCOMPARE(m_title->text(), QStringLiteral("Blood sugar (glucose)"));
        QCOMPARE(m_view->testsView()->currentIndex().row(), 0);
        QVERIFY(m_view->testsView()->selectionModel()->isRowSelected(0, {}));
        QCOMPARE(m_view->historyModel()->rowCount(), 3);
        QCOMPARE(m_view->chart()->subject(), QStringLiteral("Blood sugar (glucose)"));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.constLast().constFirst().toString(), m_view->selectedTestKey());
        // The lab's own name and the LOINC code stay one look away.
        auto *code = m_view->findChild<QLabel *>(QStringLiteral("labDetailCode"));
        QVERIFY(code);
        QVERIFY2(code->text().contains(QStringLiteral("LOINC 2345-7")), qPrintable(code->text()));

        // Narrowing further keeps a test that still shows.
        m_search->clear();
        QTest::keyClicks(m_search, QStringLiteral("a1c"));
        QCOMPARE(m_title->text(), QStringLiteral("Haemoglobin A1c"));
        QCOMPARE(m_view->historyModel()->rowCount(), 1);
        m_search->clear();
        QCOMPARE(m_title->text(), QStringLiteral("Haemoglobin A1c"));
        QCOMPARE(m_view->testsView()->currentIndex().data(LabTestsModel::TestKeyRole).toString(),
                 keyOf(QStringLiteral("4548-4")));
    }

    void searchMatchingNothingClearsTheDetail()
    {
        m_view->selectTest(keyOf(QStringLiteral("2345-7")));
        QCOMPARE(m_view->historyModel()->rowCount(), 3);
        QTest::keyClicks(m_search, QStringLiteral("zinc"));
        QCOMPARE(m_view->proxy()->rowCount(), 0);
        QCOMPARE(m_view->selectedTestKey(), QString());
        QCOMPARE(m_title->text(), QStringLiteral("No test selected"));
        QCOMPARE(m_view->historyModel()->rowCount(), 0);
        QVERIFY(m_view->chart()->chart()->series().isEmpty());
    }

    void outOfRangeOnlyHidingTheSelectedTestMovesTheDetail()
    {
        const QString potassium = keyOf(QStringLiteral("2823-3")); // 4.4, in range
        m_view->selectTest(potassium);
        m_view->findChild<QCheckBox *>(QStringLiteral("labOutOfRangeOnly"))->click();
        QVERIFY(!visibleKeys().contains(potassium));
        QVERIFY(visibleKeys().contains(m_view->selectedTestKey()));
        QCOMPARE(m_title->text(),
                 m_view->proxy()->index(0, LabTestsModel::NameColumn).data().toString());
        QVERIFY(m_view->historyModel()->rowCount() > 0);
    }

    void aNewResultHidingTheSelectedTestMovesTheDetail()
    {
        m_view->findChild<QCheckBox *>(QStringLiteral("labOutOfRangeOnly"))->click();
        const QString glucose = keyOf(QStringLiteral("2345-7"));
        m_view->selectTest(glucose);
        QCOMPARE(m_title->text(), QStringLiteral("Blood sugar (glucose)"));
        // A later page: glucose back in range, so the filter hides it.
        m_model->addObservations({fixtures::lab(
            {QStringLiteral("g4"), QStringLiteral("2345-7"), QStringLiteral("Glucose"), 5.0,
             QStringLiteral("mmol/L"), QStringLiteral("2025-04-01"), 3.9, 5.5})});
        QVERIFY(!visibleKeys().contains(glucose));
        QVERIFY(visibleKeys().contains(m_view->selectedTestKey()));
        QVERIFY(m_title->text() != QStringLiteral("Blood sugar (glucose)"));
    }

    void choosingAHiddenTestClearsTheFilter()
    {
        // From the summary: a test the search hides is asked for by name.
        QTest::keyClicks(m_search, QStringLiteral("kidney"));
        QCOMPARE(m_view->proxy()->rowCount(), 0);
        const QString a1c = keyOf(QStringLiteral("4548-4"));
        m_view->selectTest(a1c);
        QCOMPARE(m_search->text(), QString());
        QCOMPARE(m_view->selectedTestKey(), a1c);
        QCOMPARE(m_title->text(), QStringLiteral("Haemoglobin A1c"));
        QCOMPARE(m_view->testsView()->currentIndex().data(LabTestsModel::TestKeyRole).toString(),
                 a1c);
    }

private:
    QString keyOf(const QString &loinc) const
    {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->latestResult(row).observation.loincCode() == loinc)
                return m_model->testKey(row);
        }
        return QString();
    }

    QStringList visibleKeys() const
    {
        QStringList keys;
        for (int row = 0; row < m_view->proxy()->rowCount(); ++row)
            keys << m_view->proxy()->index(row, 0).data(LabTestsModel::TestKeyRole).toString();
        return keys;
    }

    std::unique_ptr<LabTestsModel> m_model;
    std::unique_ptr<LabsView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QLineEdit *m_search = nullptr;
    QLabel *m_title = nullptr;
};

QTEST_MAIN(TestLabsFilterDetail)
#include "tst_labsfilterdetail.moc"
