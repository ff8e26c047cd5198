#include "charts/trendchart.h"
#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/labhistorymodel.h"
#include "models/labtestsmodel.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QTest>

using namespace kete;
using namespace kete::models;
using namespace kete::ui;

// The detail pane (chart and history) under the lab list: hidden, the list taking the whole
// height, until a test is chosen with a click or Enter; arrow keys only move through the tests;
// the Close button and Esc close it again. And what a screen reader hears for a row.
class TestLabsDetailPane : public QObject
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
        m_model->setPatient(fixtures::patient());
        m_model->addObservations(fixtures::labs());
        m_model->addObservations(fixtures::glanceLabs());
        m_model->addReports(fixtures::reports());
        m_view->resize(1024, 700);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
        m_table = qobject_cast<QTableView *>(m_view->testsView());
        m_detail = m_view->findChild<QWidget *>(QStringLiteral("labDetail"));
        m_splitter = m_view->findChild<QSplitter *>(QStringLiteral("labSplitter"));
        QVERIFY(m_table && m_detail && m_splitter);
    }

    void cleanup()
    {
        m_tester.reset();
        m_view.reset();
        m_model.reset();
    }

    void hiddenUntilATestIsChosen()
    {
        QVERIFY(!m_view->isDetailOpen());
        QVERIFY(!m_detail->isVisible());
        QVERIFY(!m_view->chart()->isVisible());
        // The list has the splitter's whole height.
        QCOMPARE(m_table->parentWidget()->height(), m_splitter->height());

        // Arrow keys move through the tests without opening anything.
        m_table->setFocus(); // the first test becomes the current one
        QCOMPARE(m_table->currentIndex().row(), 0);
        QTest::keyClick(m_table, Qt::Key_Down);
        QCOMPARE(m_table->currentIndex().row(), 1);
        QVERIFY(!m_view->isDetailOpen());
        QCOMPARE(m_table->parentWidget()->height(), m_splitter->height());

        // Enter opens the chart of the current test and moves the focus to it.
        const QString second = m_table->currentIndex().data(LabTestsModel::TestKeyRole).toString();
        QTest::keyClick(m_table, Qt::Key_Return);
        QVERIFY(m_view->isDetailOpen());
        QVERIFY(m_detail->isVisible());
        QVERIFY(m_view->chart()->hasFocus());
        QCOMPARE(m_view->selectedTestKey(), second);
        QVERIFY(m_view->historyModel()->rowCount() > 0);
        QVERIFY(m_table->parentWidget()->height() < m_splitter->height() * 3 / 4);
        QVERIFY(m_table->parentWidget()->height() > m_splitter->height() / 4);

        // Esc closes it; the focus goes back to the list, on the same test.
        QTest::keyClick(m_view->chart(), Qt::Key_Escape);
        QVERIFY(!m_view->isDetailOpen());
        QVERIFY(!m_detail->isVisible());
        QVERIFY(m_table->hasFocus());
        QCOMPARE(m_table->currentIndex().data(LabTestsModel::TestKeyRole).toString(), second);
        QCOMPARE(m_table->parentWidget()->height(), m_splitter->height());
    }

    void aClickOpensAndCloseCloses()
    {
        const QModelIndex third = m_view->proxy()->index(2, LabTestsModel::NameColumn);
        QTest::mouseClick(m_table->viewport(), Qt::LeftButton, {},
                          m_table->visualRect(third).center());
        QVERIFY(m_view->isDetailOpen());
        QCOMPARE(m_view->selectedTestKey(), third.data(LabTestsModel::TestKeyRole).toString());
        const QString title = m_view->findChild<QLabel *>(QStringLiteral("labDetailTitle"))->text();
        QCOMPARE(title, third.data().toString());

        // With the detail open, arrow keys take it along.
        m_table->setFocus();
        QTest::keyClick(m_table, Qt::Key_Down);
        QCOMPARE(m_view->findChild<QLabel *>(QStringLiteral("labDetailTitle"))->text(),
                 m_view->proxy()->index(3, LabTestsModel::NameColumn).data().toString());

        auto *close = m_view->findChild<QPushButton *>(QStringLiteral("labDetailClose"));
        QVERIFY(close && close->isVisible());
        QVERIFY(!close->accessibleName().isEmpty());
        close->click();
        QVERIFY(!m_view->isDetailOpen());
        // Esc with nothing open does nothing (and the list keeps its test).
        QTest::keyClick(m_table, Qt::Key_Escape);
        QVERIFY(!m_view->isDetailOpen());
        QCOMPARE(m_table->currentIndex().row(), 3);
    }

    void chosenByNameOpensAndNothingLeftCloses()
    {
        // From the summary: a test chosen by name opens its detail.
        const QString first =
            m_view->proxy()->index(0, 0).data(LabTestsModel::TestKeyRole).toString();
        m_view->selectTest(first);
        QVERIFY(m_view->isDetailOpen());
        // A search that leaves no test closes it; the list says why it is empty.
        auto *search = m_view->findChild<QLineEdit *>(QStringLiteral("labSearch"));
        QTest::keyClicks(search, QStringLiteral("zinc"));
        QVERIFY(!m_view->isDetailOpen());
        search->clear();
        QVERIFY(!m_view->isDetailOpen());
        m_view->selectTest(first);
        QVERIFY(m_view->isDetailOpen());
        // The last test, chosen by name, stays in sight above the detail that opens under it.
        const QModelIndex last = m_view->proxy()->index(m_view->proxy()->rowCount() - 1, 0);
        m_view->closeDetail();
        m_view->selectTest(last.data(LabTestsModel::TestKeyRole).toString());
        QTRY_VERIFY(m_table->viewport()->rect().contains(m_table->visualRect(last)));
        m_model->clear();
        QVERIFY(!m_view->isDetailOpen());
    }

    // Chosen from the summary while the lab page is not on screen: the split waits for the page.
    void chosenBeforeShownSplitsOnceShown()
    {
        LabsView view(m_model.get());
        view.resize(1024, 700);
        view.selectTest(m_view->proxy()->index(0, 0).data(LabTestsModel::TestKeyRole).toString());
        QVERIFY(view.isDetailOpen());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *splitter = view.findChild<QSplitter *>(QStringLiteral("labSplitter"));
        const int list = view.testsView()->parentWidget()->height();
        QVERIFY2(list > splitter->height() / 4 && list < splitter->height() * 3 / 4,
                 qPrintable(QStringLiteral("%1 of %2").arg(list).arg(splitter->height())));
    }

    // A screen reader on a row hears the test, the value, the flag and the range; on the range
    // bar, where the value falls; on the sparkline, the recent values.
    // The history beside the chart shows only the columns its results fill: final results
    // without a performer or note leave Date, Result and Flag the room.
    void emptyHistoryColumnsTakeNoRoom()
    {
        const auto keyOf = [&](const QString &loinc) {
            for (int row = 0; row < m_model->rowCount(); ++row) {
                const QString key = m_model->testKey(row);
                if (key.contains(loinc))
                    return key;
            }
            return QString();
        };
        auto *history = qobject_cast<QTableView *>(m_view->historyView());
        QVERIFY(history);
        const auto shown = [&](int column) { return !history->isColumnHidden(column); };

        m_view->selectTest(keyOf(QStringLiteral("718-7"))); // final, nobody named, no note
        QVERIFY(m_view->isDetailOpen());
        QVERIFY(shown(LabHistoryModel::DateColumn) && shown(LabHistoryModel::ValueColumn) &&
                shown(LabHistoryModel::FlagColumn));
        QVERIFY(!shown(LabHistoryModel::StatusColumn));
        QVERIFY(!shown(LabHistoryModel::PerformerColumn));
        QVERIFY(!shown(LabHistoryModel::NoteColumn));

        m_view->selectTest(keyOf(QStringLiteral("2345-7"))); // one with a performer and note
        QVERIFY(!shown(LabHistoryModel::StatusColumn));
        QVERIFY(shown(LabHistoryModel::PerformerColumn));
        QVERIFY(shown(LabHistoryModel::NoteColumn));

        m_view->selectTest(keyOf(QStringLiteral("4548-4"))); // preliminary
        QVERIFY(shown(LabHistoryModel::StatusColumn));
        QVERIFY(shown(LabHistoryModel::PerformerColumn));
    }

    void whatAScreenReaderHears()
    {
        int ldlRow = -1;
        for (int row = 0; row < m_view->proxy()->rowCount(); ++row)
            if (m_view->proxy()->index(row, 0).data().toString() ==
                QLatin1String("LDL cholesterol"))
                ldlRow = row;
        QVERIFY(ldlRow >= 0);
        QAccessibleInterface *table = QAccessible::queryAccessibleInterface(m_table);
        QVERIFY(table && table->tableInterface());
        const auto cellText = [&](int column, QAccessible::Text text) {
            QAccessibleInterface *cell = table->tableInterface()->cellAt(ldlRow, column);
            return cell ? cell->text(text) : QString();
        };
        QCOMPARE(cellText(LabTestsModel::NameColumn, QAccessible::Name),
                 QStringLiteral("LDL cholesterol, 162 mg/dL, High (computed by Kete), normal "
                                "range up to 129 mg/dL, 14/08/2025"));
        QCOMPARE(cellText(LabTestsModel::RangeColumn, QAccessible::Description),
                 QStringLiteral("162 mg/dL, above the normal range (up to 129 mg/dL)"));
        QVERIFY(cellText(LabTestsModel::FlagColumn, QAccessible::Description)
                    .startsWith(QStringLiteral("Computed by Kete")));
        QVERIFY(cellText(LabTestsModel::CountColumn, QAccessible::Description)
                    .startsWith(QStringLiteral("Last 7 results, oldest first: 140")));
    }

private:
    std::unique_ptr<LabTestsModel> m_model;
    std::unique_ptr<LabsView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QTableView *m_table = nullptr;
    QWidget *m_detail = nullptr;
    QSplitter *m_splitter = nullptr;
};

QTEST_MAIN(TestLabsDetailPane)
#include "tst_labsdetailpane.moc"
