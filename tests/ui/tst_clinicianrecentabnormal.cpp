#include "labfixtures.h"
#include "labs/labsview.h"
#include "models/labtestsmodel.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QHeaderView>
#include <QSet>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace kete;
using namespace kete::models;
using namespace kete::ui;

// Issue 16: "abnormal in the last N months" beside "out of range only" in the lab list, and the
// compact rows of a clinician's desk.
class TestClinicianRecentAbnormal : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<LabTestsModel> m_model;
    std::unique_ptr<LabsView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    // The tests the list shows, by LOINC code.
    QSet<QString> shownCodes() const
    {
        QSet<QString> codes;
        const QAbstractItemModel *proxy = m_view->proxy();
        for (int row = 0; row < proxy->rowCount(); ++row) {
            const QString key = proxy->index(row, 0).data(LabTestsModel::TestKeyRole).toString();
            const QList<fhir::Observation> results = m_model->observations(key);
            codes.insert(results.isEmpty() ? key : results.constFirst().loincCode());
        }
        return codes;
    }

    static QDateTime at(int year, int month, int day)
    {
        return QDateTime(QDate(year, month, day), QTime(12, 0));
    }

private Q_SLOTS:
    void init()
    {
        m_model = std::make_unique<LabTestsModel>();
        m_view = std::make_unique<LabsView>(m_model.get());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_view->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_model->setPatient(fixtures::patient());
        m_model->addObservations(fixtures::labs());
        // Potassium was high in mid-2024 and is normal since: abnormal lately, not now.
        m_model->addObservations({fixtures::lab(
            {QStringLiteral("k0"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 5.9,
             QStringLiteral("mmol/L"), QStringLiteral("2024-07-01"), 3.5, 5.1})});
        m_model->addReports(fixtures::reports());
    }

    void cleanup()
    {
        m_tester.reset();
        m_view.reset();
        m_model.reset();
    }

    void theNewestOutOfRangeResultOfEachTest()
    {
        const int potassium = m_model->rowForTestKey(LabTestsModel::testKeyFor(fixtures::lab(
            {QStringLiteral("x"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 4,
             QStringLiteral("mmol/L"), QStringLiteral("2025-01-01")})));
        QVERIFY(potassium >= 0);
        const QModelIndex index = m_model->index(potassium, 0);
        QVERIFY(!index.data(LabTestsModel::OutOfRangeRole).toBool()); // the latest is normal
        QCOMPARE(index.data(LabTestsModel::LastOutOfRangeRole).toDateTime().date(),
                 QDate(2024, 7, 1));
        // A result that arrives later counts at once.
        m_model->addObservations({fixtures::lab(
            {QStringLiteral("k9"), QStringLiteral("2823-3"), QStringLiteral("Potassium"), 3.0,
             QStringLiteral("mmol/L"), QStringLiteral("2024-12-01"), 3.5, 5.1})});
        QCOMPARE(m_model->index(potassium, 0)
                     .data(LabTestsModel::LastOutOfRangeRole)
                     .toDateTime()
                     .date(),
                 QDate(2024, 12, 1));
    }

    void abnormalInTheLastMonthsBesideOutOfRangeOnly()
    {
        auto *recent = m_view->findChild<QCheckBox *>(QStringLiteral("labRecentAbnormal"));
        auto *months = m_view->findChild<QSpinBox *>(QStringLiteral("labRecentAbnormalMonths"));
        auto *outOfRange = m_view->findChild<QCheckBox *>(QStringLiteral("labOutOfRangeOnly"));
        QVERIFY(recent && months && outOfRange);
        QVERIFY(!recent->accessibleName().isEmpty());
        const QSet<QString> all = shownCodes();

        // From 30 June 2025, the last 12 months: glucose and haemoglobin (high and low now) and
        // HbA1c, and potassium, high in July 2024 though normal since.
        m_view->setRecentAbnormalMonths(12, at(2025, 6, 30));
        QVERIFY(recent->isChecked());
        QCOMPARE(months->value(), 12);
        const QSet<QString> lastYear{QStringLiteral("2345-7"), QStringLiteral("718-7"),
                                     QStringLiteral("4548-4"), QStringLiteral("2823-3")};
        QCOMPARE(shownCodes() - QSet<QString>{QStringLiteral("85354-9")}, lastYear);
        // Out of range only as well: the latest must be out of range too.
        outOfRange->setChecked(true);
        QVERIFY(!shownCodes().contains(QStringLiteral("2823-3")));
        outOfRange->setChecked(false);
        // Six months: potassium's July 2024 is too long ago.
        m_view->setRecentAbnormalMonths(6, at(2025, 6, 30));
        QVERIFY(!shownCodes().contains(QStringLiteral("2823-3")));
        QVERIFY(shownCodes().contains(QStringLiteral("2345-7")));
        // Off: everything again.
        recent->setChecked(false);
        QCOMPARE(shownCodes(), all);
    }

    void compactRowsShowMoreTests()
    {
        m_view->resize(1100, 600);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        auto *table = qobject_cast<QTableView *>(m_view->testsView());
        const int normal = table->verticalHeader()->defaultSectionSize();
        m_view->setCompact(true);
        QVERIFY(m_view->isCompact());
        const int compact = table->verticalHeader()->defaultSectionSize();
        QVERIFY2(compact < normal, qPrintable(QStringLiteral("%1 %2").arg(compact).arg(normal)));
        QVERIFY(compact >= table->fontMetrics().height());
        m_view->setCompact(false);
        QCOMPARE(table->verticalHeader()->defaultSectionSize(), normal);
    }
};

QTEST_MAIN(TestClinicianRecentAbnormal)
#include "tst_clinicianrecentabnormal.moc"
