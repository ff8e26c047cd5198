#pragma once

#include "models/labglance.h"

#include <QPointF>
#include <QRectF>
#include <optional>

class QPainter;
class QPalette;

namespace kete::ui {

// A range bar: the normal range as a zone on a short track, the zones below and above it, and
// the latest value as a marker. Where the track starts and ends depends on the bounds there are:
//   low and high  |░░░|████████|░░░|   a quarter of the track below, half normal, a quarter above
//   high only     |██████████|░░░░░|   from zero (or below the bound) up to half again above it;
//                                      a range from zero ("0–5 mg/L") is drawn so too
//   low only      |░░░░░|██████████|   from half the bound below it to as much again above it
// A value off that scale sits at the end, drawn as an arrow pointing outwards. A critical result
// is a larger diamond (or a larger arrow), so that it stands out from an ordinary high or low by
// shape, not colour alone.
struct RangeBarGeometry
{
    enum class Marker
    {
        Dot,   // a measured value
        Open,  // a value given as a bound ("< 0.5"): a ring
        Below, // off the scale, below it: an arrow pointing left
        Above, // off the scale, above it: an arrow pointing right
    };

    QRectF track;
    QRectF lowZone; // empty without a low bound
    QRectF normalZone;
    QRectF highZone; // empty without a high bound
    QPointF marker;  // the centre of the value's marker
    Marker shape = Marker::Dot;
    bool critical = false;
    qreal markerRadius = 0; // half the marker's width
};

// Where the bar of `placement` goes inside `area`; nullopt without a placement (no range: nothing
// is drawn).
std::optional<RangeBarGeometry>
rangeBarGeometry(const std::optional<models::RangePlacement> &placement, const QRectF &area);

// Paints the bar of `placement` inside `area` with the palette's colours; nothing without a
// placement. `selected` for a selected row.
void paintRangeBar(QPainter &painter, const std::optional<models::RangePlacement> &placement,
                   const QRectF &area, const QPalette &palette, bool selected);

} // namespace kete::ui
