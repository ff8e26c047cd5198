#include "charts/trendchart.h"
#include "conditions/conditionsview.h"
#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/conditionsmodel.h"
#include "models/labtestsmodel.h"
#include "record/patientrecord.h"
#include "record/recordview.h"
#include "record/summaryview.h"
#include "support/fixedtoken.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QTableView>
#include <QTest>
#include <memory>

using namespace kete;
using namespace kete::ui;

// Issue 15: Lab results with the keyboard alone, in the record as the window shows it (the
// section list on the left): Tab goes from the search and its toolbar to the tests, then into
// the chosen test's chart and history, never into the section list on the way; the arrows move
// through the tests, Enter opens the chart and Esc closes it again.
class TestLabsKeyboard : public QObject
{
    Q_OBJECT

    std::unique_ptr<record::PatientRecord> m_record;
    std::unique_ptr<RecordView> m_view;
    LabsView *m_labs = nullptr;
    QTableView *m_table = nullptr;
    QWidget *m_sections = nullptr;
    QLineEdit *m_search = nullptr;

    static QWidget *focused() { return QApplication::focusWidget(); }

    static QString describe(const QWidget *widget)
    {
        return widget ? QStringLiteral("%1 (%2)").arg(
                            widget->objectName(),
                            QString::fromLatin1(widget->metaObject()->className()))
                      : QStringLiteral("nothing");
    }

    // Presses Tab (or Shift+Tab) on whatever has focus and says where focus went.
    static QWidget *tab(bool backwards = false)
    {
        QWidget *from = focused();
        if (!from)
            return nullptr;
        QTest::keyClick(from, Qt::Key_Tab, backwards ? Qt::ShiftModifier : Qt::NoModifier);
        return focused();
    }

    bool inSidebar(const QWidget *widget) const
    {
        return widget && (widget == m_sections || m_sections->isAncestorOf(widget));
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void init()
    {
        // Never loaded: the fixtures go straight into the record's models.
        m_record = std::make_unique<record::PatientRecord>(
            std::make_shared<test::FixedToken>(), QUrl(QStringLiteral("http://127.0.0.1:9/fhir")),
            QStringLiteral("amy"));
        m_view = std::make_unique<RecordView>(m_record.get());
        models::LabTestsModel *tests = m_record->labTests();
        tests->setPatient(fixtures::patient());
        tests->addObservations(fixtures::labs());
        tests->addObservations(fixtures::glanceLabs());
        tests->addReports(fixtures::reports());
        m_view->showSection(RecordView::LabsSection);
        m_view->resize(1024, 700);
        m_view->show();
        m_view->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
        m_labs = m_view->labs();
        m_table = qobject_cast<QTableView *>(m_labs->testsView());
        m_sections = m_view->findChild<QListWidget *>(QStringLiteral("recordSections"));
        m_search = m_labs->findChild<QLineEdit *>(QStringLiteral("labSearch"));
        QVERIFY(m_table && m_sections && m_search);
    }

    void cleanup()
    {
        m_view.reset();
        m_record.reset();
    }

    void tabGoesFromTheSearchToTheTestsNotTheSidebar()
    {
        m_labs->focusSearch();
        QCOMPARE(focused(), m_search);
        // Through the toolbar (group, out of range only, export, print) to the table.
        QWidget *now = m_search;
        for (int step = 0; step < 10 && now != m_table; ++step) {
            now = tab();
            QVERIFY2(!inSidebar(now), qPrintable(describe(now)));
            QVERIFY2(m_labs->isAncestorOf(now), qPrintable(describe(now)));
        }
        QCOMPARE(focused(), m_table);
        // The row that has the keyboard shows it in full: selected, not only framed.
        QVERIFY(m_table->currentIndex().isValid());
        QVERIFY(m_table->selectionModel()->isRowSelected(m_table->currentIndex().row(), {}));

        // Shift+Tab goes back the same way to the search.
        for (int step = 0; step < 10 && now != m_search; ++step) {
            now = tab(true);
            QVERIFY2(!inSidebar(now), qPrintable(describe(now)));
            QVERIFY2(m_labs->isAncestorOf(now), qPrintable(describe(now)));
        }
        QCOMPARE(focused(), m_search);
    }

    void arrowsEnterTabAndEsc()
    {
        m_labs->focusSearch();
        QTest::keyClick(m_search, Qt::Key_Down); // from the search into the tests
        QCOMPARE(focused(), m_table);
        QCOMPARE(m_table->currentIndex().row(), 0);
        QTest::keyClick(focused(), Qt::Key_Down);
        QTest::keyClick(focused(), Qt::Key_Down);
        QCOMPARE(m_table->currentIndex().row(), 2);
        QTest::keyClick(focused(), Qt::Key_Up);
        QCOMPARE(m_table->currentIndex().row(), 1);
        const QString chosen =
            m_table->currentIndex().data(models::LabTestsModel::TestKeyRole).toString();
        QVERIFY(!m_labs->isDetailOpen());

        // Enter opens that test's chart, and the chart has the focus.
        QTest::keyClick(focused(), Qt::Key_Return);
        QVERIFY(m_labs->isDetailOpen());
        QCOMPARE(m_labs->selectedTestKey(), chosen);
        QVERIFY(m_labs->chart()->isVisible());
        QCOMPARE(focused(), m_labs->chart());
        // What a screen reader says for the chart: its name and what it shows.
        QVERIFY(!m_labs->chart()->accessibleName().isEmpty());
        QVERIFY(!m_labs->chart()->accessibleDescription().isEmpty());

        // From the table, Tab reaches the detail: the time range, the chart, the history, then
        // its buttons; never the section list.
        m_table->setFocus(Qt::TabFocusReason);
        QCOMPARE(focused(), m_table);
        auto *detail = m_labs->findChild<QWidget *>(QStringLiteral("labDetail"));
        QVERIFY(detail);
        QList<QWidget *> reached;
        for (int step = 0; step < 8; ++step) {
            QWidget *now = tab();
            QVERIFY2(!inSidebar(now), qPrintable(describe(now)));
            QVERIFY2(detail->isAncestorOf(now), qPrintable(describe(now)));
            if (reached.contains(now))
                break;
            reached << now;
            if (now->objectName() == QLatin1String("labDetailClose"))
                break;
        }
        const auto indexOf = [&reached](const QString &name) {
            for (qsizetype i = 0; i < reached.size(); ++i)
                if (reached.at(i)->objectName().startsWith(name))
                    return int(i);
            return -1;
        };
        const int range = indexOf(QStringLiteral("trendRange")); // the chosen one
        const int chart = indexOf(QStringLiteral("labChart"));
        const int history = indexOf(QStringLiteral("labHistory"));
        const int close = indexOf(QStringLiteral("labDetailClose"));
        QVERIFY2(range >= 0 && chart > range && history > chart && close > history,
                 qPrintable(
                     QStringLiteral("%1 %2 %3 %4").arg(range).arg(chart).arg(history).arg(close)));

        // Shift+Tab from the first of the detail goes back to the table.
        reached.first()->setFocus(Qt::TabFocusReason);
        QCOMPARE(tab(true), m_table);

        // Esc in the chart closes the detail; the focus goes back to the chosen test.
        m_labs->chart()->setFocus(Qt::TabFocusReason);
        QTest::keyClick(focused(), Qt::Key_Escape);
        QVERIFY(!m_labs->isDetailOpen());
        QCOMPARE(focused(), m_table);
        QCOMPARE(m_table->currentIndex().data(models::LabTestsModel::TestKeyRole).toString(),
                 chosen);
    }

    // The other sections read the same way: the toolbar before the table in Conditions, the
    // lists from top to bottom in the Summary; Tab never jumps back into the section list.
    void conditionsAndSummaryInReadingOrder_data()
    {
        QTest::addColumn<int>("section");
        QTest::addColumn<QStringList>("order");
        QTest::newRow("conditions")
            << int(RecordView::ConditionsSection)
            << QStringList{QStringLiteral("conditionsStatus"), QStringLiteral("conditionsCategory"),
                           QStringLiteral("conditionsExport"), QStringLiteral("conditionsTable")};
        QTest::newRow("summary") << int(RecordView::SummarySection)
                                 << QStringList{QStringLiteral("summaryAbnormal"),
                                                QStringLiteral("summaryConditions")};
        // (the Summary's scroll area is no stop: nothing would show that it has the focus)
    }
    void conditionsAndSummaryInReadingOrder()
    {
        QFETCH(int, section);
        QFETCH(QStringList, order);
        m_record->conditions()->setPatient(fixtures::patient());
        m_record->conditions()->addConditions(fixtures::conditions());
        m_view->showSection(RecordView::Section(section));
        QCoreApplication::processEvents(); // the Summary refreshes from the event loop
        QWidget *page = section == RecordView::ConditionsSection
                            ? static_cast<QWidget *>(m_view->conditions())
                            : static_cast<QWidget *>(m_view->summary());
        m_sections->setFocus(Qt::TabFocusReason);
        QStringList reached;
        for (int step = 0; step < 12 && reached.size() < order.size(); ++step) {
            QWidget *now = tab();
            QVERIFY2(now && page->isAncestorOf(now), qPrintable(describe(now)));
            QVERIFY2(!now->inherits("QScrollArea"), qPrintable(describe(now)));
            if (order.contains(now->objectName()) && !reached.contains(now->objectName()))
                reached << now->objectName();
        }
        QCOMPARE(reached, order);
    }
};

QTEST_MAIN(TestLabsKeyboard)
#include "tst_labskeyboard.moc"
