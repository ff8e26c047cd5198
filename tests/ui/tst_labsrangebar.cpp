#include "labfixtures.h"
#include "labs/labcolors.h"
#include "labs/labdelegates.h"
#include "labs/rangebar.h"
#include "labs/rangebardelegate.h"
#include "labs/sparkline.h"
#include "labs/sparklinedelegate.h"
#include "models/labtestsmodel.h"
#include "support/darkpalette.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QTest>

using namespace kete;
using namespace kete::models;
using namespace kete::ui;

Q_DECLARE_METATYPE(kete::ui::RangeBarGeometry::Marker)

namespace {

using Marker = RangeBarGeometry::Marker;

RangePlacement placement(std::optional<double> low, std::optional<double> high, double value,
                         fhir::Flag flag = fhir::Flag::None,
                         fhir::Comparator comparator = fhir::Comparator::None)
{
    RangePlacement p;
    p.low = low;
    p.high = high;
    p.value = value;
    p.flag = flag;
    p.comparator = comparator;
    return p;
}

bool near(const QColor &a, const QColor &b, int tolerance = 12)
{
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

QString describe(const QColor &color)
{
    return color.name();
}

using kete::test::darkPalette;

// Relative luminance contrast (WCAG), 1..21.
double contrast(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

// The range bar in the lab list: where the latest value falls against its normal range. Its
// geometry for each kind of range, and the delegate painted into an image, pixel by pixel.
class TestLabsRangeBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void geometry_data()
    {
        QTest::addColumn<RangePlacement>("placement");
        QTest::addColumn<QString>("zone"); // where the marker lies: low, normal, high
        QTest::addColumn<Marker>("shape");
        QTest::addColumn<bool>("critical");
        QTest::addColumn<bool>("hasLowZone");
        QTest::addColumn<bool>("hasHighZone");

        QTest::newRow("in range") << placement(3.9, 5.5, 4.4, fhir::Flag::Normal)
                                  << QStringLiteral("normal") << Marker::Dot << false << true
                                  << true;
        QTest::newRow("low") << placement(3.9, 5.5, 3.5, fhir::Flag::Low) << QStringLiteral("low")
                             << Marker::Dot << false << true << true;
        QTest::newRow("high") << placement(3.9, 5.5, 6.0, fhir::Flag::High)
                              << QStringLiteral("high") << Marker::Dot << false << true << true;
        QTest::newRow("critical high")
            << placement(3.5, 5.1, 5.6, fhir::Flag::CriticalHigh) << QStringLiteral("high")
            << Marker::Dot << true << true << true;
        QTest::newRow("critical low off the scale")
            << placement(135, 145, 118, fhir::Flag::CriticalLow) << QStringLiteral("low")
            << Marker::Below << true << true << true;
        QTest::newRow("high off the scale")
            << placement(3.9, 5.5, 20, fhir::Flag::High) << QStringLiteral("high") << Marker::Above
            << false << true << true;
        QTest::newRow("upper bound only, above")
            << placement(std::nullopt, 129, 162, fhir::Flag::High) << QStringLiteral("high")
            << Marker::Dot << false << false << true;
        QTest::newRow("upper bound only, within")
            << placement(std::nullopt, 129, 100, fhir::Flag::Normal) << QStringLiteral("normal")
            << Marker::Dot << false << false << true;
        QTest::newRow("lower bound only, within")
            << placement(40, std::nullopt, 48, fhir::Flag::Normal) << QStringLiteral("normal")
            << Marker::Dot << false << true << false;
        QTest::newRow("lower bound only, below")
            << placement(60, std::nullopt, 35, fhir::Flag::Low) << QStringLiteral("low")
            << Marker::Dot << false << true << false;
        QTest::newRow("censored") << placement(1, 5, 1.5, fhir::Flag::None, fhir::Comparator::Less)
                                  << QStringLiteral("normal") << Marker::Open << false << true
                                  << true;
        // "0–5 mg/L" reads "up to 5": no zone below zero.
        QTest::newRow("from zero")
            << placement(0, 5, 3.2, fhir::Flag::Normal) << QStringLiteral("normal") << Marker::Dot
            << false << false << true;
    }

    void geometry()
    {
        QFETCH(RangePlacement, placement);
        QFETCH(QString, zone);
        QFETCH(Marker, shape);
        QFETCH(bool, critical);
        QFETCH(bool, hasLowZone);
        QFETCH(bool, hasHighZone);
        const QRectF area(10, 0, 100, 24);
        const auto bar = rangeBarGeometry(placement, area);
        QVERIFY(bar);
        QVERIFY(area.contains(bar->track));
        QCOMPARE(bar->shape, shape);
        QCOMPARE(bar->critical, critical);
        QCOMPARE(!bar->lowZone.isNull(), hasLowZone);
        QCOMPARE(!bar->highZone.isNull(), hasHighZone);
        QVERIFY(bar->normalZone.width() > 0);
        // The marker and its outline stay inside the cell.
        QVERIFY(bar->marker.x() - bar->markerRadius >= area.left());
        QVERIFY(bar->marker.x() + bar->markerRadius <= area.right());
        QCOMPARE(bar->marker.y(), bar->track.center().y());
        const qreal x = bar->marker.x();
        if (zone == QLatin1String("normal")) {
            QVERIFY(x > bar->normalZone.left() && x < bar->normalZone.right());
        } else if (zone == QLatin1String("low")) {
            QVERIFY(x <= bar->normalZone.left());
            QVERIFY(x >= bar->lowZone.left() && x <= bar->lowZone.right());
        } else {
            QVERIFY(x >= bar->normalZone.right());
            QVERIFY(x >= bar->highZone.left() && x <= bar->highZone.right());
        }
        // A critical marker is larger than an ordinary one.
        QVERIFY(critical ? bar->markerRadius > 6 : bar->markerRadius <= 5);
    }

    void markerPositionIsProportional()
    {
        const QRectF area(0, 0, 116, 20);
        // Both bounds: the normal range is the middle half of the track.
        auto bar = rangeBarGeometry(placement(4, 6, 5), area);
        QVERIFY(bar);
        QCOMPARE(bar->normalZone.left(), bar->track.left() + bar->track.width() / 4);
        QCOMPARE(bar->normalZone.right(), bar->track.left() + bar->track.width() * 3 / 4);
        QCOMPARE(bar->marker.x(), bar->track.center().x());
        // Upper bound only: from zero; the bound two thirds along.
        bar = rangeBarGeometry(placement(std::nullopt, 129, 129), area);
        QVERIFY(bar);
        QCOMPARE(bar->normalZone.left(), bar->track.left());
        QVERIFY(qAbs(bar->normalZone.right() - (bar->track.left() + bar->track.width() * 2 / 3)) <
                0.01);
        QVERIFY(qAbs(bar->marker.x() - bar->normalZone.right()) < 0.01);
    }

    void nothingWithoutARange()
    {
        QVERIFY(!rangeBarGeometry(std::nullopt, QRectF(0, 0, 100, 24)));
        QVERIFY(!rangeBarGeometry(placement(std::nullopt, std::nullopt, 5), QRectF(0, 0, 100, 24)));
        QVERIFY(!sparklineGeometry({}, std::nullopt, QRectF(0, 0, 60, 20)));
    }

    // The delegate, painted into an image for real rows: the marker's colour where the geometry
    // puts it, the zones around it, nothing at all for a test without a range.
    void delegatePaintsRealRows_data()
    {
        QTest::addColumn<QString>("loinc");
        QTest::addColumn<bool>("dark");
        for (const bool dark : {false, true}) {
            const char *mode = dark ? "dark" : "light";
            for (const char *loinc : {"2085-9", "18262-6", "2823-3", "2951-2", "2160-0", "1989-3"})
                QTest::addRow("%s %s", loinc, mode) << QString::fromLatin1(loinc) << dark;
        }
    }

    void delegatePaintsRealRows()
    {
        QFETCH(QString, loinc);
        QFETCH(bool, dark);
        LabTestsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPatient(fixtures::patient());
        model.addObservations(fixtures::glanceLabs());
        QModelIndex index;
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.latestResult(row).observation.loincCode() == loinc)
                index = model.index(row, LabTestsModel::RangeColumn);
        QVERIFY(index.isValid());

        const QPalette palette = dark ? darkPalette() : QApplication::palette();
        const QColor base = palette.color(QPalette::Base);
        QImage image(320, 28, QImage::Format_ARGB32_Premultiplied);
        image.fill(base);
        QStyleOptionViewItem option;
        option.rect = image.rect();
        option.palette = palette;
        option.state = QStyle::State_Enabled;
        option.font = QApplication::font();
        RangeBarDelegate delegate(LabTestsModel::RangeRole);
        {
            QPainter painter(&image);
            delegate.paint(&painter, option, index);
        }
        const QRectF area = RangeBarDelegate::barArea(option.rect);
        const QVariant value = index.data(LabTestsModel::RangeRole);
        if (!value.isValid()) {
            // No range (or one only in words): not a pixel in the bar's place.
            for (int x = int(area.left()); x < int(area.right()); ++x)
                for (int y = 0; y < image.height(); ++y)
                    QVERIFY2(image.pixelColor(x, y) == base,
                             qPrintable(QStringLiteral("%1,%2").arg(x).arg(y)));
            return;
        }
        const RangePlacement placement = value.value<RangePlacement>();
        const auto bar = rangeBarGeometry(placement, area);
        QVERIFY(bar);
        fhir::Interpretation interpretation;
        interpretation.flag = placement.flag;
        const QColor flag = flagColor(interpretation);
        const QColor markerColor =
            flag.isValid() ? readableFlagColor(flag, palette) : glanceColors(palette, false).marker;
        const QPoint marker = bar->marker.toPoint();
        QVERIFY2(near(image.pixelColor(marker), markerColor),
                 qPrintable(describe(image.pixelColor(marker)) + QStringLiteral(" vs ") +
                            describe(markerColor)));
        // The marker stands clear of the background and the zone it sits in.
        QVERIFY(contrast(markerColor, base) >= 3.0);
        const GlanceColors colors = glanceColors(palette, false);
        QVERIFY2(contrast(markerColor, colors.normalZone) >= 2.0,
                 qPrintable(QString::number(contrast(markerColor, colors.normalZone))));
        // The normal zone, away from the marker, in its own colour; the outside zone in another.
        const bool markerLeft = bar->marker.x() < bar->normalZone.center().x();
        const QPointF normalProbe(markerLeft ? bar->normalZone.right() - 3
                                             : bar->normalZone.left() + 3,
                                  bar->track.center().y());
        QVERIFY2(near(image.pixelColor(normalProbe.toPoint()), colors.normalZone),
                 qPrintable(describe(image.pixelColor(normalProbe.toPoint()))));
        QVERIFY(!near(colors.normalZone, colors.outsideZone, 20));
        // A critical result is a larger diamond: its tips reach where a dot does not.
        const QPoint tip = marker - QPoint(0, 6);
        if (bar->critical && bar->shape == Marker::Dot)
            QVERIFY2(near(image.pixelColor(tip), markerColor, 40),
                     qPrintable(describe(image.pixelColor(tip))));
        else if (bar->shape == Marker::Dot)
            QVERIFY(!near(image.pixelColor(tip), markerColor, 40));
    }

    void sparklineFromTheModel()
    {
        LabTestsModel model;
        model.setPatient(fixtures::patient());
        model.addObservations(fixtures::glanceLabs());
        QModelIndex ldl;
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.latestResult(row).observation.loincCode() == QLatin1String("18262-6"))
                ldl = model.index(row, LabTestsModel::CountColumn);
        const auto values = ldl.data(LabTestsModel::RecentValuesRole).value<QList<double>>();
        const auto placement = ldl.data(LabTestsModel::RangeRole).value<RangePlacement>();
        const QRectF area(0, 0, 64, 18);
        const auto line = sparklineGeometry(values, placement, area);
        QVERIFY(line);
        QCOMPARE(line->points.size(), 7);
        for (qsizetype i = 1; i < line->points.size(); ++i)
            QVERIFY(line->points.at(i).x() > line->points.at(i - 1).x());
        // The highest value (the latest, 162) at the top; the lowest (126) at the bottom.
        QCOMPARE(line->points.constLast().y(), 2.5);
        QCOMPARE(line->points.at(3).y(), area.bottom() - 2.5);
        QCOMPARE(line->points.constLast().x(), area.right() - 2.5);
        // The band of "up to 129" covers the bottom, up to 129's height.
        QVERIFY(!line->band.isNull());
        QCOMPARE(line->band.bottom(), area.bottom());
        QVERIFY(line->band.top() > line->points.at(2).y()); // 133 above the band
        QVERIFY(line->band.top() < line->points.at(3).y()); // 126 inside it

        // Painted: the latest value as a dot in the text's colour.
        QImage image(200, 28, QImage::Format_ARGB32_Premultiplied);
        const QPalette palette = QApplication::palette();
        image.fill(palette.color(QPalette::Base));
        QStyleOptionViewItem option;
        option.rect = image.rect();
        option.palette = palette;
        option.state = QStyle::State_Enabled;
        option.font = QApplication::font();
        SparklineDelegate delegate(LabTestsModel::RecentValuesRole, LabTestsModel::RangeRole);
        {
            QPainter painter(&image);
            delegate.paint(&painter, option, ldl);
        }
        const auto painted =
            sparklineGeometry(values, placement, SparklineDelegate::sparklineArea(option.rect));
        QVERIFY(painted);
        QVERIFY(near(image.pixelColor(painted->points.constLast().toPoint()),
                     palette.color(QPalette::Text), 40));
        QVERIFY(delegate.sizeHint(option, ldl).width() >= 64);
    }

    // The flag column's icon for a critical result has another shape than a high's: a filled
    // square, where a high is a bare triangle.
    void criticalIconHasItsOwnShape()
    {
        const QColor red(0x8e, 0, 0);
        const QImage high = flagIcon(fhir::Flag::High, red).pixmap(16, 16).toImage();
        const QImage critical = flagIcon(fhir::Flag::CriticalHigh, red).pixmap(16, 16).toImage();
        QCOMPARE(high.pixelColor(2, 2).alpha(), 0);
        QVERIFY(critical.pixelColor(2, 2).alpha() > 200);
        QVERIFY(critical.pixelColor(13, 13).alpha() > 200);
        QVERIFY(!flagIcon(fhir::Flag::CriticalLow, red).isNull());
        QVERIFY(!flagIcon(fhir::Flag::CriticalAbnormal, red).isNull());
    }
};

QTEST_MAIN(TestLabsRangeBar)
#include "tst_labsrangebar.moc"
