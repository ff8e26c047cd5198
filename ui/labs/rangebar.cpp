#include "labs/rangebar.h"

#include "labs/labcolors.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace kete::ui {

namespace {

constexpr qreal kTrackHeight = 8;
constexpr qreal kDotRadius = 5;
constexpr qreal kCriticalRadius = 7;

struct Scale
{
    double from = 0;
    double to = 1;
};

// A lower bound of zero for a positive upper bound ("0–5 mg/L") says "up to 5": nothing lies
// below it.
bool lowerBoundIsZero(const models::RangePlacement &placement)
{
    return placement.low && placement.high && *placement.low == 0 && *placement.high > 0;
}

Scale scaleFor(const models::RangePlacement &placement)
{
    if (placement.low && placement.high && !lowerBoundIsZero(placement)) {
        double span = *placement.high - *placement.low;
        if (span <= 0) // one value is normal: give it a visible width
            span = std::max(std::abs(*placement.high), 1.0) * 0.2;
        return {*placement.low - span / 2, *placement.high + span / 2};
    }
    if (placement.high) {
        const double high = *placement.high;
        if (high > 0)
            return {0, high * 1.5};
        const double width = std::max(std::abs(high), 1.0);
        return {high - 2 * width, high + width};
    }
    const double low = placement.low.value_or(0);
    const double width = low != 0 ? std::abs(low) : 1.0;
    return {low - width / 2, low + width};
}

fhir::Interpretation interpretationOf(fhir::Flag flag)
{
    fhir::Interpretation interpretation;
    interpretation.flag = flag;
    return interpretation;
}

QPolygonF arrow(const QPointF &centre, qreal radius, bool right)
{
    const qreal tip = right ? centre.x() + radius : centre.x() - radius;
    const qreal back = right ? centre.x() - radius : centre.x() + radius;
    return QPolygonF{{QPointF(tip, centre.y()), QPointF(back, centre.y() - radius),
                      QPointF(back, centre.y() + radius)}};
}

QPolygonF diamond(const QPointF &centre, qreal radius)
{
    return QPolygonF{
        {QPointF(centre.x(), centre.y() - radius), QPointF(centre.x() + radius, centre.y()),
         QPointF(centre.x(), centre.y() + radius), QPointF(centre.x() - radius, centre.y())}};
}

} // namespace

std::optional<RangeBarGeometry>
rangeBarGeometry(const std::optional<models::RangePlacement> &placement, const QRectF &area)
{
    if (!placement || (!placement->low && !placement->high) || area.width() < 4 * kCriticalRadius)
        return std::nullopt;
    const Scale scale = scaleFor(*placement);
    RangeBarGeometry bar;
    const qreal inset = kCriticalRadius + 1;
    bar.track = QRectF(area.left() + inset, area.center().y() - kTrackHeight / 2,
                       area.width() - 2 * inset, kTrackHeight);
    const auto x = [&](double value) {
        const double at = (value - scale.from) / (scale.to - scale.from);
        return bar.track.left() + std::clamp(at, 0.0, 1.0) * bar.track.width();
    };
    const bool hasLow = placement->low && !lowerBoundIsZero(*placement);
    const qreal normalLeft = hasLow ? x(*placement->low) : bar.track.left();
    const qreal normalRight = placement->high ? x(*placement->high) : bar.track.right();
    if (hasLow)
        bar.lowZone = QRectF(QPointF(bar.track.left(), bar.track.top()),
                             QPointF(normalLeft, bar.track.bottom()));
    bar.normalZone =
        QRectF(QPointF(normalLeft, bar.track.top()), QPointF(normalRight, bar.track.bottom()));
    if (placement->high)
        bar.highZone = QRectF(QPointF(normalRight, bar.track.top()),
                              QPointF(bar.track.right(), bar.track.bottom()));

    bar.critical = interpretationOf(placement->flag).isCritical();
    bar.markerRadius = bar.critical ? kCriticalRadius : kDotRadius;
    bar.marker = QPointF(x(placement->value), bar.track.center().y());
    if (placement->value < scale.from)
        bar.shape = RangeBarGeometry::Marker::Below;
    else if (placement->value > scale.to)
        bar.shape = RangeBarGeometry::Marker::Above;
    else if (placement->isCensored())
        bar.shape = RangeBarGeometry::Marker::Open;
    return bar;
}

void paintRangeBar(QPainter &painter, const std::optional<models::RangePlacement> &placement,
                   const QRectF &area, const QPalette &palette, bool selected)
{
    const std::optional<RangeBarGeometry> bar = rangeBarGeometry(placement, area);
    if (!bar)
        return;
    const GlanceColors colors = glanceColors(palette, selected);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);

    QPainterPath track;
    track.addRoundedRect(bar->track, kTrackHeight / 2, kTrackHeight / 2);
    painter.fillPath(track, colors.outsideZone);
    QPainterPath normal;
    normal.addRect(bar->normalZone);
    painter.fillPath(track.intersected(normal), colors.normalZone);
    // The bounds as ticks too: the zones read without telling their colours apart.
    painter.setPen(QPen(colors.boundary, 1.5));
    for (const QRectF &zone : {bar->lowZone, bar->highZone}) {
        if (zone.isNull())
            continue;
        const qreal edge = zone == bar->lowZone ? zone.right() : zone.left();
        painter.drawLine(QPointF(edge, bar->track.top() - 2),
                         QPointF(edge, bar->track.bottom() + 2));
    }

    const QColor flag = models::flagColor(interpretationOf(placement->flag));
    const QColor fill = flag.isValid() ? readableFlagColor(flag, palette, selected) : colors.marker;
    painter.setPen(QPen(colors.ring, 1.5));
    painter.setBrush(fill);
    const qreal radius = bar->markerRadius;
    switch (bar->shape) {
    case RangeBarGeometry::Marker::Dot:
        if (bar->critical)
            painter.drawPolygon(diamond(bar->marker, radius));
        else
            painter.drawEllipse(bar->marker, radius, radius);
        break;
    case RangeBarGeometry::Marker::Open:
        painter.setPen(QPen(fill, 2));
        painter.setBrush(colors.ring);
        if (bar->critical)
            painter.drawPolygon(diamond(bar->marker, radius - 1));
        else
            painter.drawEllipse(bar->marker, radius - 1, radius - 1);
        break;
    case RangeBarGeometry::Marker::Below:
    case RangeBarGeometry::Marker::Above:
        painter.drawPolygon(
            arrow(bar->marker, radius, bar->shape == RangeBarGeometry::Marker::Above));
        break;
    }
    painter.restore();
}

} // namespace kete::ui
