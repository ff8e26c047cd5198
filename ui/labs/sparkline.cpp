#include "labs/sparkline.h"

#include "labs/labcolors.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace kete::ui {

namespace {

constexpr qreal kDotRadius = 2.5;

} // namespace

std::optional<SparklineGeometry>
sparklineGeometry(const QList<double> &values,
                  const std::optional<models::RangePlacement> &placement, const QRectF &area)
{
    if (values.isEmpty() || area.width() < 4 * kDotRadius || area.height() < 4 * kDotRadius)
        return std::nullopt;
    const auto [lowest, highest] = std::minmax_element(values.cbegin(), values.cend());
    double from = *lowest;
    double to = *highest;
    if (to - from < 1e-12) { // one level: a flat line across the middle
        const double pad = std::max(std::abs(from) * 0.1, 1.0);
        from -= pad;
        to += pad;
    }
    const QRectF plot = area.adjusted(kDotRadius, kDotRadius, -kDotRadius, -kDotRadius);
    const auto y = [&](double value) {
        return plot.bottom() - (value - from) / (to - from) * plot.height();
    };
    SparklineGeometry line;
    const qsizetype count = values.size();
    for (qsizetype i = 0; i < count; ++i) {
        const qreal x =
            count == 1 ? plot.right() : plot.left() + plot.width() * qreal(i) / qreal(count - 1);
        line.points.append(QPointF(x, y(values.at(i))));
    }
    // One value has no course to set against the range.
    if (count > 1 && placement && (placement->low || placement->high)) {
        const qreal top = placement->high ? y(*placement->high) : area.top();
        const qreal bottom = placement->low ? y(*placement->low) : area.bottom();
        const QRectF band =
            QRectF(QPointF(area.left(), top), QPointF(area.right(), bottom)).intersected(area);
        if (band.height() > 0.5)
            line.band = band;
    }
    return line;
}

void paintSparkline(QPainter &painter, const QList<double> &values,
                    const std::optional<models::RangePlacement> &placement, const QRectF &area,
                    const QPalette &palette, bool selected)
{
    const std::optional<SparklineGeometry> line = sparklineGeometry(values, placement, area);
    if (!line)
        return;
    const GlanceColors colors = glanceColors(palette, selected);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    if (!line->band.isNull())
        painter.fillRect(line->band, colors.normalZone);
    painter.setPen(QPen(colors.marker, 1.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(Qt::NoBrush);
    if (line->points.size() > 1)
        painter.drawPolyline(line->points);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colors.marker);
    painter.drawEllipse(line->points.constLast(), kDotRadius, kDotRadius);
    painter.restore();
}

} // namespace kete::ui
