#pragma once

#include <QColor>
#include <QPalette>

namespace kete::ui {

// The colours of a lab row's glance (range bar, sparkline, flag icon), taken from the palette so
// that they read in light and dark mode, and on a selected row.
struct GlanceColors
{
    QColor outsideZone; // the range bar outside the normal range
    QColor normalZone;  // the normal range: on the bar, and as a band behind the sparkline
    QColor boundary;    // the ticks where the normal range starts and ends
    QColor marker;      // the value's marker and the sparkline's line
    QColor ring;        // around a marker, so that it stands clear of the zones
};

// Whether the palette draws light text on a dark background.
bool isDark(const QPalette &palette);

GlanceColors glanceColors(const QPalette &palette, bool selected);

// A flag's colour (models::flagColor) lightened enough to read on a dark background, or the
// selected row's text colour on a selected row; invalid stays invalid.
QColor readableFlagColor(const QColor &flagColor, const QPalette &palette, bool selected = false);

} // namespace kete::ui
