#pragma once

#include "models/labglance.h"

#include <QList>
#include <QPolygonF>
#include <QRectF>
#include <optional>

class QPainter;
class QPalette;

namespace kete::ui {

// A sparkline: a test's recent values as a small line, oldest on the left, the latest as a dot,
// over a band where the normal range lies (when there is one, it falls inside the values' span,
// and there are two values or more). The values set the vertical scale, so that a change shows even
// inside the range.
struct SparklineGeometry
{
    QPolygonF points; // one per value, oldest first
    QRectF band;      // the normal range; null when none shows
};

// nullopt without values.
std::optional<SparklineGeometry>
sparklineGeometry(const QList<double> &values,
                  const std::optional<models::RangePlacement> &placement, const QRectF &area);

void paintSparkline(QPainter &painter, const QList<double> &values,
                    const std::optional<models::RangePlacement> &placement, const QRectF &area,
                    const QPalette &palette, bool selected);

} // namespace kete::ui
