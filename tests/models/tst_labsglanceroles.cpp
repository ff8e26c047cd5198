#include "models/labhistorymodel.h"
#include "models/labtestsmodel.h"
#include "ui/labfixtures.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace kete;
using namespace kete::models;

// What a lab row gives its range bar, sparkline and screen reader, computed by the model: the
// latest value placed in its normal range (RangeRole), the recent values (RecentValuesRole), the
// row as a sentence and where the value falls in words; critical results in bold words.
class TestLabsGlanceRoles : public QObject
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
        m_model->addObservations(fixtures::glanceLabs());
        m_model->addObservations(fixtures::labs());
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void aValueAboveAnUpperBoundOnly()
    {
        const QModelIndex ldl = row(QStringLiteral("18262-6"));
        const auto placement = placementOf(ldl);
        QVERIFY(placement);
        QVERIFY(!placement->low);
        QCOMPARE(placement->high, 129.0);
        QCOMPARE(placement->value, 162.0);
        QCOMPARE(placement->flag, fhir::Flag::High);
        QVERIFY(!placement->isCensored());
        // Seven results, oldest first.
        QCOMPARE(ldl.data(LabTestsModel::RecentValuesRole).value<QList<double>>(),
                 (QList<double>{140, 151, 133, 126, 144, 155, 162}));

        const QString name = ldl.siblingAtColumn(LabTestsModel::NameColumn).data().toString();
        QCOMPARE(name, QStringLiteral("LDL cholesterol"));
        QCOMPARE(ldl.data(Qt::AccessibleTextRole).toString(),
                 QStringLiteral("LDL cholesterol, 162 mg/dL, High (computed by Kete), "
                                "normal range up to 129 mg/dL, 14/08/2025"));
        QCOMPARE(ldl.siblingAtColumn(LabTestsModel::RangeColumn)
                     .data(Qt::AccessibleDescriptionRole)
                     .toString(),
                 QStringLiteral("162 mg/dL, above the normal range (up to 129 mg/dL)"));
        QCOMPARE(ldl.siblingAtColumn(LabTestsModel::CountColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Last 7 results, oldest first: 140, 151, 133, 126, 144, 155, "
                                "162 mg/dL"));
        QCOMPARE(ldl.siblingAtColumn(LabTestsModel::CountColumn)
                     .data(Qt::AccessibleDescriptionRole)
                     .toString(),
                 ldl.siblingAtColumn(LabTestsModel::CountColumn).data(Qt::ToolTipRole).toString());
    }

    void aValueAboveALowerBoundOnly()
    {
        const QModelIndex hdl = row(QStringLiteral("2085-9"));
        const auto placement = placementOf(hdl);
        QVERIFY(placement);
        QCOMPARE(placement->low, 40.0);
        QVERIFY(!placement->high);
        QCOMPARE(placement->value, 48.0);
        QCOMPARE(placement->flag, fhir::Flag::Normal);
        QVERIFY(hdl.data(Qt::AccessibleTextRole)
                    .toString()
                    .contains(QStringLiteral(", normal range at least 40 mg/dL, ")));
        QCOMPARE(hdl.siblingAtColumn(LabTestsModel::RangeColumn)
                     .data(Qt::AccessibleDescriptionRole)
                     .toString(),
                 QStringLiteral("48 mg/dL, within the normal range (at least 40 mg/dL)"));
    }

    void criticalResultsStandOutInWordsAndBold()
    {
        for (const auto &[loinc, flag, word] :
             {std::tuple{QStringLiteral("2823-3"), fhir::Flag::CriticalHigh,
                         QStringLiteral("Critical high")},
              std::tuple{QStringLiteral("2951-2"), fhir::Flag::CriticalLow,
                         QStringLiteral("Critical low")}}) {
            const QModelIndex test = row(loinc);
            const QModelIndex flagCell = test.siblingAtColumn(LabTestsModel::FlagColumn);
            QCOMPARE(flagCell.data().toString(), word);
            QCOMPARE(fhir::Flag(test.data(LabTestsModel::FlagRole).toInt()), flag);
            QVERIFY(flagCell.data(Qt::FontRole).value<QFont>().bold());
            QVERIFY(flagCell.data(Qt::DecorationRole).value<QColor>().isValid());
            QCOMPARE(placementOf(test)->flag, flag);
            QVERIFY2(test.data(Qt::AccessibleTextRole).toString().contains(word),
                     qPrintable(test.data(Qt::AccessibleTextRole).toString()));
        }
        // An ordinary high is not bold: the difference is in the words and the icon.
        const QModelIndex ldlFlag =
            row(QStringLiteral("18262-6")).siblingAtColumn(LabTestsModel::FlagColumn);
        QVERIFY(!ldlFlag.data(Qt::FontRole).value<QFont>().bold());

        // The history says it as the list does.
        LabHistoryModel history;
        QAbstractItemModelTester tester(&history,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.setResults(
            m_model->observations(
                row(QStringLiteral("2823-3")).data(LabTestsModel::TestKeyRole).toString()),
            m_model->patient());
        QCOMPARE(history.rowCount(), 4); // newest first: 6.9 (HH), then 4.4, 4.6, 4.1
        const QModelIndex critical = history.index(0, LabHistoryModel::FlagColumn);
        QCOMPARE(critical.data().toString(), QStringLiteral("Critical high"));
        QVERIFY(critical.data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(critical.data(Qt::DecorationRole).value<QColor>(),
                 row(QStringLiteral("2823-3"))
                     .siblingAtColumn(LabTestsModel::FlagColumn)
                     .data(Qt::DecorationRole)
                     .value<QColor>());
        QVERIFY(!history.index(1, LabHistoryModel::FlagColumn).data(Qt::FontRole).isValid());
    }

    void noRangeNoPlacement()
    {
        const QModelIndex creatinine = row(QStringLiteral("2160-0"));
        QVERIFY(!creatinine.data(LabTestsModel::RangeRole).isValid());
        QVERIFY(!creatinine.data(LabTestsModel::HasRangeRole).toBool());
        // Still a value to show in the sparkline: values without a range are values.
        QCOMPARE(creatinine.data(LabTestsModel::RecentValuesRole).value<QList<double>>(),
                 (QList<double>{1.1}));
        QVERIFY(creatinine.data(Qt::AccessibleTextRole)
                    .toString()
                    .contains(QStringLiteral(", no range from the lab, ")));
        QCOMPARE(creatinine.siblingAtColumn(LabTestsModel::RangeColumn)
                     .data(Qt::AccessibleDescriptionRole)
                     .toString(),
                 QStringLiteral("no range from the lab"));
    }

    void rangeTextsArePlacedWhenPlainlyNumbers()
    {
        const auto tsh = placementOf(row(QStringLiteral("3016-3")));
        QVERIFY(tsh);
        QCOMPARE(tsh->low, 0.4);
        QCOMPARE(tsh->high, 4.0);
        // Several bands in words are shown as the lab wrote them, and never drawn.
        for (const auto &[loinc, text] :
             {std::pair{QStringLiteral("1989-3"), fixtures::longVitaminDRange()},
              std::pair{QStringLiteral("4548-4"), fixtures::longA1cRange()}}) {
            const QModelIndex test = row(loinc, QStringLiteral("2025-08-14"));
            QVERIFY(!test.data(LabTestsModel::RangeRole).isValid());
            QVERIFY(test.data(LabTestsModel::HasRangeRole).toBool());
            const QModelIndex range = test.siblingAtColumn(LabTestsModel::RangeColumn);
            QCOMPARE(range.data().toString(), text);
            QCOMPARE(range.data(Qt::ToolTipRole).toString(), text); // the column cuts it
            QVERIFY(range.data(Qt::AccessibleDescriptionRole).toString().endsWith(text));
        }
    }

    void censoredValuesAndPartsOfAReading()
    {
        const QModelIndex crp = row(QStringLiteral("1988-5"));
        QCOMPARE(crp.data(LabTestsModel::RecentValuesRole).value<QList<double>>(),
                 (QList<double>{0.5, 3.2}));
        QVERIFY(!placementOf(crp)->isCensored()); // the latest, 3.2, is measured
        m_model->addObservations({fixtures::lab(
            {QStringLiteral("c3"), QStringLiteral("1988-5"), QStringLiteral("C-reactive protein"),
             0.3, QStringLiteral("mg/L"), QStringLiteral("2025-09-01"), 0, 5,
             QStringLiteral("final"), QStringLiteral("<")})});
        QCOMPARE(placementOf(crp)->comparator, fhir::Comparator::Less);
        QVERIFY(placementOf(crp)->isCensored());

        // Blood pressure is a reading of parts: no single value to place or draw.
        const QModelIndex bp =
            m_model->index(m_model->rowForTestKey(QStringLiteral("blood-pressure")), 0);
        QVERIFY(!bp.data(LabTestsModel::RangeRole).isValid());
        QVERIFY(bp.data(LabTestsModel::RecentValuesRole).value<QList<double>>().isEmpty());
        QVERIFY(bp.data(Qt::AccessibleTextRole)
                    .toString()
                    .contains(QStringLiteral("normal range up to 130 mmHg / up to 85 mmHg")));
    }

    void unitsThatDisagreeAreNotPlaced()
    {
        const QString mmol = QStringLiteral("mmol/L");
        const QJsonObject o{
            {QStringLiteral("resourceType"), QStringLiteral("Observation")},
            {QStringLiteral("id"), QStringLiteral("u1")},
            {QStringLiteral("status"), QStringLiteral("final")},
            {QStringLiteral("code"),
             fixtures::concept_(QStringLiteral("http://loinc.org"), QStringLiteral("2345-7"),
                                QStringLiteral("Glucose"))},
            {QStringLiteral("effectiveDateTime"), QStringLiteral("2025-01-01")},
            {QStringLiteral("valueQuantity"), fixtures::quantity(99, QStringLiteral("mg/dL"))},
            {QStringLiteral("referenceRange"),
             QJsonArray{QJsonObject{{QStringLiteral("low"), fixtures::quantity(3.9, mmol)},
                                    {QStringLiteral("high"), fixtures::quantity(5.5, mmol)}}}}};
        m_model->addObservations({fhir::parseObservation(o).value()});
        const QModelIndex glucose = row(QStringLiteral("2345-7"), QStringLiteral("2025-01-01"));
        QVERIFY(glucose.isValid());
        QVERIFY(!glucose.data(LabTestsModel::RangeRole).isValid());
    }

    void recentValuesAreTheLastTwentyAndFollowNewResults()
    {
        QList<fhir::Observation> many;
        for (int i = 0; i < 25; ++i)
            many << fixtures::lab(
                {QStringLiteral("m%1").arg(i), QStringLiteral("2093-3"),
                 QStringLiteral("Cholesterol"), double(150 + i), QStringLiteral("mg/dL"),
                 QDate(2000, 1, 1).addMonths(i).toString(Qt::ISODate), std::nullopt, 200});
        std::reverse(many.begin(), many.end()); // arrival order is not time order
        m_model->addObservations(many);
        const QModelIndex cholesterol = row(QStringLiteral("2093-3"));
        QList<double> expected;
        for (int i = 5; i < 25; ++i)
            expected << 150 + i;
        QCOMPARE(cholesterol.data(LabTestsModel::RecentValuesRole).value<QList<double>>(),
                 expected);
        QCOMPARE(expected.size(), kRecentValueCount);

        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->addObservations({fixtures::lab(
            {QStringLiteral("m25"), QStringLiteral("2093-3"), QStringLiteral("Cholesterol"), 260,
             QStringLiteral("mg/dL"), QStringLiteral("2003-01-01"), std::nullopt, 200})});
        QCOMPARE(changed.count(), 1);
        expected.removeFirst();
        expected << 260;
        QCOMPARE(cholesterol.data(LabTestsModel::RecentValuesRole).value<QList<double>>(),
                 expected);
        QCOMPARE(placementOf(cholesterol)->value, 260.0);
        QCOMPARE(placementOf(cholesterol)->flag, fhir::Flag::High);
    }

    void headersSayHowToReadThePictures()
    {
        QVERIFY(m_model->headerData(LabTestsModel::RangeColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("normal range")));
        QVERIFY(m_model->headerData(LabTestsModel::CountColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("recent results")));
        // The headers' words stay what the export writes.
        QCOMPARE(m_model->headerData(LabTestsModel::RangeColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Normal range"));
    }

private:
    // The row of the test with this LOINC code (whose latest result is from `date`, if given).
    QModelIndex row(const QString &loinc, const QString &date = {}) const
    {
        for (int r = 0; r < m_model->rowCount(); ++r) {
            const LatestLabResult latest = m_model->latestResult(r);
            if (latest.observation.loincCode() == loinc &&
                (date.isEmpty() ||
                 latest.observation.when().date() == QDate::fromString(date, Qt::ISODate)))
                return m_model->index(r, 0);
        }
        return {};
    }

    static std::optional<RangePlacement> placementOf(const QModelIndex &index)
    {
        const QVariant value = index.data(LabTestsModel::RangeRole);
        if (!value.isValid())
            return std::nullopt;
        return value.value<RangePlacement>();
    }

    std::unique_ptr<LabTestsModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_GUILESS_MAIN(TestLabsGlanceRoles)
#include "tst_labsglanceroles.moc"
