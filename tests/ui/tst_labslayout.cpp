#include "labfixtures.h"
#include "labs/labcolumns.h"
#include "labs/labsview.h"
#include "models/labtestsmodel.h"
#include "support/darkpalette.h"
#include "support/screenshot.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QListWidget>
#include <QScrollBar>
#include <QTableView>
#include <QTest>

using namespace kete;
using namespace kete::models;
using namespace kete::ui;

namespace {

using kete::test::darkPalette;

} // namespace

// The lab list in the space a patient's window gives it: beside the record's section list, at
// 1024×700 and 1440×900. The test's name is never crushed, the latest value, flag and date are
// never pushed off-screen, and long text ranges are cut with the whole text in a tooltip.
class TestLabsLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void init()
    {
        m_model = std::make_unique<LabTestsModel>();
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_model->setPatient(fixtures::patient());
        m_model->addObservations(fixtures::labs());
        m_model->addObservations(fixtures::glanceLabs());
        m_model->addReports(fixtures::reports());

        // As the record shows it: the section list (at most 180 px) beside the lab view.
        m_window = std::make_unique<QWidget>();
        auto *layout = new QHBoxLayout(m_window.get());
        auto *sections = new QListWidget(m_window.get());
        sections->addItems({QStringLiteral("Summary"), QStringLiteral("Lab results"),
                            QStringLiteral("Conditions")});
        sections->setMaximumWidth(180);
        layout->addWidget(sections);
        m_view = new LabsView(m_model.get(), m_window.get());
        layout->addWidget(m_view, 1);
        m_table = qobject_cast<QTableView *>(m_view->testsView());
        QVERIFY(m_table);
    }

    void cleanup()
    {
        m_window.reset();
        m_tester.reset();
        m_model.reset();
    }

    void columnsFit_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("grouped");
        QTest::newRow("1024x700 grouped") << QSize(1024, 700) << true;
        QTest::newRow("1024x700 ungrouped") << QSize(1024, 700) << false;
        QTest::newRow("1440x900 grouped") << QSize(1440, 900) << true;
    }

    void columnsFit()
    {
        QFETCH(QSize, size);
        QFETCH(bool, grouped);
        if (!grouped)
            m_view->findChild<QCheckBox *>(QStringLiteral("labGroupByPanel"))->click();
        QCOMPARE(m_view->proxy()->groupByPanel(), grouped);
        // A test Kete has no plain name for keeps the server's LOINC long name.
        m_model->addObservations({fixtures::lab(
            {QStringLiteral("long1"), QStringLiteral("99999-9"),
             QStringLiteral("Cobalamin binding capacity [Mass/volume] in Serum or Plasma by "
                            "Immunoassay with chemiluminescent detection"),
             410, QStringLiteral("pg/mL"), QStringLiteral("2024-03-02")})});
        showAt(size);

        const QRect viewport = m_table->viewport()->rect();
        const int character = m_table->fontMetrics().averageCharWidth();
        // Every row: the name, latest value, flag and date lie wholly inside the viewport.
        for (int row = 0; row < m_view->proxy()->rowCount(); ++row) {
            for (const int column :
                 {int(LabTestsModel::NameColumn), int(LabTestsModel::ValueColumn),
                  int(LabTestsModel::FlagColumn), int(LabTestsModel::DateColumn)}) {
                const QModelIndex index = m_view->proxy()->index(row, column);
                const QRect cell = m_table->visualRect(index);
                QVERIFY2(!cell.isEmpty() && cell.left() >= 0 && cell.right() <= viewport.right(),
                         qPrintable(QStringLiteral("row %1 column %2 at %3..%4 of %5")
                                        .arg(row)
                                        .arg(column)
                                        .arg(cell.left())
                                        .arg(cell.right())
                                        .arg(viewport.width())));
                if (column == LabTestsModel::NameColumn)
                    continue;
                // Their texts are never cut.
                const int needed = m_view->testsView()->sizeHintForColumn(column);
                QVERIFY2(m_table->columnWidth(column) >= needed,
                         qPrintable(QStringLiteral("column %1: %2 < %3")
                                        .arg(column)
                                        .arg(m_table->columnWidth(column))
                                        .arg(needed)));
            }
        }
        // The name has room for a plain name of some length ("Inflammation marker (CRP)").
        const int nameWidth = m_table->columnWidth(LabTestsModel::NameColumn);
        QVERIFY2(nameWidth >= 22 * character,
                 qPrintable(QStringLiteral("%1 < %2").arg(nameWidth).arg(22 * character)));
        // Nothing to scroll sideways for.
        QVERIFY(!m_table->horizontalScrollBar()->isVisible());
        // At full size the panel's heading is not cut ("Basic…") for a long test name.
        if (grouped && size.width() >= 1440) {
            const int panelWidth = m_table->columnWidth(LabTestsModel::PanelColumn);
            const int panelNeeds = std::min(
                m_view->testsView()->sizeHintForColumn(LabTestsModel::PanelColumn), 26 * character);
            QVERIFY2(panelWidth >= panelNeeds,
                     qPrintable(QStringLiteral("panel %1 < %2").arg(panelWidth).arg(panelNeeds)));
        }

        // A long text range is cut, with the whole of it in the tooltip.
        const QModelIndex vitaminD = rangeCellOf(QStringLiteral("1989-3"));
        QVERIFY(vitaminD.isValid());
        QCOMPARE(vitaminD.data(Qt::ToolTipRole).toString(), fixtures::longVitaminDRange());
        QVERIFY(m_table->columnWidth(LabTestsModel::RangeColumn) <
                m_view->testsView()->sizeHintForColumn(LabTestsModel::RangeColumn));
        QVERIFY(m_table->visualRect(vitaminD).right() <= viewport.right());
    }

    // The rule behind the widths: preferred widths when they fit; otherwise the columns that give
    // way first shrink first, in proportion, and never below their minimum.
    void fitWidthsGivesWayInTurn()
    {
        const QList<ColumnNeed> needs{
            {300, 150, 2}, // the name
            {100, 100, 3}, // the value: never shrinks
            {400, 160, 1}, // a long text range
            {150, 60, 0},  // the panel
        };
        QCOMPARE(fitWidths(needs, 1000), (QList<int>{300, 100, 400, 150}));
        // The panel gives first; then the range; the name last.
        QCOMPARE(fitWidths(needs, 900), (QList<int>{300, 100, 400, 100}));
        QCOMPARE(fitWidths(needs, 660), (QList<int>{300, 100, 200, 60}));
        QCOMPARE(fitWidths(needs, 400), (QList<int>{150, 100, 160, 60}));
        // Two columns in the same turn give in proportion to what they can give.
        QCOMPARE(fitWidths({{200, 100, 0}, {400, 100, 0}}, 450), (QList<int>{162, 288}));
    }

    void screenshots_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("dark");
        QTest::addColumn<bool>("detail");
        for (const QSize size : {QSize(1024, 700), QSize(1440, 900)}) {
            for (const bool dark : {false, true}) {
                for (const bool detail : {false, true})
                    QTest::addRow("%dx%d%s%s", size.width(), size.height(), detail ? "-detail" : "",
                                  dark ? "-dark" : "")
                        << size << dark << detail;
            }
        }
    }

    void screenshots()
    {
        QFETCH(QSize, size);
        QFETCH(bool, dark);
        QFETCH(bool, detail);
        if (dark)
            m_window->setPalette(darkPalette());
        showAt(size);
        if (detail) {
            m_view->selectTest(rangeCellOf(QStringLiteral("18262-6")) // LDL
                                   .data(LabTestsModel::TestKeyRole)
                                   .toString());
            QVERIFY(m_view->isDetailOpen());
        } else {
            QVERIFY(!m_view->isDetailOpen());
        }
        QCoreApplication::processEvents();
        // Still nothing off-screen with the detail open.
        const QModelIndex date = m_view->proxy()->index(0, LabTestsModel::DateColumn);
        QVERIFY(m_table->visualRect(date).right() <= m_table->viewport()->rect().right());
        kete::test::saveScreenshot(*m_window,
                                   QStringLiteral("labslist-%1x%2%3%4.png")
                                       .arg(size.width())
                                       .arg(size.height())
                                       .arg(detail ? QStringLiteral("-detail") : QString())
                                       .arg(dark ? QStringLiteral("-dark") : QString()));
    }

private:
    void showAt(const QSize &size)
    {
        m_window->resize(size);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QCOMPARE(m_window->size(), size);
    }

    QModelIndex rangeCellOf(const QString &loinc) const
    {
        for (int row = 0; row < m_view->proxy()->rowCount(); ++row) {
            const QModelIndex index = m_view->proxy()->index(row, LabTestsModel::RangeColumn);
            const int source =
                m_model->rowForTestKey(index.data(LabTestsModel::TestKeyRole).toString());
            if (m_model->latestResult(source).observation.loincCode() == loinc)
                return index;
        }
        return {};
    }

    std::unique_ptr<LabTestsModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<QWidget> m_window;
    LabsView *m_view = nullptr;
    QTableView *m_table = nullptr;
};

QTEST_MAIN(TestLabsLayout)
#include "tst_labslayout.moc"
